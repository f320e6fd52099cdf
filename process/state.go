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
	delegations  table[model.DelegationID, Delegation]
	disposed     table[model.PersonID, Disposal]

	// now is the time of the command being decided, for criteria that
	// depend on the date (a deadline that has passed); zero otherwise.
	// refs is the host's reference format while deciding.
	now  time.Time
	refs ReferenceFormat
}

// apply folds one event into the state. Events come in version order; an
// event out of order, or one that refers to what the state does not have,
// means the stream is corrupt.
func (s *State) apply(e Event) error {
	if e.Version != s.version+1 {
		return fmt.Errorf("%w: %s: version %d follows %d", ErrCorrupt, e.Process, e.Version, s.version)
	}
	if _, started := e.Data.(ProcessStarted); !started && s.def == nil {
		return fmt.Errorf("%w: %s: %s before the process started", ErrCorrupt, e.Process, e.Data.EventType())
	}
	if done, err := s.applyFollowup(e); done {
		if err != nil {
			return err
		}
		s.version, s.last = e.Version, e.ID
		return nil
	}
	switch d := e.Data.(type) {
	case ProcessStarted:
		if s.def != nil {
			return fmt.Errorf("%w: %s: started twice", ErrCorrupt, e.Process)
		}
		def, err := phase.Build(d.Template, s.criteria.names())
		if err != nil {
			return fmt.Errorf("%w: %s: template: %w", ErrCorrupt, e.Process, err)
		}
		s.process, s.def, s.started, s.starter = d.Process, def, e.OccurredAt, e.Actor.Principal()
		s.phase, s.cycle = def.Initial(), 1
		s.plan = make(map[phase.PhaseID]model.Period)
		for _, p := range def.Phases() {
			s.plan[p.ID] = p.Planned
		}
		s.timeline = []Visit{{Phase: s.phase, Cycle: 1, Entered: e.OccurredAt}}
	case PhasePlanned:
		s.plan[d.Phase] = d.Planned
	case PhaseChanged:
		s.timeline[len(s.timeline)-1].Left = e.OccurredAt
		s.phase, s.cycle = d.To, d.Cycle
		s.timeline = append(s.timeline, Visit{Phase: d.To, Cycle: d.Cycle, Trigger: d.Trigger, Entered: e.OccurredAt})
	case OrganisationRegistered:
		s.addOrganisation(d.Organisation)
	case PersonRegistered:
		s.persons.put(d.Person.ID, d.Person)
	case AreaDefined:
		s.areas.put(d.Area.ID, d.Area)
	case GroupFormed:
		s.groups.put(d.Group.ID, d.Group)
	case MemberAdded:
		s.memberships.put(d.Membership.ID, d.Membership)
	case MembershipEnded:
		m, ok := s.memberships.get(d.Membership)
		if !ok {
			return fmt.Errorf("%w: %s: membership %s not found", ErrCorrupt, e.Process, d.Membership)
		}
		m.Period.End = d.End
		s.memberships.put(m.ID, m)
	case MeetingPlanned:
		s.meetings.put(d.Meeting.ID, Meeting{Meeting: d.Meeting})
	case MeetingHeld:
		m, ok := s.meetings.get(d.Meeting)
		if !ok {
			return fmt.Errorf("%w: %s: meeting %s not found", ErrCorrupt, e.Process, d.Meeting)
		}
		m.Held, m.Date, m.HeadCount = true, d.Date, d.HeadCount
		m.Attendees, m.Minutes, m.Attachments, m.Next = d.Attendees, d.Minutes, d.Attachments, d.Next
		s.meetings.put(m.ID, m)
		for _, a := range d.Assignments {
			s.assignments.put(a.ID, Assignment{Assignment: a, Meeting: m.ID})
		}
	case AssignmentCompleted:
		a, ok := s.assignments.get(d.Assignment)
		if !ok {
			return fmt.Errorf("%w: %s: assignment %s not found", ErrCorrupt, e.Process, d.Assignment)
		}
		a.Done, a.DoneAt, a.Note, a.DoneAtMeeting = true, e.OccurredAt, d.Note, d.Meeting
		s.assignments.put(a.ID, a)
	case Delegated:
		s.delegations.put(d.Delegation.ID, Delegation{Delegation: d.Delegation, At: e.OccurredAt})
	case DelegationRevoked:
		del, ok := s.delegations.get(d.Delegation)
		if !ok {
			return fmt.Errorf("%w: %s: delegation %s not found", ErrCorrupt, e.Process, d.Delegation)
		}
		del.Period.End = d.End
		s.delegations.put(del.ID, del)
	case PersonalDataDisposed:
		p, ok := s.persons.get(d.Person)
		if !ok {
			return fmt.Errorf("%w: %s: person %s not found", ErrCorrupt, e.Process, d.Person)
		}
		p.Name, p.Title, p.Party = DisposedName, "", ""
		s.persons.put(p.ID, p)
		s.disposed.put(p.ID, Disposal{Person: p.ID, Reference: d.Reference, Note: d.Note, At: e.OccurredAt})
	case DecisionTaken:
		s.decisions.put(d.Decision.ID, Decision{Decision: d.Decision, Tally: d.Tally, At: e.OccurredAt})
	case Invited:
		for _, o := range d.Organisations {
			s.invitations.put(o, Invitation{Organisation: o, At: e.OccurredAt, Note: d.Note})
		}
	case ParticipationDecided:
		inv, ok := s.invitations.get(d.Participation.Organisation)
		if !ok {
			return fmt.Errorf("%w: %s: invitation of %s not found", ErrCorrupt, e.Process, d.Participation.Organisation)
		}
		p := d.Participation
		inv.Decision, inv.Decided = &p, e.OccurredAt
		s.invitations.put(inv.Organisation, inv)
	case ProposalsSubmitted:
		for _, p := range d.Proposals {
			s.proposals.put(p.ID, p)
		}
	case MeasureCreated:
		m := d.Measure
		m.Sources = nil // filled by the dispositions that name the measure
		s.measures.put(m.ID, m)
		s.revisions.put(m.ID, []Revision{{Version: 1, Title: m.Title, Text: m.Text, At: e.OccurredAt, Event: e.Version}})
	case RecommendationCreated:
		s.recommendations.put(d.Recommendation.ID, d.Recommendation)
	case ProposalsDisposed:
		for _, disp := range d.Dispositions {
			s.dispose(disp, "", e)
		}
	case DispositionChanged:
		s.dispose(d.Disposition, d.Reason, e)
	case MeasureRevised:
		m, ok := s.measures.get(d.Measure)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
		}
		m.Title, m.Text = d.Title, d.Text
		s.measures.put(m.ID, m)
		revs, _ := s.revisions.get(m.ID)
		s.revisions.put(m.ID, append(slices.Clip(revs), Revision{Version: d.Version, Title: d.Title, Text: d.Text, Cause: d.Cause, Responses: d.Responses, At: e.OccurredAt, Event: e.Version}))
	case MeasureRenumbered:
		m, ok := s.measures.get(d.Measure)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
		}
		m.Number = d.Number
		s.measures.put(m.ID, m)
	case MeasuresGrouped:
		for _, id := range d.Measures {
			m, _ := s.measures.get(id)
			m.Recommendation = d.Recommendation
			s.measures.put(id, m)
		}
	case DocumentPinned:
		s.documents.put(d.Document.ID, d.Document)
	case RoundDrafted:
		s.rounds.put(d.Round.ID, Round{Round: d.Round, Status: consultation.Drafted})
	case RoundMoved:
		r, ok := s.rounds.get(d.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
		}
		r.Status = d.To
		r.Steps = append(r.Steps, RoundStep{Trigger: d.Trigger, From: d.From, To: d.To, Cause: d.Cause, At: e.OccurredAt})
		s.rounds.put(r.ID, r)
	case DeadlineExtended:
		r, ok := s.rounds.get(d.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
		}
		r.Consultees = slices.Clone(r.Consultees)
		for i := range r.Consultees {
			if r.Consultees[i].Organisation == d.Organisation {
				r.Consultees[i].Deadline = d.Deadline
			}
		}
		s.rounds.put(r.ID, r)
	case ResponseReceived:
		r, ok := s.rounds.get(d.Response.Round)
		if !ok {
			return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Response.Round)
		}
		resp := d.Response
		resp.Received = e.OccurredAt
		resp.Late = model.DateOf(e.OccurredAt).After(r.DeadlineFor(resp.Organisation))
		resp.Supersedes = consultation.ResponseID{}
		for _, earlier := range r.Responses {
			if earlier.Organisation == resp.Organisation {
				resp.Supersedes = earlier.ID
			}
		}
		r.Responses = append(r.Responses, resp)
		s.rounds.put(r.ID, r)
	default:
		return fmt.Errorf("%w: %s: no fold for %s", ErrCorrupt, e.Process, e.Data.EventType())
	}
	s.version, s.last = e.Version, e.ID
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
	c.disposed = s.disposed.clone()
	c.assignments = s.assignments.clone()
	c.invitations = s.invitations.clone()
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

// all yields the values without copying them.
func (t *table[K, V]) all() []V { return t.items }

// clone returns a copy whose changes do not reach t.
func (t *table[K, V]) clone() table[K, V] {
	return table[K, V]{items: slices.Clone(t.items), index: maps.Clone(t.index)}
}
