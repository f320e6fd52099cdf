package process_test

import (
	stdcontext "context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyFixture is a process under the default policy, RecordRules: the
// coordinator who started it, a committee with a member and a secretary,
// Borås and Alingsås each with a representative, a proposal from Borås, a
// measure in a pinned document, a remiss to Borås, a meeting of the
// committee and one without a group, and an outsider.
type policyFixture struct {
	t                     *testing.T
	store                 *memstore.Store
	clock                 *manualClock
	engine                *process.Engine
	id                    model.ProcessID
	coordinator, outsider model.Actor
	secretary, member     model.Actor
	borås, alingsås       model.Actor // the municipalities' representatives
	boråsOrg, alingsåsOrg model.Organisation
	committee             model.Group
	committeeMeeting      model.Meeting
	conference            model.Meeting
	proposal              model.Proposal
	measure               model.Measure
	document              model.DocumentID
	round                 consultation.Round
	secretaryMembership   model.MembershipID
	recommendation        model.Recommendation
	decision              model.DecisionID // set by recordDecision
	leader                model.Actor      // set by lead
	surveyID              followup.SurveyID
	indicatorID           followup.IndicatorID
}

func actorFor(p model.PersonID, org model.OrganisationID) model.Actor {
	return model.Actor{Person: p, Organisation: org, Capacity: model.RoleOfficial}
}

func newPolicyFixture(t *testing.T) *policyFixture {
	f := &policyFixture{t: t, store: memstore.New(), clock: &manualClock{now: time.Date(2013, 1, 14, 9, 0, 0, 0, time.UTC)}, id: model.NewID[model.Process](),
		surveyID: model.NewID[followup.Survey](), indicatorID: model.NewID[followup.Indicator]()}
	var err error
	f.engine, err = process.New(f.store, &process.Options{Clock: f.clock}) // the default policy
	require.NoError(t, err)
	f.coordinator = model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	f.outsider = actorFor(model.NewID[model.Person](), model.OrganisationID{})
	f.as(f.coordinator, process.Start{Process: model.Process{ID: f.id, Name: "Samling"}, Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))})
	f.boråsOrg, _ = model.MunicipalityOrganisation("1490")
	f.alingsåsOrg, _ = model.MunicipalityOrganisation("1489")
	f.as(f.coordinator, process.RegisterOrganisation{Organisation: f.boråsOrg})
	f.as(f.coordinator, process.RegisterOrganisation{Organisation: f.alingsåsOrg})
	person := func(org model.OrganisationID) model.Actor {
		p := model.Person{ID: model.NewID[model.Person](), Name: "Person", Organisation: org}
		f.as(f.coordinator, process.RegisterPerson{Person: p})
		return actorFor(p.ID, org)
	}
	f.borås, f.alingsås = person(f.boråsOrg.ID), person(f.alingsåsOrg.ID)
	f.secretary, f.member = person(model.OrganisationID{}), person(model.OrganisationID{})
	// They act in the capacities the record shows them in.
	f.secretary.Capacity, f.member.Capacity = model.RoleSecretary, model.RoleMember
	f.committee = model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: "Folkhälsokommittén",
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	f.as(f.coordinator, process.FormGroup{Group: f.committee})
	f.secretaryMembership = f.join(f.committee.ID, f.secretary.Person, model.RoleSecretary)
	f.join(f.committee.ID, f.member.Person, model.RoleMember)
	f.committeeMeeting = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Sammanträde", Date: model.MakeDate(2013, 1, 14), Group: f.committee.ID}
	f.conference = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Konferens", Date: model.MakeDate(2013, 1, 14)}
	f.as(f.coordinator, process.PlanMeeting{Meeting: f.committeeMeeting})
	f.as(f.coordinator, process.PlanMeeting{Meeting: f.conference})
	f.proposal = model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "Läxhjälp", Submitter: model.Submitter{Organisation: f.boråsOrg.ID}}
	f.as(f.borås, process.SubmitProposals{Proposals: []model.Proposal{f.proposal}})
	f.measure = model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp"}
	f.as(f.coordinator, process.CreateMeasure{Measure: f.measure})
	f.recommendation = model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Rekommendation"}
	f.as(f.coordinator, process.CreateRecommendation{Recommendation: f.recommendation})
	f.document = model.NewID[model.Document]()
	f.as(f.coordinator, process.PinDocument{Document: f.document, Title: "Remissversion"})
	f.round = consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss", Document: f.document,
		Deadline: model.MakeDate(2013, 4, 12), Consultees: []consultation.Consultee{{Organisation: f.boråsOrg.ID, Required: true}, {Organisation: f.alingsåsOrg.ID}}}
	f.as(f.coordinator, process.DraftRound{Round: f.round})
	return f
}

func (f *policyFixture) as(a model.Actor, cmd process.Command) {
	f.t.Helper()
	_, err := f.engine.Execute(bg(), f.id, a, cmd)
	require.NoError(f.t, err, cmd.Name())
}

// join adds p to the group in the role, from 2011 or from the day given.
func (f *policyFixture) join(g model.GroupID, p model.PersonID, role model.Role, from ...model.Date) model.MembershipID {
	start := model.MakeDate(2011, 1, 1)
	if len(from) > 0 {
		start = from[0]
	}
	m := model.Membership{ID: model.NewID[model.Membership](), Group: g, Member: model.Member{Person: p}, Role: role, Period: model.Period{Start: start}}
	f.as(f.coordinator, process.AddMember{Membership: m})
	return m.ID
}

// survey, surveyAnswer and indicator are the fixture's own, the same on
// every call.
func (f *policyFixture) survey() followup.Survey {
	return followup.Survey{ID: f.surveyID, Title: "Uppföljning", Recipients: []model.OrganisationID{f.boråsOrg.ID, f.alingsåsOrg.ID},
		Questions: []followup.Question{{Key: "q1", Kind: followup.YesNo, Text: "Beslut?"}, {Key: "q2", Kind: followup.Text, Text: "Svårast?"}}}
}

func (f *policyFixture) surveyAnswer() followup.Answer {
	yes := true
	return followup.Answer{ID: model.NewID[followup.Answer](), Survey: f.surveyID, Organisation: f.boråsOrg.ID,
		Values: []followup.Value{{Question: "q1", Yes: &yes}, {Question: "q2", Text: "Tiden"}}}
}

func (f *policyFixture) indicator() followup.Indicator {
	return followup.Indicator{ID: f.indicatorID, Name: "Utskrivningsklara dagar", Unit: "dagar"}
}

func (f *policyFixture) answer(org model.OrganisationID) consultation.Response {
	return consultation.Response{ID: model.NewID[consultation.Response](), Round: f.round.ID, Organisation: org, Stance: consultation.Supports}
}

func (f *policyFixture) stored() int {
	n := 0
	for _, err := range f.store.ReadAll(bg(), 0) {
		require.NoError(f.t, err)
		n++
	}
	return n
}

// policyCase is a command with an actor the default policy allows and one
// it refuses; setup brings the process to where the command is valid.
type policyCase struct {
	name             string
	setup            func(f *policyFixture)
	cmd              func(f *policyFixture) process.Command
	allowed, refused func(f *policyFixture) model.Actor
}

func (f *policyFixture) assignment() model.Assignment {
	a := model.Assignment{ID: model.NewID[model.Assignment](), Assignee: f.member.Person, Task: "Utreda"}
	f.as(f.secretary, process.RecordMeeting{Meeting: f.committeeMeeting.ID, Assignments: []model.Assignment{a}})
	return a
}

// recordDecision holds the committee's meeting and records a decision
// there, for an actor's authority.
func (f *policyFixture) recordDecision() {
	holdCommittee(f)
	f.decision = model.NewID[model.Decision]()
	f.as(f.secretary, process.Decide{Decision: model.Decision{ID: f.decision, Body: f.committee.ID, Meeting: f.committeeMeeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Reference: "FHK 2013/12 § 4",
		Votes: []model.Vote{{Member: model.Member{Person: f.member.Person}, Position: model.Agree}}}})
}

// lead makes Borås's representative the project lead of a working group,
// a coordinator but not the holder of the starter's role: f.leader.
func (f *policyFixture) lead() {
	working := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupWorking, Name: "Arbetsgrupp"}
	f.as(f.coordinator, process.FormGroup{Group: working})
	f.join(working.ID, f.borås.Person, model.RoleProjectLead)
	f.leader = model.Actor{Person: f.borås.Person, Capacity: model.RoleProjectLead}
}

var (
	coordinatorActor = func(f *policyFixture) model.Actor { return f.coordinator }
	outsiderActor    = func(f *policyFixture) model.Actor { return f.outsider }
	secretaryActor   = func(f *policyFixture) model.Actor { return f.secretary }
	memberActor      = func(f *policyFixture) model.Actor { return f.member }
	boråsActor       = func(f *policyFixture) model.Actor { return f.borås }
	alingsåsActor    = func(f *policyFixture) model.Actor { return f.alingsås }
	openRound        = func(f *policyFixture) { f.as(f.coordinator, process.OpenRound{Round: f.round.ID}) }
	closeRound       = func(f *policyFixture) { openRound(f); f.as(f.coordinator, process.CloseRound{Round: f.round.ID}) }
	holdCommittee    = func(f *policyFixture) { f.as(f.secretary, process.RecordMeeting{Meeting: f.committeeMeeting.ID}) }
	invite           = func(f *policyFixture) {
		f.as(f.coordinator, process.Invite{Organisations: []model.OrganisationID{f.boråsOrg.ID, f.alingsåsOrg.ID}})
	}
)

func policyCases() []policyCase {
	coordinated := func(name string, cmd func(f *policyFixture) process.Command, setup ...func(*policyFixture)) policyCase {
		c := policyCase{name: name, cmd: cmd, allowed: coordinatorActor, refused: boråsActor}
		if len(setup) > 0 {
			c.setup = setup[0]
		}
		return c
	}
	area := model.Area{Number: 1, Name: "Barn och unga"}
	start := func(f *policyFixture) process.Command {
		f.id = model.NewID[model.Process]()
		return process.Start{Process: model.Process{ID: f.id, Name: "Ny"}, Template: phase.Dalarna()}
	}
	starter := func(f *policyFixture) model.Actor {
		return model.Actor{Person: f.outsider.Person, Capacity: model.RoleProjectLead}
	}
	return []policyCase{
		{name: "start-process", cmd: start, allowed: starter,
			refused: func(f *policyFixture) model.Actor { return f.outsider.OnBehalfOf(f.coordinator.Person) }},
		{name: "start-process in a capacity the record cannot show", cmd: start, allowed: starter,
			refused: func(f *policyFixture) model.Actor {
				return model.Actor{Person: f.outsider.Person, Capacity: model.RoleChair, Organisation: f.boråsOrg.ID}
			}},
		coordinated("plan-phase", func(f *policyFixture) process.Command {
			return process.PlanPhase{Phase: "planning", Planned: model.Period{Start: model.MakeDate(2011, 3, 1), End: model.MakeDate(2011, 9, 30)}}
		}),
		{name: "advance", cmd: func(*policyFixture) process.Command { return process.Advance{Trigger: "mobilise"} }, allowed: coordinatorActor, refused: memberActor},
		coordinated("register-organisation", func(*policyFixture) process.Command {
			o, _ := model.MunicipalityOrganisation("1440")
			return process.RegisterOrganisation{Organisation: o}
		}),
		{name: "register-person", cmd: func(*policyFixture) process.Command {
			return process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Ny"}}
		}, allowed: coordinatorActor, refused: outsiderActor},
		{name: "define-area", cmd: func(*policyFixture) process.Command {
			a := area
			a.ID = model.NewID[model.Area]()
			return process.DefineArea{Area: a}
		}, allowed: coordinatorActor, refused: secretaryActor},
		coordinated("form-group", func(*policyFixture) process.Command {
			return process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupWorking, Name: "Arbetsgrupp"}}
		}),
		coordinated("add-member", func(f *policyFixture) process.Command {
			return process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: f.committee.ID,
				Member: model.Member{Person: f.borås.Person}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2013, 1, 1)}}}
		}),
		coordinated("end-membership", func(f *policyFixture) process.Command {
			return process.EndMembership{Membership: f.secretaryMembership, End: model.MakeDate(2013, 6, 30)}
		}),
		coordinated("plan-meeting", func(*policyFixture) process.Command {
			return process.PlanMeeting{Meeting: model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingSeminar, Title: "Seminarium", Date: model.MakeDate(2013, 3, 1)}}
		}),
		{name: "record-meeting", cmd: func(f *policyFixture) process.Command { return process.RecordMeeting{Meeting: f.committeeMeeting.ID} },
			allowed: secretaryActor, refused: coordinatorActor},
		{name: "record-meeting without a group", cmd: func(f *policyFixture) process.Command {
			return process.RecordMeeting{Meeting: f.conference.ID, HeadCount: 500}
		}, allowed: coordinatorActor, refused: secretaryActor},
		{name: "complete-assignment", setup: func(f *policyFixture) {}, cmd: func(f *policyFixture) process.Command {
			return process.CompleteAssignment{Assignment: f.assignment().ID}
		}, allowed: memberActor, refused: boråsActor},
		{name: "submit-proposals", cmd: func(f *policyFixture) process.Command {
			return process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "Trångboddhet",
				Submitter: model.Submitter{Organisation: f.boråsOrg.ID}}}}
		}, allowed: boråsActor, refused: alingsåsActor},
		coordinated("create-measure", func(*policyFixture) process.Command {
			return process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Fritidsgårdar"}}
		}),
		coordinated("create-recommendation", func(*policyFixture) process.Command {
			return process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 2, Title: "Ny"}}
		}),
		coordinated("dispose-proposals", func(f *policyFixture) process.Command {
			return process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.proposal.ID, Kind: model.DispositionRejected, Reason: "Utanför uppdraget"}}}
		}),
		{name: "dispose-proposals: withdrawal by the submitter", cmd: func(f *policyFixture) process.Command {
			return process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.proposal.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget"}}}
		}, allowed: boråsActor, refused: coordinatorActor},
		{name: "dispose-proposals: withdrawal on a recorded decision", setup: holdCommittee, cmd: func(f *policyFixture) process.Command {
			return process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.proposal.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget"}}}
		}, allowed: func(f *policyFixture) model.Actor {
			return f.coordinator.On(model.Authority{Meeting: f.committeeMeeting.ID, Reference: "FHK 2013/12 § 4"})
		}, refused: alingsåsActor},
		{name: "change-disposition", setup: func(f *policyFixture) {
			f.as(f.coordinator, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 3, Title: "Ur förslaget", Sources: []model.ProposalID{f.proposal.ID}}})
		}, cmd: func(f *policyFixture) process.Command {
			return process.ChangeDisposition{Disposition: model.Disposition{Proposal: f.proposal.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget"}, Reason: "Borås drar tillbaka"}
		}, allowed: boråsActor, refused: alingsåsActor},
		coordinated("revise-measure", func(f *policyFixture) process.Command {
			return process.ReviseMeasure{Measure: f.measure.ID, Text: "Ny text", Cause: model.Cause{Note: "Arbetsgruppen"}}
		}),
		coordinated("renumber-measure", func(f *policyFixture) process.Command {
			return process.RenumberMeasure{Measure: f.measure.ID, Number: 9}
		}),
		coordinated("group-measures", func(f *policyFixture) process.Command {
			return process.GroupMeasures{Recommendation: f.recommendation.ID, Measures: []model.MeasureID{f.measure.ID}}
		}),
		coordinated("name-cycle", func(*policyFixture) process.Command {
			return process.NameCycle{Cycle: 2, Title: "Steg 2"}
		}),
		coordinated("name-predecessor", func(*policyFixture) process.Command {
			return process.NamePredecessor{Predecessor: model.NewID[model.Process]()}
		}),
		coordinated("pin-document", func(*policyFixture) process.Command {
			return process.PinDocument{Document: model.NewID[model.Document](), Title: "Ny version"}
		}),
		coordinated("draft-round", func(f *policyFixture) process.Command {
			r := f.round
			r.ID = model.NewID[consultation.Round]()
			return process.DraftRound{Round: r}
		}),
		coordinated("open-round", func(f *policyFixture) process.Command { return process.OpenRound{Round: f.round.ID} }),
		coordinated("close-round", func(f *policyFixture) process.Command { return process.CloseRound{Round: f.round.ID} }, openRound),
		coordinated("compile-round", func(f *policyFixture) process.Command { return process.CompileRound{Round: f.round.ID} }, closeRound),
		coordinated("cancel-round", func(f *policyFixture) process.Command {
			return process.CancelRound{Round: f.round.ID, Reason: "Fel version"}
		}),
		coordinated("reopen-round", func(f *policyFixture) process.Command {
			return process.ReopenRound{Round: f.round.ID, Cause: model.Cause{Reference: "RS 2013/7"}}
		}, closeRound),
		coordinated("extend-deadline", func(f *policyFixture) process.Command {
			return process.ExtendDeadline{Round: f.round.ID, Organisation: f.boråsOrg.ID, Deadline: model.MakeDate(2013, 4, 30)}
		}),
		{name: "submit-response: an organisation answers for itself, and no other", setup: openRound,
			cmd: func(f *policyFixture) process.Command {
				return process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}
			},
			allowed: boråsActor, refused: alingsåsActor},
		{name: "submit-response: a coordinator registers a signed answer", setup: openRound,
			cmd: func(f *policyFixture) process.Command {
				r := f.answer(f.boråsOrg.ID)
				r.RespondedBy = f.borås.Person
				return process.SubmitResponse{Response: r}
			}, allowed: coordinatorActor, refused: memberActor},
		{name: "submit-response: an unsigned remiss answer", setup: openRound,
			cmd: func(f *policyFixture) process.Command {
				return process.SubmitResponse{Response: f.answer(f.alingsåsOrg.ID)}
			},
			allowed: alingsåsActor, refused: coordinatorActor},
		{name: "submit-response under a delegation", setup: func(f *policyFixture) {
			openRound(f)
			f.as(f.borås, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
				Commands: []string{"submit-response"}, Period: model.Period{Start: model.MakeDate(2013, 1, 1), End: model.MakeDate(2013, 1, 31)}}})
		}, cmd: func(f *policyFixture) process.Command {
			return process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}
		},
			allowed: func(f *policyFixture) model.Actor {
				return actorFor(f.member.Person, f.boråsOrg.ID).OnBehalfOf(f.borås.Person)
			},
			refused: func(f *policyFixture) model.Actor { return f.secretary.OnBehalfOf(f.borås.Person) }},
		{name: "decide", setup: holdCommittee, cmd: func(f *policyFixture) process.Command {
			return process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: f.committee.ID, Meeting: f.committeeMeeting.ID,
				Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document},
				Votes:   []model.Vote{{Member: model.Member{Person: f.member.Person}, Position: model.Agree}}}}
		}, allowed: secretaryActor, refused: coordinatorActor},
		coordinated("invite", func(f *policyFixture) process.Command {
			return process.Invite{Organisations: []model.OrganisationID{f.boråsOrg.ID}}
		}),
		{name: "decide-participation", setup: invite, cmd: func(f *policyFixture) process.Command {
			return process.DecideParticipation{Participation: model.Participation{Organisation: f.boråsOrg.ID, Joins: true, Date: model.MakeDate(2013, 1, 10), Body: "Kommunstyrelsen"}}
		}, allowed: boråsActor, refused: alingsåsActor},
		{name: "delegate", cmd: func(f *policyFixture) process.Command {
			return process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
				Commands: []string{"submit-response"}, Period: model.Period{Start: model.MakeDate(2013, 1, 1)}}}
		}, allowed: boråsActor, refused: memberActor},
		{name: "revoke-delegation", setup: func(f *policyFixture) {}, cmd: func(f *policyFixture) process.Command {
			d := model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
				Commands: []string{"submit-response"}, Period: model.Period{Start: model.MakeDate(2013, 1, 1)}}
			f.as(f.borås, process.Delegate{Delegation: d})
			return process.RevokeDelegation{Delegation: d.ID, End: model.MakeDate(2013, 1, 14)}
		}, allowed: boråsActor, refused: memberActor},
		{name: "hand-over-coordination", cmd: func(f *policyFixture) process.Command {
			return process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1)}
		}, setup: func(f *policyFixture) { f.lead() },
			// A group's project lead coordinates, but hands over the
			// starter's role only on a recorded decision.
			allowed: coordinatorActor, refused: func(f *policyFixture) model.Actor { return f.leader }},
		{name: "hand-over-coordination on a recorded decision", setup: func(f *policyFixture) {
			f.recordDecision()
			f.lead()
		}, cmd: func(f *policyFixture) process.Command {
			return process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1)}
		}, allowed: func(f *policyFixture) model.Actor {
			return f.leader.On(model.Authority{Decision: f.decision})
		}, refused: func(f *policyFixture) model.Actor {
			return f.leader.On(model.Authority{Decision: model.NewID[model.Decision]()})
		}},
		// The gaps of issue 18, each a case the default policy let through.
		{name: "submit-response: a capacity the record does not show", setup: openRound, cmd: func(f *policyFixture) process.Command {
			return process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}
		}, allowed: boråsActor, refused: func(f *policyFixture) model.Actor {
			a := f.borås
			a.Capacity = model.RoleChair
			return a
		}},
		{name: "submit-response: an organisation not represented", setup: openRound, cmd: func(f *policyFixture) process.Command {
			return process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)}
		}, allowed: boråsActor, refused: func(f *policyFixture) model.Actor { return actorFor(f.borås.Person, f.alingsåsOrg.ID) }},
		{name: "delegate: within the delegator's own rights and delegation", setup: func(f *policyFixture) {
			f.as(f.borås, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
				Commands: []string{"delegate"}, Period: model.Period{Start: model.MakeDate(2013, 1, 14), End: model.MakeDate(2013, 1, 14)}}})
		}, cmd: func(f *policyFixture) process.Command {
			return process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
				Commands: []string{"submit-response", "delegate"}, Period: model.Period{Start: model.MakeDate(2013, 1, 14)}}}
		}, allowed: boråsActor, refused: func(f *policyFixture) model.Actor {
			return actorFor(f.member.Person, f.boråsOrg.ID).OnBehalfOf(f.borås.Person) // a one-day right to delegate only that
		}},
		{name: "delegate: by a coordinator on a recorded decision", setup: func(f *policyFixture) { f.recordDecision() },
			cmd: func(f *policyFixture) process.Command {
				return process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.coordinator.Person,
					Commands: []string{"submit-response"}, Period: model.Period{Start: model.MakeDate(2013, 1, 14)}}}
			}, allowed: func(f *policyFixture) model.Actor { return f.coordinator.On(model.Authority{Decision: f.decision}) },
			refused: coordinatorActor},
		{name: "dispose-proposals: a withdrawal on a meeting not in the record", setup: holdCommittee, cmd: func(f *policyFixture) process.Command {
			return process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.proposal.ID, Kind: model.DispositionWithdrawn, Reason: "Återtaget"}}}
		}, allowed: func(f *policyFixture) model.Actor {
			return f.coordinator.On(model.Authority{Meeting: f.committeeMeeting.ID})
		}, refused: func(f *policyFixture) model.Actor {
			return f.coordinator.On(model.Authority{Meeting: model.NewID[model.Meeting]()})
		}},
		{name: "record-meeting: the secretary on the day it was held", setup: func(f *policyFixture) {
			f.as(f.coordinator, process.EndMembership{Membership: f.secretaryMembership, End: model.MakeDate(2013, 1, 31)})
			f.join(f.committee.ID, f.alingsås.Person, model.RoleSecretary, model.MakeDate(2013, 2, 1))
			f.clock.set(time.Date(2013, 2, 6, 9, 0, 0, 0, time.UTC))
		}, cmd: func(f *policyFixture) process.Command {
			return process.RecordMeeting{Meeting: f.committeeMeeting.ID, Date: model.MakeDate(2013, 2, 5)}
		}, allowed: func(f *policyFixture) model.Actor {
			return model.Actor{Person: f.alingsås.Person, Capacity: model.RoleSecretary}
		}, refused: secretaryActor},
		{name: "plan-phase: after the starter handed the role over", setup: func(f *policyFixture) {
			f.as(f.coordinator, process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1)})
			f.clock.set(time.Date(2030, 2, 1, 9, 0, 0, 0, time.UTC))
		}, cmd: func(f *policyFixture) process.Command {
			return process.PlanPhase{Phase: "planning", Planned: model.Period{Start: model.MakeDate(2011, 3, 1), End: model.MakeDate(2011, 9, 30)}}
		}, allowed: func(f *policyFixture) model.Actor {
			return model.Actor{Person: f.member.Person, Capacity: model.RoleProjectLead}
		}, refused: coordinatorActor},
		coordinated("dispose-personal-data", func(f *policyFixture) process.Command {
			return process.DisposePersonalData{Person: f.member.Person, Reference: "Gallringsbeslut RS 2020/1"}
		}),
		{name: "record-implementation", cmd: func(f *policyFixture) process.Command {
			return process.RecordImplementation{Entries: []followup.Entry{{Measure: f.measure.ID, Organisation: f.boråsOrg.ID, Status: followup.InProgress, Degree: 3}}}
		}, allowed: boråsActor, refused: alingsåsActor},
		coordinated("create-survey", func(f *policyFixture) process.Command { return process.CreateSurvey{Survey: f.survey()} }),
		{name: "submit-survey-answer", setup: func(f *policyFixture) { f.as(f.coordinator, process.CreateSurvey{Survey: f.survey()}) },
			cmd:     func(f *policyFixture) process.Command { return process.SubmitSurveyAnswer{Answer: f.surveyAnswer()} },
			allowed: boråsActor, refused: alingsåsActor},
		coordinated("code-answers", func(f *policyFixture) process.Command {
			a := f.surveyAnswer()
			f.as(f.borås, process.SubmitSurveyAnswer{Answer: a})
			return process.CodeAnswers{Codings: []followup.Coding{{Answer: a.ID, Question: "q2", Themes: []string{"tid"}, CodedBy: f.member.Person}}}
		}, func(f *policyFixture) { f.as(f.coordinator, process.CreateSurvey{Survey: f.survey()}) }),
		coordinated("define-indicator", func(f *policyFixture) process.Command { return process.DefineIndicator{Indicator: f.indicator()} }),
		coordinated("record-observations", func(f *policyFixture) process.Command {
			return process.RecordObservations{Observations: []followup.Observation{{Indicator: f.indicator().ID,
				Geography: followup.Geography{Level: followup.Municipality, Code: "1490"}, Period: followup.Month(2014, time.January), Value: 89}}}
		}, func(f *policyFixture) { f.as(f.coordinator, process.DefineIndicator{Indicator: f.indicator()}) }),
	}
}

func TestRecordRules_EveryCommandAllowedAndRefused(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range append(policyCases(), worksPolicyCases()...) {
		t.Run(c.name, func(t *testing.T) {
			f := newPolicyFixture(t)
			if c.setup != nil {
				c.setup(f)
			}
			cmd := c.cmd(f)
			covered[cmd.Name()] = true
			before := f.stored()
			_, err := f.engine.Execute(bg(), f.id, c.refused(f), cmd)
			require.ErrorIs(t, err, process.ErrForbidden, "refused")
			var fe *process.ForbiddenError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, cmd.Name(), fe.Command)
			assert.NotEmpty(t, fe.Rule)
			assert.Equal(t, before, f.stored(), "a refused command appends nothing")

			_, err = f.engine.Execute(bg(), f.id, c.allowed(f), cmd)
			require.NoError(t, err, "allowed")
			assert.Greater(t, f.stored(), before)
		})
	}
	require.Len(t, process.Commands(), 44+len(worksPolicyCases()))
	for _, c := range process.Commands() {
		assert.True(t, covered[c.Name()], "the table has no case for %q", c.Name())
	}
}

func TestRecordRules_EndedTermsAndDelegationsAreRefused(t *testing.T) {
	f := newPolicyFixture(t)
	// The secretary's term ends before the meeting.
	f.as(f.coordinator, process.EndMembership{Membership: f.secretaryMembership, End: model.MakeDate(2012, 12, 31)})
	_, err := f.engine.Execute(bg(), f.id, f.secretary, process.RecordMeeting{Meeting: f.committeeMeeting.ID})
	assert.ErrorIs(t, err, process.ErrForbidden, "a secretary whose term has ended")

	// A project lead of the working group coordinates, until the term ends.
	working := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupWorking, Name: "Arbetsgrupp"}
	f.as(f.coordinator, process.FormGroup{Group: working})
	lead := f.join(working.ID, f.member.Person, model.RoleProjectLead)
	f.as(f.member, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn"}})
	f.as(f.coordinator, process.EndMembership{Membership: lead, End: model.MakeDate(2013, 1, 31)})
	f.clock.set(time.Date(2013, 2, 1, 9, 0, 0, 0, time.UTC))
	_, err = f.engine.Execute(bg(), f.id, f.member, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Arbete"}})
	assert.ErrorIs(t, err, process.ErrForbidden, "a project lead whose term has ended")

	// A delegation covers only its commands and its period, and the event
	// records both persons.
	f.clock.set(time.Date(2013, 1, 20, 9, 0, 0, 0, time.UTC))
	openRound(f)
	f.as(f.borås, process.Delegate{Delegation: model.Delegation{ID: model.NewID[model.Delegation](), From: f.borås.Person, To: f.member.Person,
		Commands: []string{"submit-response"}, Period: model.Period{Start: model.MakeDate(2013, 1, 1), End: model.MakeDate(2013, 1, 31)}}})
	deputy := actorFor(f.member.Person, f.boråsOrg.ID).OnBehalfOf(f.borås.Person) // in Borås's capacity
	_, err = f.engine.Execute(bg(), f.id, deputy, process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "X", Submitter: model.Submitter{Organisation: f.boråsOrg.ID}}}})
	assert.ErrorIs(t, err, process.ErrForbidden, "a command the delegation does not name")
	f.clock.set(time.Date(2013, 2, 1, 9, 0, 0, 0, time.UTC))
	_, err = f.engine.Execute(bg(), f.id, deputy, process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)})
	assert.ErrorIs(t, err, process.ErrForbidden, "after the delegation's period")
	f.clock.set(time.Date(2013, 1, 30, 9, 0, 0, 0, time.UTC))
	res, err := f.engine.Execute(bg(), f.id, deputy, process.SubmitResponse{Response: f.answer(f.boråsOrg.ID)})
	require.NoError(t, err)
	for ev, err := range f.engine.History(bg(), f.id, res.Version) {
		require.NoError(t, err)
		assert.Equal(t, f.member.Person, ev.Actor.Person)
		assert.Equal(t, f.borås.Person, ev.Actor.For)
	}
}

func bg() stdcontext.Context { return stdcontext.Background() }

func TestRefusals_AreLoggedWithoutNamesAboveDebug(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var logged strings.Builder
		f := newPolicyFixture(t)
		engine, err := process.New(f.store, &process.Options{Clock: f.clock, Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: level}))})
		require.NoError(t, err)
		const name = "Kenneth Dahlström"
		anna := model.Person{ID: model.NewID[model.Person](), Name: name, Party: "C"}
		_, err = engine.Execute(bg(), f.id, f.coordinator, process.RegisterPerson{Person: anna})
		require.NoError(t, err)
		refusals := []struct {
			actor model.Actor
			cmd   process.Command
		}{
			{f.outsider, process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: name}}}, // forbidden
			{f.coordinator, process.RegisterPerson{Person: anna}},                                                   // already exists
			{f.coordinator, process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: name, Organisation: model.NewID[model.Organisation]()}}},
			{f.coordinator, process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: 9, Title: name}}}},
		}
		for _, r := range refusals {
			_, err := engine.Execute(bg(), f.id, r.actor, r.cmd)
			require.Error(t, err)
		}
		out := logged.String()
		assert.Equal(t, len(refusals), strings.Count(out, "level=INFO msg=\"process: command refused\""), "every refusal is logged")
		if level == slog.LevelInfo {
			assert.NotContains(t, out, "Kenneth", "no name at info level")
			assert.Contains(t, out, "reason=\"process: forbidden\"")
		}
	}
}
