package process_test

import (
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// directive gives Borås a directive by a decision of the fixture's
// committee, at its meeting held, and returns it.
func (f *policyFixture) directive() model.Directive {
	holdCommittee(f)
	d := model.Directive{ID: model.NewID[model.Directive](), To: f.boråsOrg.ID, Task: "Utred en social investeringsfond", Due: model.MakeDate(2013, 6, 30)}
	f.as(f.secretary, process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.committee.ID, Meeting: f.committeeMeeting.ID,
		Subject: model.Subject{Kind: model.SubjectOther, Title: "Direktiv"}, Votes: []model.Vote{{Member: model.Member{Person: f.member.Person}, Position: model.Agree}},
		Directives: []model.Directive{d}}})
	return d
}

// worksPolicyCases are the cases of the commands of structure.go and
// directives.go, for TestRecordRules_EveryCommandAllowedAndRefused.
func worksPolicyCases() []policyCase {
	objective := func(f *policyFixture) model.Objective {
		return model.Objective{ID: model.NewID[model.Objective](), Recommendation: f.recommendation.ID, Title: "Mål"}
	}
	return []policyCase{
		{name: "create-objective", cmd: func(f *policyFixture) process.Command { return process.CreateObjective{Objective: objective(f)} },
			allowed: coordinatorActor, refused: boråsActor},
		{name: "place-measures", cmd: func(f *policyFixture) process.Command {
			o := objective(f)
			f.as(f.coordinator, process.CreateObjective{Objective: o})
			return process.PlaceMeasures{Objective: o.ID, Measures: []model.MeasureID{f.measure.ID}}
		}, allowed: coordinatorActor, refused: boråsActor},
		{name: "hand-over-document", setup: holdCommittee, cmd: func(f *policyFixture) process.Command {
			return process.HandOverDocument{HandOver: model.HandOver{Document: f.document, To: f.committee.ID, Meeting: f.committeeMeeting.ID}}
		}, allowed: coordinatorActor, refused: secretaryActor},
		{name: "approve-minutes", setup: holdCommittee, cmd: func(f *policyFixture) process.Command {
			return process.ApproveMinutes{Meeting: f.committeeMeeting.ID}
		}, allowed: secretaryActor, refused: boråsActor},
		{name: "assign-directive", cmd: func(f *policyFixture) process.Command {
			d := f.directive()
			return process.AssignDirective{Directive: model.Directive{ID: model.NewID[model.Directive](), Parent: d.ID, To: f.boråsOrg.ID, Task: "Del av utredningen"}}
		}, allowed: boråsActor, refused: alingsåsActor},
		{name: "complete-directive", cmd: func(f *policyFixture) process.Command {
			return process.CompleteDirective{Directive: f.directive().ID}
		}, allowed: boråsActor, refused: alingsåsActor},
	}
}
