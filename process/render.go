package process

import (
	"fmt"
	"strings"

	"github.com/samling-go/samling/model"
)

// Mermaid draws the lineage as a Mermaid flowchart: the source proposals
// flow into the measure, followed by each revision with its cause and the
// documents that pinned it. Texts are shortened to 60 characters.
func (l Lineage) Mermaid(lang model.Lang) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	label := map[model.Lang]struct{ measure, version, pinned string }{
		model.Swedish: {"Åtgärd", "version", "fastställd i"},
		model.English: {"Measure", "version", "pinned in"},
	}[lang]
	if label.measure == "" {
		label = struct{ measure, version, pinned string }{"Åtgärd", "version", "fastställd i"}
	}
	fmt.Fprintf(&b, "    m[\"%s %d: %s\"]\n", label.measure, l.Measure.Number, mermaidText(l.Measure.Title))
	for i, p := range l.Sources {
		fmt.Fprintf(&b, "    p%d[\"%s\"] --> m\n", i, mermaidText(p.Title))
	}
	prev := "m"
	for _, r := range l.Revisions[min(1, len(l.Revisions)):] {
		node := fmt.Sprintf("r%d", r.Version)
		fmt.Fprintf(&b, "    %s --> %s[\"%s %d: %s\"]\n", prev, node, label.version, r.Version, mermaidText(causeText(r.Cause)))
		prev = node
	}
	for i, d := range l.Documents {
		fmt.Fprintf(&b, "    %s -. %s .-> d%d[\"%s\"]\n", prev, label.pinned, i, mermaidText(d.Title))
	}
	return b.String()
}

func causeText(c model.Cause) string {
	parts := []string{}
	if c.Reference != "" {
		parts = append(parts, c.Reference)
	}
	if c.Note != "" {
		parts = append(parts, c.Note)
	}
	return strings.Join(parts, ", ")
}

// mermaidText shortens a text and escapes what would end a Mermaid label.
func mermaidText(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", ";", "#59;", "%", "#37;").Replace(s)
}

var minutesWords = map[model.Lang]map[string]string{
	model.Swedish: {"minutes": "Minnesanteckningar", "protocol": "Protokoll", "present": "Närvarande", "agenda": "Föredragningslista",
		"assigned": "Uppdrag", "by": "till", "carried": "Uppdrag från tidigare möte", "decisions": "Beslut",
		"attachments": "Bilagor", "next": "Nästa möte", "heads": "%d deltagare"},
	model.English: {"minutes": "Minutes", "protocol": "Minutes", "present": "Present", "agenda": "Agenda",
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
	heading := w["minutes"]
	if m.Formal {
		heading = w["protocol"]
	}
	fmt.Fprintf(&b, "# %s\n\n%s %s", mdLine(title), heading, m.Meeting.Date)
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
