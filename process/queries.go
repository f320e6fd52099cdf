package process

import (
	"cmp"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Process returns the process's ID and name.
func (s *State) Process() model.Process { return s.process }

// Version returns the version of the last event folded in: the version a
// command on this state expects.
func (s *State) Version() uint64 { return s.version }

// Started returns when the process started.
func (s *State) Started() time.Time { return s.started }

// Template returns the template the process runs.
func (s *State) Template() phase.Template { return s.def.Template() }

// Phase returns the current phase, with its current planned dates.
func (s *State) Phase() phase.Phase { return s.phaseInfo(s.phase) }

// Cycle returns the current cycle, from 1: it grows each time the process
// returns to its template's initial phase from another phase.
func (s *State) Cycle() int { return s.cycle }

func (s *State) phaseInfo(id phase.PhaseID) phase.Phase {
	p, _ := s.def.Phase(id)
	p.Planned = s.plan[id]
	return p
}

// Permitted returns the triggers the current phase permits, whether or not
// their criteria hold.
func (s *State) Permitted() []phase.Trigger {
	var out []phase.Trigger
	for _, tr := range s.def.Transitions(s.phase) {
		out = append(out, tr.Trigger)
	}
	return out
}

// Unmet returns the criteria of the transition on trigger that do not hold
// now. It returns an error wrapping phase.ErrTriggerNotPermitted when the
// current phase has no such transition.
func (s *State) Unmet(trigger phase.Trigger) ([]phase.CriterionName, error) {
	current := s.phase
	_, unmet, err := s.def.Machine(&current).Unmet(trigger, s.check)
	return unmet, err
}

// check is the phase.CheckFunc over this state.
func (s *State) check(name phase.CriterionName) bool {
	c, ok := s.criteria.get(name)
	return ok && c.Met(s)
}

// TimelineEntry is one line of a process's timeline: a phase with its
// planned dates and, once the process has been there, its actual ones.
type TimelineEntry struct {
	Phase   phase.Phase // with its current planned dates
	Cycle   int
	Trigger phase.Trigger // what moved the process into the phase; empty at the start
	Entered time.Time     // zero for a phase not yet reached
	Left    time.Time     // zero for a phase not yet left
}

// Reached reports whether the process has entered the phase.
func (e TimelineEntry) Reached() bool { return !e.Entered.IsZero() }

// Timeline returns the phases planned versus actual: every visit so far in
// order, then the phases of the current cycle not yet reached, in the
// template's order.
func (s *State) Timeline() []TimelineEntry {
	out := make([]TimelineEntry, 0, len(s.timeline)+len(s.plan))
	visited := map[phase.PhaseID]bool{}
	for _, v := range s.timeline {
		out = append(out, TimelineEntry{Phase: s.phaseInfo(v.Phase), Cycle: v.Cycle, Trigger: v.Trigger, Entered: v.Entered, Left: v.Left})
		if v.Cycle == s.cycle {
			visited[v.Phase] = true
		}
	}
	for _, p := range s.def.Phases() {
		if !visited[p.ID] {
			out = append(out, TimelineEntry{Phase: s.phaseInfo(p.ID), Cycle: s.cycle})
		}
	}
	return out
}

// Organisation returns the organisation with the ID.
func (s *State) Organisation(id model.OrganisationID) (model.Organisation, bool) {
	return s.organisations.get(id)
}

// OrganisationByCode returns the organisation of the kind with the official
// code, such as the municipality with code "1490".
func (s *State) OrganisationByCode(kind model.OrganisationKind, code string) (model.Organisation, bool) {
	id, ok := s.codes[officialCode{kind, code}]
	if !ok {
		return model.Organisation{}, false
	}
	return s.organisations.get(id)
}

// Organisations returns the organisations, sorted by name in Swedish order.
func (s *State) Organisations() []model.Organisation {
	out := s.organisations.list()
	slices.SortStableFunc(out, func(a, b model.Organisation) int { return model.CompareSwedish(a.Name, b.Name) })
	return out
}

// Person returns the person with the ID.
func (s *State) Person(id model.PersonID) (model.Person, bool) { return s.persons.get(id) }

// Persons returns the persons, sorted by name in Swedish order.
func (s *State) Persons() []model.Person {
	out := s.persons.list()
	slices.SortStableFunc(out, func(a, b model.Person) int { return model.CompareSwedish(a.Name, b.Name) })
	return out
}

// Areas returns the intervention areas by number.
func (s *State) Areas() []model.Area {
	out := s.areas.list()
	slices.SortStableFunc(out, func(a, b model.Area) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// Group returns the group with the ID.
func (s *State) Group(id model.GroupID) (model.Group, bool) { return s.groups.get(id) }

// Groups returns the groups in the order they were formed.
func (s *State) Groups() []model.Group { return s.groups.list() }

// Members returns the memberships of the group that hold on day, in the
// order they were added; with a zero day, every membership the group has
// ever had.
func (s *State) Members(group model.GroupID, day model.Date) []model.Membership {
	var out []model.Membership
	for _, m := range s.memberships.all() {
		if m.Group == group && (day.IsZero() || m.ActiveOn(day)) {
			out = append(out, m)
		}
	}
	return out
}

// Meeting returns the meeting with the ID.
func (s *State) Meeting(id model.MeetingID) (Meeting, bool) { return s.meetings.get(id) }

// Meetings returns the meetings by date.
func (s *State) Meetings() []Meeting {
	out := s.meetings.list()
	slices.SortStableFunc(out, func(a, b Meeting) int { return a.Date.Compare(b.Date) })
	return out
}

// Proposal returns the proposal with the ID.
func (s *State) Proposal(id model.ProposalID) (model.Proposal, bool) { return s.proposals.get(id) }

// Proposals returns the proposals in the order they were submitted.
func (s *State) Proposals() []model.Proposal { return s.proposals.list() }

// Measure returns the measure with the ID.
func (s *State) Measure(id model.MeasureID) (model.Measure, bool) { return s.measures.get(id) }

// Measures returns the measures by number.
func (s *State) Measures() []model.Measure {
	out := s.measures.list()
	slices.SortStableFunc(out, func(a, b model.Measure) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// Recommendations returns the recommendations by number.
func (s *State) Recommendations() []model.Recommendation {
	out := s.recommendations.list()
	slices.SortStableFunc(out, func(a, b model.Recommendation) int { return cmp.Compare(a.Number, b.Number) })
	return out
}
