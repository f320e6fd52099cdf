package export_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/samling-go/samling/export"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOmitNames_WhatAppears checks what docs/exports.md says of the
// default policy: Popolo keeps persons by ID with an empty name; the CSV
// files leave the person's cell blank.
func TestOmitNames_WhatAppears(t *testing.T) {
	s := fixture(t)
	p, err := export.ToPopolo(s, export.Options{})
	require.NoError(t, err)
	require.NotEmpty(t, p.Persons)
	for _, person := range s.Persons() {
		found := false
		for _, pp := range p.Persons {
			if pp.ID == person.ID.String() {
				found = true
				assert.Empty(t, pp.Name)
			}
		}
		assert.True(t, found, "every person is in the Popolo file by ID")
	}

	var b strings.Builder
	require.NoError(t, export.ProposalsCSV(&b, s, export.Options{}))
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff")))
	r.Comma = ';' // Swedish, the default language, writes semicolons
	rows, err := r.ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 2)
	for i, cell := range rows[1] {
		for _, person := range s.Persons() {
			assert.NotEqual(t, person.ID.String(), cell, "column %s holds no person's ID", rows[0][i])
		}
	}
	var shown strings.Builder
	require.NoError(t, export.ProposalsCSV(&shown, s, export.Options{Names: export.ShowNames}))
	assert.Contains(t, shown.String(), "Marielle Welander", "the submitter's column, under ShowNames")
}
