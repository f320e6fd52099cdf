package process

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Meetings, PlanMeeting{}, RecordMeeting{}, CompleteAssignment{}),
		eventsOf(event[MeetingPlanned](sameShape), event[MeetingHeld](), event[AssignmentCompleted]()),
	)
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

// Name implements [Command].
func (PlanMeeting) Name() string { return "plan-meeting" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (PlanMeeting) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (RecordMeeting) Name() string { return "record-meeting" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RecordMeeting) rule(r Request, p model.PersonID, today model.Date) string {
	return recordsMeeting(r, p, today)
}

func (c PlanMeeting) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m := c.Meeting
	if err := m.Validate(); err != nil {
		return nil, model.Within("Meeting", err)
	}
	switch {
	case s.meetings.has(m.ID):
		return nil, taken("Meeting.ID", m.ID)
	case !m.Group.IsZero() && !s.groups.has(m.Group):
		return nil, unknown("Meeting.Group", m.Group)
	case !m.Organiser.IsZero() && !s.organisations.has(m.Organiser):
		return nil, unknown("Meeting.Organiser", m.Organiser)
	}
	for i, a := range m.Areas {
		if !s.areas.has(a) {
			return nil, unknown(fmt.Sprintf("Meeting.Areas[%d]", i), a)
		}
	}
	for i, inv := range m.Invitees {
		if err := s.checkMember(fmt.Sprintf("Meeting.Invitees[%d]", i), inv); err != nil {
			return nil, err
		}
	}
	m.Invitees, m.Agenda, m.Areas = slices.Clone(m.Invitees), slices.Clone(m.Agenda), slices.Clone(m.Areas)
	return one(MeetingPlanned{Meeting: m}), nil
}

// MeetingPlanned records a meeting planned for a date and place. Schema
// version 2 added the meeting's start, duration and areas; a version 1
// event has none of them, so it reads as it is.
type MeetingPlanned struct {
	Meeting model.Meeting `json:"meeting"`
}

// MeetingHeld records that a meeting took place, on what date, with whom
// or how many, and its minutes.
type MeetingHeld struct {
	Meeting     model.MeetingID     `json:"meeting"`
	Date        model.Date          `json:"date"`
	HeadCount   int                 `json:"head_count,omitempty"`
	Attendees   []model.Attendee    `json:"attendees,omitempty"`
	Minutes     []model.ItemMinutes `json:"minutes,omitempty"`
	Assignments []model.Assignment  `json:"assignments,omitempty"`
	Attachments []model.Attachment  `json:"attachments,omitempty"`
	Next        model.NextMeeting   `json:"next,omitzero"`
}

// EventType implements [Payload].
func (MeetingPlanned) EventType() string { return "meeting-planned" }

// EventType implements [Payload].
func (MeetingHeld) EventType() string { return "meeting-held" }

// CompleteAssignment marks an assignment done, at a meeting if it was
// reported there, with a note. It leaves the group's agenda.
type CompleteAssignment struct {
	Assignment model.AssignmentID
	Meeting    model.MeetingID // optional: where it was reported
	Note       string
}

// Name implements [Command].
func (CompleteAssignment) Name() string { return "complete-assignment" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CompleteAssignment) rule(r Request, p model.PersonID, today model.Date) string {
	return completesAssignment(r, p, today)
}

// AssignmentCompleted records that an assignment is done.
type AssignmentCompleted struct {
	Assignment model.AssignmentID `json:"assignment"`
	Meeting    model.MeetingID    `json:"meeting,omitzero"`
	Note       string             `json:"note,omitempty"`
}

// EventType implements [Payload].
func (AssignmentCompleted) EventType() string { return "assignment-completed" }

// Assignment is an assignment as the process knows it: the meeting it was
// given at, and whether it is done.
type Assignment struct {
	model.Assignment
	Meeting model.MeetingID `json:"meeting"` // where it was given, and so when
	Done    bool            `json:"done"`
	DoneAt  time.Time       `json:"done_at,omitzero"`
	// DoneAtMeeting is the meeting it was reported at, if any.
	DoneAtMeeting model.MeetingID `json:"done_at_meeting,omitzero"`
	Note          string          `json:"note,omitempty"`
}

func (c RecordMeeting) decide(_ context.Context, s *State, env *env) ([]Payload, error) {
	m, ok := s.meetings.get(c.Meeting)
	switch {
	case c.Meeting.IsZero():
		return nil, &model.FieldError{Field: "Meeting", Err: model.ErrRequired}
	case !c.Date.IsZero() && !c.Date.Valid():
		return nil, &model.FieldError{Field: "Date", Err: model.ErrOutOfRange}
	case c.HeadCount < 0 || c.HeadCount > model.MaxHeadCount:
		return nil, &model.FieldError{Field: "HeadCount", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Meeting", c.Meeting)
	case m.Held:
		return nil, &ReferenceError{Field: "Meeting", ID: c.Meeting.String(), Err: ErrAlreadyRecorded}
	}
	date := c.Date
	if date.IsZero() {
		date = m.Date
	}
	if date.After(env.today) {
		return nil, &ReferenceError{Field: "Date", ID: date.String(), Detail: "a meeting is recorded as held on or after its day, and today is " + env.today.String(), Err: ErrInFuture}
	}
	if err := s.checkMinutes(c, m, date); err != nil {
		return nil, err
	}
	return one(MeetingHeld{
		Meeting: c.Meeting, Date: date, HeadCount: c.HeadCount,
		Attendees: slices.Clone(c.Attendees), Minutes: slices.Clone(c.Minutes),
		Assignments: slices.Clone(c.Assignments), Attachments: cloneAttachments(c.Attachments), Next: c.Next,
	}), nil
}

// checkMinutes checks what a meeting's record says: every person known and
// named once, every agenda item on the agenda, every assignment new and to
// a known person, every attachment whole, the next meeting after this one.
func (s *State) checkMinutes(c RecordMeeting, m Meeting, date model.Date) error {
	agenda := map[int]bool{}
	for _, it := range s.Agenda(m.ID) {
		agenda[it.Number] = true
	}
	onAgenda := func(field string, item int) error {
		if item < 0 || item > 0 && len(agenda) > 0 && !agenda[item] {
			return &model.FieldError{Field: field, Err: model.ErrOutOfRange}
		}
		return nil
	}
	seen := map[model.PersonID]bool{}
	for i, a := range c.Attendees {
		f := fmt.Sprintf("Attendees[%d]", i)
		switch {
		case a.Person.IsZero():
			return &model.FieldError{Field: f + ".Person", Err: model.ErrRequired}
		case seen[a.Person]:
			return &model.FieldError{Field: f + ".Person", Err: model.ErrDuplicate}
		case !s.persons.has(a.Person):
			return unknown(f+".Person", a.Person)
		case a.Role != 0 && a.Role.Label() == (model.Label{}):
			return &model.FieldError{Field: f + ".Role", Err: model.ErrUnknownValue}
		}
		if err := model.CheckText(f+".Capacity", a.Capacity, false); err != nil {
			return err
		}
		seen[a.Person] = true
	}
	for i, it := range c.Minutes {
		f := fmt.Sprintf("Minutes[%d]", i)
		if it.Item < 1 {
			return &model.FieldError{Field: f + ".Item", Err: model.ErrOutOfRange}
		}
		if err := onAgenda(f+".Item", it.Item); err != nil {
			return err
		}
		if err := model.CheckText(f+".Text", it.Text, true); err != nil {
			return err
		}
	}
	ids := map[model.AssignmentID]bool{}
	for i, a := range c.Assignments {
		f := fmt.Sprintf("Assignments[%d]", i)
		switch {
		case a.ID.IsZero():
			return &model.FieldError{Field: f + ".ID", Err: model.ErrRequired}
		case ids[a.ID] || s.assignments.has(a.ID):
			return taken(f+".ID", a.ID)
		case a.Assignee.IsZero():
			return &model.FieldError{Field: f + ".Assignee", Err: model.ErrRequired}
		case !s.persons.has(a.Assignee):
			return unknown(f+".Assignee", a.Assignee)
		case !a.Due.IsZero() && (!a.Due.Valid() || a.Due.Before(date)):
			return &model.FieldError{Field: f + ".Due", Err: model.ErrDateOrder}
		}
		if err := onAgenda(f+".Item", a.Item); err != nil {
			return err
		}
		if err := model.CheckText(f+".Task", a.Task, true); err != nil {
			return err
		}
		ids[a.ID] = true
	}
	for i, a := range c.Attachments {
		if err := a.Validate(); err != nil {
			return model.Within(fmt.Sprintf("Attachments[%d]", i), err)
		}
	}
	if !c.Next.Date.IsZero() && (!c.Next.Date.Valid() || !c.Next.Date.After(date)) {
		return &model.FieldError{Field: "Next.Date", Err: model.ErrDateOrder}
	}
	return model.CheckText("Next.Place", c.Next.Place, false)
}

func cloneAttachments(as []model.Attachment) []model.Attachment {
	out := slices.Clone(as)
	for i, a := range out {
		if a.Table != nil {
			t := model.Table{Columns: slices.Clone(a.Table.Columns), Rows: make([][]string, len(a.Table.Rows))}
			for r, row := range a.Table.Rows {
				t.Rows[r] = slices.Clone(row)
			}
			out[i].Table = &t
		}
	}
	return out
}

func (c CompleteAssignment) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	a, ok := s.assignments.get(c.Assignment)
	switch {
	case c.Assignment.IsZero():
		return nil, &model.FieldError{Field: "Assignment", Err: model.ErrRequired}
	case !ok:
		return nil, unknown("Assignment", c.Assignment)
	case a.Done:
		return nil, &ReferenceError{Field: "Assignment", ID: c.Assignment.String(), Err: ErrAlreadyRecorded}
	case !c.Meeting.IsZero() && !s.meetings.has(c.Meeting):
		return nil, unknown("Meeting", c.Meeting)
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	return one(AssignmentCompleted{Assignment: c.Assignment, Meeting: c.Meeting, Note: c.Note}), nil
}

// AgendaEntry is one item of a meeting's agenda: a planned item, or an
// open assignment from an earlier meeting of the same group, carried
// until it is done.
type AgendaEntry struct {
	model.AgendaItem
	// Assignment is set for a carried assignment.
	Assignment *Assignment `json:"assignment,omitempty"`
}

// Agenda returns a meeting's agenda: the planned items, then the
// assignments given at the group's earlier meetings that were not done by
// this meeting's date, numbered on.
func (s *State) Agenda(id model.MeetingID) []AgendaEntry {
	m, ok := s.meetings.get(id)
	if !ok {
		return nil
	}
	var out []AgendaEntry
	next := 1
	for _, it := range m.Agenda {
		out = append(out, AgendaEntry{AgendaItem: it})
		next = max(next, it.Number+1)
	}
	if m.Group.IsZero() {
		return out
	}
	for _, a := range s.assignments.all() {
		from, _ := s.meetings.get(a.Meeting)
		if from.Group != m.Group || a.Meeting == id || !from.Date.Before(m.Date) {
			continue
		}
		// Carried while open: not done, done at this meeting, or done only
		// after its day.
		if a.Done && a.DoneAtMeeting != id && s.Today(a.DoneAt).Before(m.Date) {
			continue
		}
		out = append(out, AgendaEntry{AgendaItem: model.AgendaItem{Number: next, Title: a.Task}, Assignment: &a})
		next++
	}
	return out
}

// Assignments returns the assignments in the order they were given; with
// open, only those not done.
func (s *State) Assignments(open bool) []Assignment {
	var out []Assignment
	for _, a := range s.assignments.all() {
		if !open || !a.Done {
			out = append(out, a)
		}
	}
	return out
}

// Minutes is a held meeting's record, gathered for reading: who was there,
// the agenda with what was said and assigned under each item, the
// decisions taken, the attachments and the next meeting.
type Minutes struct {
	Meeting Meeting `json:"meeting"`
	Group   string  `json:"group"` // the group's name, if the meeting is a group's
	// Formal is set for the meeting of a body that decides (a committee,
	// a board, a council, a steering group): its minutes are a protokoll,
	// those of other meetings minnesanteckningar.
	Formal      bool               `json:"formal"`
	Attendees   []MinutesAttendee  `json:"attendees"`
	Items       []MinutesItem      `json:"items"`
	Decisions   []Decision         `json:"decisions"`
	Attachments []model.Attachment `json:"attachments"`
	Next        model.NextMeeting  `json:"next"`
}

// MinutesAttendee is a named attendee as the minutes list them.
type MinutesAttendee struct {
	Name     string     `json:"name"`
	Party    string     `json:"party"`
	Capacity string     `json:"capacity"`
	Role     model.Role `json:"role"`
}

// MinutesItem is one agenda item with its minutes and the assignments
// given under it.
type MinutesItem struct {
	AgendaEntry
	Text        string              `json:"text"`
	Assignments []MinutesAssignment `json:"assignments"`
}

// MinutesAssignment is an assignment as the minutes give it.
type MinutesAssignment struct {
	Assignee string     `json:"assignee"`
	Task     string     `json:"task"`
	Due      model.Date `json:"due"`
}

// Minutes gathers a held meeting's record; ok is false for an unknown
// meeting or one not held.
func (s *State) Minutes(id model.MeetingID) (Minutes, bool) {
	m, ok := s.meetings.get(id)
	if !ok || !m.Held {
		return Minutes{}, false
	}
	out := Minutes{Meeting: m, Attachments: m.Attachments, Next: m.Next}
	if g, ok := s.groups.get(m.Group); ok {
		out.Group, out.Formal = g.Name, g.Kind.Decides()
	}
	for _, a := range m.Attendees {
		p, _ := s.persons.get(a.Person)
		out.Attendees = append(out.Attendees, MinutesAttendee{Name: p.Name, Party: p.Party, Capacity: a.Capacity, Role: a.Role})
	}
	text := map[int][]string{}
	for _, it := range m.Minutes {
		text[it.Item] = append(text[it.Item], it.Text)
	}
	given := map[int][]MinutesAssignment{}
	for _, a := range s.assignments.all() {
		if a.Meeting == id {
			p, _ := s.persons.get(a.Assignee)
			given[a.Item] = append(given[a.Item], MinutesAssignment{Assignee: p.Name, Task: a.Task, Due: a.Due})
		}
	}
	numbered := map[int]bool{}
	for _, e := range s.Agenda(id) {
		numbered[e.Number] = true
		out.Items = append(out.Items, MinutesItem{AgendaEntry: e, Text: strings.Join(text[e.Number], "\n\n"), Assignments: given[e.Number]})
	}
	for _, it := range m.Minutes { // minutes of a meeting planned without an agenda
		if !numbered[it.Item] {
			numbered[it.Item] = true
			out.Items = append(out.Items, MinutesItem{AgendaEntry: AgendaEntry{AgendaItem: model.AgendaItem{Number: it.Item}}, Text: strings.Join(text[it.Item], "\n\n"), Assignments: given[it.Item]})
		}
	}
	for _, d := range s.decisions.all() {
		if d.Meeting == id {
			out.Decisions = append(out.Decisions, d)
		}
	}
	return out, true
}

// recordsMeeting is the rule of [RecordMeeting]: a group's minutes are
// recorded by whoever was its secretary on the day the meeting was held
// (the command's Date, or the planned date when it keeps that).
func recordsMeeting(r Request, p model.PersonID, day model.Date) string {
	c := r.Command.(RecordMeeting)
	m, ok := r.State.meetings.get(c.Meeting)
	if !ok || m.Group.IsZero() {
		return coordinates(r, p, day) // the command reports an unknown meeting itself
	}
	held := m.Date
	if !c.Date.IsZero() {
		held = c.Date
	}
	if r.State.secretary(p, m.Group, held) {
		return ""
	}
	g, _ := r.State.groups.get(m.Group)
	return fmt.Sprintf("only the secretary of %s on %s, the day the meeting was held, records its minutes", g.Name, held)
}

func completesAssignment(r Request, p model.PersonID, day model.Date) string {
	a, ok := r.State.assignments.get(r.Command.(CompleteAssignment).Assignment)
	if !ok || a.Assignee == p {
		return ""
	}
	if m, _ := r.State.meetings.get(a.Meeting); !m.Group.IsZero() && r.State.secretary(p, m.Group, day) {
		return ""
	}
	return "only the assignee or the group's secretary completes an assignment"
}

// Meeting returns the meeting with the ID.
func (s *State) Meeting(id model.MeetingID) (Meeting, bool) { return s.meetings.get(id) }

// Meetings returns the meetings by date.
func (s *State) Meetings() []Meeting {
	out := s.meetings.list()
	slices.SortStableFunc(out, func(a, b Meeting) int { return a.Date.Compare(b.Date) })
	return out
}

// MeetingsByArea returns, by date, the meetings about intervention area a:
// the themed workshops of one theme, wherever they were held.
func (s *State) MeetingsByArea(a model.AreaID) []Meeting {
	var out []Meeting
	for _, m := range s.Meetings() {
		if m.About(a) {
			out = append(out, m)
		}
	}
	return out
}

// Meeting is a meeting as the process knows it: as planned, and whether it
// has been held.
type Meeting struct {
	model.Meeting
	// Held reports whether the meeting took place; Date and HeadCount are
	// then the recorded ones, and the rest is its minutes.
	Held        bool                `json:"held"`
	Attendees   []model.Attendee    `json:"attendees"`
	Minutes     []model.ItemMinutes `json:"minutes"`
	Attachments []model.Attachment  `json:"attachments"`
	Next        model.NextMeeting   `json:"next"`
}

// apply implements [Payload].
func (d MeetingPlanned) apply(s *State, e *Event) error {
	s.meetings.put(d.Meeting.ID, Meeting{Meeting: d.Meeting})
	return nil
}

// apply implements [Payload].
func (d MeetingHeld) apply(s *State, e *Event) error {
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
	return nil
}

// apply implements [Payload].
func (d AssignmentCompleted) apply(s *State, e *Event) error {
	a, ok := s.assignments.get(d.Assignment)
	if !ok {
		return fmt.Errorf("%w: %s: assignment %s not found", ErrCorrupt, e.Process, d.Assignment)
	}
	a.Done, a.DoneAt, a.Note, a.DoneAtMeeting = true, e.OccurredAt, d.Note, d.Meeting
	s.assignments.put(a.ID, a)
	return nil
}
