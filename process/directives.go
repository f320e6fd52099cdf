package process

import (
	"context"
	"fmt"
	"slices"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Decisions that set work in motion: when a decision takes effect (at
// once, when its minutes are approved, on a date it names), the directives
// it gives and their sub-assignments, and a further decision on the same
// subject that is not a reconsideration.

func init() {
	register(
		commands(phase.Meetings, ApproveMinutes{}),
		commands(phase.FollowUp, AssignDirective{}, CompleteDirective{}),
		eventsOf(event[MinutesApproved](), event[DirectiveAssigned](), event[DirectiveCompleted]()),
	)
}

// ApproveMinutes records that a held meeting's minutes were approved
// (justering): the day a decision taken there with
// [model.EffectOnApproval] takes effect. Date is the day of the approval,
// today when empty, never after today nor before the meeting.
type ApproveMinutes struct {
	Meeting model.MeetingID
	Date    model.Date
	Note    string
}

// AssignDirective gives a sub-assignment of a directive: the city office's
// directive handed on, in part, to a department. Directive.Parent names
// the directive it belongs to; its Due is no later than its parent's. Date
// is the day it was given, today when empty.
type AssignDirective struct {
	Directive model.Directive
	Date      model.Date
}

// CompleteDirective records a directive as carried out, on Date (today
// when empty), with a note if any. A directive with a sub-assignment still
// open is refused with [ErrStillOpen].
type CompleteDirective struct {
	Directive model.DirectiveID
	Date      model.Date
	Note      string
}

// Name implements [Command].
func (ApproveMinutes) Name() string { return "approve-minutes" }

// Name implements [Command].
func (AssignDirective) Name() string { return "assign-directive" }

// Name implements [Command].
func (CompleteDirective) Name() string { return "complete-directive" }

// rule implements [Command]: the default policy's check ([RecordRules]).
// The secretary of the meeting's group records the approval, or a
// coordinator.
func (ApproveMinutes) rule(r Request, p model.PersonID, today model.Date) string {
	if m, ok := r.State.meetings.get(r.Command.(ApproveMinutes).Meeting); ok && !m.Group.IsZero() && r.State.secretary(p, m.Group, m.Date) {
		return ""
	}
	return coordinates(r, p, today)
}

// rule implements [Command]: the default policy's check ([RecordRules]).
// Whoever represents the organisation the parent directive was given to
// hands it on, or a coordinator.
func (AssignDirective) rule(r Request, p model.PersonID, today model.Date) string {
	if parent, ok := r.State.works.directives.get(r.Command.(AssignDirective).Directive.Parent); ok && r.State.represents(p, parent.To) {
		return ""
	}
	return coordinates(r, p, today)
}

// rule implements [Command]: the default policy's check ([RecordRules]).
// Whoever represents the organisation the directive was given to reports
// it done, or a coordinator.
func (CompleteDirective) rule(r Request, p model.PersonID, today model.Date) string {
	if d, ok := r.State.works.directives.get(r.Command.(CompleteDirective).Directive); ok && r.State.represents(p, d.To) {
		return ""
	}
	return coordinates(r, p, today)
}

// MinutesApproved records that a meeting's minutes were approved.
type MinutesApproved struct {
	Meeting model.MeetingID `json:"meeting"`
	Date    model.Date      `json:"date"`
	Note    string          `json:"note,omitempty"`
}

// DirectiveAssigned records a sub-assignment of a directive.
type DirectiveAssigned struct {
	Directive model.Directive `json:"directive"`
	Date      model.Date      `json:"date"`
}

// DirectiveCompleted records a directive carried out.
type DirectiveCompleted struct {
	Directive model.DirectiveID `json:"directive"`
	Date      model.Date        `json:"date"`
	Note      string            `json:"note,omitempty"`
}

// EventType implements [Payload].
func (MinutesApproved) EventType() string { return "minutes-approved" }

// EventType implements [Payload].
func (DirectiveAssigned) EventType() string { return "directive-assigned" }

// EventType implements [Payload].
func (DirectiveCompleted) EventType() string { return "directive-completed" }

// Approval is the approval of a meeting's minutes (justering).
type Approval struct {
	Meeting model.MeetingID `json:"meeting"`
	Date    model.Date      `json:"date"`
	Note    string          `json:"note,omitempty"`
}

// Directive is a directive as the process follows it: the directive, the
// decision it comes from (for a sub-assignment, the decision of the
// directive at its top), the day it was given, and whether and when it was
// carried out.
type Directive struct {
	model.Directive
	Decision model.DecisionID `json:"decision"`
	Given    model.Date       `json:"given"`
	Done     bool             `json:"done,omitempty"`
	DoneOn   model.Date       `json:"done_on,omitzero"`
	Note     string           `json:"note,omitempty"`
}

// Overdue reports whether the directive is still open after its due date
// on day.
func (d Directive) Overdue(day model.Date) bool {
	return !d.Done && !d.Due.IsZero() && day.After(d.Due)
}

// recordedDay returns the day a command records, today when none is
// given, refusing a day after today.
func recordedDay(field string, day model.Date, env *env) (model.Date, error) {
	switch {
	case day.IsZero():
		return env.today, nil
	case !day.Valid():
		return day, &model.FieldError{Field: field, Err: model.ErrOutOfRange}
	case day.After(env.today):
		return day, &ReferenceError{Field: field, ID: day.String(), Detail: "today is " + env.today.String(), Err: ErrInFuture}
	}
	return day, nil
}

func (c ApproveMinutes) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	m, ok := s.meetings.get(c.Meeting)
	switch {
	case c.Meeting.IsZero():
		return nil, &model.FieldError{Field: "Meeting", Err: model.ErrRequired}
	case !ok:
		return nil, unknown("Meeting", c.Meeting)
	case !m.Held:
		return nil, &ReferenceError{Field: "Meeting", ID: c.Meeting.String(), Err: ErrMeetingNotHeld}
	case s.works.approvals.has(c.Meeting):
		return nil, &ReferenceError{Field: "Meeting", ID: c.Meeting.String(), Err: ErrAlreadyRecorded}
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	day, err := recordedDay("Date", c.Date, env)
	if err != nil {
		return nil, err
	}
	if day.Before(m.Date) {
		return nil, &model.FieldError{Field: "Date", Err: model.ErrDateOrder}
	}
	return one(MinutesApproved{Meeting: c.Meeting, Date: day, Note: c.Note}), nil
}

func (c AssignDirective) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	d := c.Directive
	if err := d.Validate(); err != nil {
		return nil, model.Within("Directive", err)
	}
	parent, ok := s.works.directives.get(d.Parent)
	switch {
	case d.Parent.IsZero():
		return nil, &model.FieldError{Field: "Directive.Parent", Err: model.ErrRequired} // a decision gives the others
	case !ok:
		return nil, unknown("Directive.Parent", d.Parent)
	case s.works.directives.has(d.ID):
		return nil, taken("Directive.ID", d.ID)
	case !s.organisations.has(d.To):
		return nil, unknown("Directive.To", d.To)
	case parent.Done:
		return nil, &ReferenceError{Field: "Directive.Parent", ID: d.Parent.String(), Detail: "carried out on " + parent.DoneOn.String(), Err: ErrAlreadyRecorded}
	case !d.Due.IsZero() && !parent.Due.IsZero() && d.Due.After(parent.Due):
		return nil, &model.FieldError{Field: "Directive.Due", Err: model.ErrDateOrder} // due after its parent
	}
	day, err := recordedDay("Date", c.Date, env)
	if err != nil {
		return nil, err
	}
	if day.Before(parent.Given) {
		return nil, &model.FieldError{Field: "Date", Err: model.ErrDateOrder}
	}
	return one(DirectiveAssigned{Directive: d, Date: day}), nil
}

func (c CompleteDirective) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	d, ok := s.works.directives.get(c.Directive)
	switch {
	case c.Directive.IsZero():
		return nil, &model.FieldError{Field: "Directive", Err: model.ErrRequired}
	case !ok:
		return nil, unknown("Directive", c.Directive)
	case d.Done:
		return nil, &ReferenceError{Field: "Directive", ID: c.Directive.String(), Err: ErrAlreadyRecorded}
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	for _, sub := range s.works.directives.all() {
		if sub.Parent == d.ID && !sub.Done {
			return nil, &ReferenceError{Field: "Directive", ID: c.Directive.String(), Detail: "sub-assignment " + sub.ID.String() + " is still open", Err: ErrStillOpen}
		}
	}
	day, err := recordedDay("Date", c.Date, env)
	if err != nil {
		return nil, err
	}
	if day.Before(d.Given) {
		return nil, &model.FieldError{Field: "Date", Err: model.ErrDateOrder}
	}
	return one(DirectiveCompleted{Directive: c.Directive, Date: day, Note: c.Note}), nil
}

// apply implements [Payload].
func (d MinutesApproved) apply(s *State, e *Event) error {
	if !s.meetings.has(d.Meeting) {
		return fmt.Errorf("%w: %s: meeting %s not found", ErrCorrupt, e.Process, d.Meeting)
	}
	s.works.approvals.put(d.Meeting, Approval{Meeting: d.Meeting, Date: d.Date, Note: d.Note})
	return nil
}

// apply implements [Payload].
func (d DirectiveAssigned) apply(s *State, e *Event) error {
	parent, ok := s.works.directives.get(d.Directive.Parent)
	if !ok {
		return fmt.Errorf("%w: %s: directive %s not found", ErrCorrupt, e.Process, d.Directive.Parent)
	}
	s.works.directives.put(d.Directive.ID, Directive{Directive: d.Directive, Decision: parent.Decision, Given: d.Date})
	return nil
}

// apply implements [Payload].
func (d DirectiveCompleted) apply(s *State, e *Event) error {
	dir, ok := s.works.directives.get(d.Directive)
	if !ok {
		return fmt.Errorf("%w: %s: directive %s not found", ErrCorrupt, e.Process, d.Directive)
	}
	dir.Done, dir.DoneOn, dir.Note = true, d.Date, d.Note
	s.works.directives.put(dir.ID, dir)
	return nil
}

// give folds the directives of a decision taken: given on the day of its
// meeting.
func (w *works) give(d model.Decision, s *State, e *Event) error {
	m, _ := s.meetings.get(d.Meeting)
	for _, dir := range d.Directives {
		if w.directives.has(dir.ID) {
			return fmt.Errorf("%w: %s: directive %s given twice", ErrCorrupt, e.Process, dir.ID)
		}
		w.directives.put(dir.ID, Directive{Directive: dir, Decision: d.ID, Given: m.Date})
	}
	return nil
}

// checkEarlier checks a decision against the body's latest decision on
// the same subject: a second one names it, in Reconsiders for a
// reconsideration or in Follows for a further decision. A refusal names
// the subject by its key and the earlier decision with its meeting's date.
func (s *State) checkEarlier(d model.Decision) error {
	earlier, ok := s.lastDecision(d.Body, d.Subject)
	key := d.Subject.Key()
	named, field := d.Reconsiders, "Decision.Reconsiders"
	if !d.Follows.IsZero() {
		named, field = d.Follows, "Decision.Follows"
	}
	switch {
	case !ok && named.IsZero():
		return nil
	case !ok:
		return &ReferenceError{Field: field, ID: named.String(), Detail: "the body has no earlier decision on " + key, Err: ErrUnknownReference}
	case named == earlier.ID:
		return nil
	}
	m, _ := s.meetings.get(earlier.Meeting)
	about := fmt.Sprintf("decision %s of %s", earlier.ID, m.Date)
	if named.IsZero() {
		return &ReferenceError{Field: "Decision.Subject", ID: key,
			Detail: "decided by " + about + "; a reconsideration names it in Reconsiders, a further decision in Follows", Err: ErrAlreadyDecided}
	}
	return &ReferenceError{Field: field, ID: named.String(), Detail: "the body's latest decision on " + key + " is " + about, Err: ErrUnknownReference}
}

// checkWorks checks what a decision sets in motion: the day it takes
// effect, its directives to known organisations.
func (s *State) checkWorks(d model.Decision, meeting Meeting) error {
	if d.Effect == model.EffectOnDate && d.EffectiveOn.Before(meeting.Date) {
		return &model.FieldError{Field: "Decision.EffectiveOn", Err: model.ErrDateOrder}
	}
	for i, dir := range d.Directives {
		f := fmt.Sprintf("Decision.Directives[%d]", i)
		switch {
		case s.works.directives.has(dir.ID):
			return taken(f+".ID", dir.ID)
		case !s.organisations.has(dir.To):
			return unknown(f+".To", dir.To)
		case !dir.Parent.IsZero() && !slices.ContainsFunc(d.Directives[:i], func(o model.Directive) bool { return o.ID == dir.Parent }):
			return unknown(f+".Parent", dir.Parent) // a decision's sub-assignments belong to its own directives
		}
	}
	return nil
}

// TakesEffect returns the day a decision takes effect: its meeting's day
// for one in force at once, the approval of its minutes for one that waits
// for it, the date it names otherwise. ok is false for an unknown decision
// and for one whose minutes are not yet approved.
func (s *State) TakesEffect(id model.DecisionID) (model.Date, bool) {
	d, ok := s.decisions.get(id)
	if !ok {
		return model.Date{}, false
	}
	switch d.Effect {
	case model.EffectOnApproval:
		a, ok := s.works.approvals.get(d.Meeting)
		return a.Date, ok
	case model.EffectOnDate:
		return d.EffectiveOn, true
	}
	m, _ := s.meetings.get(d.Meeting)
	return m.Date, true
}

// InForce reports whether a decision is in force on day: it has taken
// effect on or before it. A decision reconsidered by a later one is in
// force until the later one takes effect.
func (s *State) InForce(id model.DecisionID, day model.Date) bool {
	from, ok := s.TakesEffect(id)
	if !ok || day.Before(from) {
		return false
	}
	for _, later := range s.decisions.all() {
		if later.Reconsiders == id {
			if until, ok := s.TakesEffect(later.ID); ok && !day.Before(until) {
				return false
			}
		}
	}
	return true
}

// Approval returns the approval of a meeting's minutes, if recorded.
func (s *State) Approval(meeting model.MeetingID) (Approval, bool) {
	return s.works.approvals.get(meeting)
}

// Directives returns every directive and sub-assignment, in the order they
// were given.
func (s *State) Directives() []Directive { return s.works.directives.list() }

// Directive returns a directive by ID.
func (s *State) Directive(id model.DirectiveID) (Directive, bool) {
	return s.works.directives.get(id)
}

// SubAssignments returns the directives given as parts of a directive, in
// the order they were given.
func (s *State) SubAssignments(id model.DirectiveID) []Directive {
	var out []Directive
	for _, d := range s.works.directives.all() {
		if d.Parent == id && !id.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

// OpenDirectives returns the directives not yet carried out, in the order
// they were given; with Overdue, each says whether it is late on a day.
func (s *State) OpenDirectives() []Directive {
	var out []Directive
	for _, d := range s.works.directives.all() {
		if !d.Done {
			out = append(out, d)
		}
	}
	return out
}

// DirectivesTo returns the directives given to an organisation or to any
// part of it, in the order they were given.
func (s *State) DirectivesTo(org model.OrganisationID) []Directive {
	var out []Directive
	for _, d := range s.works.directives.all() {
		if s.Within(d.To, org) {
			out = append(out, d)
		}
	}
	return out
}
