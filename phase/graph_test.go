package phase_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestGraphs_Golden(t *testing.T) {
	for _, tpl := range []phase.Template{phase.VastraGotaland(), phase.Dalarna()} {
		for _, g := range []struct {
			ext  string
			draw func(phase.Template, model.Lang) string
		}{{"mmd", phase.Mermaid}, {"dot", phase.DOT}} {
			for _, lang := range []model.Lang{model.Swedish, model.English} {
				name := filepath.Join("testdata", tpl.ID+"."+string(lang)+"."+g.ext)
				got := g.draw(tpl, lang)
				if *update {
					require.NoError(t, os.WriteFile(name, []byte(got), 0o644))
				}
				want, err := os.ReadFile(name)
				require.NoError(t, err, "run go test ./phase -update to create it")
				assert.Equal(t, string(want), got, name)
			}
		}
	}
}

func TestGraphs_EscapeNames(t *testing.T) {
	tpl := phase.Dalarna()
	tpl.Phases[0].Name.SV = `Fas "ett"; 100%`
	tpl.Phases[0].Allows = nil
	assert.Contains(t, phase.Mermaid(tpl, model.Swedish), `state "Fas #quot;ett#quot;#59; 100#37;" as p0`)
	assert.Contains(t, phase.DOT(tpl, model.Swedish), `p0 [label="Fas \"ett\"; 100%"];`)
}

func TestGraphs_ShowAllowances(t *testing.T) {
	tpl := phase.VastraGotaland()
	assert.Contains(t, phase.Mermaid(tpl, model.English), "    p4: allows roster, meetings, follow-up\n")
	assert.Contains(t, phase.Mermaid(tpl, model.Swedish), "    p0: tillåter roster, meetings\n")
	assert.Contains(t, phase.DOT(tpl, model.English), `p1 [label="Anchoring and mobilisation\nallows roster, meetings, proposals"];`)

	tpl.Phases[4].Allows = nil // allows everything: nothing to say
	assert.NotContains(t, phase.Mermaid(tpl, model.English), "\n    p4: ")
	assert.Contains(t, phase.DOT(tpl, model.English), `p4 [label="Implementation"];`)
}
