package followup_test

import (
	"testing"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The case: an answer coded ["Resurser","Resurser"] (as an old
// record may hold) and recoded ["Resurser"] counts one answer for the
// theme, not three.
func TestCompile_RecodedAndDoubledThemes_NeverMoreThanTheAnswers(t *testing.T) {
	org := model.NewID[model.Organisation]()
	coder := model.NewID[model.Person]()
	sv := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning", Recipients: []model.OrganisationID{org},
		Questions: []followup.Question{{Key: "hinder", Kind: followup.Text, Text: "Vilka hinder?", MaxThemes: 3}}}
	require.NoError(t, sv.Validate())
	a := followup.Answer{ID: model.NewID[followup.Answer](), Survey: sv.ID, Organisation: org, Values: []followup.Value{{Question: "hinder", Text: "Pengar och pengar"}}}
	codings := []followup.Coding{
		{Answer: a.ID, Question: "hinder", Themes: []string{"Resurser", "Resurser"}, CodedBy: coder},
		{Answer: a.ID, Question: "hinder", Themes: []string{"Resurser"}, CodedBy: coder, Reason: "Dubbel kodning"},
	}
	res := followup.Compile(sv, []followup.Answer{a}, codings)
	assert.Equal(t, 1, res.Answered)
	assert.Equal(t, []followup.ThemeCount{{Theme: "Resurser", Count: 1}}, res.Questions[0].Themes)
	assert.Len(t, followup.Current(codings), 1)

	// Only the first coding, with its theme twice: still one answer.
	res = followup.Compile(sv, []followup.Answer{a}, codings[:1])
	assert.Equal(t, []followup.ThemeCount{{Theme: "Resurser", Count: 1}}, res.Questions[0].Themes)
}

func TestCheckCoding_LimitsDuplicatesAndKinds(t *testing.T) {
	org := model.NewID[model.Organisation]()
	sv := followup.Survey{ID: model.NewID[followup.Survey](), Title: "U", Recipients: []model.OrganisationID{org},
		Questions: []followup.Question{
			{Key: "hinder", Kind: followup.Text, Text: "Upp till tre hinder", MaxThemes: 3},
			{Key: "ja", Kind: followup.YesNo, Text: "Ja?"},
			{Key: "skala", Kind: followup.Scaled, Text: "Hur?", Options: []string{"lite", "mycket"}},
		}}
	require.NoError(t, sv.Validate())
	yes := true
	a := followup.Answer{ID: model.NewID[followup.Answer](), Survey: sv.ID, Organisation: org,
		Values: []followup.Value{{Question: "hinder", Text: "t"}, {Question: "ja", Yes: &yes}}}
	c := func(q string, themes ...string) followup.Coding {
		return followup.Coding{Answer: a.ID, Question: q, Themes: themes, CodedBy: model.NewID[model.Person]()}
	}
	assert.NoError(t, sv.CheckCoding(a, c("hinder", "a", "b", "c")))
	assert.ErrorIs(t, sv.CheckCoding(a, c("hinder", "a", "b", "c", "d")), followup.ErrTooManyThemes)
	assert.ErrorIs(t, sv.CheckCoding(a, c("hinder", "a", "a")), model.ErrDuplicate)
	err := sv.CheckCoding(a, c("ja", "a"))
	assert.ErrorIs(t, err, followup.ErrNotFreeText)
	assert.Contains(t, err.Error(), "not a free-text question")
	assert.ErrorIs(t, sv.CheckCoding(a, c("skala", "a")), followup.ErrNotFreeText)
	assert.ErrorIs(t, sv.CheckCoding(a, c("nej", "a")), followup.ErrUnknownQuestion)

	q, ok := sv.Question("skala")
	require.True(t, ok)
	step, ok := q.Step("mycket")
	assert.True(t, ok)
	assert.Equal(t, 2, step)
	_, ok = q.Step("inget")
	assert.False(t, ok)

	bad := sv
	bad.Questions = []followup.Question{{Key: "ja", Kind: followup.YesNo, Text: "Ja?", MaxThemes: 2}}
	assert.ErrorIs(t, bad.Validate(), model.ErrNotAllowed)
}

// A coding counts only for the organisation's latest answer, and only when
// that answer has a text for the question.
func TestCompile_CodingsOfSupersededOrEmptyAnswersNotCounted(t *testing.T) {
	borås, alingsås := model.NewID[model.Organisation](), model.NewID[model.Organisation]()
	coder := model.NewID[model.Person]()
	sv := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning", Recipients: []model.OrganisationID{borås, alingsås},
		Questions: []followup.Question{{Key: "hinder", Kind: followup.Text, Text: "Vilka hinder?"}, {Key: "annat", Kind: followup.Text, Text: "Något annat?"}}}
	require.NoError(t, sv.Validate())
	old := followup.Answer{ID: model.NewID[followup.Answer](), Survey: sv.ID, Organisation: borås, Values: []followup.Value{{Question: "hinder", Text: "Tid"}}}
	latest := followup.Answer{ID: model.NewID[followup.Answer](), Survey: sv.ID, Organisation: borås, Values: []followup.Value{{Question: "hinder", Text: "Pengar"}}}
	other := followup.Answer{ID: model.NewID[followup.Answer](), Survey: sv.ID, Organisation: alingsås, Values: []followup.Value{{Question: "annat", Text: "Inget"}}}
	codings := []followup.Coding{
		{Answer: old.ID, Question: "hinder", Themes: []string{"Tid"}, CodedBy: coder},
		{Answer: latest.ID, Question: "hinder", Themes: []string{"Resurser"}, CodedBy: coder},
		{Answer: other.ID, Question: "hinder", Themes: []string{"Resurser"}, CodedBy: coder}, // Alingsås left it unanswered
		{Answer: other.ID, Question: "annat", Themes: []string{"Inget"}, CodedBy: coder},
	}
	res := followup.Compile(sv, []followup.Answer{old, latest, other}, codings)
	require.Len(t, res.Questions, 2)
	assert.Equal(t, []followup.ThemeCount{{Theme: "Resurser", Count: 1}}, res.Questions[0].Themes)
	assert.Equal(t, []followup.ThemeCount{{Theme: "Inget", Count: 1}}, res.Questions[1].Themes)
}
