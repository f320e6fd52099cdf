package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun_ReachesImplementationWithTheRealFacts(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
	require.NoError(t, err)
	s, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)

	assert.Equal(t, phase.PhaseID("implementation"), s.Phase().ID)
	assert.Len(t, s.Proposals(), 500)
	assert.Len(t, s.Measures(), Measures)
	municipalities := 0
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			municipalities++
			m, ok := model.LookupMunicipality(o.Code)
			require.True(t, ok)
			assert.Equal(t, "14", m.County)
		}
	}
	assert.Equal(t, 49, municipalities)

	assert.Empty(t, s.Undisposed(), "every proposal has a disposition")
	counts := s.Counts()
	for _, k := range model.DispositionKinds() {
		assert.Positive(t, counts.ByDisposition[k], "some proposals are %s", k)
	}
	for _, m := range s.Measures() {
		assert.NotEmpty(t, m.Sources, "measure %d comes from proposals", m.Number)
		for _, p := range m.Sources {
			d, ok := s.Disposition(p)
			require.True(t, ok)
			assert.Contains(t, d.Measures, m.ID, "every source of a measure is reachable")
		}
	}
	docs := s.Documents()
	require.Len(t, docs, 2, "the committee's proposal and the version revised after the remiss")
	assert.Len(t, docs[0].Items, Measures)
	twelve := s.Measures()[11]
	l, _ := s.Lineage(twelve.ID)
	assert.Len(t, l.Revisions, 3, "measure 12 was revised after the Göteborg conference and after the remiss")
	_, pinned, _ := s.Document(docs[1].ID)
	assert.Equal(t, 3, pinned[11].Revision.Version, "the revised document holds the revised text")

	// The remiss: 49 municipalities, required, and the working group's five
	// other organisations; compiled; revisions name the answers.
	rounds := s.Rounds()
	require.Len(t, rounds, 1)
	round := rounds[0]
	assert.Equal(t, consultation.Compiled, round.Status)
	assert.Len(t, round.Consultees, 54)
	required := 0
	for _, c := range round.Consultees {
		org, _ := s.Organisation(c.Organisation)
		assert.Equal(t, org.Kind == model.KindMunicipality, c.Required, org.Name)
		if c.Required {
			required++
		}
	}
	assert.Equal(t, 49, required)
	c, _ := s.Compilation(round.ID)
	assert.Positive(t, c.Late, "some answers came late")
	assert.NotEmpty(t, c.NonRespondents)
	assert.Equal(t, c.All.Answered+len(c.NonRespondents), c.All.Of)
	borås, _ := s.OrganisationByCode(model.KindMunicipality, "1490")
	var fromBorås []string
	for _, resp := range s.ResponsesBehind(twelve.ID) {
		org, _ := s.Organisation(resp.Organisation)
		fromBorås = append(fromBorås, org.Name)
		assert.NotEmpty(t, s.Fate(resp.ID))
	}
	assert.Contains(t, fromBorås, borås.Name, "Borås's answer changed measure 12")
	for _, resp := range round.Responses {
		if resp.Organisation == borås.ID {
			assert.Contains(t, s.Fate(resp.ID), process.RevisionRef{Measure: twelve.ID, Version: 3})
		}
	}

	// The decision chain: the committee unanimously, the board after the
	// remiss, the council on 24 September 2013.
	decisions := s.Decisions()
	require.Len(t, decisions, 3)
	committee := s.DecisionsBy(model.GroupCommittee)
	require.Len(t, committee, 1)
	assert.Equal(t, committee[0].Tally.Present, committee[0].Tally.Agree, "unanimous")
	assert.Equal(t, docs[0].ID, committee[0].Subject.Document, "the committee approved the December 2012 proposal")
	compiled, _ := round.At(consultation.Compiled)
	board := s.DecisionsBy(model.GroupBoard)
	require.Len(t, board, 1)
	assert.True(t, board[0].At.After(compiled), "the board approved after the remiss was compiled")
	council := s.DecisionsBy(model.GroupCouncil)
	require.Len(t, council, 1)
	m, _ := s.Meeting(council[0].Meeting)
	assert.Equal(t, model.MakeDate(2013, 9, 24), m.Date)
	assert.Equal(t, 149, council[0].Tally.Members)
	assert.Equal(t, docs[1].ID, council[0].Subject.Document, "the council adopted the revised document")

	var heads []int
	for _, m := range s.Meetings() {
		heads = append(heads, m.HeadCount)
	}
	assert.Contains(t, heads, 500, "the November 2012 conference")
	tl := s.Timeline()
	assert.Equal(t, model.MakeDate(2012, 3, 1), model.DateOf(tl[2].Entered), "deepening began in spring 2012")
	assert.Equal(t, model.MakeDate(2013, 9, 24), tl[3].Phase.Planned.End, "the council adopted on 24 September 2013")
}

func TestRun_ReplayReproducesState(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	r, err := Run(ctx, store, Config{Seed: 7, Proposals: 500})
	require.NoError(t, err)
	live, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)
	replayed, err := r.Engine.Replay(ctx, r.Process)
	require.NoError(t, err)
	assert.Equal(t, live, replayed, "the fold of the stored events is the state")

	fresh, err := process.New(store, nil)
	require.NoError(t, err)
	loaded, err := fresh.Load(ctx, r.Process)
	require.NoError(t, err)
	assert.Equal(t, live.Version(), loaded.Version())
	assert.Equal(t, live.Timeline(), loaded.Timeline())
	assert.Equal(t, live.Proposals(), loaded.Proposals())
	assert.Equal(t, live.Measures(), loaded.Measures())
	assert.Equal(t, live.Organisations(), loaded.Organisations())
	assert.Equal(t, live.Meetings(), loaded.Meetings())
}

func TestRun_SameSeedSameProcess(t *testing.T) {
	ctx := context.Background()
	print := func(seed uint64, lang model.Lang) string {
		r, err := Run(ctx, memstore.New(), Config{Seed: seed, Proposals: 500})
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, r.Print(ctx, &b, lang))
		return b.String()
	}
	a, b := print(1, model.Swedish), print(1, model.Swedish)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, print(2, model.Swedish))
	assert.Contains(t, a, "Syntetiskt: förslagen (500, frö 1)")
	assert.Contains(t, a, "Fördjupningsfas")
	en := print(1, model.English)
	assert.Contains(t, en, "Synthetic: the proposals (500, seed 1)")
	assert.Contains(t, en, "Deepening")
	assert.Contains(t, en, "500 participants")
	assert.Contains(t, en, "Sent out 2013-01-14 to 54 consultees, 49 of them required. Deadline 2013-04-12.\n  More time for 2.\n")
	assert.Contains(t, en, "Version 3, 2013-05-20: answers from")
	assert.Contains(t, en, "2013-09-24  Regionfullmäktige, § 112: \"Samling för social hållbarhet – åtgärder för jämlik hälsa i Västra Götaland\" – by acclamation (141 of 149 present)")
	assert.Contains(t, en, "Folkhälsokommittén, § 54: \"Förslag till åtgärder, december 2012\" – unanimously (8 of 9 present")
	assert.Contains(t, en, "The process is in the implementation phase.")
}

func TestRun_RefusesImpossibleCounts(t *testing.T) {
	for _, n := range []int{0, Measures - 1, process.MaxProposalsPerCommand + 1} {
		_, err := Run(context.Background(), memstore.New(), Config{Proposals: n})
		assert.Error(t, err, n)
	}
}

// BenchmarkRun is the whole example in memory, printing included; the goal
// is under 50 ms.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for range b.N {
		r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
		if err != nil {
			b.Fatal(err)
		}
		var sb strings.Builder
		if err := r.Print(ctx, &sb, model.Swedish); err != nil {
			b.Fatal(err)
		}
	}
}

func TestResult_Compilation_IsTheWholeMarkdown(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
	require.NoError(t, err)
	md, err := r.Compilation(ctx, model.Swedish)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(md, "# Sammanställning av remiss: "))
	assert.Equal(t, Measures, strings.Count(md, "\n## Åtgärd "), "a section per measure sent out")
	assert.Contains(t, md, "## Har inte svarat")
}

func TestRun_ExportsOpenInTheirTools(t *testing.T) {
	files, s := scenariotest.Exports(t, run, 2011, model.Swedish) // and no person's name in any

	// The calendar parses, with every meeting and the remiss's deadlines.
	cal, err := ics.ParseCalendar(strings.NewReader(files["calendar.ics"]))
	require.NoError(t, err)
	assert.Len(t, cal.Events(), len(s.Meetings())+1+2, "the meetings, the deadline and the two extensions")
	var council bool
	for _, e := range cal.Events() {
		if strings.Contains(e.GetProperty(ics.ComponentPropertySummary).Value, "Regionfullmäktige") {
			start, err := e.GetAllDayStartAt()
			require.NoError(t, err)
			council = start.Format("2006-01-02") == "2013-09-24"
		}
	}
	assert.True(t, council, "the council's meeting of 24 September 2013")

	// The CSV files round-trip through a CSV reader, Swedish intact (and
	// so separated by semicolons).
	for name, rowsWant := range map[string]int{"proposals.csv": 500, "measures.csv": Measures, "matrix.csv": len(s.Matrix())} {
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(files[name], "\ufeff")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		require.NoError(t, err, name)
		assert.Len(t, rows, rowsWant+1, name)
	}
	assert.Contains(t, files["responses.csv"], "Borås")
	assert.Contains(t, files["responses.csv"], "tillstyrker med ändringar", "a stance in Swedish")
	assert.Contains(t, files["report.md"], "## Uppföljning")
	assert.Contains(t, files["popolo.json"], `"identifier": "1490"`, "Borås's municipality code")
}

// BenchmarkExports writes every export of the whole Västra Götaland run to
// memory: the Markdown and HTML reports, Popolo, the four CSV files, the
// calendar and the Gantt chart.
func BenchmarkExports(b *testing.B) {
	s := wholeRun(b)
	o := export.Options{}
	now := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		for _, write := range []func() error{
			func() error { return export.Report(&buf, s, o) },
			func() error { return export.HTMLReport(&buf, s, o) },
			func() error { _, err := export.PopoloJSON(s, o); return err },
			func() error { return export.ProposalsCSV(&buf, s, o) },
			func() error { return export.MeasuresCSV(&buf, s, o) },
			func() error { return export.ResponsesCSV(&buf, s, o) },
			func() error { return export.MatrixCSV(&buf, s, o) },
			func() error { return export.Calendar(&buf, s, o, now) },
			func() error { _ = export.Gantt(s, o); return nil },
		} {
			if err := write(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSpreadsheet writes the workbook of the whole Västra Götaland
// run (500 proposals, the measures, the remiss answers, the matrix) to
// memory.
func BenchmarkSpreadsheet(b *testing.B) {
	s := wholeRun(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := export.Spreadsheet(&buf, s, export.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// wholeRun runs the whole example (seed 2011, 500 proposals) into memory
// and returns its process's state, for the benchmarks of its exports.
func wholeRun(tb testing.TB) *process.State {
	tb.Helper()
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
	require.NoError(tb, err)
	s, err := r.Engine.Load(ctx, r.Process)
	require.NoError(tb, err)
	return s
}

// run is the example as the shared tests run it.
func run(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error) {
	return Run(ctx, store, Config{Seed: seed, Proposals: 500})
}

func TestRun_TwiceOnOneDatabase_ReportsInsteadOfDuplicating(t *testing.T) {
	scenariotest.TwiceOnOneDatabase(t, run, 3)
}

func TestRun_ResumesAnInterruptedRun(t *testing.T) { scenariotest.ResumesAfterPowerCut(t, run, 5, 90) }
