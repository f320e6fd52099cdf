package followup_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handSurvey is a survey to five municipalities with a scale, a yes/no, a
// multiple choice and a free-text question; four answer (Ale twice, the
// second counting), one does not.
func handSurvey() (followup.Survey, []followup.Answer, []followup.Coding) {
	orgs := make([]model.OrganisationID, 5)
	for i := range orgs {
		orgs[i] = model.NewID[model.Organisation]()
	}
	s := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2014", Recipients: orgs, Questions: []followup.Question{
		{Key: "q1", Kind: followup.Scaled, Text: "Hur väl har åtgärderna förankrats?", Options: []string{"inte alls", "lite", "delvis", "väl", "helt"}},
		{Key: "q2", Kind: followup.YesNo, Text: "Finns ett politiskt beslut?"},
		{Key: "q3", Kind: followup.Multiple, Text: "Vilka områden?", Options: []string{"Barn", "Arbete", "Boende"}},
		{Key: "q4", Kind: followup.Text, Text: "Vad har varit svårast?"},
	}}
	yes, no := true, false
	answer := func(org int, step int, y *bool, choices []int, text string) followup.Answer {
		a := followup.Answer{ID: model.NewID[followup.Answer](), Survey: s.ID, Organisation: orgs[org]}
		if step > 0 {
			a.Values = append(a.Values, followup.Value{Question: "q1", Step: step})
		}
		if y != nil {
			a.Values = append(a.Values, followup.Value{Question: "q2", Yes: y})
		}
		if len(choices) > 0 {
			a.Values = append(a.Values, followup.Value{Question: "q3", Choices: choices})
		}
		if text != "" {
			a.Values = append(a.Values, followup.Value{Question: "q4", Text: text})
		}
		return a
	}
	answers := []followup.Answer{
		answer(0, 1, &no, []int{0}, "Tid"),                // superseded below
		answer(0, 4, &yes, []int{0, 1}, "Tid och pengar"), // Ale
		answer(1, 4, &yes, []int{0}, "Samverkan"),
		answer(2, 2, &no, []int{2}, ""),
		answer(3, 5, nil, nil, "Pengar"),
	}
	coder := model.NewID[model.Person]()
	codings := []followup.Coding{
		{Answer: answers[0].ID, Question: "q4", Themes: []string{"tid"}, CodedBy: coder}, // of the superseded answer: not counted
		{Answer: answers[1].ID, Question: "q4", Themes: []string{"tid", "resurser"}, CodedBy: coder},
		{Answer: answers[2].ID, Question: "q4", Themes: []string{"samverkan"}, CodedBy: coder},
		{Answer: answers[4].ID, Question: "q4", Themes: []string{"resurser"}, CodedBy: coder},
	}
	return s, answers, codings
}

func TestCompile_HandCounted(t *testing.T) {
	s, answers, codings := handSurvey()
	for _, a := range answers {
		require.NoError(t, s.Check(a))
	}
	r := followup.Compile(s, answers, codings)
	assert.Equal(t, 4, r.Answered, "Ale counts once")
	assert.Equal(t, 5, r.Of)
	assert.InDelta(t, 0.8, r.Rate(), 1e-9)

	scale := r.Questions[0]
	assert.Equal(t, 4, scale.Answered)
	assert.Equal(t, []int{0, 1, 0, 2, 1}, scale.Counts, "steps 2, 4, 4, 5")
	assert.InDelta(t, 0.5, scale.Share(3), 1e-9, "two of four at step 4")
	assert.InDelta(t, 3.75, scale.Mean, 1e-9)

	yesNo := r.Questions[1]
	assert.Equal(t, 2, yesNo.Yes)
	assert.Equal(t, 1, yesNo.No)
	assert.Equal(t, 3, yesNo.Answered)

	multi := r.Questions[2]
	assert.Equal(t, []int{2, 1, 1}, multi.Counts)
	assert.InDelta(t, 2.0/3, multi.Share(0), 1e-9)

	text := r.Questions[3]
	assert.Equal(t, []followup.ThemeCount{{Theme: "resurser", Count: 2}, {Theme: "samverkan", Count: 1}, {Theme: "tid", Count: 1}}, text.Themes)
	assert.Equal(t, []string{"Tid och pengar", "Samverkan", "Pengar"}, text.Texts)

	md := r.Markdown(model.English)
	assert.Contains(t, md, "Response rate: 4 / 5 (80 %)")
	assert.Contains(t, md, "| 4 väl | 2 | 50 % |")
	assert.Contains(t, md, "Mean: 3.8")
	assert.Contains(t, md, "| resurser | 2 |")
	assert.Contains(t, followup.Compile(s, answers, codings).Markdown(model.Swedish), "Svarsfrekvens: 4 / 5 (80 %)")
}

func TestSurvey_CheckRefusesWhatDoesNotFit(t *testing.T) {
	s, answers, _ := handSurvey()
	outsider := answers[1]
	outsider.Organisation = model.NewID[model.Organisation]()
	assert.ErrorIs(t, s.Check(outsider), followup.ErrNotRecipient)
	for name, v := range map[string]followup.Value{
		"a step off the scale":  {Question: "q1", Step: 6},
		"a text to a scale":     {Question: "q1", Text: "fem"},
		"an unknown question":   {Question: "q9", Text: "?"},
		"a choice out of range": {Question: "q3", Choices: []int{3}},
	} {
		a := answers[2]
		a.Values = []followup.Value{v}
		err := s.Check(a)
		assert.ErrorIs(t, err, model.ErrInvalid, name)
	}
	bad := s
	bad.Questions = append(bad.Questions, followup.Question{Key: "q1", Kind: followup.Scaled, Text: "Igen", Options: []string{"a"}})
	assert.ErrorIs(t, bad.Validate(), model.ErrDuplicate)
	assert.ErrorIs(t, bad.Validate(), model.ErrOutOfRange, "a scale of one step")
	// Compile never panics on unchecked input.
	broken := answers[2]
	broken.Values = []followup.Value{{Question: "q1", Step: 99}, {Question: "q2"}, {Question: "q3", Choices: []int{-1}}}
	r := followup.Compile(s, []followup.Answer{broken}, nil)
	assert.Equal(t, 0, r.Questions[0].Answered)
}

func TestRollup_PerMeasureAndOrganisation(t *testing.T) {
	m1, m2 := model.NewID[model.Measure](), model.NewID[model.Measure]()
	ale, borås := model.NewID[model.Organisation](), model.NewID[model.Organisation]()
	entries := []followup.Entry{
		{Measure: m1, Organisation: ale, Status: followup.Implemented, Degree: 5, LongTerm: true},
		{Measure: m1, Organisation: borås, Status: followup.InProgress, Degree: 2},
		{Measure: m2, Organisation: ale, Status: followup.NotApplicable},
		{Measure: m2, Organisation: borås, Status: followup.Planned, Degree: 1},
	}
	for _, e := range entries {
		require.NoError(t, e.Validate())
	}
	byMeasure := followup.RollupBy(entries, func(e followup.Entry) model.MeasureID { return e.Measure })
	assert.Equal(t, 2, byMeasure[m1].Entries)
	assert.InDelta(t, 3.5, byMeasure[m1].Degree, 1e-9)
	assert.Equal(t, 1, byMeasure[m1].LongTerm)
	assert.InDelta(t, 0.5, byMeasure[m1].Share(followup.Implemented), 1e-9)
	byOrg := followup.RollupBy(entries, func(e followup.Entry) model.OrganisationID { return e.Organisation })
	assert.Equal(t, 1, byOrg[ale].Assessed, "not applicable has no degree")
	assert.InDelta(t, 1.5, byOrg[borås].Degree, 1e-9)
	assert.ErrorIs(t, followup.Entry{Measure: m1, Organisation: ale, Status: followup.Planned, Degree: 6}.Validate(), model.ErrOutOfRange)
}

func TestObservation_Validate(t *testing.T) {
	jan := followup.Month(2014, time.January)
	assert.Equal(t, model.MakeDate(2014, 1, 31), jan.End)
	assert.Equal(t, model.MakeDate(2014, 12, 31), followup.Month(2014, time.December).End)
	o := followup.Observation{Indicator: model.NewID[followup.Indicator](), Geography: followup.Geography{Level: followup.Municipality, Code: "2029"}, Period: jan, Value: 89}
	require.NoError(t, o.Validate())
	o.Geography.Code = "2099"
	assert.ErrorIs(t, o.Validate(), model.ErrUnknownCode)
}
