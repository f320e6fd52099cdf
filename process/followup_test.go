package process_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFollowup_RecordedRefusedAndReplayed(t *testing.T) {
	f := newLineageFixture(t)
	entry := followup.Entry{Measure: f.m1.ID, Organisation: f.borås.ID, Status: followup.InProgress, Degree: 3, Unit: "Socialförvaltningen"}
	f.refused("an unknown measure", process.RecordImplementation{Entries: []followup.Entry{{Measure: model.NewID[model.Measure](), Organisation: f.borås.ID, Status: followup.Planned}}}, process.ErrUnknownReference, "")
	f.refused("the same cell twice", process.RecordImplementation{Entries: []followup.Entry{entry, entry}}, model.ErrDuplicate, "")
	f.do(process.RecordImplementation{Entries: []followup.Entry{entry}})
	entry.Status, entry.Degree = followup.Implemented, 5
	f.do(process.RecordImplementation{Entries: []followup.Entry{entry}})
	assert.Equal(t, []followup.Entry{entry}, f.state().Matrix(), "the later entry replaces the earlier in the matrix")

	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Uppföljning 2014", Recipients: []model.OrganisationID{f.borås.ID},
		Questions: []followup.Question{{Key: "q1", Kind: followup.Scaled, Text: "Förankring?", Options: []string{"låg", "hög"}}, {Key: "q2", Kind: followup.Text, Text: "Svårast?"}}}
	f.do(process.CreateSurvey{Survey: survey})
	answer := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: f.borås.ID,
		Values: []followup.Value{{Question: "q1", Step: 2}, {Question: "q2", Text: "Resurserna"}}}
	outsider := answer
	outsider.ID, outsider.Organisation = model.NewID[followup.Answer](), f.region.ID
	f.refused("an answer from an organisation not asked", process.SubmitSurveyAnswer{Answer: outsider}, followup.ErrNotRecipient, "")
	f.do(process.SubmitSurveyAnswer{Answer: answer})
	f.refused("coding a scaled question", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q1", Themes: []string{"x"}, CodedBy: f.anna.ID}}}, followup.ErrNotFreeText, "Codings[0].Question")
	f.refused("coding a question the survey lacks", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q9", Themes: []string{"x"}, CodedBy: f.anna.ID}}}, followup.ErrUnknownQuestion, "Codings[0].Question")
	f.refused("a theme twice in one coding", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"Resurser", "Resurser"}, CodedBy: f.anna.ID}}}, model.ErrDuplicate, "Codings[0].Themes[1]")
	f.refused("coded by an unknown person", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: model.NewID[model.Person]()}}}, process.ErrUnknownReference, "")
	f.do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: f.anna.ID}}})
	res, ok := f.state().SurveyResults(survey.ID)
	require.True(t, ok)
	assert.Equal(t, 1, res.Answered)
	assert.Equal(t, []followup.ThemeCount{{Theme: "resurser", Count: 1}}, res.Questions[1].Themes)

	// The case: recoding replaces the coding; without a reason it is refused.
	f.refused("a recoding without a reason", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"tid"}, CodedBy: f.anna.ID}}}, model.ErrRequired, "Codings[0].Reason")
	f.do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"tid", "resurser"}, CodedBy: f.anna.ID, Reason: "Svaret nämner också tid"}}})
	res, _ = f.state().SurveyResults(survey.ID)
	assert.Equal(t, []followup.ThemeCount{{Theme: "resurser", Count: 1}, {Theme: "tid", Count: 1}}, res.Questions[1].Themes, "the earlier coding no longer counts")
	sv := f.state().Surveys()[0]
	assert.Len(t, sv.Codings, 2, "both codings stay on record")
	require.Len(t, sv.Recodings(), 1)
	assert.Equal(t, []string{"resurser"}, sv.Recodings()[0].Themes)
	current, ok := sv.Coding(answer.ID, "q2")
	require.True(t, ok)
	assert.Equal(t, "Svaret nämner också tid", current.Reason)

	ind := followup.Indicator{ID: model.NewID[followup.Indicator](), Name: "Utskrivningsklara dagar", Unit: "dagar"}
	f.refused("observations of an undefined indicator", process.RecordObservations{Observations: []followup.Observation{{Indicator: ind.ID,
		Geography: followup.Geography{Level: followup.Municipality, Code: "2029"}, Period: followup.Month(2014, time.January), Value: 89}}}, process.ErrUnknownReference, "")
	f.do(process.DefineIndicator{Indicator: ind})
	f.do(process.RecordObservations{Observations: []followup.Observation{{Indicator: ind.ID,
		Geography: followup.Geography{Level: followup.Municipality, Code: "2029"}, Period: followup.Month(2014, time.January), Value: 89}}})
	assert.Len(t, f.state().Observations(ind.ID), 1)

	replayed, err := f.engine.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, f.state(), replayed)
}
