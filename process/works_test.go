package process_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// worksFixture is a small process with every structure of issue 19, in a store
// that keeps snapshots.
type worksFixture struct {
	*commission
	store      *snapshotStore
	org, part  model.Organisation
	board      model.Group
	meeting    model.Meeting
	rec        model.Recommendation
	objective  model.Objective
	measure    model.Measure
	document   model.DocumentID
	decision   model.DecisionID
	directive  model.Directive
	votes      []model.Vote
	subAssign  model.Directive
	unapproved model.Meeting
}

func newWorksFixture(t *testing.T) *worksFixture {
	store := newSnapshotStore()
	c := &commission{t: t, ctx: context.Background(), clock: &manualClock{now: time.Date(2020, 1, 10, 9, 0, 0, 0, time.UTC)},
		id: model.NewID[model.Process](), actor: model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}}
	var err error
	c.engine, err = process.New(store, &process.Options{Clock: c.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	f := &worksFixture{commission: c, store: store}
	c.do(process.Start{Process: model.Process{ID: c.id, Name: "Kommission"}, Template: anyPhase(phase.Dalarna())})
	f.org, _ = model.MunicipalityOrganisation("1280")
	f.part = model.Organisation{ID: model.NewID[model.Organisation](), Name: "Stadskontoret", Kind: model.KindDepartment, Parent: f.org.ID}
	c.do(process.RegisterOrganisation{Organisation: f.org})
	c.do(process.RegisterOrganisation{Organisation: f.part})
	f.board = model.Group{ID: model.NewID[model.Group](), Kind: model.GroupBoard, Name: "Kommunstyrelsen", Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	c.do(process.FormGroup{Group: f.board})
	for range 3 {
		p := model.Person{ID: model.NewID[model.Person](), Name: "Ledamot"}
		c.do(process.RegisterPerson{Person: p})
		c.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: f.board.ID, Member: model.Member{Person: p.ID}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2020, 1, 1)}}})
		f.votes = append(f.votes, model.Vote{Member: model.Member{Person: p.ID}, Position: model.Agree})
	}
	f.meeting = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: model.MakeDate(2020, 1, 10), Group: f.board.ID}
	f.unapproved = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Nästa", Date: model.MakeDate(2020, 3, 1), Group: f.board.ID}
	c.do(process.PlanMeeting{Meeting: f.meeting})
	c.do(process.PlanMeeting{Meeting: f.unapproved})
	c.do(process.RecordMeeting{Meeting: f.meeting.ID})
	f.rec = model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Rekommendation"}
	c.do(process.CreateRecommendation{Recommendation: f.rec})
	f.objective = model.Objective{ID: model.NewID[model.Objective](), Recommendation: f.rec.ID, Title: "Mål"}
	c.do(process.CreateObjective{Objective: f.objective})
	f.measure = model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Åtgärd", Amount: model.Kronor(1000)}
	c.do(process.CreateMeasure{Measure: f.measure})
	c.do(process.PlaceMeasures{Objective: f.objective.ID, Measures: []model.MeasureID{f.measure.ID}})
	f.document = model.NewID[model.Document]()
	c.do(process.PinDocument{Document: f.document, Title: "Rapport", Recipient: f.board.ID})
	c.do(process.HandOverDocument{HandOver: model.HandOver{Document: f.document, To: f.board.ID, Meeting: f.meeting.ID}})
	f.directive = model.Directive{ID: model.NewID[model.Directive](), To: f.org.ID, Task: "Utred", Due: model.MakeDate(2020, 6, 30)}
	f.decision = model.NewID[model.Decision]()
	c.do(process.Decide{Decision: model.Decision{ID: f.decision, Body: f.board.ID, Meeting: f.meeting.ID, Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document},
		Votes: f.votes, Effect: model.EffectOnApproval, Directives: []model.Directive{f.directive}, Amount: model.Kronor(5000)}})
	c.on(model.MakeDate(2020, 1, 17))
	c.do(process.ApproveMinutes{Meeting: f.meeting.ID})
	f.subAssign = model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: f.part.ID, Task: "Del", Due: model.MakeDate(2020, 5, 31)}
	c.do(process.AssignDirective{Directive: f.subAssign})
	return f
}

func TestWorks_ASnapshotHoldsThemAsTheEventsDo(t *testing.T) {
	f := newWorksFixture(t)
	require.NoError(t, f.engine.Snapshot(f.ctx, f.id))
	fresh, err := process.New(f.store, nil)
	require.NoError(t, err)
	f.store.read.Store(0)
	loaded, err := fresh.Load(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, int64(1), f.store.read.Load(), "read from the snapshot")
	replayed, err := fresh.Replay(f.ctx, f.id)
	require.NoError(t, err)
	for _, s := range []*process.State{loaded, replayed} {
		assert.Equal(t, []model.Objective{{ID: f.objective.ID, Recommendation: f.rec.ID, Number: 1, Title: "Mål"}}, s.Objectives())
		assert.Equal(t, 1, s.Structure().Count())
		assert.Len(t, s.Directives(), 2)
		a, ok := s.Approval(f.meeting.ID)
		assert.True(t, ok)
		assert.Equal(t, model.MakeDate(2020, 1, 17), a.Date)
		assert.Len(t, s.HandOvers(f.document), 1)
		assert.True(t, s.InForce(f.decision, model.MakeDate(2020, 1, 17)))
		assert.False(t, s.InForce(f.decision, model.MakeDate(2020, 1, 16)))
	}
	assert.Equal(t, view(replayed), view(loaded))
}

func TestWorks_Refusals_TypedAndNothingWritten(t *testing.T) {
	f := newWorksFixture(t)
	unknownDoc, unknownOrg := model.NewID[model.Document](), model.NewID[model.Organisation]()
	for _, c := range []struct {
		name  string
		cmd   process.Command
		err   error
		field string
	}{
		{"an objective of an unknown recommendation", process.CreateObjective{Objective: model.Objective{ID: model.NewID[model.Objective](), Recommendation: model.NewID[model.Recommendation](), Title: "Mål"}}, process.ErrUnknownReference, "Objective.Recommendation"},
		{"an objective without a title", process.CreateObjective{Objective: model.Objective{ID: model.NewID[model.Objective](), Recommendation: f.rec.ID}}, model.ErrRequired, "Objective.Title"},
		{"an objective ID taken", process.CreateObjective{Objective: f.objective}, process.ErrAlreadyExists, "Objective.ID"},
		{"placing under an unknown objective", process.PlaceMeasures{Objective: model.NewID[model.Objective](), Measures: []model.MeasureID{f.measure.ID}}, process.ErrUnknownReference, "Objective"},
		{"placing a measure twice", process.PlaceMeasures{Objective: f.objective.ID, Measures: []model.MeasureID{f.measure.ID, f.measure.ID}}, model.ErrDuplicate, "Measures[1]"},
		{"placing an unknown measure", process.PlaceMeasures{Objective: f.objective.ID, Measures: []model.MeasureID{model.NewID[model.Measure]()}}, process.ErrUnknownReference, "Measures[0]"},
		{"a hand-over of an unknown document", process.HandOverDocument{HandOver: model.HandOver{Document: unknownDoc, To: f.board.ID, Date: model.MakeDate(2020, 1, 12)}}, process.ErrUnknownReference, "HandOver.Document"},
		{"a hand-over at a meeting not held", process.HandOverDocument{HandOver: model.HandOver{Document: f.document, To: f.board.ID, Meeting: f.unapproved.ID}}, process.ErrMeetingNotHeld, "HandOver.Meeting"},
		{"a hand-over with neither meeting nor date", process.HandOverDocument{HandOver: model.HandOver{Document: f.document, To: f.board.ID}}, model.ErrRequired, "HandOver.Date"},
		{"a document revising an unknown one", process.PinDocument{Document: model.NewID[model.Document](), Title: "Ny", Revises: unknownDoc}, process.ErrUnknownReference, "Revises"},
		{"a document by an unknown author", process.PinDocument{Document: model.NewID[model.Document](), Title: "Ny", Authors: []model.Author{{Organisation: unknownOrg}}}, process.ErrUnknownReference, "Authors[0].Organisation"},
		{"an author that is two", process.PinDocument{Document: model.NewID[model.Document](), Title: "Ny", Authors: []model.Author{{Organisation: f.org.ID, Group: f.board.ID}}}, model.ErrNotAllowed, "Authors[0].Group"},
		{"minutes approved twice", process.ApproveMinutes{Meeting: f.meeting.ID}, process.ErrAlreadyRecorded, "Meeting"},
		{"minutes of a meeting not held", process.ApproveMinutes{Meeting: f.unapproved.ID}, process.ErrMeetingNotHeld, "Meeting"},
		{"a sub-assignment without a parent", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), To: f.part.ID, Task: "Del"}}, model.ErrRequired, "Directive.Parent"},
		{"a sub-assignment to an unknown organisation", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: unknownOrg, Task: "Del"}}, process.ErrUnknownReference, "Directive.To"},
		{"a sub-assignment given in the future", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: f.part.ID, Task: "Del"}, Date: model.MakeDate(2021, 1, 1)}, process.ErrInFuture, "Date"},
		{"a sub-assignment ID taken", process.AssignDirective{Directive: f.subAssign}, process.ErrAlreadyExists, "Directive.ID"},
		{"a sub-assignment without a task", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: f.part.ID}}, model.ErrRequired, "Directive.Task"},
		{"a sub-assignment of an unknown directive", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: model.NewID[model.Directive](), To: f.part.ID, Task: "Del"}}, process.ErrUnknownReference, "Directive.Parent"},
		{"a sub-assignment given before its parent", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: f.part.ID, Task: "Del"}, Date: model.MakeDate(2020, 1, 9)}, model.ErrDateOrder, "Date"},
		{"a sub-assignment given on no real day", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.directive.ID, To: f.part.ID, Task: "Del"}, Date: model.Date{Year: 2020, Month: time.February, Day: 30}}, model.ErrOutOfRange, "Date"},
		{"no directive to complete", process.CompleteDirective{}, model.ErrRequired, "Directive"},
		{"a directive carried out before it was given", process.CompleteDirective{Directive: f.subAssign.ID, Date: model.MakeDate(2020, 1, 16)}, model.ErrDateOrder, "Date"},
		{"minutes of no meeting", process.ApproveMinutes{}, model.ErrRequired, "Meeting"},
		{"minutes of an unknown meeting", process.ApproveMinutes{Meeting: model.NewID[model.Meeting]()}, process.ErrUnknownReference, "Meeting"},
		{"a parent with a sub-assignment open", process.CompleteDirective{Directive: f.directive.ID}, process.ErrStillOpen, "Directive"},
		{"an unknown directive", process.CompleteDirective{Directive: model.NewID[model.Directive]()}, process.ErrUnknownReference, "Directive"},
		{"a further decision naming an unknown one", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Votes: f.votes, Follows: model.NewID[model.Decision]()}}, process.ErrUnknownReference, "Decision.Follows"},
		{"following a decision on no earlier subject", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Follows: f.decision}}, process.ErrUnknownReference, "Decision.Follows"},
		{"following and reconsidering at once", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Votes: f.votes, Follows: f.decision, Reconsiders: f.decision}}, model.ErrNotAllowed, "Decision.Follows"},
		{"a directive to an unknown organisation", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Directives: []model.Directive{{ID: model.NewID[model.Directive](), To: unknownOrg, Task: "X"}}}}, process.ErrUnknownReference, "Decision.Directives[0].To"},
		{"a directive given twice", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Directives: []model.Directive{f.directive}}}, process.ErrAlreadyExists, "Decision.Directives[0].ID"},
		{"in force before its meeting", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Effect: model.EffectOnDate, EffectiveOn: model.MakeDate(2019, 12, 31)}}, model.ErrDateOrder, "Decision.EffectiveOn"},
		{"on a date without one", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Effect: model.EffectOnDate}}, model.ErrRequired, "Decision.EffectiveOn"},
		{"a negative amount", process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.board.ID, Meeting: f.meeting.ID,
			Subject: model.Subject{Kind: model.SubjectOther, Title: "Nytt"}, Votes: f.votes, Amount: -1}}, model.ErrOutOfRange, "Decision.Amount"},
		{"an organisation its own parent", process.RegisterOrganisation{Organisation: func() model.Organisation {
			o := model.Organisation{ID: model.NewID[model.Organisation](), Name: "X", Kind: model.KindOther}
			o.Parent = o.ID
			return o
		}()}, model.ErrNotAllowed, "Parent"},
		{"an appointment by an unknown body", process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "K", AppointedBy: model.NewID[model.Group]()}}, process.ErrUnknownReference, "Group.AppointedBy"},
		{"an appointment without the body", process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "K", Appointment: f.decision}}, model.ErrRequired, "AppointedBy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := f.store.count()
			_, err := f.engine.Execute(f.ctx, f.id, f.actor, c.cmd)
			require.ErrorIs(t, err, c.err)
			assert.Contains(t, err.Error(), c.field)
			assert.Equal(t, before, f.store.count(), "nothing written")
		})
	}
}

func TestWorks_DoneIsDone_AndMinutesAreApprovedAfterTheMeeting(t *testing.T) {
	f := newWorksFixture(t)
	f.do(process.CompleteDirective{Directive: f.subAssign.ID, Note: "Klart"})
	for _, c := range []struct {
		name  string
		cmd   process.Command
		err   error
		field string
	}{
		{"a directive carried out twice", process.CompleteDirective{Directive: f.subAssign.ID}, process.ErrAlreadyRecorded, "Directive"},
		{"a sub-assignment of a directive carried out", process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: f.subAssign.ID, To: f.part.ID, Task: "Mer"}}, process.ErrAlreadyRecorded, "Directive.Parent"},
	} {
		before := f.store.count()
		err := f.refused(c.cmd)
		assert.ErrorIs(t, err, c.err, c.name)
		assert.Equal(t, c.field, errorField(err), c.name)
		assert.Equal(t, before, f.store.count(), "%s writes nothing", c.name)
	}
	s := f.state()
	sub, ok := s.Directive(f.subAssign.ID)
	require.True(t, ok)
	assert.True(t, sub.Done)
	assert.Equal(t, model.MakeDate(2020, 1, 17), sub.DoneOn, "today, when no date is given")

	// A meeting held on 2020-01-17 is not approved on the day before.
	held := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Extra", Date: model.MakeDate(2020, 1, 17), Group: f.board.ID}
	f.do(process.PlanMeeting{Meeting: held})
	f.do(process.RecordMeeting{Meeting: held.ID})
	before := f.store.count()
	err := f.refused(process.ApproveMinutes{Meeting: held.ID, Date: model.MakeDate(2020, 1, 16)})
	assert.ErrorIs(t, err, model.ErrDateOrder)
	assert.Equal(t, "Date", errorField(err))
	assert.Equal(t, before, f.store.count(), "nothing written")
}

// count counts the records of every stream.
func (s *snapshotStore) count() int {
	n := 0
	for range s.ReadAll(context.Background(), 0) {
		n++
	}
	return n
}
