package main

import (
	"math/rand/v2"
	"time"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// The follow-up is synthetic: how far each municipality has come with the
// measures in September 2014, and a survey of the municipalities that
// autumn.
var (
	matrixDay  = model.MakeDate(2014, 9, 15)
	surveyDay  = model.MakeDate(2014, 10, 1)
	surveyDone = model.MakeDate(2014, 11, 28)
)

var themes = []string{"resurser", "tid", "samverkan", "förankring", "kunskap om metoder"}

// difficulties are synthetic answers to "what has been hardest?", with
// the themes a coder gives them.
var difficulties = []struct {
	text   string
	themes []int
}{
	{"Det saknas pengar och personal för att ta åtgärderna vidare.", []int{0}},
	{"Tiden räcker inte till bredvid det ordinarie arbetet.", []int{1}},
	{"Samarbetet med Arbetsförmedlingen och regionen tar tid att bygga.", []int{2, 1}},
	{"Politiken har inte tagit ställning, så förvaltningarna avvaktar.", []int{3}},
	{"Vi vet inte vilka metoder som fungerar.", []int{4}},
	{"Svårt att få med skolan; resurserna räcker inte.", []int{2, 0}},
}

// followUp records the matrix for the municipal measures in every
// municipality and the region's and county's measures for the region,
// then surveys the municipalities and codes their free-text answers.
func (r *runner) followUp(orgs organisations, measures []model.Measure, areas []model.Area) {
	var entries []followup.Entry
	statuses := []followup.Status{followup.NotStarted, followup.Planned, followup.InProgress, followup.InProgress, followup.Implemented, followup.NotApplicable}
	entry := func(m model.Measure, org model.OrganisationID) followup.Entry {
		e := followup.Entry{Measure: m.ID, Organisation: org, Status: statuses[r.rng.IntN(len(statuses))]}
		switch e.Status {
		case followup.InProgress, followup.Implemented:
			e.Degree, e.LongTerm = 2+r.rng.IntN(4), r.rng.IntN(2) == 0
			e.Unit = []string{"Socialförvaltningen", "Utbildningsförvaltningen", "Kommunledningskontoret"}[r.rng.IntN(3)]
			e.NextReview = model.MakeDate(2015, time.Month(3+r.rng.IntN(6)), 1)
		case followup.Planned:
			e.Degree = 1
		}
		return e
	}
	for _, m := range measures {
		if m.Level == model.LevelMunicipality {
			for _, o := range orgs.municipalities {
				entries = append(entries, entry(m, o.ID))
			}
		} else {
			entries = append(entries, entry(m, orgs.region))
		}
	}
	r.Do(matrixDay, process.RecordImplementation{Entries: entries})

	var areaNames []string
	for _, a := range areas {
		areaNames = append(areaNames, a.Name)
	}
	survey := followup.Survey{ID: scenario.NewID[followup.Survey](r.ids), Title: "Uppföljning av Samling för social hållbarhet, hösten 2014",
		Questions: []followup.Question{
			{Key: "forankring", Kind: followup.Scaled, Text: "Hur väl är åtgärderna förankrade i er organisation?", Options: []string{"inte alls", "lite", "delvis", "väl", "helt"}},
			{Key: "beslut", Kind: followup.YesNo, Text: "Finns ett politiskt beslut om att arbeta med åtgärderna?"},
			{Key: "omraden", Kind: followup.Multiple, Text: "Inom vilka områden har ni kommit längst?", Options: areaNames},
			{Key: "svarast", Kind: followup.Text, Text: "Vad har varit svårast?"},
		}}
	for _, o := range orgs.municipalities {
		survey.Recipients = append(survey.Recipients, o.ID)
	}
	r.Do(surveyDay, process.CreateSurvey{Survey: survey})
	coder := r.person(surveyDay, orgs.region, "utvärderare", "")
	var codings []followup.Coding
	for i, o := range orgs.municipalities {
		if r.rng.IntN(10) < 2 {
			continue // one in five does not answer
		}
		yes := r.rng.IntN(3) > 0
		d := difficulties[r.rng.IntN(len(difficulties))]
		a := followup.Answer{ID: scenario.NewID[followup.Answer](r.ids), Survey: survey.ID, Organisation: o.ID, Values: []followup.Value{
			{Question: "forankring", Step: 1 + r.rng.IntN(5)},
			{Question: "beslut", Yes: &yes},
			{Question: "omraden", Choices: choices(r.rng, len(areaNames))},
			{Question: "svarast", Text: d.text},
		}}
		r.Do(surveyDay.AddDays(7+i), process.SubmitSurveyAnswer{Answer: a})
		var names []string
		for _, k := range d.themes {
			names = append(names, themes[k])
		}
		codings = append(codings, followup.Coding{Answer: a.ID, Question: "svarast", Themes: names, CodedBy: coder})
	}
	r.Do(surveyDone, process.CodeAnswers{Codings: codings})
}

// choices picks one to three different options.
func choices(rng *rand.Rand, n int) []int {
	picked := rng.Perm(n)
	return picked[:1+rng.IntN(min(3, n))]
}
