package process

import (
	"fmt"
	"maps"
	"slices"
	"time"

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
}

// Meeting is a meeting as the process knows it: as planned, and whether it
// has been held.
type Meeting struct {
	model.Meeting
	// Held reports whether the meeting took place; Date and HeadCount are
	// then the recorded ones.
	Held bool
}

// officialCode keys organisations by kind and code: a region, its county
// council and its county administrative board share a county code.
type officialCode struct {
	kind model.OrganisationKind
	code string
}

func codeOf(o model.Organisation) officialCode { return officialCode{o.Kind, o.Code} }

// Visit is one stay of the process in a phase: when it entered, when it
// left (zero while it is still there), in which cycle and by which trigger.
type Visit struct {
	Phase   phase.PhaseID
	Cycle   int
	Trigger phase.Trigger // empty for the start of the process
	Entered time.Time
	Left    time.Time
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
	switch d := e.Data.(type) {
	case ProcessStarted:
		if s.def != nil {
			return fmt.Errorf("%w: %s: started twice", ErrCorrupt, e.Process)
		}
		def, err := phase.Build(d.Template, s.criteria.names())
		if err != nil {
			return fmt.Errorf("%w: %s: template: %w", ErrCorrupt, e.Process, err)
		}
		s.process, s.def, s.started = d.Process, def, e.OccurredAt
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
		s.meetings.put(m.ID, m)
	case ProposalsSubmitted:
		for _, p := range d.Proposals {
			s.proposals.put(p.ID, p)
		}
	case MeasureCreated:
		s.measures.put(d.Measure.ID, d.Measure)
	case RecommendationCreated:
		s.recommendations.put(d.Recommendation.ID, d.Recommendation)
	default:
		return fmt.Errorf("%w: %s: no fold for %s", ErrCorrupt, e.Process, e.Data.EventType())
	}
	s.version, s.last = e.Version, e.ID
	return nil
}

// addOrganisation adds an organisation and indexes its official code.
func (s *State) addOrganisation(o model.Organisation) {
	s.organisations.put(o.ID, o)
	if o.Code != "" {
		if s.codes == nil {
			s.codes = make(map[officialCode]model.OrganisationID)
		}
		s.codes[codeOf(o)] = o.ID
	}
}

// clone returns a deep copy that later events applied to s do not reach.
// Entities are values; their slices are never changed in place, so sharing
// them is safe.
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
	return &c
}
