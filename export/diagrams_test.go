package export_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLineageGraph_DrawsSourcesRevisionsAndDocuments(t *testing.T) {
	proc := record(t, process.ClockFunc(func() time.Time { return time.Date(2012, 12, 1, 9, 0, 0, 0, time.UTC) }))
	id, do := proc.id, proc.do
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: anyPhase(phase.VastraGotaland())})
	org, _ := model.MunicipalityOrganisation("1490")
	do(process.RegisterOrganisation{Organisation: org})
	props := []model.Proposal{
		{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "Förslag 1", Submitter: model.Submitter{Organisation: org.ID}},
		{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: `Förslag "2"; 100%`, Submitter: model.Submitter{Organisation: org.ID}},
	}
	do(process.SubmitProposals{Proposals: props})
	m := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Text: "Kommunerna erbjuder läxhjälp", Sources: []model.ProposalID{props[0].ID, props[1].ID}}
	do(process.CreateMeasure{Measure: m})
	do(process.ReviseMeasure{Measure: m.ID, Text: "Kommunerna och regionen erbjuder läxhjälp", Cause: model.Cause{Reference: "RS 2013/12", Note: "Remissvar från Borås"}})
	do(process.PinDocument{Document: model.NewID[model.Document](), Title: "Åtgärdsförslag, december 2012"})
	s := proc.state()

	graph, ok := export.LineageGraph(s, m.ID, model.English)
	require.True(t, ok)
	assert.Equal(t, `flowchart LR
    m["Measure 1: Läxhjälp"]
    p0["Förslag 1"] --> m
    p1["Förslag #quot;2#quot;#59; 100#37;"] --> m
    m --> r2["version 2: RS 2013/12, Remissvar från Borås"]
    r2 -. pinned in .-> d0["Åtgärdsförslag, december 2012"]
`, graph)
	sv, _ := export.LineageGraph(s, m.ID, model.Swedish)
	assert.Contains(t, sv, `m["Åtgärd 1: Läxhjälp"]`)
	assert.Contains(t, sv, "-. fastställd i .->")
}
