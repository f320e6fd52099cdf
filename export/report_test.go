package export_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countsFixture is a process whose numbers test how the report writes
// them: a survey sent to 8 organisations and answered by 5, a measure
// implemented by 3 of 8 of them, one of 1 500 kr nobody has assessed, a
// council of 149 seats with 1 registered member, and a phase replanned and
// one without planned dates. Its last event is on 2016-10-03.
func countsFixture(t *testing.T) *process.State {
	now := time.Date(2014, 11, 3, 9, 0, 0, 0, time.UTC)
	proc := record(t, process.ClockFunc(func() time.Time { return now }))
	id, do := proc.id, proc.do
	tpl := anyPhase(phase.Dalarna())
	for i := range tpl.Transitions {
		tpl.Transitions[i].Criteria = nil
	}
	tpl.Phases[2].Planned = model.Period{} // dissemination has no planned dates
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: tpl})
	var orgs []model.OrganisationID
	for _, code := range []string{"2021", "2023", "2026", "2029", "2031", "2034", "2039", "2061"} {
		o, ok := model.MunicipalityOrganisation(code)
		require.True(t, ok, code)
		do(process.RegisterOrganisation{Organisation: o})
		orgs = append(orgs, o.ID)
	}
	council := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCouncil, Name: "Regionfullmäktige", Seats: 149,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	do(process.FormGroup{Group: council})
	member := model.Person{ID: model.NewID[model.Person](), Name: "Anna Andersson"}
	do(process.RegisterPerson{Person: member})
	do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: council.ID, Member: model.Member{Person: member.ID}, Role: model.RoleChair, Period: model.Period{Start: model.MakeDate(2014, 1, 1)}}})
	m1 := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Text: "Läxhjälp"}
	m2 := model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Familjecentraler", Text: "Familjecentraler", Amount: model.Kronor(1500)}
	do(process.CreateMeasure{Measure: m1})
	do(process.CreateMeasure{Measure: m2})
	var entries []followup.Entry
	for i, org := range orgs {
		st := followup.InProgress
		if i < 3 {
			st = followup.Implemented
		}
		entries = append(entries, followup.Entry{Measure: m1.ID, Organisation: org, Status: st, Degree: 3 + i%2})
		entries = append(entries, followup.Entry{Measure: m2.ID, Organisation: org, Status: followup.Planned})
	}
	do(process.RecordImplementation{Entries: entries})
	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Enkät", Recipients: orgs,
		Questions: []followup.Question{{Key: "q", Kind: followup.Scaled, Text: "Förankring", Options: []string{"låg", "medel", "hög"}}}}
	do(process.CreateSurvey{Survey: survey})
	for i, org := range orgs[:5] {
		do(process.SubmitSurveyAnswer{Answer: followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: org, Values: []followup.Value{{Question: "q", Step: 1 + i%3}}}})
	}
	do(process.PlanPhase{Phase: "execution", Planned: model.Period{Start: model.MakeDate(2015, 8, 1), End: model.MakeDate(2016, 9, 30)}})
	now = time.Date(2015, 5, 20, 9, 0, 0, 0, time.UTC)
	do(process.Advance{Trigger: "execute"})
	now = time.Date(2016, 10, 3, 9, 0, 0, 0, time.UTC)
	do(process.Advance{Trigger: "disseminate"})
	s := proc.state()
	return s
}

func TestReport_WritesNumbersAsTheLanguageDoes(t *testing.T) {
	s := countsFixture(t)
	report := func(o export.Options) string {
		var b bytes.Buffer
		require.NoError(t, export.Report(&b, s, o))
		return b.String()
	}
	sv := report(export.Options{})
	for _, want := range []string{
		"Rapport per 2016-10-03.\n", "## Om rapporten\n",
		"Processen står i spridningsfas (cykel 1) sedan 2016-10-03.",
		"Registret omfattar 8 organisationer, 1 grupp, 0 förslag, 2 åtgärder, 0 beslut, 0 remiss- och samrådsomgångar och 0 möten.",
		"| Regionfullmäktige | fullmäktige | 149 | 1 | (namn utelämnat) |",
		"1. **Läxhjälp** (0 förslag, 1 version)",
		"| 1. Läxhjälp | 8 | 38 % | 3,5 |",      // 3 of 8 implemented: 37.5 rounds up
		"| 2. Familjecentraler | 8 | 0 % | – |", // nothing assessed
		"Svarsfrekvens: 5 / 8 (63 %)",           // 62.5 rounds up
		"| 1 låg | 2 | 40 % |", "Medelvärde: 1,8",
		"| Spridningsfas | – | 2016-10-03 – pågår |",
		"| Genomförandefas | 2015-08-01 – 2016-09-30 | 2015-05-20 – 2016-10-03 |",
	} {
		assert.Contains(t, sv, want)
	}
	assert.NotContains(t, sv, "Anna", "the chair is not named under the default policy")
	assert.NotContains(t, sv, "0.0")
	assert.NotContains(t, sv, "1 versioner")

	en := report(export.Options{Lang: model.English, Names: export.ShowNames, AsOf: model.MakeDate(2016, 12, 31)})
	for _, want := range []string{"Report as of 2016-12-31.\n", "The record holds 8 organisations, 1 group, 0 proposals, 2 measures",
		"(0 proposals, 1 version)", "| 1. Läxhjälp | 8 | 38 % | 3.5 |", "| Regionfullmäktige | council | 149 | 1 | Anna Andersson |", "Mean: 1.8"} {
		assert.Contains(t, en, want)
	}
	assert.Contains(t, report(export.Options{Lang: model.English}), "(name omitted)")
}

// TestHTMLReport_WritesMeasuresAsTheMarkdownReportDoes: the HTML report's
// list of measures has their amounts too.
func TestHTMLReport_WritesMeasuresAsTheMarkdownReportDoes(t *testing.T) {
	s := countsFixture(t)
	var md, page bytes.Buffer
	require.NoError(t, export.Report(&md, s, export.Options{}))
	require.NoError(t, export.HTMLReport(&page, s, export.Options{}))
	assert.Contains(t, md.String(), "2. **Familjecentraler** (0 förslag, 1 version), 1 500 kr\n")
	assert.Contains(t, page.String(), "<li>2. Familjecentraler (0 förslag, 1 version), 1 500 kr</li>")
	assert.Contains(t, page.String(), "<li>1. Läxhjälp (0 förslag, 1 version)</li>")
}

func TestGantt_EndsAtTheRecordAndReadsTheCurrentPlan(t *testing.T) {
	s := countsFixture(t)
	g := export.Gantt(s, export.Options{})
	assert.Contains(t, g, "Genomförandefas :p1, 2015-08-01, 2016-10-01", "the plan as replanned; the unplanned preparatory phase is left out")
	assert.NotContains(t, g, "Spridningsfas :p", "a phase without planned dates has no planned bar")
	assert.Contains(t, g, "Spridningsfas :a2, 2016-10-03, 2016-10-04", "a running phase ends at the record's last event, at least a day long")
	assert.NotContains(t, g, time.Now().Format("2006-01-02"), "never the wall clock")
	for _, l := range strings.Split(strings.TrimSpace(g), "\n")[4:] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "section ") {
			continue
		}
		parts := strings.Split(l, ", ")
		require.Len(t, parts, 3, "every task has a start and an end: %q", l)
		_, err := time.Parse("2006-01-02", parts[1])
		assert.NoError(t, err, l)
		_, err = time.Parse("2006-01-02", parts[2])
		assert.NoError(t, err, l)
	}
	asOf := export.Gantt(s, export.Options{AsOf: model.MakeDate(2016, 1, 1)})
	assert.Contains(t, asOf, "Genomförandefas :a1, 2015-05-20, 2016-01-01", "a phase left after the as-of date is cut there")
	assert.NotContains(t, asOf, "Spridningsfas :a", "a phase entered after the as-of date is left out")
	assert.Equal(t, model.MakeDate(2016, 10, 3), export.RecordDate(s))
}
