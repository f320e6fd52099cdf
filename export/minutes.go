package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

var minutesWords = map[model.Lang]map[string]string{
	model.Swedish: {"minutes": "Minnesanteckningar", "protocol": "Protokoll", "present": "Närvarande", "agenda": "Föredragningslista",
		"assigned": "Uppdrag", "by": "till", "carried": "Uppdrag från tidigare möte", "decisions": "Beslut",
		"attachments": "Bilagor", "next": "Nästa möte"},
	model.English: {"minutes": "Minutes", "protocol": "Minutes", "present": "Present", "agenda": "Agenda",
		"assigned": "Assignment", "by": "by", "carried": "Assignment from an earlier meeting", "decisions": "Decisions",
		"attachments": "Attachments", "next": "Next meeting"},
}

// ErrNoMinutes is returned by [Minutes] for a meeting the process does not
// know or that has not been held.
var ErrNoMinutes = errors.New("export: no minutes: the meeting is unknown or not held")

// Minutes writes a held meeting's minutes as a Markdown document: who was
// there, the agenda with what was said and assigned under each item, the
// decisions, the next meeting and the attachments.
//
// Attendees and assignees are named under o.Names: by ID (the default),
// by pseudonym, or by name with their party. A person with a protected
// identity or whose data was disposed of is never named. Every user text
// is escaped so that it stays text (see the package documentation), and
// an attachment's link is written as a link only if it is http, https or
// mailto.
func Minutes(w io.Writer, s *process.State, meeting model.MeetingID, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	m, ok := s.Minutes(meeting)
	held, _ := s.Meeting(meeting)
	if !ok {
		return fmt.Errorf("%w: %s", ErrNoMinutes, meeting)
	}
	lang := o.lang()
	t := minutesWords[lang]
	var b strings.Builder
	title := m.Group
	if title == "" {
		title = m.Meeting.Title
	}
	heading := t["minutes"] // minnesanteckningar
	if m.Formal {
		heading = t["protocol"] // a deciding body's formal minutes: a protokoll
	}
	fmt.Fprintf(&b, "# %s\n\n%s %s", mdText(title), heading, m.Meeting.Date)
	if m.Meeting.Place != "" {
		fmt.Fprintf(&b, ", %s", mdText(m.Meeting.Place))
	}
	b.WriteString("\n")
	if len(held.Attendees) > 0 || m.Meeting.HeadCount > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t["present"])
	}
	for _, a := range held.Attendees {
		line := o.personLine(s, a.Person)
		if a.Capacity != "" {
			line += ", " + a.Capacity
		} else if a.Role != 0 {
			line += ", " + a.Role.Label().In(lang)
		}
		fmt.Fprintf(&b, "- %s\n", mdText(line))
	}
	if m.Meeting.HeadCount > 0 {
		fmt.Fprintf(&b, "- %s\n", numbers{lang}.count(m.Meeting.HeadCount, nounPart))
	}
	given := map[int][]process.Assignment{}
	for _, a := range s.Assignments(false) {
		if a.Meeting == meeting {
			given[a.Item] = append(given[a.Item], a)
		}
	}
	if len(m.Items) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t["agenda"])
	}
	for _, it := range m.Items {
		fmt.Fprintf(&b, "%d. ", it.Number)
		switch {
		case it.Assignment != nil:
			fmt.Fprintf(&b, "**%s:** %s.", t["carried"], mdText(it.Title))
		case it.Title != "" && it.Text != "":
			fmt.Fprintf(&b, "**%s:**", mdText(it.Title))
		case it.Title != "":
			fmt.Fprintf(&b, "**%s.**", mdText(it.Title))
		}
		if it.Text != "" {
			if it.Title != "" || it.Assignment != nil {
				b.WriteString(" ")
			}
			b.WriteString(mdBlock(it.Text, "   "))
		}
		for _, a := range given[it.Number] {
			fmt.Fprintf(&b, "\n   *%s:* %s: %s", t["assigned"], mdText(o.personLine(s, a.Assignee)), mdText(a.Task))
			if !a.Due.IsZero() {
				fmt.Fprintf(&b, " (%s %s)", t["by"], a.Due)
			}
		}
		b.WriteString("\n")
	}
	if len(m.Decisions) > 0 {
		fmt.Fprintf(&b, "\n## %s\n\n", t["decisions"])
	}
	for _, d := range m.Decisions {
		fmt.Fprintf(&b, "- § %d %s", d.Paragraph, mdText(d.Subject.Kind.Label().In(lang)))
		if d.Subject.Title != "" {
			fmt.Fprintf(&b, ": %s", mdText(d.Subject.Title))
		}
		if d.Reference != "" {
			fmt.Fprintf(&b, " (%s)", mdText(d.Reference))
		}
		if d.Note != "" {
			fmt.Fprintf(&b, ". %s", mdText(d.Note))
		}
		b.WriteString("\n")
	}
	if !m.Next.Date.IsZero() {
		fmt.Fprintf(&b, "\n**%s:** %s", t["next"], m.Next.Date)
		if m.Next.Place != "" {
			fmt.Fprintf(&b, ", %s", mdText(m.Next.Place))
		}
		b.WriteString("\n")
	}
	if len(m.Attachments) > 0 {
		fmt.Fprintf(&b, "\n## %s\n", t["attachments"])
	}
	for _, a := range m.Attachments {
		fmt.Fprintf(&b, "\n### %s\n", mdText(a.Title))
		if a.Text != "" {
			fmt.Fprintf(&b, "\n%s\n", mdBlock(a.Text, ""))
		}
		if a.Link != "" {
			fmt.Fprintf(&b, "\n%s\n", mdLink(a.Link))
		}
		if tab := a.Table; tab != nil {
			b.WriteString("\n|")
			for _, c := range tab.Columns {
				fmt.Fprintf(&b, " %s |", mdText(c.Name))
			}
			b.WriteString("\n|")
			for _, c := range tab.Columns {
				if c.Type == model.ColumnInteger || c.Type == model.ColumnDecimal {
					b.WriteString("---:|")
				} else {
					b.WriteString("---|")
				}
			}
			b.WriteString("\n")
			for _, row := range tab.Rows {
				b.WriteString("|")
				for _, cell := range row {
					fmt.Fprintf(&b, " %s |", mdText(cell))
				}
				b.WriteString("\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// personLine is how minutes name a person under the policy: the name and
// party when names are shown, else the ID or the pseudonym.
func (o Options) personLine(s *process.State, id model.PersonID) string {
	ref, name := o.person(s, id)
	if name == "" || o.Names != ShowNames {
		return ref
	}
	if p, _ := s.Person(id); p.Party != "" {
		return name + " (" + p.Party + ")"
	}
	return name
}
