package export

import (
	"fmt"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// Gantt draws the phases planned against actual as a Mermaid Gantt chart.
// The planned bars are the current plan (as [process.State.Timeline] gives
// it, with every change of plan), one per phase; a phase without planned
// dates has no planned bar. The actual bars are the visits so far; a phase
// still running ends at the date the export is as of ([Options].AsOf, by
// default the record's last event), never at the wall clock, and a visit
// after that date is left out.
func Gantt(s *process.State, o Options) string {
	lang := o.lang()
	t := o.words()
	asOf := o.asOf(s)
	var b strings.Builder
	fmt.Fprintf(&b, "gantt\n    title %s\n    dateFormat YYYY-MM-DD\n    axisFormat %%Y-%%m\n", ganttText(s.Process().Name))
	fmt.Fprintf(&b, "    section %s\n", t["planned"])
	plan := firstCyclePlan(s)
	for i, p := range s.Template().Phases { // p<i> is the phase's place in the template
		when, ok := plan[p.ID]
		switch {
		case !ok || when.Start.IsZero():
			continue // not planned: Mermaid has no task without a start
		case when.End.IsZero() || when.End.Before(when.Start):
			fmt.Fprintf(&b, "    %s :p%d, %s, 1d\n", ganttText(p.Name.In(lang)), i, when.Start)
		default:
			fmt.Fprintf(&b, "    %s :p%d, %s, %s\n", ganttText(p.Name.In(lang)), i, when.Start, when.End.AddDays(1))
		}
	}
	fmt.Fprintf(&b, "    section %s\n", t["actual"])
	for i, v := range actualVisits(s, asOf) {
		fmt.Fprintf(&b, "    %s :a%d, %s, %s\n", ganttText(v.phase.Name.In(lang)), i, v.start, v.end)
	}
	return b.String()
}

// firstCyclePlan returns the first cycle's current plan of each phase.
func firstCyclePlan(s *process.State) map[phase.PhaseID]model.Period {
	out := map[phase.PhaseID]model.Period{}
	for _, e := range s.Timeline() {
		if e.Cycle == 1 {
			out[e.Phase.ID] = e.Phase.Planned
		}
	}
	return out
}

// plannedPhases returns each phase of the first cycle once, in the order
// the timeline first names it, with its current planned dates; phases
// without both planned dates are left out.
func plannedPhases(s *process.State) []phase.Phase {
	var out []phase.Phase
	at := map[phase.PhaseID]int{}
	for _, e := range s.Timeline() {
		if e.Cycle != 1 {
			continue // the first cycle's plan; a later cycle plans its own
		}
		if i, ok := at[e.Phase.ID]; ok {
			out[i] = e.Phase // a later entry carries the current plan
			continue
		}
		at[e.Phase.ID] = len(out)
		out = append(out, e.Phase)
	}
	kept := out[:0]
	for _, p := range out {
		if !p.Planned.Start.IsZero() && !p.Planned.End.IsZero() {
			kept = append(kept, p)
		}
	}
	return kept
}

// visit is one stay in a phase as the charts draw it: start included, end
// excluded.
type visit struct {
	phase      phase.Phase
	cycle      int
	start, end model.Date
	running    bool
}

// actualVisits returns the visits entered by asOf, a running one (or one
// left after asOf) ending at asOf.
func actualVisits(s *process.State, asOf model.Date) []visit {
	var out []visit
	for _, e := range s.Timeline() {
		if !e.Reached() {
			continue
		}
		v := visit{phase: e.Phase, cycle: e.Cycle, start: model.DateOf(e.Entered), end: asOf, running: true}
		if v.start.After(asOf) {
			continue
		}
		if !e.Left.IsZero() && !model.DateOf(e.Left).After(asOf) {
			v.end, v.running = model.DateOf(e.Left), false
		}
		if !v.end.After(v.start) {
			v.end = v.start.AddDays(1) // a bar is at least a day long
		}
		out = append(out, v)
	}
	return out
}

// PhaseGraph draws the process's template as a Mermaid state diagram, its
// arrows labelled in lang ([phase.Mermaid]).
func PhaseGraph(s *process.State, lang model.Lang) string { return phase.Mermaid(s.Template(), lang) }

// ganttText makes a text safe as a Gantt task's name.
func ganttText(s string) string { return ganttEscaper.Replace(s) }

var ganttEscaper = strings.NewReplacer(":", " ", "#", " ", ";", " ", "\n", " ", "\r", " ")

// LineageGraph draws where a measure came from and how its text changed,
// as a Mermaid flowchart: the source proposals flow into the measure,
// followed by each revision with its cause and the documents that pinned
// it. Texts are shortened to 60 characters. ok is false for an unknown
// measure.
func LineageGraph(s *process.State, measure model.MeasureID, lang model.Lang) (string, bool) {
	l, ok := s.Lineage(measure)
	if !ok {
		return "", false
	}
	label, ok := lineageLabels[lang]
	if !ok {
		label = lineageLabels[model.Swedish]
	}
	var b strings.Builder
	b.WriteString("flowchart LR\n")
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
	return b.String(), true
}

// lineageLabels are the lineage graph's words, by language.
var lineageLabels = map[model.Lang]struct{ measure, version, pinned string }{
	model.Swedish: {"Åtgärd", "version", "fastställd i"},
	model.English: {"Measure", "version", "pinned in"},
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

// mermaidText shortens a text and escapes what would end a Mermaid label
// or be read as markup inside it.
func mermaidText(s string) string { return mermaidEscaper.Replace(shorten(s, 60)) }

var mermaidEscaper = strings.NewReplacer(`"`, "#quot;", "\n", " ", "\r", " ", ";", "#59;", "%", "#37;", "<", "#60;", ">", "#62;")
