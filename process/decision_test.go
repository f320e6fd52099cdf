package process_test

import (
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bodyFixture is a lineage fixture with a pinned document and a public
// health committee of five (Anna chairs), deciding by majority with the
// chair's casting vote, that met on 12 December 2012.
type bodyFixture struct {
	*lineageFixture
	committee model.Group
	members   []model.Member // Anna first
	meeting   model.Meeting
	outsider  model.Member
}

func newBodyFixture(t *testing.T) *bodyFixture {
	f := &bodyFixture{lineageFixture: newLineageFixture(t)}
	f.do(process.PinDocument{Document: f.document, Title: "Förslag till åtgärder, december 2012"})
	f.committee = model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: "Folkhälsokommittén", Organisation: f.region.ID,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf, ChairCasts: true}}
	f.do(process.FormGroup{Group: f.committee})
	start := model.MakeDate(2011, 1, 1)
	for i := range 5 {
		p := f.anna
		role := model.RoleChair
		if i > 0 {
			p = model.Person{ID: model.NewID[model.Person](), Name: "Ledamot", Organisation: f.region.ID}
			f.do(process.RegisterPerson{Person: p})
			role = model.RoleMember
		}
		m := model.Member{Person: p.ID}
		f.members = append(f.members, m)
		f.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: f.committee.ID, Member: m, Role: role, Period: model.Period{Start: start}}})
	}
	f.outsider = model.Member{Person: f.bertil.ID}
	f.meeting = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Folkhälsokommitténs sammanträde", Date: model.MakeDate(2012, 12, 12), Group: f.committee.ID}
	f.do(process.PlanMeeting{Meeting: f.meeting})
	f.clock.reach(f.meeting.Date)
	f.do(process.RecordMeeting{Meeting: f.meeting.ID})
	return f
}

// decision is a decision of the committee on the document with the
// positions given, in the members' order.
func (f *bodyFixture) decision(positions ...model.Position) model.Decision {
	d := model.Decision{ID: model.NewID[model.Decision](), Body: f.committee.ID, Meeting: f.meeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Paragraph: 12}
	for i, p := range positions {
		d.Votes = append(d.Votes, model.Vote{Member: f.members[i], Position: p})
	}
	return d
}

func TestDecide_Refusals_TypedAndNothingWritten(t *testing.T) {
	f := newBodyFixture(t)
	y, n, a := model.Agree, model.Disagree, model.Abstain
	outsider := f.decision(y, y, y)
	outsider.Votes = append(outsider.Votes, model.Vote{Member: f.outsider, Position: model.Agree})
	f.refused("a position from a non-member", process.Decide{Decision: outsider}, process.ErrNotMember, "Decision.Votes[3].Member")
	f.refused("no quorum: two of five", process.Decide{Decision: f.decision(y, y)}, model.ErrNoQuorum, "")
	f.refused("a tie the chair votes against", process.Decide{Decision: f.decision(n, y, y, n, a)}, model.ErrRuleNotMet, "")
	missing := f.decision(y, y, y)
	missing.Subject.Document = model.NewID[model.Document]()
	f.refused("a document version that does not exist", process.Decide{Decision: missing}, process.ErrUnknownReference, "Decision.Subject.Document")
	working := f.decision(y, y, y)
	working.Body = f.working.ID
	f.refused("a group without a rule", process.Decide{Decision: working}, process.ErrNoRule, "Decision.Body")
	planned := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Nästa sammanträde", Date: model.MakeDate(2013, 2, 1), Group: f.committee.ID}
	f.do(process.PlanMeeting{Meeting: planned})
	early := f.decision(y, y, y)
	early.Meeting = planned.ID
	f.refused("a meeting not yet held", process.Decide{Decision: early}, process.ErrMeetingNotHeld, "Decision.Meeting")
	noVotes := f.decision()
	f.refused("no votes and no acclamation", process.Decide{Decision: noVotes}, model.ErrRequired, "Decision.Votes")
	crowd := f.decision()
	crowd.Acclamation, crowd.Present = true, 6
	f.refused("more present than seats", process.Decide{Decision: crowd}, model.ErrOutOfRange, "Decision.Present")

	first := f.decision(y, y, y, a)
	f.do(process.Decide{Decision: first})
	f.refused("a second decision on the same subject without a reconsideration", process.Decide{Decision: f.decision(y, y, y, y, y)}, process.ErrAlreadyDecided, "Decision.Subject")
	wrong := f.decision(y, y, y, y, y)
	wrong.Reconsiders = model.NewID[model.Decision]()
	f.refused("reconsidering a decision that is not the last", process.Decide{Decision: wrong}, process.ErrUnknownReference, "Decision.Reconsiders")
	f.refused("a decision ID twice", process.Decide{Decision: first}, process.ErrAlreadyExists, "Decision.ID")

	again := f.decision(y, y, y, y, y)
	again.Reconsiders = first.ID
	f.do(process.Decide{Decision: again})

	decisions := f.state().Decisions()
	require.Len(t, decisions, 2)
	assert.Equal(t, model.Tally{Members: 5, Present: 4, Agree: 3, Abstain: 1, Chair: model.Agree}, decisions[0].Tally)
	assert.Equal(t, first.ID, decisions[1].Reconsiders)
}

func TestDecide_TheChairsCastingVoteAndAcclamation(t *testing.T) {
	f := newBodyFixture(t)
	tie := f.decision(model.Agree, model.Agree, model.Disagree, model.Disagree)
	f.do(process.Decide{Decision: tie})
	d := f.state().Decisions()[0]
	assert.Equal(t, model.Agree, d.Tally.Chair, "carried on the chair's casting vote")

	council := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCouncil, Name: "Regionfullmäktige", Organisation: f.region.ID, Seats: 149,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	f.do(process.FormGroup{Group: council})
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Regionfullmäktige", Date: model.MakeDate(2013, 9, 24), Group: council.ID}
	f.do(process.PlanMeeting{Meeting: meeting})
	f.clock.reach(meeting.Date)
	f.do(process.RecordMeeting{Meeting: meeting.ID})
	adopt := model.Decision{ID: model.NewID[model.Decision](), Body: council.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Acclamation: true, Present: 74}
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.Decide{Decision: adopt})
	assert.ErrorIs(t, err, model.ErrNoQuorum, "74 of 149 is not more than half")
	adopt.Present = 131
	f.do(process.Decide{Decision: adopt})
	assert.Len(t, f.state().DecisionsBy(model.GroupCouncil), 1)
}

func TestDecide_ReferenceFormatFromTheHost(t *testing.T) {
	format, err := process.ReferencePattern(`RS \d{4}-\d{5}`)
	require.NoError(t, err)
	_, err = process.ReferencePattern(`(`)
	assert.ErrorIs(t, err, process.ErrInvalidOptions)

	f := newBodyFixture(t)
	engine, err := process.New(f.store, &process.Options{Clock: f.clock, References: format, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	d := f.decision(model.Agree, model.Agree, model.Agree)
	d.Reference = "RS 2012/42"
	before := f.storedCount()
	_, err = engine.Execute(f.ctx, f.id, f.actor, process.Decide{Decision: d})
	require.ErrorIs(t, err, process.ErrReferenceFormat)
	assert.ErrorIs(t, err, model.ErrInvalid)
	assert.Equal(t, "Decision.Reference", errorField(err))
	assert.Equal(t, before, f.storedCount())
	d.Reference = "RS 2012-00042"
	_, err = engine.Execute(f.ctx, f.id, f.actor, process.Decide{Decision: d})
	require.NoError(t, err)
}

func TestDecisionChain_CriteriaOfTheDecisionPhase(t *testing.T) {
	f := newBodyFixture(t)
	crit := builtinCriteria()
	assert.False(t, crit["committee-approved"](f.state(), model.Date{}))
	f.do(process.Decide{Decision: f.decision(model.Agree, model.Agree, model.Agree, model.Agree, model.Agree)})
	assert.True(t, crit["committee-approved"](f.state(), model.Date{}))

	board := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupBoard, Name: "Regionstyrelsen", Organisation: f.region.ID,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}, Seats: 15}
	f.do(process.FormGroup{Group: board})
	boardMeeting := func(day model.Date) model.MeetingID {
		m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Regionstyrelsen", Date: day, Group: board.ID}
		f.do(process.PlanMeeting{Meeting: m})
		f.clock.reach(m.Date)
		f.do(process.RecordMeeting{Meeting: m.ID})
		return m.ID
	}
	approve := func(meeting model.MeetingID, reconsiders model.DecisionID) model.DecisionID {
		d := model.Decision{ID: model.NewID[model.Decision](), Body: board.ID, Meeting: meeting,
			Subject: model.Subject{Kind: model.SubjectDocument, Document: f.document}, Acclamation: true, Present: 13, Reconsiders: reconsiders}
		f.do(process.Decide{Decision: d})
		return d.ID
	}
	// A board decision before any round is compiled does not count.
	early := approve(boardMeeting(model.MakeDate(2013, 1, 10)), model.DecisionID{})
	assert.False(t, crit["board-approved-after-consultation"](f.state(), model.Date{}))
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss", Document: f.document,
		Deadline: model.MakeDate(2013, 4, 12), Consultees: []consultation.Consultee{{Organisation: f.borås.ID, Required: true}}}
	f.clock.set(time.Date(2013, 1, 14, 9, 0, 0, 0, time.UTC))
	f.do(process.DraftRound{Round: round})
	f.do(process.OpenRound{Round: round.ID})
	f.clock.set(time.Date(2013, 5, 13, 9, 0, 0, 0, time.UTC))
	f.do(process.CloseRound{Round: round.ID})
	f.do(process.CompileRound{Round: round.ID})
	assert.False(t, crit["board-approved-after-consultation"](f.state(), model.Date{}), "the board's decision came before the compilation")
	approve(boardMeeting(model.MakeDate(2013, 6, 11)), early)
	assert.True(t, crit["board-approved-after-consultation"](f.state(), model.Date{}))
	assert.False(t, crit["council-adopted"](f.state(), model.Date{}))
}

func TestMeeting_MinutesAssignmentsAndTheAgendaTheyCarry(t *testing.T) {
	f := newBodyFixture(t)
	group := f.committee.ID
	first := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Samverkansberedning", Date: model.MakeDate(2014, 9, 16), Place: "Leksand", Group: group,
		Agenda: []model.AgendaItem{{Number: 1, Title: "Mötets öppnande"}, {Number: 7, Title: "Frågor"}}}
	f.do(process.PlanMeeting{Meeting: first})
	next := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Samverkansberedning", Date: model.MakeDate(2014, 11, 24), Place: "Vårdcentralen", Group: group,
		Agenda: []model.AgendaItem{{Number: 1, Title: "Folkhälsoplaneraren"}}}
	f.do(process.PlanMeeting{Meeting: next})
	task := model.Assignment{ID: model.NewID[model.Assignment](), Item: 7, Assignee: f.anna.ID, Task: "Förklara skillnaden mellan psykisk sjukdom och psykisk ohälsa", Due: next.Date}
	table := &model.Table{Columns: []model.Column{{Name: "År", Type: model.ColumnInteger}, {Name: "Antal utskrivningsklara dagar", Type: model.ColumnInteger}},
		Rows: [][]string{{"2012", "97"}, {"2013", "556"}}}

	unknownPerson := task
	unknownPerson.Assignee = model.NewID[model.Person]()
	f.refused("a meeting held after today", process.RecordMeeting{Meeting: first.ID}, process.ErrInFuture, "Date")
	f.clock.reach(first.Date)
	f.refused("a held date after today", process.RecordMeeting{Meeting: first.ID, Date: first.Date.AddDays(1)}, process.ErrInFuture, "Date")
	f.refused("an assignment to an unknown person", process.RecordMeeting{Meeting: first.ID, Assignments: []model.Assignment{unknownPerson}}, process.ErrUnknownReference, "Assignments[0].Assignee")
	f.refused("minutes of an item not on the agenda", process.RecordMeeting{Meeting: first.ID, Minutes: []model.ItemMinutes{{Item: 3, Text: "…"}}}, model.ErrOutOfRange, "Minutes[0].Item")
	badTable := &model.Table{Columns: table.Columns, Rows: [][]string{{"2012", "nittiosju"}}}
	f.refused("a table cell of the wrong type", process.RecordMeeting{Meeting: first.ID, Attachments: []model.Attachment{{Title: "Statistik", Table: badTable}}}, model.ErrUnknownValue, "Attachments[0].Table.Rows[0][1]")
	stranger := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingSeminar, Title: "Seminarium", Date: model.MakeDate(2014, 10, 1),
		Invitees: []model.Member{{Person: model.NewID[model.Person]()}}}
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.PlanMeeting{Meeting: stranger})
	assert.ErrorIs(t, err, process.ErrUnknownReference, "an invitee who is not registered")
	assert.Equal(t, before, f.storedCount())
	f.refused("a next meeting before this one", process.RecordMeeting{Meeting: first.ID, Next: model.NextMeeting{Date: model.MakeDate(2014, 9, 1)}}, model.ErrDateOrder, "Next.Date")

	f.do(process.RecordMeeting{Meeting: first.ID,
		Attendees:   []model.Attendee{{Person: f.anna.ID, Role: model.RoleChair, Capacity: "Ordförande i utskottet för vård och omsorg"}},
		Minutes:     []model.ItemMinutes{{Item: 1, Text: "Ordföranden förklarar mötet öppnat."}},
		Assignments: []model.Assignment{task},
		Attachments: []model.Attachment{{Title: "Utskrivningsklara dagar", Table: table}},
		Next:        model.NextMeeting{Date: next.Date, Place: next.Place}})

	agenda := f.state().Agenda(next.ID)
	require.Len(t, agenda, 2)
	assert.Equal(t, "Folkhälsoplaneraren", agenda[0].Title)
	require.NotNil(t, agenda[1].Assignment, "the open assignment is carried")
	assert.Equal(t, 2, agenda[1].Number)
	assert.Equal(t, task.ID, agenda[1].Assignment.ID)

	f.do(process.CompleteAssignment{Assignment: task.ID, Meeting: next.ID, Note: "Marielle redogjorde för skillnaden."})
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.CompleteAssignment{Assignment: task.ID})
	assert.ErrorIs(t, err, process.ErrAlreadyRecorded)
	assert.Len(t, f.state().Agenda(next.ID), 2, "still on the agenda of the meeting it was reported at")
	later := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Samverkansberedning", Date: model.MakeDate(2015, 2, 2), Group: group}
	f.clock.set(time.Date(2014, 11, 24, 15, 0, 0, 0, time.UTC))
	f.do(process.PlanMeeting{Meeting: later})
	assert.Empty(t, f.state().Agenda(later.ID), "done: no longer carried")
	assert.Empty(t, f.state().Assignments(true))

	m, _ := f.state().Meeting(first.ID)
	n, ok := m.Attachments[0].Table.Int(1, 1)
	assert.True(t, ok)
	assert.Equal(t, int64(556), n)
	assert.Equal(t, next.Date, m.Next.Date)

	replayed, err := f.engine.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, f.state(), replayed)
}

func TestParticipation_InvitedOrganisationsDecideForThemselves(t *testing.T) {
	f := newBodyFixture(t)
	falun := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Falun", Kind: model.KindMunicipality, Code: "2080"}
	f.do(process.RegisterOrganisation{Organisation: falun})
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	f.do(process.DefineArea{Area: area})

	joins := model.Participation{Organisation: falun.ID, Joins: true, Date: model.MakeDate(2015, 3, 24), Body: "Kommunstyrelsen", Reference: "KS 2015/0123",
		Representatives: []model.Representative{{Person: f.bertil.ID, Role: model.RolePractitioner, Area: area.ID}}, Areas: []model.AreaID{area.ID}}
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.DecideParticipation{Participation: joins})
	require.ErrorIs(t, err, process.ErrNotInvited)
	assert.Equal(t, "Participation.Organisation", errorField(err))
	assert.Equal(t, before, f.storedCount())

	f.do(process.Invite{Organisations: []model.OrganisationID{falun.ID, f.borås.ID}})
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.Invite{Organisations: []model.OrganisationID{falun.ID}})
	assert.ErrorIs(t, err, process.ErrAlreadyRecorded)
	crit := builtinCriteria()
	noPerson := joins
	noPerson.Representatives = []model.Representative{{Person: model.NewID[model.Person](), Role: model.RoleOfficial}}
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.DecideParticipation{Participation: noPerson})
	assert.ErrorIs(t, err, process.ErrUnknownReference)

	f.do(process.DecideParticipation{Participation: joins})
	assert.False(t, crit["participation-decided"](f.state(), model.Date{}), "Borås has not decided")
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.DecideParticipation{Participation: joins})
	assert.ErrorIs(t, err, process.ErrAlreadyDecided)
	f.do(process.DecideParticipation{Participation: model.Participation{Organisation: f.borås.ID, Date: model.MakeDate(2015, 4, 2), Body: "Kommunstyrelsen"}})
	assert.True(t, crit["participation-decided"](f.state(), model.Date{}))
	s := f.state()
	assert.Equal(t, []model.OrganisationID{falun.ID}, s.Participants())
	p, ok := s.Participation(f.borås.ID)
	require.True(t, ok)
	assert.False(t, p.Joins)
}

// builtinCriteria returns the built-in criteria by name, to evaluate on a
// state.
func builtinCriteria() map[string]func(*process.State, model.Date) bool {
	crit := map[string]func(*process.State, model.Date) bool{}
	for _, c := range process.BuiltinCriteria() {
		crit[string(c.Name)] = c.Met
	}
	return crit
}
