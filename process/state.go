package process

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// State is a process as the fold of its events: everything the read-side
// queries answer from. A State returned by the engine is a snapshot that
// later commands do not change; it is safe to read from many goroutines.
type State struct {
	// criteria are the engine's, by which Unmet judges: configuration,
	// not request data. Everything else is what the events say.
	criteria *registry
	process  model.Process
	version  uint64
	last     EventID // the ID of the event at version
	started  time.Time
	def      *phase.Definition
	phase    phase.PhaseID
	cycle    int
	plan     map[phase.PhaseID]model.Period
	timeline []Visit

	organisations   table[model.OrganisationID, model.Organisation]
	codes           map[officialCode]model.OrganisationID
	persons         table[model.PersonID, model.Person]
	areas           table[model.AreaID, model.Area]
	groups          table[model.GroupID, model.Group]
	memberships     table[model.MembershipID, model.Membership]
	meetings        table[model.MeetingID, Meeting]
	proposals       table[model.ProposalID, model.Proposal]
	measures        table[model.MeasureID, model.Measure]
	recommendations table[model.RecommendationID, model.Recommendation]
	dispositions    table[model.ProposalID, []DispositionStep] // the proposal's dispositions, latest last
	revisions       table[model.MeasureID, []Revision]         // the measure's texts, version 1 first
	documents       table[model.DocumentID, model.Document]
	rounds          table[consultation.RoundID, Round]

	decisions    table[model.DecisionID, Decision]
	assignments  table[model.AssignmentID, Assignment]
	invitations  table[model.OrganisationID, Invitation]
	matrix       table[matrixKey, followup.Entry]
	surveys      table[followup.SurveyID, Survey]
	indicators   table[followup.IndicatorID, followup.Indicator]
	observations []followup.Observation
	starter      model.PersonID // who started the process: its first coordinator
	// coordination are the terms of the process's coordinator once it has
	// been handed over; empty while the starter holds it.
	coordination []CoordinationTerm
	delegations  table[model.DelegationID, Delegation]
	disposed     table[model.PersonID, Disposal]
	loc          *time.Location // the process's time zone, from its start
	commands     map[CommandID]commandSpan
	shape        shapeState // cycles, predecessor, groupings (succession.go)
	works        works      // objectives, hand-overs, approvals of minutes, directives (structure.go)
}

// apply folds one event into the state. Events come in version order; an
// event out of order, or one that refers to what the state does not have,
// means the stream is corrupt. Each payload folds itself ([Payload]).
func (s *State) apply(e Event) error {
	if e.Version != s.version+1 {
		return fmt.Errorf("%w: %s: version %d follows %d", ErrCorrupt, e.Process, e.Version, s.version)
	}
	if _, started := e.Data.(Started); !started && s.def == nil {
		return fmt.Errorf("%w: %s: %s before the process started", ErrCorrupt, e.Process, e.Data.EventType())
	}
	if err := e.Data.apply(s, &e); err != nil {
		return err
	}
	s.version, s.last = e.Version, e.ID
	if !e.Command.IsZero() {
		if s.commands == nil {
			s.commands = make(map[CommandID]commandSpan)
		}
		span, ok := s.commands[e.Command]
		if !ok {
			span = commandSpan{first: e.Version, fp: e.fp}
		}
		span.last = e.Version
		s.commands[e.Command] = span
	}
	return nil
}

// clone returns a deep copy that later events applied to s do not reach.
// Entities are values; their slices are never changed in place, so sharing
// them is safe. A round's answers and steps are the exception: the fold
// appends to them in place, one per event, rather than copying a long list
// each time; the copy gets them clipped, so an append on either side never
// writes where the other can see.
func (s *State) clone() *State {
	c := *s
	c.plan = maps.Clone(s.plan)
	c.commands = maps.Clone(s.commands)
	c.codes = maps.Clone(s.codes)
	c.timeline = slices.Clone(s.timeline)
	c.organisations = s.organisations.clone()
	c.persons = s.persons.clone()
	c.areas = s.areas.clone()
	c.groups = s.groups.clone()
	c.memberships = s.memberships.clone()
	c.meetings = s.meetings.clone()
	c.proposals = s.proposals.clone()
	c.measures = s.measures.clone()
	c.recommendations = s.recommendations.clone()
	c.dispositions = s.dispositions.clone()
	c.revisions = s.revisions.clone()
	c.documents = s.documents.clone()
	c.rounds = s.rounds.clone()
	c.decisions = s.decisions.clone()
	c.delegations = s.delegations.clone()
	c.matrix = s.matrix.clone()
	c.surveys = s.surveys.clone()
	c.indicators = s.indicators.clone()
	c.observations = slices.Clip(s.observations)
	c.coordination = slices.Clone(s.coordination)
	c.disposed = s.disposed.clone()
	c.assignments = s.assignments.clone()
	c.invitations = s.invitations.clone()
	c.shape = s.shape.clone()
	c.works = s.works.clone()
	for i := range c.rounds.items {
		r := &c.rounds.items[i]
		r.Responses, r.Steps = slices.Clip(r.Responses), slices.Clip(r.Steps)
	}
	return &c
}

// table keeps entities by ID in the order they were added.
type table[K comparable, V any] struct {
	index map[K]int
	items []V
}

func (t *table[K, V]) get(k K) (V, bool) {
	i, ok := t.index[k]
	if !ok {
		var zero V
		return zero, false
	}
	return t.items[i], true
}

func (t *table[K, V]) has(k K) bool {
	_, ok := t.index[k]
	return ok
}

// put adds v under k, or replaces the value already there.
func (t *table[K, V]) put(k K, v V) {
	if i, ok := t.index[k]; ok {
		t.items[i] = v
		return
	}
	if t.index == nil {
		t.index = make(map[K]int)
	}
	t.index[k] = len(t.items)
	t.items = append(t.items, v)
}

func (t *table[K, V]) len() int { return len(t.items) }

// list returns a copy of the values in the order they were added.
func (t *table[K, V]) list() []V { return slices.Clone(t.items) }

// all returns the values themselves, in the order they were added, without
// copying them: the caller must not change the slice.
func (t *table[K, V]) all() []V { return t.items }

// clone returns a copy whose changes do not reach t.
func (t *table[K, V]) clone() table[K, V] {
	return table[K, V]{items: slices.Clone(t.items), index: maps.Clone(t.index)}
}
