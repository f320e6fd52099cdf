package phase_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// FuzzTemplate checks that no template, however malformed, makes the
// library panic: ParseTemplate either refuses it or returns one that Build
// accepts, and every trigger fired from every phase of a built definition
// either moves to a phase of the template or is refused with a typed error.
func FuzzTemplate(f *testing.F) {
	for _, tpl := range []phase.Template{phase.VastraGotaland(), phase.Dalarna()} {
		data, _ := json.Marshal(tpl)
		f.Add(data, uint8(0))
	}
	f.Add([]byte(`{"id":"t","name":{"sv":"a","en":"a"},"initial":"a","phases":[{"id":"a","name":{"sv":"A","en":"A"}}],"transitions":[{"trigger":"x","from":"a","to":"a"},{"trigger":"x","from":"a","to":"a"}]}`), uint8(1))
	f.Add([]byte(`{"phases":[{"planned":{"start":"2012-02-30"}}]}`), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, holds uint8) {
		tpl, err := phase.ParseTemplate(data)
		if err != nil {
			return
		}
		var names []phase.CriterionName
		for _, tr := range tpl.Transitions {
			names = append(names, tr.Criteria...)
		}
		commands := map[string]phase.Allowance{}
		for _, p := range tpl.Phases {
			for _, a := range p.Allows {
				commands[string(a)] = phase.Roster
			}
		}
		def, err := phase.Build(tpl, phase.Known{Criteria: names, Commands: commands})
		if err != nil {
			t.Fatalf("ParseTemplate accepted a template Build refuses: %v", err)
		}
		_ = phase.Mermaid(tpl, model.Swedish)
		_ = phase.DOT(tpl, model.English)
		i := 0
		check := func(phase.CriterionName) bool { i++; return holds>>(i%8)&1 == 1 }
		for _, p := range tpl.Phases {
			for _, tr := range tpl.Transitions {
				current := p.ID
				_, err := def.Machine(&current).Fire(context.Background(), tr.Trigger, check)
				if _, ok := def.Phase(current); !ok {
					t.Fatalf("fired %q from %q into unknown phase %q (err %v)", tr.Trigger, p.ID, current, err)
				}
				if err != nil && current != p.ID {
					t.Fatalf("a refused trigger moved the phase from %q to %q", p.ID, current)
				}
			}
		}
	})
}
