package phase_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/samling-go/samling/phase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefinition_Allows_BuiltIn(t *testing.T) {
	vg, err := phase.Build(phase.VastraGotaland(), known)
	require.NoError(t, err)
	assert.True(t, vg.Allows("anchoring", "submit-proposals"), "the February 2012 conference collects proposals")
	assert.True(t, vg.Allows("deepening", "submit-proposals"))
	assert.False(t, vg.Allows("implementation", "submit-proposals"))
	assert.Equal(t, []phase.PhaseID{"anchoring", "deepening"}, vg.AllowedIn("submit-proposals"))
	assert.Equal(t, []phase.PhaseID{"decision"}, vg.AllowedIn("decide"))
	for _, p := range vg.Phases() {
		assert.True(t, vg.Allows(p.ID, "advance"), "administration is allowed everywhere: %s", p.ID)
	}
	assert.False(t, vg.Allows("no-such-phase", "advance"))

	d, err := phase.Build(phase.Dalarna(), known)
	require.NoError(t, err)
	assert.True(t, d.Allows("preparatory", "define-indicator"), "named one by one")
	assert.False(t, d.Allows("preparatory", "submit-proposals"))
	assert.Equal(t, []phase.PhaseID{"preparatory", "dissemination"}, d.AllowedIn("decide"))
	g, ok := d.Group("define-indicator")
	assert.True(t, ok)
	assert.Equal(t, phase.FollowUp, g)
}

func TestDefinition_Allows_NoneNamedAllowsAll(t *testing.T) {
	tpl := phase.Dalarna()
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil
	}
	d, err := phase.Build(tpl, known)
	require.NoError(t, err)
	assert.Equal(t, []phase.PhaseID{"preparatory", "execution", "dissemination"}, d.AllowedIn("submit-proposals"))
	assert.True(t, d.Allows("execution", "a-command-no-one-registered"))
}

func TestBuild_UnknownAllowance(t *testing.T) {
	tpl := phase.Dalarna()
	tpl.Phases[1].Allows = append(tpl.Phases[1].Allows, "fly-to-the-moon")
	_, err := phase.Build(tpl, known)
	require.ErrorIs(t, err, phase.ErrUnknownAllowance)
	require.ErrorIs(t, err, phase.ErrInvalidTemplate)
	assert.Contains(t, err.Error(), `phases[1].allows[5]`)

	// A template naming a command by name needs the command to be known.
	_, err = phase.Build(phase.Dalarna(), phase.Known{Criteria: builtinCriteria})
	assert.ErrorIs(t, err, phase.ErrUnknownAllowance)
}

func TestValidate_Allowances(t *testing.T) {
	tpl := phase.Dalarna()
	tpl.Phases[0].Allows = []phase.Allowance{phase.Roster, phase.Roster}
	assert.ErrorIs(t, tpl.Validate(), phase.ErrDuplicateAllowance)

	tpl.Phases[0].Allows = []phase.Allowance{"not a name"}
	assert.ErrorIs(t, tpl.Validate(), phase.ErrBadName)

	tpl.Phases[0].Allows = make([]phase.Allowance, phase.MaxAllowances+1)
	assert.ErrorIs(t, tpl.Validate(), phase.ErrTooLarge)
}

func TestTemplate_AllowsJSON(t *testing.T) {
	data, err := json.Marshal(phase.VastraGotaland())
	require.NoError(t, err)
	assert.Contains(t, string(data), `"allows":["roster","meetings","proposals"]`)

	// A template without allowances, as stored before phases governed
	// commands, reads and allows everything.
	old := strings.ReplaceAll(string(data), `"allows":`, `"x":`)
	_, err = phase.ParseTemplate([]byte(old))
	require.ErrorIs(t, err, phase.ErrMalformed, "unknown fields are refused")
	tpl := phase.VastraGotaland()
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil
	}
	data, err = json.Marshal(tpl)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "allows")
	back, err := phase.ParseTemplate(data)
	require.NoError(t, err)
	d, err := phase.Build(back, known)
	require.NoError(t, err)
	assert.True(t, d.Allows("implementation", "submit-proposals"))
}

func TestClone_Allowances(t *testing.T) {
	tpl := phase.VastraGotaland()
	c := tpl.Clone()
	c.Phases[0].Allows[0] = phase.Decisions
	assert.Equal(t, phase.Roster, tpl.Phases[0].Allows[0])
}

func TestGroups(t *testing.T) {
	for _, g := range phase.Groups() {
		assert.True(t, g.IsGroup())
	}
	assert.False(t, phase.Allowance("submit-proposals").IsGroup())
	assert.Len(t, phase.Groups(), 9)
}
