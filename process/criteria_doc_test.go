package process_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// criteriaTable renders the built-in criteria as the Markdown of
// docs/criteria.md.
func criteriaTable() string {
	var b strings.Builder
	b.WriteString("# The built-in criteria\n\n")
	b.WriteString("Generated from `process.BuiltinCriteria()` (each criterion's Name, Label and\n")
	b.WriteString("Description) by `go test ./process -run TestCriteriaDoc -update`; the test\n")
	b.WriteString("fails when this page and the code disagree. A template names a criterion\n")
	b.WriteString("by its name; one the engine does not know is refused when the template is\n")
	b.WriteString("started, and when a stored process is loaded, with an error wrapping\n")
	b.WriteString("`process.ErrUnknownCriterion` that names it.\n\n")
	b.WriteString("| Name | Label | Holds when |\n|---|---|---|\n")
	for _, c := range process.BuiltinCriteria() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Name, c.Label.EN, c.Description.EN)
	}
	b.WriteString("\n## På svenska\n\n| Namn | Etikett | Gäller när |\n|---|---|---|\n")
	for _, c := range process.BuiltinCriteria() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Name, c.Label.SV, c.Description.SV)
	}
	return b.String()
}

func TestCriteriaDoc_EveryBuiltinDescribed_PageMatches(t *testing.T) {
	for _, c := range process.BuiltinCriteria() {
		assert.NotEmpty(t, c.Description.SV, c.Name)
		assert.NotEmpty(t, c.Description.EN, c.Name)
	}
	const path = "../docs/criteria.md"
	want := criteriaTable()
	if *updateDocs {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./process -run TestCriteriaDoc -update")
	assert.Equal(t, want, string(got), "docs/criteria.md is stale: run go test ./process -run TestCriteriaDoc -update")
}
