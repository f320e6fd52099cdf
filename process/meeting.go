package process

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
)

// CompleteAssignment marks an assignment done, at a meeting if it was
// reported there, with a note. It leaves the group's agenda.
type CompleteAssignment struct {
	Assignment model.AssignmentID
	Meeting    model.MeetingID // optional: where it was reported
	Note       string
}

// Name implements [Command].
func (CompleteAssignment) Name() string { return "complete-assignment" }

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
	Meeting model.MeetingID // where it was given, and so when
	Done    bool
	DoneAt  time.Time
	// DoneAtMeeting is the meeting it was reported at, if any.
	DoneAtMeeting model.MeetingID
	Note          string
}

func (c RecordMeeting) decide(_ context.Context, s *State) ([]Payload, error) {
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

func (c CompleteAssignment) decide(_ context.Context, s *State) ([]Payload, error) {
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
	Assignment *Assignment
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
		if a.Done && a.DoneAtMeeting != id && model.DateOf(a.DoneAt).Before(m.Date) {
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

// checkMember checks that a member names a known person or organisation.
func (s *State) checkMember(field string, m model.Member) error {
	switch {
	case m.Person.IsZero() && m.Organisation.IsZero():
		return &model.FieldError{Field: field, Err: model.ErrRequired}
	case !m.Person.IsZero() && !m.Organisation.IsZero():
		return &model.FieldError{Field: field + ".Organisation", Err: model.ErrNotAllowed}
	case !m.Person.IsZero() && !s.persons.has(m.Person):
		return unknown(field+".Person", m.Person)
	case !m.Organisation.IsZero() && !s.organisations.has(m.Organisation):
		return unknown(field+".Organisation", m.Organisation)
	}
	return nil
}
