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
		fmt.Fprintf(&b, "    p%d --> p%d: %s\n", index[tr.From], index[tr.To], mermaidText(edgeLabel(tr)))
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
		fmt.Fprintf(&b, "    p%d -> p%d [label=%s];\n", index[tr.From], index[tr.To], dotQuote(edgeLabel(tr)))
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

func edgeLabel(tr Transition) string {
	if len(tr.Criteria) == 0 {
		return string(tr.Trigger)
	}
	return string(tr.Trigger) + " [" + joinNames(tr.Criteria) + "]"
}

// mermaidText escapes what would end a Mermaid label or start a comment.
func mermaidText(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", ";", "#59;", "%", "#37;").Replace(s)
}

// dotQuote returns s as a DOT quoted string.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
