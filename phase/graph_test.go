package phase_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
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

func TestGraphs_SwedishArrowsWithoutALabel_NameTheTarget(t *testing.T) {
	tpl := phase.Dalarna()
	for i := range tpl.Transitions {
		tpl.Transitions[i].Label = model.Label{}
	}
	sv := phase.Mermaid(tpl, model.Swedish)
	assert.Contains(t, sv, "p0 --> p1: till Genomförandefas (4 villkor)\n")
	assert.Contains(t, sv, "p2 --> p0: till Förberedande fas\n")
	assert.NotContains(t, sv, "execute", "no machine name on a Swedish arrow")
	assert.Contains(t, phase.DOT(tpl, model.Swedish), `p1 -> p2 [label="till Spridningsfas (1 villkor)"];`)
	assert.Contains(t, phase.Mermaid(tpl, model.English), "p1 --> p2: disseminate [recommendations-written]\n", "English keeps the trigger and the criteria")
}

func TestTemplate_TransitionLabel_IsOptionalInJSON(t *testing.T) {
	old := `{"id":"t","name":{"sv":"Mall","en":"Template"},"initial":"a",
		"phases":[{"id":"a","name":{"sv":"A","en":"A"}},{"id":"b","name":{"sv":"Bfas","en":"B"}}],
		"transitions":[{"trigger":"go","from":"a","to":"b"}]}`
	tpl, err := phase.ParseTemplate([]byte(old))
	require.NoError(t, err, "a template written before labels existed")
	assert.Contains(t, phase.Mermaid(tpl, model.Swedish), "p0 --> p1: till Bfas\n")
	labelled := strings.Replace(old, `"to":"b"}`, `"to":"b","label":{"sv":"gå vidare","en":"go on"}}`, 1)
	tpl, err = phase.ParseTemplate([]byte(labelled))
	require.NoError(t, err)
	assert.Equal(t, model.Label{SV: "gå vidare", EN: "go on"}, tpl.Transitions[0].Label)
	assert.Contains(t, phase.Mermaid(tpl, model.English), "p0 --> p1: go on\n")
	data, err := json.Marshal(tpl)
	require.NoError(t, err)
	again, err := phase.ParseTemplate(data)
	require.NoError(t, err)
	assert.Equal(t, tpl, again, "the label round-trips")
	_, err = phase.ParseTemplate([]byte(strings.Replace(old, `"to":"b"}`, `"to":"b","label":{"sv":"gå vidare"}}`, 1)))
	assert.ErrorIs(t, err, model.ErrRequired, "a label needs both forms")
}
