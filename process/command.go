package process

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Command is a request to change a process: one of the command types of
// this package, executed with [Engine.Execute]. A command is checked against
// the current state and either becomes events or is refused with an error;
// a refused command writes nothing.
type Command interface {
	// Name returns the command's stable name, such as "submit-proposals".
	Name() string
	// decide checks the command against s and returns the events it causes.
	// It must not change s.
	decide(ctx context.Context, s *State) ([]Payload, error)
}

// MaxProposalsPerCommand is the most proposals one [SubmitProposals] may
// carry; a conference's harvest of ~500 fits many times over.
const MaxProposalsPerCommand = 10_000

// StartProcess starts a process from a template. The process's ID names its
// event stream; starting one that exists returns [ErrAlreadyExists].
type StartProcess struct {
	Process  model.Process
	Template phase.Template
}

// PlanPhase sets a phase's planned dates, replacing the template's.
type PlanPhase struct {
	Phase   phase.PhaseID
	Planned model.Period
}

// Advance fires a phase transition. It is refused with a
// [*phase.UnmetCriteriaError] listing every criterion that does not hold, or
// a [*phase.TransitionError] when the current phase has no such trigger.
type Advance struct {
	Trigger phase.Trigger
}

// RegisterOrganisation registers an organisation taking part. Its ID must be
// new to the process, and so must its official code among organisations of
// its kind (a region and a county administrative board share a county code).
type RegisterOrganisation struct{ Organisation model.Organisation }

// RegisterPerson registers a person taking part. Their organisation, if
// given, must be registered.
type RegisterPerson struct{ Person model.Person }

// DefineArea defines an intervention area; its number must be new.
type DefineArea struct{ Area model.Area }

// FormGroup forms a group or body.
type FormGroup struct{ Group model.Group }

// AddMember adds a person or an organisation to a group, in a role, from a
// start date. A group has at most one chair, vice chair and secretary at a
// time: a second one for an overlapping period returns [ErrRoleTaken].
type AddMember struct{ Membership model.Membership }

// EndMembership ends a membership on a date (its last day).
type EndMembership struct {
	Membership model.MembershipID
	End        model.Date
}

// PlanMeeting plans a meeting.
type PlanMeeting struct{ Meeting model.Meeting }

// RecordMeeting records that a planned meeting took place, and its
// minutes. A zero Date keeps the planned date; HeadCount is how many
// attended, for a meeting too large to name everyone. Attendees are the
// named ones; Minutes say what was said under each agenda item;
// Assignments are the tasks given, which stay on the group's agenda until
// [CompleteAssignment]; Attachments are documents and tables of figures;
// Next is the date and place of the next meeting.
type RecordMeeting struct {
	Meeting     model.MeetingID
	Date        model.Date
	HeadCount   int
	Attendees   []model.Attendee
	Minutes     []model.ItemMinutes
	Assignments []model.Assignment
	Attachments []model.Attachment
	Next        model.NextMeeting
}

// SubmitProposals submits one or many proposals as one event: the ~500
// proposals of a conference are one append, not 500. Nothing is recorded
// unless every proposal is valid.
type SubmitProposals struct{ Proposals []model.Proposal }

// CreateMeasure drafts a numbered measure. Its Sources, if any, are
// proposals without a disposition, which it disposes of in the same
// command: one source is adopted as the measure, several are merged into
// it. Proposals merged or split into it later come with [DisposeProposals].
type CreateMeasure struct{ Measure model.Measure }

// CreateRecommendation writes a numbered recommendation.
type CreateRecommendation struct{ Recommendation model.Recommendation }

// Name implements [Command].
func (StartProcess) Name() string { return "start-process" }

// Name implements [Command].
func (PlanPhase) Name() string { return "plan-phase" }

// Name implements [Command].
func (Advance) Name() string { return "advance" }

// Name implements [Command].
func (RegisterOrganisation) Name() string { return "register-organisation" }

// Name implements [Command].
func (RegisterPerson) Name() string { return "register-person" }

// Name implements [Command].
func (DefineArea) Name() string { return "define-area" }

// Name implements [Command].
func (FormGroup) Name() string { return "form-group" }

// Name implements [Command].
func (AddMember) Name() string { return "add-member" }

// Name implements [Command].
func (EndMembership) Name() string { return "end-membership" }

// Name implements [Command].
func (PlanMeeting) Name() string { return "plan-meeting" }

// Name implements [Command].
func (RecordMeeting) Name() string { return "record-meeting" }

// Name implements [Command].
func (SubmitProposals) Name() string { return "submit-proposals" }

// Name implements [Command].
func (CreateMeasure) Name() string { return "create-measure" }

// Name implements [Command].
func (CreateRecommendation) Name() string { return "create-recommendation" }

func one(p Payload) []Payload { return []Payload{p} }

func (c StartProcess) decide(_ context.Context, s *State) ([]Payload, error) {
	errs := []error{c.Process.Validate()}
	if _, err := phase.Build(c.Template, s.criteria.names()); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return one(ProcessStarted{Process: c.Process, Template: c.Template.Clone()}), nil
}

func (c PlanPhase) decide(_ context.Context, s *State) ([]Payload, error) {
	if err := model.Within("Planned", c.Planned.Validate()); err != nil {
		return nil, err
	}
	if _, ok := s.def.Phase(c.Phase); !ok {
		return nil, &ReferenceError{Field: "Phase", ID: string(c.Phase), Err: ErrUnknownReference}
	}
	return one(PhasePlanned{Phase: c.Phase, Planned: c.Planned}), nil
}

func (c Advance) decide(ctx context.Context, s *State) ([]Payload, error) {
	current := s.phase
	tr, err := s.def.Machine(&current).Fire(ctx, c.Trigger, s.check)
	if err != nil {
		return nil, err
	}
	cycle := s.cycle
	if tr.To == s.def.Initial() && tr.From != tr.To {
		cycle++ // back to the start from another phase: a new cycle
	}
	return one(PhaseChanged{Trigger: tr.Trigger, From: tr.From, To: current, Cycle: cycle}), nil
}

func (c RegisterOrganisation) decide(_ context.Context, s *State) ([]Payload, error) {
	o := c.Organisation
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if s.organisations.has(o.ID) {
		return nil, taken("Organisation.ID", o.ID)
	}
	if _, dup := s.codes[codeOf(o)]; o.Code != "" && dup {
		return nil, taken("Organisation.Code", o.Code)
	}
	return one(OrganisationRegistered{Organisation: o}), nil
}

func (c RegisterPerson) decide(_ context.Context, s *State) ([]Payload, error) {
	p := c.Person
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if s.persons.has(p.ID) {
		return nil, taken("Person.ID", p.ID)
	}
	if !p.Organisation.IsZero() && !s.organisations.has(p.Organisation) {
		return nil, unknown("Person.Organisation", p.Organisation)
	}
	return one(PersonRegistered{Person: p}), nil
}

func (c DefineArea) decide(_ context.Context, s *State) ([]Payload, error) {
	a := c.Area
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if s.areas.has(a.ID) {
		return nil, taken("Area.ID", a.ID)
	}
	for _, other := range s.areas.all() {
		if other.Number == a.Number {
			return nil, taken("Area.Number", a.Number)
		}
	}
	return one(AreaDefined{Area: a}), nil
}

func (c FormGroup) decide(_ context.Context, s *State) ([]Payload, error) {
	g := c.Group
	if err := g.Validate(); err != nil {
		return nil, err
	}
	switch {
	case s.groups.has(g.ID):
		return nil, taken("Group.ID", g.ID)
	case !g.Organisation.IsZero() && !s.organisations.has(g.Organisation):
		return nil, unknown("Group.Organisation", g.Organisation)
	case !g.Area.IsZero() && !s.areas.has(g.Area):
		return nil, unknown("Group.Area", g.Area)
	}
	return one(GroupFormed{Group: g}), nil
}

func (c AddMember) decide(_ context.Context, s *State) ([]Payload, error) {
	m := c.Membership
	if err := m.Validate(); err != nil {
		return nil, err
	}
	switch {
	case s.memberships.has(m.ID):
		return nil, taken("Membership.ID", m.ID)
	case !s.groups.has(m.Group):
		return nil, unknown("Membership.Group", m.Group)
	case !m.Member.Person.IsZero() && !s.persons.has(m.Member.Person):
		return nil, unknown("Membership.Member.Person", m.Member.Person)
	case !m.Member.Organisation.IsZero() && !s.organisations.has(m.Member.Organisation):
		return nil, unknown("Membership.Member.Organisation", m.Member.Organisation)
	}
	if m.Role.Exclusive() {
		for _, other := range s.memberships.all() {
			if other.Group == m.Group && other.Role == m.Role && other.Period.Overlaps(m.Period) {
				return nil, &ReferenceError{Field: "Membership.Role", ID: fmt.Sprintf("%s (held by membership %s)", m.Role, other.ID), Err: ErrRoleTaken}
			}
		}
	}
	return one(MemberAdded{Membership: m}), nil
}

func (c EndMembership) decide(_ context.Context, s *State) ([]Payload, error) {
	m, ok := s.memberships.get(c.Membership)
	switch {
	case c.Membership.IsZero():
		return nil, &model.FieldError{Field: "Membership", Err: model.ErrRequired}
	case !c.End.Valid():
		return nil, &model.FieldError{Field: "End", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Membership", c.Membership)
	case !m.Period.End.IsZero():
		return nil, &ReferenceError{Field: "Membership", ID: c.Membership.String(), Err: ErrAlreadyRecorded}
	case c.End.Before(m.Period.Start):
		return nil, &model.FieldError{Field: "End", Err: model.ErrDateOrder}
	}
	return one(MembershipEnded{Membership: c.Membership, End: c.End}), nil
}

func (c PlanMeeting) decide(_ context.Context, s *State) ([]Payload, error) {
	m := c.Meeting
	if err := m.Validate(); err != nil {
		return nil, err
	}
	switch {
	case s.meetings.has(m.ID):
		return nil, taken("Meeting.ID", m.ID)
	case !m.Group.IsZero() && !s.groups.has(m.Group):
		return nil, unknown("Meeting.Group", m.Group)
	case !m.Organiser.IsZero() && !s.organisations.has(m.Organiser):
		return nil, unknown("Meeting.Organiser", m.Organiser)
	}
	for i, inv := range m.Invitees {
		if err := s.checkMember(fmt.Sprintf("Meeting.Invitees[%d]", i), inv); err != nil {
			return nil, err
		}
	}
	m.Invitees, m.Agenda = slices.Clone(m.Invitees), slices.Clone(m.Agenda)
	return one(MeetingPlanned{Meeting: m}), nil
}

func (c SubmitProposals) decide(_ context.Context, s *State) ([]Payload, error) {
	switch {
	case len(c.Proposals) == 0:
		return nil, &model.FieldError{Field: "Proposals", Err: model.ErrRequired}
	case len(c.Proposals) > MaxProposalsPerCommand:
		return nil, fmt.Errorf("%w: %d proposals in one command, at most %d", ErrTooLarge, len(c.Proposals), MaxProposalsPerCommand)
	}
	var errs []error
	seen := make(map[model.ProposalID]bool, len(c.Proposals))
	for i, p := range c.Proposals {
		field := fmt.Sprintf("Proposals[%d]", i)
		if err := p.Validate(); err != nil {
			errs = append(errs, model.Within(field, err))
			continue
		}
		if s.proposals.has(p.ID) || seen[p.ID] {
			errs = append(errs, taken(field+".ID", p.ID))
		}
		seen[p.ID] = true
		if !p.Submitter.Person.IsZero() && !s.persons.has(p.Submitter.Person) {
			errs = append(errs, unknown(field+".Submitter.Person", p.Submitter.Person))
		}
		if !p.Submitter.Organisation.IsZero() && !s.organisations.has(p.Submitter.Organisation) {
			errs = append(errs, unknown(field+".Submitter.Organisation", p.Submitter.Organisation))
		}
		if !p.Meeting.IsZero() && !s.meetings.has(p.Meeting) {
			errs = append(errs, unknown(field+".Meeting", p.Meeting))
		}
		for _, a := range p.Areas {
			if !s.areas.has(a) {
				errs = append(errs, unknown(field+".Areas", a))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Copy, so that a caller reusing its slices cannot reach the record.
	proposals := make([]model.Proposal, len(c.Proposals))
	for i, p := range c.Proposals {
		p.Areas = slices.Clone(p.Areas)
		proposals[i] = p
	}
	return one(ProposalsSubmitted{Proposals: proposals}), nil
}

func (c CreateMeasure) decide(_ context.Context, s *State) ([]Payload, error) {
	m := c.Measure
	if err := m.Validate(); err != nil {
		return nil, err
	}
	switch {
	case s.measures.has(m.ID):
		return nil, taken("Measure.ID", m.ID)
	case !m.Area.IsZero() && !s.areas.has(m.Area):
		return nil, unknown("Measure.Area", m.Area)
	case !m.Recommendation.IsZero() && !s.recommendations.has(m.Recommendation):
		return nil, unknown("Measure.Recommendation", m.Recommendation)
	}
	for _, other := range s.measures.all() {
		if other.Number == m.Number {
			return nil, taken("Measure.Number", m.Number)
		}
	}
	for _, o := range m.Responsible {
		if !s.organisations.has(o) {
			return nil, unknown("Measure.Responsible", o)
		}
	}
	kind := model.DispositionAdopted
	if len(m.Sources) > 1 {
		kind = model.DispositionMerged
	}
	dispositions := make([]model.Disposition, len(m.Sources))
	for i, p := range m.Sources {
		if !s.proposals.has(p) {
			return nil, unknown("Measure.Sources", p)
		}
		if _, done := s.disposition(p); done {
			return nil, &ReferenceError{Field: "Measure.Sources", ID: p.String(), Err: ErrAlreadyDisposed}
		}
		dispositions[i] = model.Disposition{Proposal: p, Kind: kind, Measures: []model.MeasureID{m.ID}}
	}
	m.Sources = slices.Clone(m.Sources)
	m.Responsible = slices.Clone(m.Responsible)
	if len(dispositions) == 0 {
		return one(MeasureCreated{Measure: m}), nil
	}
	return []Payload{MeasureCreated{Measure: m}, ProposalsDisposed{Dispositions: dispositions}}, nil
}

func (c CreateRecommendation) decide(_ context.Context, s *State) ([]Payload, error) {
	r := c.Recommendation
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if s.recommendations.has(r.ID) {
		return nil, taken("Recommendation.ID", r.ID)
	}
	for _, other := range s.recommendations.all() {
		if other.Number == r.Number {
			return nil, taken("Recommendation.Number", r.Number)
		}
	}
	return one(RecommendationCreated{Recommendation: r}), nil
}
