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
	f.refused("coding a scaled question", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q1", Themes: []string{"x"}, CodedBy: f.anna.ID}}}, followup.ErrUnknownQuestion, "")
	f.refused("coded by an unknown person", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: model.NewID[model.Person]()}}}, process.ErrUnknownReference, "")
	f.do(process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q2", Themes: []string{"resurser"}, CodedBy: f.anna.ID}}})
	res, ok := f.state().SurveyResults(survey.ID)
	require.True(t, ok)
	assert.Equal(t, 1, res.Answered)
	assert.Equal(t, []followup.ThemeCount{{Theme: "resurser", Count: 1}}, res.Questions[1].Themes)

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
