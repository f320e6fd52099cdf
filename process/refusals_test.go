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

// TestRefusals_EveryOtherErrorPath covers the refusals of the newer
// commands that their own tests do not reach: each is typed and writes
// nothing.
func TestRefusals_EveryOtherErrorPath(t *testing.T) {
	f := newBodyFixture(t)
	unknownOrg, unknownPerson := model.NewID[model.Organisation](), model.NewID[model.Person]()
	decision := func(sub model.Subject) process.Decide {
		d := f.decision(model.Agree, model.Agree, model.Agree)
		d.Subject = sub
		return process.Decide{Decision: d}
	}
	f.refused("a decision on an unknown trigger", decision(model.Subject{Kind: model.SubjectPhase, Trigger: "takeoff"}), process.ErrUnknownReference, "Decision.Subject.Trigger")
	f.refused("a decision on an unknown measure", decision(model.Subject{Kind: model.SubjectMeasures, Measures: []model.MeasureID{model.NewID[model.Measure]()}}), process.ErrUnknownReference, "Decision.Subject.Measures[0]")
	f.refused("a decision on an unknown organisation's participation", decision(model.Subject{Kind: model.SubjectParticipation, Organisation: unknownOrg}), process.ErrUnknownReference, "Decision.Subject.Organisation")
	reconsiders := f.decision(model.Agree, model.Agree, model.Agree)
	reconsiders.Reconsiders = model.NewID[model.Decision]()
	f.refused("reconsidering what was never decided", process.Decide{Decision: reconsiders}, process.ErrUnknownReference, "Decision.Reconsiders")

	f.refused("inviting an unknown organisation", process.Invite{Organisations: []model.OrganisationID{unknownOrg}}, process.ErrUnknownReference, "Organisations[0]")
	f.refused("inviting one twice in a command", process.Invite{Organisations: []model.OrganisationID{f.borås.ID, f.borås.ID}}, model.ErrDuplicate, "Organisations[1]")
	f.refused("inviting no one", process.Invite{}, model.ErrRequired, "Organisations")
	f.do(process.Invite{Organisations: []model.OrganisationID{f.borås.ID}})
	f.refused("a participation in an unknown area", process.DecideParticipation{Participation: model.Participation{Organisation: f.borås.ID, Joins: true,
		Date: model.MakeDate(2015, 3, 1), Body: "Kommunstyrelsen", Areas: []model.AreaID{model.NewID[model.Area]()}}}, process.ErrUnknownReference, "Participation.Areas[0]")
	f.refused("a declining organisation that names representatives", process.DecideParticipation{Participation: model.Participation{Organisation: f.borås.ID,
		Date: model.MakeDate(2015, 3, 1), Body: "Kommunstyrelsen", Representatives: []model.Representative{{Person: f.bertil.ID, Role: model.RoleOfficial}}}}, model.ErrNotAllowed, "Participation.Representatives")

	f.refused("completing an unknown assignment", process.CompleteAssignment{Assignment: model.NewID[model.Assignment]()}, process.ErrUnknownReference, "Assignment")
	d := model.Delegation{ID: model.NewID[model.Delegation](), From: f.anna.ID, To: f.bertil.ID, Commands: []string{"decide"}, Period: model.Period{Start: model.MakeDate(2013, 1, 1)}}
	f.do(process.Delegate{Delegation: d})
	f.refused("a delegation revoked before it began", process.RevokeDelegation{Delegation: d.ID, End: model.MakeDate(2012, 12, 31)}, model.ErrDateOrder, "End")
	f.refused("a delegation twice", process.Delegate{Delegation: d}, process.ErrAlreadyExists, "Delegation.ID")
	f.refused("disposing of an unknown person's data", process.DisposePersonalData{Person: unknownPerson, Reference: "Gallringsbeslut"}, process.ErrUnknownReference, "Person")

	survey := followup.Survey{ID: model.NewID[followup.Survey](), Title: "Enkät", Recipients: []model.OrganisationID{f.borås.ID},
		Questions: []followup.Question{{Key: "q", Kind: followup.Text, Text: "Svårast?"}}}
	bad := survey
	bad.Recipients = []model.OrganisationID{unknownOrg}
	f.refused("a survey to an unknown organisation", process.CreateSurvey{Survey: bad}, process.ErrUnknownReference, "Survey.Recipients[0]")
	f.do(process.CreateSurvey{Survey: survey})
	f.refused("a survey twice", process.CreateSurvey{Survey: survey}, process.ErrAlreadyExists, "Survey.ID")
	answer := followup.Answer{ID: model.NewID[followup.Answer](), Survey: survey.ID, Organisation: f.borås.ID, Values: []followup.Value{{Question: "q", Text: "Tiden"}}}
	f.do(process.SubmitSurveyAnswer{Answer: answer})
	f.refused("an answer ID twice", process.SubmitSurveyAnswer{Answer: answer}, process.ErrAlreadyExists, "Answer.ID")
	f.refused("a coding without themes", process.CodeAnswers{Codings: []followup.Coding{{Answer: answer.ID, Question: "q", CodedBy: f.anna.ID}}}, model.ErrRequired, "Codings[0].Themes")
	ind := followup.Indicator{ID: model.NewID[followup.Indicator](), Name: "Dagar", Unit: "dagar"}
	f.do(process.DefineIndicator{Indicator: ind})
	f.refused("an indicator twice", process.DefineIndicator{Indicator: ind}, process.ErrAlreadyExists, "Indicator.ID")
	f.refused("a value that is not a number", process.RecordObservations{Observations: []followup.Observation{{Indicator: ind.ID,
		Geography: followup.Geography{Level: followup.County, Code: "20"}, Period: followup.Month(2014, time.May), Value: nan()}}}, model.ErrOutOfRange, "Observations[0].Value")
	entries := make([]followup.Entry, process.MaxEntriesPerCommand+1)
	f.refused("too many matrix entries", process.RecordImplementation{Entries: entries}, process.ErrTooLarge, "")
}

func nan() float64 { zero := 0.0; return zero / zero }

func TestDecode_RefusesOversizedData(t *testing.T) {
	r := process.Record{ID: model.NewID[process.Event](), Process: model.NewID[model.Process](), Version: 1, Type: "person-registered",
		Data: make([]byte, process.MaxRecordBytes+1)}
	_, err := process.Decode(r)
	require.ErrorIs(t, err, process.ErrCorrupt)
	assert.Contains(t, err.Error(), "at most")
}
