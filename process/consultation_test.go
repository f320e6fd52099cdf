package process_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundFixture is a lineage fixture with a pinned document and a drafted
// remiss to Borås (required) and the region (optional), due 15 April 2013.
type roundFixture struct {
	*lineageFixture
	round     consultation.Round
	outsider  model.Organisation
	notSent   model.Measure
	committee model.Meeting
}

func newRoundFixture(t *testing.T) *roundFixture {
	f := &roundFixture{lineageFixture: newLineageFixture(t)}
	f.do(process.PinDocument{Document: f.document, Title: "Åtgärdsförslag, december 2012"})
	f.notSent = model.Measure{ID: model.NewID[model.Measure](), Number: 3, Title: "Skickas inte ut"}
	f.do(process.CreateMeasure{Measure: f.notSent})
	f.outsider = model.Organisation{ID: model.NewID[model.Organisation](), Name: "Ale", Kind: model.KindMunicipality, Code: "1440"}
	f.do(process.RegisterOrganisation{Organisation: f.outsider})
	f.committee = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Regionstyrelsen", Date: model.MakeDate(2013, 5, 2)}
	f.do(process.PlanMeeting{Meeting: f.committee})
	f.round = consultation.Round{
		ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss: åtgärdsförslag",
		Document: f.document, Deadline: model.MakeDate(2013, 4, 15),
		Consultees: []consultation.Consultee{{Organisation: f.borås.ID, Required: true}, {Organisation: f.region.ID}},
	}
	f.do(process.DraftRound{Round: f.round})
	return f
}

func (f *roundFixture) answer(org model.OrganisationID, st consultation.Stance, items ...consultation.ItemResponse) consultation.Response {
	return consultation.Response{ID: model.NewID[consultation.Response](), Round: f.round.ID, Organisation: org, Stance: st, Items: items}
}

func TestConsultation_Refusals_TypedAndNothingWritten(t *testing.T) {
	f := newRoundFixture(t)
	// Before opening: an answer to a drafted round is refused.
	drafted := f.answer(f.borås.ID, consultation.Supports)
	f.clock.set(time.Date(2013, 1, 15, 9, 0, 0, 0, time.UTC))
	f.refused("an answer to a round not yet open", process.SubmitResponse{Response: drafted}, process.ErrRoundNotOpen, "Response.Round")
	f.refused("compiling a drafted round", process.CompileRound{Round: f.round.ID}, consultation.ErrTriggerNotPermitted, "")
	f.refused("a round on an unknown document", process.DraftRound{Round: func() consultation.Round {
		r := f.round
		r.ID, r.Document = model.NewID[consultation.Round](), model.NewID[model.Document]()
		return r
	}()}, process.ErrUnknownReference, "Round.Document")
	f.refused("a round twice", process.DraftRound{Round: f.round}, process.ErrAlreadyExists, "Round.ID")

	f.do(process.OpenRound{Round: f.round.ID})
	f.refused("compiling an open round", process.CompileRound{Round: f.round.ID}, consultation.ErrTriggerNotPermitted, "")
	f.refused("an answer from an organisation that is no consultee", process.SubmitResponse{Response: f.answer(f.outsider.ID, consultation.Supports)}, process.ErrNotConsultee, "Response.Organisation")
	f.refused("a stance on a measure not sent out", process.SubmitResponse{Response: f.answer(f.borås.ID, consultation.Supports,
		consultation.ItemResponse{Measure: f.notSent.ID, Stance: consultation.Opposes})}, process.ErrNotInSubject, "Response.Items[0].Measure")
	f.refused("an answer with no stance", process.SubmitResponse{Response: f.answer(f.borås.ID, 0)}, model.ErrRequired, "Response.Stance")
	first := f.answer(f.borås.ID, consultation.Supports)
	f.do(process.SubmitResponse{Response: first})
	again := first
	again.Organisation = f.region.ID
	f.refused("an answer ID twice", process.SubmitResponse{Response: again}, process.ErrAlreadyExists, "Response.ID")
	f.refused("an extension for an outsider", process.ExtendDeadline{Round: f.round.ID, Organisation: f.outsider.ID, Deadline: model.MakeDate(2013, 5, 1)}, process.ErrNotConsultee, "Organisation")
	f.refused("an extension that shortens", process.ExtendDeadline{Round: f.round.ID, Organisation: f.borås.ID, Deadline: model.MakeDate(2013, 4, 1)}, model.ErrDateOrder, "Deadline")
	f.refused("a revision citing an unknown response", process.ReviseMeasure{Measure: f.m1.ID, Text: "Ny", Responses: []consultation.ResponseID{model.NewID[consultation.Response]()}}, process.ErrUnknownReference, "Responses")
	f.refused("reopening an open round", process.ReopenRound{Round: f.round.ID, Cause: model.Cause{Reference: "RS 2013/1"}}, consultation.ErrTriggerNotPermitted, "")

	f.do(process.CloseRound{Round: f.round.ID})
	f.refused("closing a round twice", process.CloseRound{Round: f.round.ID}, consultation.ErrTriggerNotPermitted, "")
	f.refused("an answer to a closed round", process.SubmitResponse{Response: f.answer(f.borås.ID, consultation.Supports)}, process.ErrRoundNotOpen, "Response.Round")
	f.refused("reopening without the decision", process.ReopenRound{Round: f.round.ID}, model.ErrRequired, "Cause.Cause")
	f.refused("cancelling without a reason", process.CancelRound{Round: f.round.ID}, model.ErrRequired, "Reason")
	f.do(process.CompileRound{Round: f.round.ID})
	f.refused("compiling twice", process.CompileRound{Round: f.round.ID}, consultation.ErrTriggerNotPermitted, "")
	f.refused("cancelling a compiled round", process.CancelRound{Round: f.round.ID, Reason: "r"}, consultation.ErrTriggerNotPermitted, "")

	f.do(process.ReopenRound{Round: f.round.ID, Cause: model.Cause{Meeting: f.committee.ID, Reference: "RS 2013/0411 § 12"}})
	r, _ := f.state().Round(f.round.ID)
	assert.Equal(t, consultation.Open, r.Status, "reopened on a recorded decision")
}

func TestConsultation_DeadlinesLateAnswersAndReminders(t *testing.T) {
	f := newRoundFixture(t)
	f.clock.set(time.Date(2013, 1, 15, 9, 0, 0, 0, time.UTC))
	f.do(process.OpenRound{Round: f.round.ID})
	r, _ := f.state().Round(f.round.ID)
	assert.Len(t, consultation.Pending(r.Round, r.Responses), 2)
	assert.Empty(t, consultation.DueForReminder(r.Round, r.Responses, model.MakeDate(2013, 4, 1), 7))
	assert.Len(t, consultation.DueForReminder(r.Round, r.Responses, model.MakeDate(2013, 4, 8), 7), 2)

	// The region asks for more time and gets it.
	f.do(process.ExtendDeadline{Round: f.round.ID, Organisation: f.region.ID, Deadline: model.MakeDate(2013, 4, 30)})

	// Borås answers first on time, then again late; both are kept.
	f.clock.set(time.Date(2013, 4, 12, 14, 0, 0, 0, time.UTC))
	first := f.answer(f.borås.ID, consultation.Opposes)
	f.do(process.SubmitResponse{Response: first})
	f.clock.set(time.Date(2013, 4, 17, 10, 0, 0, 0, time.UTC))
	second := f.answer(f.borås.ID, consultation.SupportsWithChanges, consultation.ItemResponse{Measure: f.m1.ID, Stance: consultation.SupportsWithChanges, Comment: "Inkludera fritidsgårdarna"})
	f.do(process.SubmitResponse{Response: second})

	r, _ = f.state().Round(f.round.ID)
	require.Len(t, r.Responses, 2)
	assert.False(t, r.Responses[0].Late)
	assert.True(t, r.Responses[1].Late, "after Borås's deadline of 15 April")
	assert.Equal(t, first.ID, r.Responses[1].Supersedes)
	assert.True(t, r.Responses[1].Received.Equal(time.Date(2013, 4, 17, 10, 0, 0, 0, time.UTC)))
	today := model.MakeDate(2013, 4, 17)
	assert.Empty(t, consultation.Overdue(r.Round, r.Responses, today), "the region's deadline is 30 April")
	assert.Len(t, consultation.DueForReminder(r.Round, r.Responses, today, 14), 1)
	assert.Len(t, consultation.Overdue(r.Round, r.Responses, model.MakeDate(2013, 5, 1)), 1)

	// The region answers late, explicitly with "no answer".
	f.clock.set(time.Date(2013, 5, 2, 9, 0, 0, 0, time.UTC))
	f.do(process.SubmitResponse{Response: f.answer(f.region.ID, consultation.NoAnswer)})
	f.do(process.CloseRound{Round: f.round.ID})
	f.do(process.CompileRound{Round: f.round.ID})

	done, _ := f.state().Round(f.round.ID)
	sent, ok := done.At(consultation.Open)
	require.True(t, ok)
	assert.Equal(t, time.Date(2013, 1, 15, 9, 0, 0, 0, time.UTC), sent, "sent out when opened")
	assert.Len(t, done.Steps, 3, "open, close, compile")
	_, ok = done.At(consultation.Cancelled)
	assert.False(t, ok)

	c, ok := f.state().Compilation(f.round.ID)
	require.True(t, ok)
	assert.Equal(t, consultation.Rate{Answered: 1, Of: 1}, c.Required)
	assert.Equal(t, consultation.Rate{Answered: 2, Of: 2}, c.All)
	assert.Equal(t, 2, c.Late)
	assert.Equal(t, map[consultation.Stance]int{consultation.SupportsWithChanges: 1, consultation.NoAnswer: 1}, c.Stances, "Borås's first answer is superseded")
	assert.Equal(t, "Läxhjälp", c.Measures[0].Title)
	assert.Equal(t, "Borås", c.Measures[0].Comments[0].Name)

	// The revision names the answer behind it.
	f.do(process.ReviseMeasure{Measure: f.m1.ID, Text: "Kommunerna ska erbjuda läxhjälp, även på fritidsgårdarna", Responses: []consultation.ResponseID{second.ID}})
	s := f.state()
	behind := s.ResponsesBehind(f.m1.ID)
	require.Len(t, behind, 1)
	assert.Equal(t, second.ID, behind[0].ID)
	assert.Equal(t, []process.RevisionRef{{Measure: f.m1.ID, Version: 2}}, s.Fate(second.ID))
	assert.Empty(t, s.Fate(first.ID), "the superseded answer changed nothing")
	assert.Empty(t, s.ResponsesBehind(f.m2.ID))

	replayed, err := f.engine.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, s, replayed)
}

func TestConsultation_Criteria(t *testing.T) {
	f := newRoundFixture(t)
	tpl := phase.Dalarna()
	tpl.Transitions[0].Criteria = []phase.CriterionName{phase.ConsultationAnswered, phase.ConsultationCompiled}
	id := model.NewID[model.Process]()
	f.clock.set(time.Date(2015, 1, 10, 9, 0, 0, 0, time.UTC))
	_, err := f.engine.Execute(f.ctx, id, f.actor, process.Start{Process: model.Process{ID: id, Name: "Dalarna"}, Template: tpl})
	require.NoError(t, err)
	exec := func(c process.Command) error {
		_, err := f.engine.Execute(f.ctx, id, f.actor, c)
		return err
	}
	org := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Falun", Kind: model.KindMunicipality, Code: "2080"}
	require.NoError(t, exec(process.RegisterOrganisation{Organisation: org}))
	m := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Mäta och analysera"}
	require.NoError(t, exec(process.CreateMeasure{Measure: m}))
	doc := model.NewID[model.Document]()
	require.NoError(t, exec(process.PinDocument{Document: doc, Title: "Förslag till innehåll och mål"}))
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Samrad, Title: "Samråd", Document: doc,
		Deadline: model.MakeDate(2015, 2, 27), Consultees: []consultation.Consultee{{Organisation: org.ID, Required: true}}}
	require.NoError(t, exec(process.DraftRound{Round: round}))
	require.NoError(t, exec(process.OpenRound{Round: round.ID}))

	unmet := func() []phase.CriterionName {
		err := exec(process.Advance{Trigger: "execute"})
		var u *phase.UnmetCriteriaError
		require.ErrorAs(t, err, &u)
		return u.Unmet
	}
	// Unmet, asked of the engine or of a loaded state on the same day,
	// answers what Advance refuses with, at every moment: the day is an
	// argument, never left behind in the state by the last command.
	agree := func(want []phase.CriterionName, msg string) {
		t.Helper()
		assert.Equal(t, want, unmet(), msg)
		got, err := f.engine.Unmet(f.ctx, id, "execute")
		require.NoError(t, err)
		assert.Equal(t, want, got, msg)
		s, err := f.engine.Load(f.ctx, id)
		require.NoError(t, err)
		got, err = s.Unmet("execute", s.Today(f.clock.Now()))
		require.NoError(t, err)
		assert.Equal(t, want, got, msg)
	}
	agree([]phase.CriterionName{phase.ConsultationAnswered, phase.ConsultationCompiled}, "before the deadline")
	// 23:30 on the deadline day in Stockholm (22:30 UTC): still open.
	f.clock.set(time.Date(2015, 2, 27, 22, 30, 0, 0, time.UTC))
	agree([]phase.CriterionName{phase.ConsultationAnswered, phase.ConsultationCompiled}, "23:30 on the deadline day, Swedish time")
	// 00:30 the day after in Stockholm (23:30 UTC, still the 27th there).
	f.clock.set(time.Date(2015, 2, 27, 23, 30, 0, 0, time.UTC))
	agree([]phase.CriterionName{phase.ConsultationCompiled}, "00:30 the day after the deadline, Swedish time: passed without an answer")
	f.clock.set(time.Date(2015, 3, 2, 9, 0, 0, 0, time.UTC))
	agree([]phase.CriterionName{phase.ConsultationCompiled}, "the deadline has passed without an answer")
	require.NoError(t, exec(process.CloseRound{Round: round.ID}))
	require.NoError(t, exec(process.CompileRound{Round: round.ID}))
	require.NoError(t, exec(process.Advance{Trigger: "execute"}))
}

func TestConsultation_LoadedStateIsAStableCopy(t *testing.T) {
	f := newRoundFixture(t)
	f.do(process.OpenRound{Round: f.round.ID})
	for _, org := range []model.OrganisationID{f.borås.ID, f.region.ID, f.borås.ID} {
		f.do(process.SubmitResponse{Response: f.answer(org, consultation.Supports)})
	}
	before := f.state()
	// A caller appending to what it was given reaches nothing else, and
	// nothing reaches it.
	r := before.Rounds()[0]
	mine := append(r.Responses, f.answer(f.outsider.ID, consultation.Opposes))
	steps := append(r.Steps, process.RoundStep{Trigger: consultation.TriggerCancel})

	f.do(process.SubmitResponse{Response: f.answer(f.region.ID, consultation.Opposes)})
	f.do(process.CloseRound{Round: f.round.ID})

	assert.Equal(t, f.outsider.ID, mine[3].Organisation, "the engine's later answer did not land in the caller's slice")
	assert.Equal(t, consultation.TriggerCancel, steps[1].Trigger)
	old, _ := before.Round(f.round.ID)
	assert.Len(t, old.Responses, 3, "the earlier copy does not see later answers")
	assert.Equal(t, consultation.Open, old.Status)
	now, _ := f.state().Round(f.round.ID)
	require.Len(t, now.Responses, 4)
	assert.Equal(t, f.region.ID, now.Responses[3].Organisation, "the caller's append did not land in the engine")
	assert.Len(t, now.Steps, 2)
	assert.Equal(t, consultation.TriggerClose, now.Steps[1].Trigger)
}
