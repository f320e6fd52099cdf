package process

import (
	"strings"

	"github.com/samling-go/samling/model"
)

// Minutes is a held meeting's record, gathered for reading: who was there,
// the agenda with what was said and assigned under each item, the
// decisions taken, the attachments and the next meeting.
type Minutes struct {
	Meeting     Meeting
	Group       string // the group's name, if the meeting is a group's
	Attendees   []MinutesAttendee
	Items       []MinutesItem
	Decisions   []Decision
	Attachments []model.Attachment
	Next        model.NextMeeting
}

// MinutesAttendee is a named attendee as the minutes list them.
type MinutesAttendee struct {
	Name, Party, Capacity string
	Role                  model.Role
}

// MinutesItem is one agenda item with its minutes and the assignments
// given under it.
type MinutesItem struct {
	AgendaEntry
	Text        string
	Assignments []MinutesAssignment
}

// MinutesAssignment is an assignment as the minutes give it.
type MinutesAssignment struct {
	Assignee string
	Task     string
	Due      model.Date
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
		out.Group = g.Name
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
