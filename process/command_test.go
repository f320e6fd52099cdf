package process_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommands_InvalidInput_TypedErrorAndNothingWritten runs every kind of
// bad input against a started process and checks that each is refused with
// the expected error and that the store is unchanged.
func TestCommands_InvalidInput_TypedErrorAndNothingWritten(t *testing.T) {
	f := newFixture(t)
	day := model.MakeDate(2011, 9, 1)
	chair := f.membership(f.anna.ID, model.RoleChair, day)
	f.do(process.AddMember{Membership: chair})
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	f.do(process.DefineArea{Area: area})
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Konferens", Date: model.MakeDate(2012, 2, 9)}
	f.do(process.PlanMeeting{Meeting: meeting})
	f.clock.reach(meeting.Date)
	f.do(process.RecordMeeting{Meeting: meeting.ID, HeadCount: 250})
	stored := f.proposal("Redan inlämnat")
	f.do(process.SubmitProposals{Proposals: []model.Proposal{stored}})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Åtgärd 1", Sources: []model.ProposalID{stored.ID}}
	f.do(process.CreateMeasure{Measure: measure})
	ended := f.membership(f.bertil.ID, model.RoleMember, day)
	f.do(process.AddMember{Membership: ended})
	f.do(process.EndMembership{Membership: ended.ID, End: model.MakeDate(2012, 1, 1)})

	unreachable, err := json.Marshal(phase.Template{
		ID: "t", Name: model.Label{SV: "M", EN: "T"}, Initial: "a",
		Phases:      []phase.Phase{{ID: "a", Name: model.Label{SV: "A", EN: "A"}}, {ID: "b", Name: model.Label{SV: "B", EN: "B"}}},
		Transitions: []phase.Transition{{Trigger: "stay", From: "a", To: "a"}},
	})
	require.NoError(t, err)
	_, parseErr := phase.ParseTemplate(unreachable)
	var parsed phase.Template
	require.NoError(t, json.Unmarshal(unreachable, &parsed))

	ghost := model.NewID[model.Person]()
	org := func(name, code string, kind model.OrganisationKind) process.Command {
		return process.RegisterOrganisation{Organisation: model.Organisation{ID: model.NewID[model.Organisation](), Name: name, Kind: kind, Code: code}}
	}
	tests := []struct {
		name  string
		cmd   process.Command
		want  error
		field string // the *model.FieldError or *process.ReferenceError field, if any
	}{
		{"organisation with empty name", org("", "1401", model.KindMunicipality), model.ErrRequired, "Organisation.Name"},
		{"unknown municipality code", org("Atlantis", "1410", model.KindMunicipality), model.ErrUnknownCode, "Organisation.Code"},
		{"municipality code taken", org("Borås igen", "1490", model.KindMunicipality), process.ErrAlreadyExists, "Organisation.Code"},
		{"county code taken by a region", org("Region Väst", "14", model.KindRegion), process.ErrAlreadyExists, "Organisation.Code"},
		{"organisation ID taken", process.RegisterOrganisation{Organisation: f.borås}, process.ErrAlreadyExists, "Organisation.ID"},
		{"person with empty name", process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person]()}}, model.ErrRequired, "Person.Name"},
		{"person of unknown organisation", process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "X", Organisation: model.NewID[model.Organisation]()}}, process.ErrUnknownReference, "Person.Organisation"},
		{"group without name", process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupSteering}}, model.ErrRequired, "Group.Name"},
		{"group of unknown area", process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupThematicWorking, Name: "T", Area: model.NewID[model.Area]()}}, process.ErrUnknownReference, "Group.Area"},
		{"membership of unknown person", process.AddMember{Membership: f.membership(ghost, model.RoleMember, day)}, process.ErrUnknownReference, "Membership.Member.Person"},
		{"membership of unknown group", process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: model.NewID[model.Group](), Member: model.Member{Person: f.bertil.ID}, Role: model.RoleMember, Period: model.Period{Start: day}}}, process.ErrUnknownReference, "Membership.Group"},
		{"a second chair", process.AddMember{Membership: f.membership(f.bertil.ID, model.RoleChair, model.MakeDate(2012, 5, 1))}, process.ErrRoleTaken, "Membership.Role"},
		{"membership without role", process.AddMember{Membership: f.membership(f.bertil.ID, 0, day)}, model.ErrRequired, "Membership.Role"},
		{"end an ended membership", process.EndMembership{Membership: ended.ID, End: model.MakeDate(2012, 2, 1)}, process.ErrAlreadyRecorded, "Membership"},
		{"end before start", process.EndMembership{Membership: chair.ID, End: model.MakeDate(2010, 1, 1)}, model.ErrDateOrder, "End"},
		{"end unknown membership", process.EndMembership{Membership: model.NewID[model.Membership](), End: day}, process.ErrUnknownReference, "Membership"},
		{"area number taken", process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Annat"}}, process.ErrAlreadyExists, "Area.Number"},
		{"meeting without date", process.PlanMeeting{Meeting: model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "W"}}, model.ErrRequired, "Meeting.Date"},
		{"record a held meeting", process.RecordMeeting{Meeting: meeting.ID, HeadCount: 500}, process.ErrAlreadyRecorded, "Meeting"},
		{"record unknown meeting", process.RecordMeeting{Meeting: model.NewID[model.Meeting]()}, process.ErrUnknownReference, "Meeting"},
		{"negative head count", process.RecordMeeting{Meeting: meeting.ID, HeadCount: -5}, model.ErrOutOfRange, "HeadCount"},
		{"no proposals", process.SubmitProposals{}, model.ErrRequired, "Proposals"},
		{"a proposal without a title", process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Bra"), {ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Submitter: model.Submitter{Organisation: f.borås.ID}}}}, model.ErrRequired, "Proposals[1].Title"},
		{"a proposal from an unknown person", process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "T", Submitter: model.Submitter{Person: ghost}}}}, process.ErrUnknownReference, "Proposals[0].Submitter.Person"},
		{"a proposal in an unknown area", process.SubmitProposals{Proposals: []model.Proposal{func() model.Proposal {
			p := f.proposal("T")
			p.Areas = []model.AreaID{model.NewID[model.Area]()}
			return p
		}()}}, process.ErrUnknownReference, "Proposals[0].Areas"},
		{"a proposal submitted twice", process.SubmitProposals{Proposals: []model.Proposal{stored}}, process.ErrAlreadyExists, "Proposals[0].ID"},
		{"the same proposal twice in a batch", func() process.Command {
			p := f.proposal("T")
			return process.SubmitProposals{Proposals: []model.Proposal{p, p}}
		}(), process.ErrAlreadyExists, "Proposals[1].ID"},
		{"too many proposals", process.SubmitProposals{Proposals: make([]model.Proposal, process.MaxProposalsPerCommand+1)}, process.ErrTooLarge, ""},
		{"measure number taken", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "T"}}, process.ErrAlreadyExists, "Measure.Number"},
		{"measure from an unknown proposal", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "T", Sources: []model.ProposalID{model.NewID[model.Proposal]()}}}, process.ErrUnknownReference, "Measure.Sources"},
		{"measure without title", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 2}}, model.ErrRequired, "Measure.Title"},
		{"recommendation number -1", process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: -1, Title: "T"}}, model.ErrOutOfRange, "Recommendation.Number"},
		{"plan an unknown phase", process.PlanPhase{Phase: "nowhere", Planned: model.Period{Start: day}}, process.ErrUnknownReference, "Phase"},
		{"plan a phase backwards", process.PlanPhase{Phase: "planning", Planned: model.Period{Start: day, End: model.MakeDate(2011, 1, 1)}}, model.ErrDateOrder, "Planned.End"},
		{"unknown trigger", process.Advance{Trigger: "teleport"}, phase.ErrTriggerNotPermitted, ""},
		{"start again", process.Start{Process: model.Process{ID: f.id, Name: "Igen"}, Template: phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))}, process.ErrAlreadyExists, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.storedCount()
			_, err := f.engine.Execute(f.ctx, f.id, f.actor, tt.cmd)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			if tt.field != "" {
				assert.Equal(t, tt.field, errorField(err), err.Error())
			}
			assert.Equal(t, before, f.storedCount(), "nothing is written")
		})
	}

	t.Run("a template with an unreachable phase", func(t *testing.T) {
		require.ErrorIs(t, parseErr, phase.ErrUnreachablePhase, "ParseTemplate refuses it")
		id := model.NewID[model.Process]()
		before := f.storedCount()
		_, err := f.engine.Execute(f.ctx, id, f.actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: parsed})
		assert.ErrorIs(t, err, phase.ErrUnreachablePhase, "and so does Start")
		assert.Equal(t, before, f.storedCount())
	})

	t.Run("an actor without a person", func(t *testing.T) {
		before := f.storedCount()
		_, err := f.engine.Execute(f.ctx, f.id, model.Actor{Capacity: model.RoleChair}, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("T")}})
		assert.ErrorIs(t, err, model.ErrRequired)
		assert.Equal(t, "Actor.Person", errorField(err))
		assert.Equal(t, before, f.storedCount())
	})

	t.Run("a cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(f.ctx)
		cancel()
		before := f.storedCount()
		_, err := f.engine.Execute(ctx, f.id, f.actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("T")}})
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, before, f.storedCount())
	})

	t.Run("no command, no process", func(t *testing.T) {
		_, err := f.engine.Execute(f.ctx, f.id, f.actor, nil)
		assert.ErrorIs(t, err, model.ErrRequired)
		_, err = f.engine.Execute(f.ctx, model.ProcessID{}, f.actor, process.Advance{Trigger: "mobilise"})
		assert.ErrorIs(t, err, model.ErrRequired)
	})
}

// errorField returns the field a typed error names: a
// *process.ReferenceError's or, failing that, the first *model.FieldError's.
func errorField(err error) string {
	var fe *model.FieldError
	var re *process.ReferenceError
	switch {
	case errors.As(err, &re):
		return re.Field
	case errors.As(err, &fe):
		return fe.Field
	}
	return ""
}
