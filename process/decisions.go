package process

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Decisions, Decide{}),
		eventsOf(event[DecisionTaken](sameShape)),
	)
}

// ReferenceFormat checks a record reference (diarienummer) against the
// format of the organisation that keeps the record. Formats differ between
// municipalities, so the host supplies them ([Options].References). Return
// nil for a reference in the format, an error saying why otherwise; the
// engine wraps it in [ErrReferenceFormat].
type ReferenceFormat interface {
	CheckReference(org model.Organisation, reference string) error
}

// ReferenceFormatFunc is a function that is a [ReferenceFormat].
type ReferenceFormatFunc func(org model.Organisation, reference string) error

// CheckReference implements [ReferenceFormat].
func (f ReferenceFormatFunc) CheckReference(org model.Organisation, reference string) error {
	return f(org, reference)
}

// ReferencePattern returns a format that accepts the references the regular
// expression matches whole, such as `RS \d{4}-\d{5}`, for every
// organisation.
func ReferencePattern(pattern string) (ReferenceFormat, error) {
	re, err := regexp.Compile(`^(?:` + pattern + `)$`)
	if err != nil {
		return nil, fmt.Errorf("%w: reference pattern: %w", ErrInvalidOptions, err)
	}
	return ReferenceFormatFunc(func(_ model.Organisation, ref string) error {
		if !re.MatchString(ref) {
			return fmt.Errorf("%q does not match %s", ref, pattern)
		}
		return nil
	}), nil
}

// referenceFormatError is the reason of a [*model.FieldError] for a record
// reference the host's format refuses: invalid input, so the field error
// unwraps to model.ErrInvalid, and of its own kind, [ErrReferenceFormat].
type referenceFormatError struct{ err error }

func (e *referenceFormatError) Error() string {
	return "is not in the host's record-reference format: " + e.err.Error()
}

func (e *referenceFormatError) Unwrap() []error { return []error{ErrReferenceFormat, e.err} }

// checkReference applies the host's format to a reference, if both are set.
func (s *State) checkReference(refs ReferenceFormat, field string, org model.OrganisationID, ref string) error {
	if refs == nil || ref == "" {
		return nil
	}
	o, _ := s.organisations.get(org)
	if err := refs.CheckReference(o, ref); err != nil {
		return &model.FieldError{Field: field, Err: &referenceFormatError{err}}
	}
	return nil
}

// Decide records a body's decision at a held meeting. The engine counts
// the positions against the body's rule and quorum; a decision they do not
// carry is refused with a *model.RuleError and nothing is written, so that
// the record holds the decisions taken. A second decision by the body on
// the same subject names the one it reconsiders ([model.Decision].Reconsiders)
// or, taking the matter further without reconsidering it, the one it
// follows ([model.Decision].Follows). A decision may take effect later
// ([State.InForce]) and give directives ([State.Directives]). Where the meeting's
// attendance is recorded, only the members among its attendees take
// positions ([ErrAbsent] otherwise) and Present is at most their number;
// otherwise the body's seats bound Present.
type Decide struct{ Decision model.Decision }

// Name implements [Command].
func (Decide) Name() string { return "decide" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (Decide) rule(r Request, p model.PersonID, today model.Date) string {
	return recordsDecision(r, p, today)
}

// DecisionTaken records a body's decision with its tally.
type DecisionTaken struct {
	Decision model.Decision `json:"decision"`
	Tally    model.Tally    `json:"tally"`
}

// EventType implements [Payload].
func (DecisionTaken) EventType() string { return "decision-taken" }

// Decision is a decision as the process knows it: the decision, how the
// positions were counted, and when it was recorded.
type Decision struct {
	model.Decision
	Tally model.Tally `json:"tally"`
	At    time.Time   `json:"at,omitzero"`
}

func (c Decide) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	d := c.Decision
	if err := d.Validate(); err != nil {
		return nil, model.Within("Decision", err)
	}
	body, ok := s.groups.get(d.Body)
	switch {
	case s.decisions.has(d.ID):
		return nil, taken("Decision.ID", d.ID)
	case !ok:
		return nil, unknown("Decision.Body", d.Body)
	case body.Rule.IsZero():
		return nil, &ReferenceError{Field: "Decision.Body", ID: d.Body.String(), Err: ErrNoRule}
	}
	meeting, ok := s.meetings.get(d.Meeting)
	switch {
	case !ok:
		return nil, unknown("Decision.Meeting", d.Meeting)
	case !meeting.Held:
		return nil, &ReferenceError{Field: "Decision.Meeting", ID: d.Meeting.String(), Err: ErrMeetingNotHeld}
	}
	if err := s.checkSubject(d.Subject); err != nil {
		return nil, err
	}
	members, chair := s.bodyOn(body, meeting.Date)
	for i, v := range d.Votes {
		if !members[v.Member] {
			return nil, &ReferenceError{Field: fmt.Sprintf("Decision.Votes[%d].Member", i), ID: memberID(v.Member), Err: ErrNotMember}
		}
	}
	seats := body.Seats
	if seats == 0 {
		seats = len(members)
	}
	if d.Present > seats {
		return nil, &model.FieldError{Field: "Decision.Present", Err: model.ErrOutOfRange}
	}
	if err := s.checkAttendance(d, meeting, members); err != nil {
		return nil, err
	}
	if err := s.checkEarlier(d); err != nil {
		return nil, err
	}
	if err := s.checkWorks(d, meeting); err != nil {
		return nil, err
	}
	if err := s.checkReference(env.refs, "Decision.Reference", body.Organisation, d.Reference); err != nil {
		return nil, err
	}
	tally := d.Tally(seats, chair)
	if err := body.Rule.Apply(tally); err != nil {
		return nil, err
	}
	d.Votes, d.Reservations = slices.Clone(d.Votes), slices.Clone(d.Reservations)
	d.Subject.Measures = slices.Clone(d.Subject.Measures)
	d.Directives = slices.Clone(d.Directives)
	return one(DecisionTaken{Decision: d, Tally: tally}), nil
}

// checkAttendance checks a decision's positions against the meeting's
// attendance, where it was recorded: with named attendees, only the
// members among them take positions, and Present is at most their number;
// with a head count only, neither the positions nor Present exceed it.
// An organisation that is a member attends through a person who represents
// it. Without attendance the body's seats bound Present (Decide checks
// that).
func (s *State) checkAttendance(d model.Decision, m Meeting, members map[model.Member]bool) error {
	if len(m.Attendees) == 0 {
		if m.HeadCount > 0 && (d.Present > m.HeadCount || len(d.Votes) > m.HeadCount) {
			return &model.FieldError{Field: "Decision.Present", Err: model.ErrOutOfRange}
		}
		return nil
	}
	present := map[model.Member]bool{}
	for member := range members {
		for _, a := range m.Attendees {
			if a.Person == member.Person || member.Person.IsZero() && s.represents(a.Person, member.Organisation) {
				present[member] = true
			}
		}
	}
	for i, v := range d.Votes {
		if !present[v.Member] {
			return &ReferenceError{Field: fmt.Sprintf("Decision.Votes[%d].Member", i), ID: memberID(v.Member), Detail: "not among the meeting's attendees", Err: ErrAbsent}
		}
	}
	if d.Present > len(present) {
		return &model.FieldError{Field: "Decision.Present", Err: model.ErrOutOfRange}
	}
	return nil
}

// checkSubject checks that what a subject names exists.
func (s *State) checkSubject(sub model.Subject) error {
	switch sub.Kind {
	case model.SubjectDocument:
		if !s.documents.has(sub.Document) {
			return unknown("Decision.Subject.Document", sub.Document)
		}
	case model.SubjectMeasures:
		for i, m := range sub.Measures {
			if !s.measures.has(m) {
				return unknown(fmt.Sprintf("Decision.Subject.Measures[%d]", i), m)
			}
		}
	case model.SubjectPhase:
		known := false
		for _, t := range s.def.Template().Transitions {
			known = known || string(t.Trigger) == sub.Trigger
		}
		if !known {
			return &ReferenceError{Field: "Decision.Subject.Trigger", ID: sub.Trigger, Err: ErrUnknownReference}
		}
	case model.SubjectParticipation:
		if !s.organisations.has(sub.Organisation) {
			return unknown("Decision.Subject.Organisation", sub.Organisation)
		}
	}
	return nil
}

// bodyOn returns the members of a body on a day, and its chair. The
// secretary keeps the minutes and is no member: they neither count for the
// quorum nor take a position.
func (s *State) bodyOn(body model.Group, day model.Date) (map[model.Member]bool, model.Member) {
	members := map[model.Member]bool{}
	var chair model.Member
	for _, m := range s.memberships.all() {
		if m.Group == body.ID && m.ActiveOn(day) && !m.Role.Staff() {
			members[m.Member] = true
			if m.Role == model.RoleChair {
				chair = m.Member
			}
		}
	}
	return members, chair
}

// lastDecision returns the body's latest decision on the subject.
func (s *State) lastDecision(body model.GroupID, sub model.Subject) (Decision, bool) {
	key := sub.Key()
	all := s.decisions.all()
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Body == body && all[i].Subject.Key() == key {
			return all[i], true
		}
	}
	return Decision{}, false
}

func memberID(m model.Member) string {
	if !m.Person.IsZero() {
		return m.Person.String()
	}
	return m.Organisation.String()
}

// Decisions returns the decisions in the order they were taken.
func (s *State) Decisions() []Decision { return s.decisions.list() }

// Decision returns a decision by ID.
func (s *State) Decision(id model.DecisionID) (Decision, bool) { return s.decisions.get(id) }

// DecisionsBy returns the decisions of the bodies of a kind, in order: what
// the committees, the boards or the councils decided.
func (s *State) DecisionsBy(kind model.GroupKind) []Decision {
	var out []Decision
	for _, d := range s.decisions.all() {
		if g, _ := s.groups.get(d.Body); g.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

// decidedOnDocument returns the criterion that a body of the kind has
// decided on a document version, after every consultation round was
// compiled if afterRounds.
func decidedOnDocument(name phase.CriterionName, kind model.GroupKind, afterRounds bool, sv, en string) Criterion {
	return Criterion{Name: name, Label: model.Label{SV: sv, EN: en}, Met: func(s *State, today model.Date) bool {
		var compiled time.Time
		if afterRounds {
			if !roundsCompiled(s, today) {
				return false
			}
			for _, r := range s.rounds.all() {
				if at, ok := r.At(consultation.Compiled); ok && at.After(compiled) {
					compiled = at
				}
			}
		}
		for _, d := range s.DecisionsBy(kind) {
			if m, _ := s.meetings.get(d.Meeting); d.Subject.Kind == model.SubjectDocument && !m.Date.Before(s.Today(compiled)) {
				return true
			}
		}
		return false
	}}
}

func recordsDecision(r Request, p model.PersonID, day model.Date) string {
	d := r.Command.(Decide).Decision
	m, ok := r.State.meetings.get(d.Meeting)
	g, known := r.State.groups.get(d.Body)
	if !ok || !known {
		return coordinates(r, p, day)
	}
	if r.State.secretary(p, d.Body, m.Date) {
		return ""
	}
	return fmt.Sprintf("only the secretary of %s on %s records its decisions", g.Name, m.Date)
}

// apply implements [Payload].
func (d DecisionTaken) apply(s *State, e *Event) error {
	s.decisions.put(d.Decision.ID, Decision{Decision: d.Decision, Tally: d.Tally, At: e.OccurredAt})
	return s.works.give(d.Decision, s, e)
}
