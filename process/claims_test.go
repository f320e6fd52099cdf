package process_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests of this file are the gaps of issue 18, each found by an attack
// through the public API that the default policy let through: every one of
// them appended an event before the fix.

// refused executes cmd as a, and checks that it is refused as forbidden,
// with a rule named, and that nothing is appended.
func (f *policyFixture) refused(a model.Actor, cmd process.Command, why string) *process.ForbiddenError {
	f.t.Helper()
	before := f.stored()
	_, err := f.engine.Execute(bg(), f.id, a, cmd)
	require.ErrorIs(f.t, err, process.ErrForbidden, why)
	var fe *process.ForbiddenError
	require.ErrorAs(f.t, err, &fe, why)
	assert.NotEmpty(f.t, fe.Rule, why)
	assert.Equal(f.t, before, f.stored(), "%s: nothing appended", why)
	return fe
}

func TestRecordRules_ClaimedCapacityAndOrganisationAreChecked(t *testing.T) {
	f := newPolicyFixture(t)
	openRound(f)
	region := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"}
	f.as(f.coordinator, process.RegisterOrganisation{Organisation: region})

	// Borås's representative claims to be the region's chair.
	chair := model.Actor{Person: f.borås.Person, Organisation: region.ID, Capacity: model.RoleChair}
	f.refused(chair, process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}, "a capacity and an organisation not held")

	// The right capacity, for an organisation they do not represent.
	f.refused(model.Actor{Person: f.borås.Person, Organisation: region.ID, Capacity: model.RoleOfficial},
		process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}, "an organisation not represented")

	// Their own organisation, in a capacity they do not hold.
	f.refused(model.Actor{Person: f.borås.Person, Organisation: f.boråsOrg.ID, Capacity: model.RoleChair},
		process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}, "a group role not held")

	// A coordinator claiming a chair they do not hold.
	f.refused(model.Actor{Person: f.coordinator.Person, Capacity: model.RoleChair},
		process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 7, Name: "Barn"}}, "a coordinator's false capacity")

	// What the record shows is allowed, and the event records it.
	res, err := f.engine.Execute(bg(), f.id, f.borås, process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)})
	require.NoError(t, err)
	for ev, err := range f.engine.History(bg(), f.id, res.Version) {
		require.NoError(t, err)
		assert.Equal(t, f.borås, ev.Actor)
	}
}

func TestRecordRules_CapacityIsJudgedOnTheDay(t *testing.T) {
	f := newPolicyFixture(t)
	// The member's term ends; afterwards they are no member to claim it.
	m := model.Membership{ID: model.NewID[model.Membership](), Group: f.committee.ID, Member: model.Member{Person: f.borås.Person},
		Role: model.RoleChair, Period: model.Period{Start: model.MakeDate(2013, 1, 1), End: model.MakeDate(2013, 1, 31)}}
	f.as(f.coordinator, process.AddMember{Membership: m})
	chair := model.Actor{Person: f.borås.Person, Organisation: f.boråsOrg.ID, Capacity: model.RoleChair}
	prop := func() process.Command {
		return process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "X",
			Submitter: model.Submitter{Organisation: f.boråsOrg.ID}}}}
	}
	f.as(chair, prop())
	f.clock.set(time.Date(2013, 2, 1, 9, 0, 0, 0, time.UTC))
	f.refused(chair, prop(), "a chair whose term has ended")
}

func TestDecide_OnlyAttendeesTakePositionsAndPresentIsBoundByThem(t *testing.T) {
	f := newPolicyFixture(t)
	board := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupBoard, Name: "Regionstyrelsen", Seats: 5,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.Share{Num: 1, Den: 5}}}
	f.as(f.coordinator, process.FormGroup{Group: board})
	f.join(board.ID, f.secretary.Person, model.RoleSecretary)
	members := []model.PersonID{f.member.Person, f.borås.Person, f.alingsås.Person}
	for _, p := range members {
		f.join(board.ID, p, model.RoleMember)
	}
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: model.MakeDate(2013, 1, 14), Group: board.ID}
	f.as(f.coordinator, process.PlanMeeting{Meeting: meeting})
	// Two of the three members attend.
	f.as(f.secretary, process.RecordMeeting{Meeting: meeting.ID, Attendees: []model.Attendee{{Person: f.member.Person}, {Person: f.borås.Person}}})
	decision := func(votes []model.Vote, present int) process.Command {
		d := model.Decision{ID: model.NewID[model.Decision](), Body: board.ID, Meeting: meeting.ID,
			Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Votes: votes}
		if votes == nil {
			d.Acclamation, d.Present = true, present
		}
		return process.Decide{Decision: d}
	}
	before := f.stored()
	_, err := f.engine.Execute(bg(), f.id, f.secretary, decision([]model.Vote{
		{Member: model.Member{Person: f.member.Person}, Position: model.Agree},
		{Member: model.Member{Person: f.alingsås.Person}, Position: model.Agree}}, 0))
	assert.ErrorIs(t, err, process.ErrAbsent, "a position from a member absent from the attendance")
	_, err = f.engine.Execute(bg(), f.id, f.secretary, decision(nil, 4))
	assert.ErrorIs(t, err, model.ErrOutOfRange, "an acclamation with more present than attended")
	assert.Equal(t, before, f.stored(), "nothing appended")

	_, err = f.engine.Execute(bg(), f.id, f.secretary, decision(nil, 2))
	require.NoError(t, err, "an acclamation of those who attended")
}

func TestRecordRules_DelegationDoesNotEscalate(t *testing.T) {
	f := newPolicyFixture(t)
	openRound(f)
	day := model.MakeDate(2013, 1, 14)
	// Borås's representative lets the member delegate for one day only.
	f.as(f.borås, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
		Commands: []string{"delegate"}, Period: model.Period{Start: day, End: day}}})
	deputy := model.Actor{Person: f.member.Person, Capacity: model.RoleOfficial, Organisation: f.boråsOrg.ID}.OnBehalfOf(f.borås.Person)
	everything := []string{}
	for _, c := range process.Commands() {
		everything = append(everything, c.Name())
	}
	f.refused(deputy, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
		Commands: everything, Period: model.Period{Start: day}}}, "an open-ended delegation of every command from a one-day right to delegate")
	f.refused(deputy, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
		Commands: []string{"delegate"}, Period: model.Period{Start: day}}}, "a longer period than the delegation held")
	f.refused(deputy, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.secretary.Person,
		Commands: []string{"submit-response"}, Period: model.Period{Start: day, End: day}}}, "a command the delegation held does not name")

	// A person delegates only what they may do themselves on the day.
	f.refused(f.borås, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
		Commands: []string{"advance"}, Period: model.Period{Start: day}}}, "a right the delegator lacks")

	// A coordinator cannot give themselves another person's rights.
	f.refused(f.coordinator, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.coordinator.Person,
		Commands: []string{"submit-response"}, Period: model.Period{Start: day}}}, "a coordinator's delegation on no decision")
}

func TestRecordRules_AuthorityMustExistAndPrecede(t *testing.T) {
	f := newPolicyFixture(t)
	withdraw := process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.proposal.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget"}}}
	f.refused(f.coordinator.On(model.Authority{Meeting: model.NewID[model.Meeting]()}), withdraw, "a meeting that does not exist")
	f.refused(f.coordinator.On(model.Authority{Meeting: f.committeeMeeting.ID}), withdraw, "a meeting not yet held")

	// A meeting planned for next month and recorded as held then.
	later := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Senare", Date: model.MakeDate(2013, 2, 20)}
	f.as(f.coordinator, process.PlanMeeting{Meeting: later})
	_, err := f.engine.Execute(bg(), f.id, f.coordinator, process.RecordMeeting{Meeting: later.ID, HeadCount: 10})
	assert.ErrorIs(t, err, process.ErrInFuture, "a meeting is not recorded as held before its day")
	f.refused(f.coordinator.On(model.Authority{Meeting: later.ID}), withdraw, "a meeting not yet held, though planned")

	holdCommittee(f)
	f.as(f.coordinator.On(model.Authority{Meeting: f.committeeMeeting.ID}), withdraw)
}

func TestRecordRules_MinutesAreJudgedOnTheDayTheMeetingWasHeld(t *testing.T) {
	f := newPolicyFixture(t)
	// The secretary's term ends on 31 January; a new one starts on 1
	// February. The committee's meeting planned for 14 January is held on
	// 5 February, and the minutes are recorded the day after.
	f.as(f.coordinator, process.EndMembership{Membership: f.secretaryMembership, End: model.MakeDate(2013, 1, 31)})
	next := model.Person{ID: model.NewID[model.Person](), Name: "Ny sekreterare"}
	f.as(f.coordinator, process.RegisterPerson{Person: next})
	f.as(f.coordinator, process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: f.committee.ID,
		Member: model.Member{Person: next.ID}, Role: model.RoleSecretary, Period: model.Period{Start: model.MakeDate(2013, 2, 1)}}})
	f.clock.set(time.Date(2013, 2, 6, 9, 0, 0, 0, time.UTC))
	held := process.RecordMeeting{Meeting: f.committeeMeeting.ID, Date: model.MakeDate(2013, 2, 5)}
	f.refused(f.secretary, held, "a secretary whose term ended before the meeting was held")
	f.as(model.Actor{Person: next.ID, Capacity: model.RoleSecretary}, held)
}
