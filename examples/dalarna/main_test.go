package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun_TheSamradIsCompiledBeforeExecution(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), 2014)
	require.NoError(t, err)
	s, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)

	tl := s.Timeline()
	assert.Equal(t, model.MakeDate(2015, 5, 20), model.DateOf(tl[1].Entered), "the opening workshop of May 2015")

	municipalities := map[string]bool{}
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			m, ok := model.LookupMunicipality(o.Code)
			require.True(t, ok)
			assert.Equal(t, "20", m.County)
			municipalities[o.Code] = true
		}
	}
	assert.Len(t, municipalities, 15, "the county's 15 municipalities")
	assert.Len(t, s.Areas(), 4, "the four intervention areas")

	rounds := s.Rounds()
	require.Len(t, rounds, 1)
	round := rounds[0]
	assert.Equal(t, consultation.Samrad, round.Kind)
	assert.Equal(t, consultation.Compiled, round.Status)
	assert.Len(t, round.Consultees, 19)
	sent, _ := round.At(consultation.Open)
	compiled, _ := round.At(consultation.Compiled)
	assert.Equal(t, model.Date{Year: 2015, Month: 1, Day: 12}, model.DateOf(sent), "January 2015")
	assert.Equal(t, 2, int(model.DateOf(compiled).Month), "compiled in February 2015")
	assert.True(t, compiled.Before(tl[1].Entered), "compiled before the execution phase")

	c, _ := s.Compilation(round.ID)
	gagnef, _ := s.OrganisationByCode(model.KindMunicipality, silent)
	leksand, _ := s.OrganisationByCode(model.KindMunicipality, late)
	require.Len(t, c.NonRespondents, 1)
	assert.Equal(t, gagnef.ID, c.NonRespondents[0].Organisation)
	assert.Equal(t, consultation.Rate{Answered: 14, Of: 15}, c.Required)
	assert.Equal(t, 1, c.Late)
	notes := 0
	for _, resp := range round.Responses {
		assert.Equal(t, resp.Organisation == leksand.ID, resp.Late, "only Leksand is late")
		if strings.HasPrefix(resp.Reference, "Anteckningar från samrådsmöte") {
			notes++
		}
	}
	assert.Equal(t, 11, notes, "the municipalities at the two dialogue meetings answer with the notes")

	revised := 0
	for _, m := range s.Measures() {
		for _, resp := range s.ResponsesBehind(m.ID) {
			assert.Contains(t, s.Fate(resp.ID), process.RevisionRef{Measure: m.ID, Version: 2})
		}
		if len(s.ResponsesBehind(m.ID)) > 0 {
			revised++
		}
	}
	assert.Positive(t, revised, "the samråd changed the proposal")
	docs := s.Documents()
	require.Len(t, docs, 2, "the proposal sent out, and the invitation")
	assert.Equal(t, round.Document, docs[0].ID)

	replayed, err := r.Engine.Replay(ctx, r.Process)
	require.NoError(t, err)
	assert.Equal(t, s, replayed)
}

func TestRun_TheWholeProcessIntoANewCycle(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), 2014)
	require.NoError(t, err)
	s, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)

	// preparatory → execution → dissemination → preparatory, cycle 2.
	assert.Equal(t, phase.PhaseID("preparatory"), s.Phase().ID)
	assert.Equal(t, 2, s.Cycle())
	var visits []string
	for _, e := range s.Timeline() {
		if e.Reached() {
			visits = append(visits, fmt.Sprintf("%s %d %s", e.Phase.ID, e.Cycle, model.DateOf(e.Entered)))
		}
	}
	assert.Equal(t, []string{"preparatory 1 2014-11-03", "execution 1 2015-05-20", "dissemination 1 2016-10-03", "preparatory 2 2017-01-09"}, visits)

	// Invited in February 2015; each decides for itself by April.
	invitations := s.Invitations()
	require.Len(t, invitations, 19)
	var declined []string
	for _, inv := range invitations {
		require.NotNil(t, inv.Decision)
		assert.Equal(t, model.MakeDate(2015, 2, 25), model.DateOf(inv.At))
		assert.True(t, inv.Decision.Date.Before(model.MakeDate(2015, 5, 1)), "decided by April 2015")
		assert.NotEmpty(t, inv.Decision.Body)
		if !inv.Decision.Joins {
			org, _ := s.Organisation(inv.Organisation)
			declined = append(declined, org.Name)
		} else {
			assert.NotEmpty(t, inv.Decision.Areas, "a participant shares responsibility for an area")
		}
	}
	assert.Equal(t, []string{"Gagnef", "Polismyndigheten i Dalarna"}, declined)
	assert.Len(t, s.Participants(), 17)

	// Six workshops, the opening and closing ones included; the two
	// recommendations of the final report.
	workshops := 0
	for _, m := range s.Meetings() {
		if m.Kind == model.MeetingWorkshop {
			workshops++
			assert.True(t, m.Held)
		}
	}
	assert.Equal(t, 6, workshops)
	recs := s.Recommendations()
	require.Len(t, recs, 2)
	assert.Equal(t, "Skapa en regional arena för sociala innovationer i Dalarna.", recs[1].Title)
	thematic := 0
	for _, g := range s.Groups() {
		if g.Kind == model.GroupThematicWorking {
			thematic++
			assert.NotEmpty(t, s.Members(g.ID, model.MakeDate(2015, 6, 1)), g.Name)
		}
	}
	assert.Equal(t, 4, thematic, "a working group per intervention area")

	// The decision that starts the next step.
	decisions := s.Decisions()
	require.Len(t, decisions, 1)
	assert.Equal(t, model.SubjectPhase, decisions[0].Subject.Kind)
	assert.Equal(t, "restart", decisions[0].Subject.Trigger)

	// The Leksand meeting of 16 September 2014, from its minutes.
	var leksand process.Meeting
	for _, m := range s.Meetings() {
		if m.Date == model.MakeDate(2014, 9, 16) {
			leksand = m
		}
	}
	require.True(t, leksand.Held)
	assert.Len(t, leksand.Attendees, 9)
	assert.Len(t, leksand.Agenda, 9)
	days, ok := leksand.Attachments[0].Table.Int(2, 1)
	require.True(t, ok)
	assert.Equal(t, int64(576), days, "discharge-ready days in 2014")
	assert.Equal(t, model.MakeDate(2014, 11, 24), leksand.Next.Date)
	var november process.Meeting
	for _, m := range s.Meetings() {
		if m.Date == leksand.Next.Date {
			november = m
		}
	}
	agenda := s.Agenda(november.ID)
	require.Len(t, agenda, 6, "five items planned and Marielle's assignment carried")
	require.NotNil(t, agenda[5].Assignment)
	assignee, _ := s.Person(agenda[5].Assignment.Assignee)
	assert.Equal(t, "Marielle Welander", assignee.Name)

	// The attached table is also two indicators, from the real figures.
	inds := s.Indicators()
	require.Len(t, inds, 2)
	obs := s.Observations(inds[0].ID)
	require.Len(t, obs, 11, "2012, 2013 and January–September 2014")
	assert.Equal(t, 556.0, obs[1].Value)
	assert.Equal(t, model.MakeDate(2014, 9, 30), obs[10].Period.End)
	assert.Equal(t, 211.0, s.Observations(inds[1].ID)[10].Value, "days charged in September 2014")
}

func TestRun_SameSeedSameOutput(t *testing.T) {
	ctx := context.Background()
	print := func(seed uint64, lang model.Lang) string {
		r, err := Run(ctx, memstore.New(), seed)
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, r.Print(ctx, &b, lang))
		return b.String()
	}
	a := print(1, model.Swedish)
	assert.Equal(t, a, print(1, model.Swedish))
	assert.NotEqual(t, a, print(2, model.Swedish))
	assert.Contains(t, a, "Syntetiskt (frö 1)")
	en := print(1, model.English)
	assert.Contains(t, en, "Sent out 2015-01-12 to 19 consultees, 15 of them required.")
	assert.Contains(t, en, "Did not answer: Gagnef.")
	assert.Contains(t, en, "Participation: 19 invited, 17 take part; declining: Gagnef, Polismyndigheten i Dalarna.")
	assert.Contains(t, en, "2016-09-21  Avslutande workshop, Falun, 57 participants")
	assert.Contains(t, en, "  2. Skapa en regional arena för sociala innovationer i Dalarna.")
	assert.Contains(t, en, "The process is in the preparatory phase, cycle 2, since 2017-01-09")
	assert.Contains(t, en, "# Politisk samverkansberedning kommun–landsting, Leksand\n\nMinutes 2014-09-16, Leksand, plenisalen")
	assert.Contains(t, en, "- Kenneth Dahlström (C), Ordförande i utskottet för vård och omsorg")
	assert.Contains(t, en, "*Assignment:* Marielle Welander: Förklara skillnaderna mellan psykisk sjukdom och psykisk ohälsa (by 2014-11-24)")
	assert.Contains(t, en, "| 2014 | 576 | 265 |")
	assert.Contains(t, en, "**Next meeting:** 2014-11-24, Vårdcentralen")
}

func TestResult_Compilation(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), 2014)
	require.NoError(t, err)
	md, err := r.Compilation(ctx, model.Swedish)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(md, "# Sammanställning av samråd: "))
	assert.Contains(t, md, "obligatoriska samrådsparter: 14 / 15")
	assert.Equal(t, 7, strings.Count(md, "\n## Åtgärd "), "a section per item sent out")
}

// BenchmarkRun is the whole example in memory, printing included.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for range b.N {
		r, err := Run(ctx, memstore.New(), 2014)
		if err != nil {
			b.Fatal(err)
		}
		var sb strings.Builder
		if err := r.Print(ctx, &sb, model.Swedish); err != nil {
			b.Fatal(err)
		}
	}
}

// run is the example as the shared tests run it.
func run(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error) {
	return Run(ctx, store, seed)
}

func TestRun_TwiceOnOneDatabase_ReportsInsteadOfDuplicating(t *testing.T) {
	scenariotest.TwiceOnOneDatabase(t, run, 3)
}

func TestRun_ResumesAnInterruptedRun(t *testing.T) { scenariotest.ResumesAfterPowerCut(t, run, 5, 70) }

func TestRun_ExportsNameNoOne(t *testing.T) { scenariotest.Exports(t, run, 2014, model.English) }
