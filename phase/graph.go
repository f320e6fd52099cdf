package phase

import (
	"fmt"
	"strings"

	"github.com/samling-go/samling/model"
)

// Mermaid draws the template as a Mermaid state diagram, with phase names in
// lang, under each phase what it allows (see [Phase].Allows; nothing is
// written for a phase that allows everything), and each transition
// labelled with its trigger and criteria. Phases are named p0, p1, … in the
// diagram, so any phase ID draws safely.
func Mermaid(t Template, lang model.Lang) string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	index := phaseIndex(t)
	fmt.Fprintf(&b, "    [*] --> p%d\n", index[t.Initial])
	for i, p := range t.Phases {
		fmt.Fprintf(&b, "    state \"%s\" as p%d\n", mermaidText(p.Name.In(lang)), i)
	}
	for i, p := range t.Phases {
		if len(p.Allows) > 0 {
			fmt.Fprintf(&b, "    p%d: %s\n", i, mermaidText(allowsLabel(p, lang)))
		}
	}
	for _, tr := range t.Transitions {
		fmt.Fprintf(&b, "    p%d --> p%d: %s\n", index[tr.From], index[tr.To], mermaidText(edgeLabel(t, tr, lang)))
	}
	return b.String()
}

// DOT draws the template as a Graphviz digraph, with phase names in lang and
// what each phase allows below its name (see [Phase].Allows), and each
// transition labelled with its trigger and criteria.
func DOT(t Template, lang model.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(t.ID))
	b.WriteString("    rankdir=LR;\n    node [shape=box, style=rounded];\n")
	b.WriteString("    start [shape=point];\n")
	index := phaseIndex(t)
	for i, p := range t.Phases {
		label := p.Name.In(lang)
		if len(p.Allows) > 0 {
			label += "\n" + allowsLabel(p, lang)
		}
		fmt.Fprintf(&b, "    p%d [label=%s];\n", i, dotQuote(label))
	}
	fmt.Fprintf(&b, "    start -> p%d;\n", index[t.Initial])
	for _, tr := range t.Transitions {
		fmt.Fprintf(&b, "    p%d -> p%d [label=%s];\n", index[tr.From], index[tr.To], dotQuote(edgeLabel(t, tr, lang)))
	}
	b.WriteString("}\n")
	return b.String()
}

func phaseIndex(t Template) map[PhaseID]int {
	index := make(map[PhaseID]int, len(t.Phases))
	for i, p := range t.Phases {
		index[p.ID] = i
	}
	return index
}

// allowsLabel says what a phase allows, in lang.
func allowsLabel(p Phase, lang model.Lang) string {
	word := "allows"
	if lang == model.Swedish {
		word = "tillåter"
	}
	return word + " " + joinNames(p.Allows)
}

// edgeLabel is what an arrow says in lang: the transition's label, or
// without one "till" and the target phase in Swedish and the trigger in
// English; then its criteria, by name in English and counted in Swedish
// (their names are identifiers in English).
func edgeLabel(t Template, tr Transition, lang model.Lang) string {
	label := tr.Label.In(lang)
	if label == "" {
		if lang == model.English {
			label = string(tr.Trigger)
		} else {
			label = "till " + t.phaseName(tr.To, lang)
		}
	}
	switch {
	case len(tr.Criteria) == 0:
		return label
	case lang == model.English:
		return label + " [" + joinNames(tr.Criteria) + "]"
	default:
		return fmt.Sprintf("%s (%d villkor)", label, len(tr.Criteria))
	}
}

// phaseName returns a phase's name in lang, its ID if it has none.
func (t Template) phaseName(id PhaseID, lang model.Lang) string {
	for _, p := range t.Phases {
		if p.ID == id && p.Name.In(lang) != "" {
			return p.Name.In(lang)
		}
	}
	return string(id)
}

// mermaidText escapes what would end a Mermaid label or start a comment.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", ";", "#59;", "%", "#37;").Replace(s)
}

// dotQuote returns s as a DOT quoted string.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
