package readmodel

import (
	"os"
	"strings"
	"testing"
)

// docs/integration.md documents every table and column, each table under
// a heading of its own name and each column in its table.
func TestDocs_EveryTableAndColumn(t *testing.T) {
	b, err := os.ReadFile("../../../docs/integration.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	section := func(name string) string {
		i := strings.Index(doc, "\n### "+name+"\n")
		if i < 0 {
			return ""
		}
		rest := doc[i+len(name)+6:]
		if j := strings.Index(rest, "\n### "); j >= 0 {
			rest = rest[:j]
		}
		return rest
	}
	all := append([]table{}, tables...)
	all = append(all, table{name: checkpointTable, columns: []column{{name: "id"}, {name: "position"}, {name: "schema_version"}, {name: "settings"}}})
	for _, tb := range all {
		s := section(DefaultPrefix + tb.name)
		if s == "" {
			t.Errorf("docs/integration.md has no section ### %s", DefaultPrefix+tb.name)
			continue
		}
		for _, c := range tb.columns {
			if !strings.Contains(s, "`"+c.name+"`") {
				t.Errorf("docs/integration.md: %s does not document the column %s", DefaultPrefix+tb.name, c.name)
			}
		}
	}
}
