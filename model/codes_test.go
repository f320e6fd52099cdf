package model_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMunicipalities_MatchReferenceTable(t *testing.T) {
	rows := readReference(t, "municipalities.csv")
	all := model.Municipalities()
	require.Len(t, all, 290)
	require.Len(t, rows, 290)
	for i, r := range rows {
		assert.Equal(t, model.Municipality{Code: r[0], Name: r[2], County: r[3]}, all[i])
		assert.Equal(t, r[3], r[0][:2], "the first two digits of %s are its county", r[0])
	}
}

func TestCounties_MatchReferenceTable(t *testing.T) {
	rows := readReference(t, "counties.csv")
	require.Len(t, model.Counties(), 21)
	for i, r := range rows {
		assert.Equal(t, model.County{Code: r[0], Name: r[1], ShortName: r[2]}, model.Counties()[i])
	}
}

func TestMunicipalitiesIn_KnownCounts(t *testing.T) {
	assert.Len(t, model.MunicipalitiesIn("14"), 49, "Västra Götaland")
	assert.Len(t, model.MunicipalitiesIn("20"), 15, "Dalarna")
	assert.Empty(t, model.MunicipalitiesIn("99"))

	vg := model.MunicipalitiesIn("14")
	for i := 1; i < len(vg); i++ {
		assert.Negative(t, model.CompareSwedish(vg[i-1].Name, vg[i].Name), "%s before %s", vg[i-1].Name, vg[i].Name)
	}
	assert.Equal(t, "Ale", vg[0].Name)
	assert.Equal(t, "Öckerö", vg[len(vg)-1].Name)
}

func TestLookup(t *testing.T) {
	m, ok := model.LookupMunicipality("2080")
	require.True(t, ok)
	assert.Equal(t, "Falun", m.Name)
	assert.Equal(t, "20", m.County)

	c, ok := model.LookupCounty("14")
	require.True(t, ok)
	assert.Equal(t, "Västra Götalands län", c.Name)

	_, ok = model.LookupMunicipality("9999")
	assert.False(t, ok)
	_, ok = model.LookupCounty("00")
	assert.False(t, ok)
}

// readReference reads a file of the shared reference data, beside the project.
func readReference(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("../../shared/reference/" + name)
	if err != nil {
		t.Skipf("reference data not beside the project (%v); the embedded copy is still tested by the counts", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows[1:]
}
