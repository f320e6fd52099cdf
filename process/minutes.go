package process

import (
	"fmt"
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

var minutesWords = map[model.Lang]map[string]string{
	model.Swedish: {"minutes": "Minnesanteckningar", "present": "Närvarande", "agenda": "Föredragningslista",
		"assigned": "Uppdrag", "by": "till", "carried": "Uppdrag från tidigare möte", "decisions": "Beslut",
		"attachments": "Bilagor", "next": "Nästa möte", "heads": "%d deltagare"},
	model.English: {"minutes": "Minutes", "present": "Present", "agenda": "Agenda",
		"assigned": "Assignment", "by": "by", "carried": "Assignment from an earlier meeting", "decisions": "Decisions",
		"attachments": "Attachments", "next": "Next meeting", "heads": "%d participants"},
}

// Markdown writes the minutes as a Markdown document in lang.
func (m Minutes) Markdown(lang model.Lang) string {
	w, ok := minutesWords[lang]
	if !ok {
		w = minutesWords[model.Swedish]
	}
	var b strings.Builder
	title := m.Group
	if title == "" {
		title = m.Meeting.Title
	}
	fmt.Fprintf(&b, "# %s\n\n%s %s", mdLine(title), w["minutes"], m.Meeting.Date)
	if m.Meeting.Place != "" {
		fmt.Fprintf(&b, ", %s", mdLine(m.Meeting.Place))
	}
	b.WriteString("\n")
	if len(m.Attendees) > 0 || m.Meeting.HeadCount > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", w["present"])
	}
	for _, a := range m.Attendees {
		line := a.Name
		if a.Party != "" {
			line += " (" + a.Party + ")"
		}
		if a.Capacity != "" {
			line += ", " + a.Capacity
		} else if a.Role != 0 {
			line += ", " + a.Role.Label().In(lang)
		}
		fmt.Fprintf(&b, "- %s\n", mdLine(line))
	}
	if m.Meeting.HeadCount > 0 {
		fmt.Fprintf(&b, "- "+w["heads"]+"\n", m.Meeting.HeadCount)
	}
	if len(m.Items) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", w["agenda"])
	}
	for _, it := range m.Items {
		fmt.Fprintf(&b, "%d. ", it.Number)
		switch {
		case it.Assignment != nil:
			fmt.Fprintf(&b, "**%s:** %s.", w["carried"], mdLine(it.Title))
		case it.Title != "" && it.Text != "":
			fmt.Fprintf(&b, "**%s:**", mdLine(it.Title))
		case it.Title != "":
			fmt.Fprintf(&b, "**%s.**", mdLine(it.Title))
		}
		if it.Text != "" {
			if it.Title != "" || it.Assignment != nil {
				b.WriteString(" ")
			}
			b.WriteString(indent(it.Text))
		}
		for _, a := range it.Assignments {
			fmt.Fprintf(&b, "\n   *%s:* %s: %s", w["assigned"], mdLine(a.Assignee), mdLine(a.Task))
			if !a.Due.IsZero() {
				fmt.Fprintf(&b, " (%s %s)", w["by"], a.Due)
			}
		}
		b.WriteString("\n")
	}
	if len(m.Decisions) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", w["decisions"])
	}
	for _, d := range m.Decisions {
		fmt.Fprintf(&b, "- § %d %s", d.Paragraph, mdLine(d.Subject.Kind.Label().In(lang)))
		if d.Subject.Title != "" {
			fmt.Fprintf(&b, ": %s", mdLine(d.Subject.Title))
		}
		if d.Reference != "" {
			fmt.Fprintf(&b, " (%s)", mdLine(d.Reference))
		}
		if d.Note != "" {
			fmt.Fprintf(&b, ". %s", mdLine(d.Note))
		}
		b.WriteString("\n")
	}
	if !m.Next.Date.IsZero() {
		fmt.Fprintf(&b, "\n**%s:** %s", w["next"], m.Next.Date)
		if m.Next.Place != "" {
			fmt.Fprintf(&b, ", %s", mdLine(m.Next.Place))
		}
		b.WriteString("\n")
	}
	if len(m.Attachments) > 0 {
		fmt.Fprintf(&b, "\n## %s\n", w["attachments"])
	}
	for _, a := range m.Attachments {
		fmt.Fprintf(&b, "\n### %s\n", mdLine(a.Title))
		if a.Text != "" {
			fmt.Fprintf(&b, "\n%s\n", a.Text)
		}
		if a.Link != "" {
			fmt.Fprintf(&b, "\n<%s>\n", mdLine(a.Link))
		}
		if t := a.Table; t != nil {
			b.WriteString("\n|")
			for _, c := range t.Columns {
				fmt.Fprintf(&b, " %s |", mdCell(c.Name))
			}
			b.WriteString("\n|")
			for _, c := range t.Columns {
				if c.Type == model.ColumnInteger || c.Type == model.ColumnDecimal {
					b.WriteString("---:|")
				} else {
					b.WriteString("---|")
				}
			}
			b.WriteString("\n")
			for _, row := range t.Rows {
				b.WriteString("|")
				for _, cell := range row {
					fmt.Fprintf(&b, " %s |", mdCell(cell))
				}
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// mdLine keeps a text on one line.
func mdLine(s string) string { return oneLine.Replace(s) }

// mdCell keeps a table cell on one line and its pipes escaped.
func mdCell(s string) string { return strings.ReplaceAll(mdLine(s), "|", `\|`) }

// indent keeps a paragraph of several lines inside its list item.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n   ") }
