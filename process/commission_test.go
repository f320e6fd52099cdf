package process_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// commission is a municipality's commission for health equity, of the
// shape issue 19 describes, recorded through the public API alone: the
// executive board appoints a commission of experts with a secretariat; it
// hands its final report, recommendations holding objectives holding
// measures in three areas, to the board at a public presentation; the
// report goes on remiss to the city's own departments and district
// councils among others; the city's longer list revises it; the board
// decides on the continued work, in force when its minutes are approved,
// and later, in a further decision, gives directives with money to the
// city office and a department, which hands parts on; an evaluation is
// planned years ahead. Every figure below is counted by hand.
type commission struct {
	t      *testing.T
	ctx    context.Context
	clock  *manualClock
	engine *process.Engine
	id     model.ProcessID
	actor  model.Actor
}

func (c *commission) do(cmd process.Command) {
	c.t.Helper()
	_, err := c.engine.Execute(c.ctx, c.id, c.actor, cmd)
	require.NoError(c.t, err, cmd.Name())
}

func (c *commission) refused(cmd process.Command) error {
	c.t.Helper()
	_, err := c.engine.Execute(c.ctx, c.id, c.actor, cmd)
	require.Error(c.t, err, cmd.Name())
	return err
}

func (c *commission) state() *process.State {
	c.t.Helper()
	s, err := c.engine.Load(c.ctx, c.id)
	require.NoError(c.t, err)
	return s
}

// on moves the clock to 09:00 UTC on day.
func (c *commission) on(day model.Date) { c.clock.reach(day) }

func TestCommission_AHierarchyHandedOverConsultedDecidedAndDirected(t *testing.T) {
	c := &commission{t: t, ctx: context.Background(), clock: &manualClock{now: time.Date(2010, 11, 1, 9, 0, 0, 0, time.UTC)},
		id: model.NewID[model.Process](), actor: model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}}
	var err error
	c.engine, err = process.New(memstore.New(), &process.Options{Clock: c.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	date := model.MakeDate

	tmpl := phase.Template{ID: "kommission", Name: model.Label{SV: "Kommission för ett socialt hållbart Malmö", EN: "Commission for a socially sustainable Malmö"}, Initial: "utredning",
		Phases: []phase.Phase{
			{ID: "utredning", Name: model.Label{SV: "Utredning", EN: "Inquiry"}, Planned: model.Period{Start: date(2010, 11, 1), End: date(2013, 3, 14)}},
			{ID: "remiss", Name: model.Label{SV: "Remiss", EN: "Consultation"}, Planned: model.Period{Start: date(2013, 3, 15), End: date(2013, 5, 31)}},
			{ID: "beslut", Name: model.Label{SV: "Beslut", EN: "Decision"}},
			{ID: "genomforande", Name: model.Label{SV: "Genomförande", EN: "Implementation"}},
			{ID: "utvardering", Name: model.Label{SV: "Utvärdering", EN: "Evaluation"}},
		},
		Transitions: []phase.Transition{{Trigger: "remit", From: "utredning", To: "remiss"}, {Trigger: "decide", From: "remiss", To: "beslut"},
			{Trigger: "implement", From: "beslut", To: "genomforande"}, {Trigger: "evaluate", From: "genomforande", To: "utvardering"}},
	}
	c.do(process.Start{Process: model.Process{ID: c.id, Name: "Kommission för ett socialt hållbart Malmö"}, Template: tmpl})

	// The city and its parts (förvaltningar, stadsdelsnämnder), and others.
	malmö, ok := model.MunicipalityOrganisation("1280")
	require.True(t, ok)
	c.do(process.RegisterOrganisation{Organisation: malmö})
	part := func(name string, kind model.OrganisationKind, of model.OrganisationID) model.Organisation {
		o := model.Organisation{ID: model.NewID[model.Organisation](), Name: name, Kind: kind, Parent: of}
		c.do(process.RegisterOrganisation{Organisation: o})
		return o
	}
	office := part("Stadskontoret", model.KindDepartment, malmö.ID)
	schools := part("Grundskoleförvaltningen", model.KindDepartment, malmö.ID)
	environment := part("Miljöförvaltningen", model.KindDepartment, malmö.ID)
	north := part("Stadsdelsnämnd Norr", model.KindDistrictCouncil, malmö.ID)
	south := part("Stadsdelsnämnd Söder", model.KindDistrictCouncil, malmö.ID)
	unit := part("Avdelningen för social hållbarhet", model.KindDepartment, office.ID) // a part of a part
	region := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Region Skåne", Kind: model.KindRegion, Code: "12"}
	county := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Länsstyrelsen i Skåne län", Kind: model.KindCountyAdministrativeBoard, Code: "12"}
	university := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Malmö universitet", Kind: model.KindUniversity}
	for _, o := range []model.Organisation{region, county, university} {
		c.do(process.RegisterOrganisation{Organisation: o})
	}
	var pe *process.ReferenceError
	err = c.refused(process.RegisterOrganisation{Organisation: model.Organisation{ID: model.NewID[model.Organisation](), Name: "Fritidsförvaltningen", Kind: model.KindDepartment}})
	assert.ErrorIs(t, err, model.ErrRequired, "a department belongs to something")
	err = c.refused(process.RegisterOrganisation{Organisation: model.Organisation{ID: model.NewID[model.Organisation](), Name: "Kulturförvaltningen", Kind: model.KindDepartment, Parent: model.NewID[model.Organisation]()}})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Organisation.Parent", pe.Field)

	// The executive board: a chair, four members and a secretary.
	person := func(name string, org model.OrganisationID) model.PersonID {
		p := model.Person{ID: model.NewID[model.Person](), Name: name, Organisation: org}
		c.do(process.RegisterPerson{Person: p})
		return p.ID
	}
	board := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupBoard, Name: "Kommunstyrelsen", Organisation: malmö.ID,
		Rule: model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf}}
	c.do(process.FormGroup{Group: board})
	var votes []model.Vote
	for i, name := range []string{"Ordförande", "Ledamot 1", "Ledamot 2", "Ledamot 3", "Ledamot 4", "Sekreterare"} {
		role := []model.Role{model.RoleChair, model.RoleMember, model.RoleMember, model.RoleMember, model.RoleMember, model.RoleSecretary}[i]
		p := person(name, malmö.ID)
		c.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: board.ID, Member: model.Member{Person: p}, Role: role, Period: model.Period{Start: date(2010, 1, 1)}}})
		if role != model.RoleSecretary {
			votes = append(votes, model.Vote{Member: model.Member{Person: p}, Position: model.Agree})
		}
	}
	boardMeeting := func(day model.Date, title string) model.Meeting {
		m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: title, Date: day, Group: board.ID}
		c.do(process.PlanMeeting{Meeting: m})
		return m
	}

	// The board appoints the commission (kommission), 10 November 2010.
	appointing := boardMeeting(date(2010, 11, 10), "Kommunstyrelsens sammanträde")
	err = c.refused(process.RecordMeeting{Meeting: appointing.ID})
	assert.ErrorIs(t, err, process.ErrInFuture, "not held before its day")
	c.on(appointing.Date)
	c.do(process.RecordMeeting{Meeting: appointing.ID})
	appointment := model.NewID[model.Decision]()
	c.do(process.Decide{Decision: model.Decision{ID: appointment, Body: board.ID, Meeting: appointing.ID,
		Subject: model.Subject{Kind: model.SubjectOther, Title: "Tillsättning av en kommission för ett socialt hållbart Malmö"}, Votes: votes, Paragraph: 301}})
	mandate := "Föreslå strategier för att minska skillnaderna i hälsa.\nRedovisa i en slutrapport till kommunstyrelsen."
	err = c.refused(process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "Fel", Rule: board.Rule}})
	assert.ErrorIs(t, err, model.ErrNotAllowed, "a commission has no decision rule")
	err = c.refused(process.FormGroup{Group: model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "Fel", AppointedBy: board.ID, Appointment: model.NewID[model.Decision]()}})
	assert.ErrorIs(t, err, process.ErrUnknownReference, "an appointment the record does not hold")
	kommission := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommission, Name: "Kommission för ett socialt hållbart Malmö",
		Organisation: malmö.ID, AppointedBy: board.ID, Appointment: appointment, Mandate: mandate}
	c.do(process.FormGroup{Group: kommission})
	experts := map[string]string{"Ordförande": "professor i socialmedicin", "Ledamot A": "nationalekonom", "Ledamot B": "forskare i stadsplanering", "Ledamot C": "barnläkare"}
	var chair model.PersonID
	for _, name := range []string{"Ordförande", "Ledamot A", "Ledamot B", "Ledamot C"} {
		p := person(name, university.ID)
		role := model.RoleResearcher
		if name == "Ordförande" {
			role, chair = model.RoleChair, p
		}
		c.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: kommission.ID, Member: model.Member{Person: p}, Role: role,
			Period: model.Period{Start: date(2010, 12, 1), End: date(2013, 3, 31)}, Expertise: experts[name]}})
	}
	for i, name := range []string{"Huvudsekreterare", "Utredare", "Utredare"} { // the secretariat
		role := model.RoleSecretariat
		if i == 0 {
			role = model.RoleSecretary
		}
		c.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: kommission.ID, Member: model.Member{Person: person(name, office.ID)},
			Role: role, Period: model.Period{Start: date(2010, 12, 1), End: date(2013, 3, 31)}}})
	}

	// The result: three areas; two recommendations; objectives 1.1, 1.2
	// and 2.1; measures 1–6, measure 6 directly under recommendation 2.
	var areas []model.Area
	for i, name := range []string{"Barn och unga", "Boende och närmiljö", "Inkomst och arbete"} {
		a := model.Area{ID: model.NewID[model.Area](), Number: i + 1, Name: name}
		c.do(process.DefineArea{Area: a})
		areas = append(areas, a)
	}
	r1 := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Etablera en social investeringspolitik"}
	r2 := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 2, Title: "Gör Malmö till en jämlik stad att bo i"}
	c.do(process.CreateRecommendation{Recommendation: r1})
	c.do(process.CreateRecommendation{Recommendation: r2})
	o11 := model.Objective{ID: model.NewID[model.Objective](), Recommendation: r1.ID, Title: "Alla barn får en god start", Area: areas[0].ID}
	o12 := model.Objective{ID: model.NewID[model.Objective](), Recommendation: r1.ID, Title: "Fler unga fullföljer skolan", Area: areas[0].ID}
	o21 := model.Objective{ID: model.NewID[model.Objective](), Recommendation: r2.ID, Title: "Blandade och trygga bostadsområden", Area: areas[1].ID}
	for _, o := range []model.Objective{o11, o12, o21} {
		c.do(process.CreateObjective{Objective: o}) // Number 0: the next free within the recommendation
	}
	s := c.state()
	got := map[model.ObjectiveID]int{}
	for _, o := range s.Objectives() {
		got[o.ID] = o.Number
	}
	assert.Equal(t, map[model.ObjectiveID]int{o11.ID: 1, o12.ID: 2, o21.ID: 1}, got, "numbered within each recommendation")
	err = c.refused(process.CreateObjective{Objective: model.Objective{ID: model.NewID[model.Objective](), Recommendation: r1.ID, Number: 2, Title: "Taget"}})
	assert.ErrorIs(t, err, process.ErrAlreadyExists)

	measure := func(n int, title string, area model.Area, objective model.ObjectiveID, rec model.RecommendationID, amount model.Amount) model.Measure {
		m := model.Measure{ID: model.NewID[model.Measure](), Number: n, Title: title, Text: title + ".", Area: area.ID, Objective: objective, Recommendation: rec, Amount: amount}
		c.do(process.CreateMeasure{Measure: m})
		return m
	}
	m1 := measure(1, "Utbyggd föräldrautbildning", areas[0], o11.ID, model.RecommendationID{}, model.Kronor(2_000_000))
	measure(2, "Avgiftsfri förskola för fler", areas[0], o11.ID, model.RecommendationID{}, 0)
	m3 := measure(3, "Läxhjälp i alla stadsdelar", areas[0], o12.ID, r1.ID, 0)
	m4 := measure(4, "Renovering utan att hyrorna stiger", areas[1], o21.ID, model.RecommendationID{}, 123_456_750) // 1 234 567,50 kr
	measure(5, "Fler mötesplatser", areas[1], o21.ID, model.RecommendationID{}, 0)
	m6 := measure(6, "Lokala jobbsatsningar", areas[2], model.ObjectiveID{}, r2.ID, 0)
	err = c.refused(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 99, Title: "Fel", Objective: o11.ID, Recommendation: r2.ID}})
	assert.ErrorIs(t, err, model.ErrNotAllowed, "an objective of another recommendation")
	s = c.state()
	m, _ := s.Measure(m1.ID)
	assert.Equal(t, r1.ID, m.Recommendation, "the objective's recommendation")

	// The final report, by the commission, to the board, handed over at a
	// public presentation on 14 March 2013.
	c.on(date(2013, 3, 14))
	presentation := boardMeeting(date(2013, 3, 14), "Överlämnande av slutrapporten")
	c.do(process.RecordMeeting{Meeting: presentation.ID})
	report := model.NewID[model.Document]()
	c.do(process.PinDocument{Document: report, Title: "Malmös väg mot en hållbar framtid", Date: date(2013, 3, 14),
		Authors: []model.Author{{Group: kommission.ID}, {Person: chair}}, Recipient: board.ID})
	c.do(process.HandOverDocument{HandOver: model.HandOver{Document: report, To: board.ID, Meeting: presentation.ID, Note: "Offentlig presentation"}})
	err = c.refused(process.HandOverDocument{HandOver: model.HandOver{Document: report, To: board.ID, Date: date(2013, 3, 15)}})
	assert.ErrorIs(t, err, process.ErrInFuture)
	s = c.state()
	doc, _, ok := s.Document(report)
	require.True(t, ok)
	assert.Equal(t, []model.Author{{Group: kommission.ID}, {Person: chair}}, doc.Authors)
	assert.Equal(t, board.ID, doc.Recipient)
	assert.Equal(t, []model.HandOver{{Document: report, To: board.ID, Meeting: presentation.ID, Date: date(2013, 3, 14), Note: "Offentlig presentation"}}, s.HandOvers(report))
	g, _ := s.Group(kommission.ID)
	assert.Equal(t, appointment, g.Appointment)
	assert.Equal(t, mandate, g.Mandate)

	// The remiss: to the city's five parts among eight consultees; five
	// answer, so 5 of 8 is 62.5 %, written 63 %.
	round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss av slutrapporten", Document: report, Deadline: date(2013, 5, 31)}
	for _, o := range []model.OrganisationID{office.ID, schools.ID, environment.ID, north.ID, south.ID, region.ID, county.ID, university.ID} {
		round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: o, Required: true})
	}
	c.do(process.DraftRound{Round: round})
	c.do(process.OpenRound{Round: round.ID})
	var behind consultation.ResponseID
	for _, o := range []model.OrganisationID{office.ID, schools.ID, north.ID, region.ID, university.ID} {
		r := consultation.Response{ID: model.NewID[consultation.Response](), Round: round.ID, Organisation: o, Stance: consultation.SupportsWithChanges,
			Items: []consultation.ItemResponse{{Measure: m1.ID, Stance: consultation.SupportsWithChanges, Comment: "Även för blivande föräldrar."}}}
		if o == schools.ID {
			behind = r.ID
		}
		c.do(process.SubmitResponse{Response: r})
	}
	c.on(date(2013, 6, 1))
	c.do(process.CloseRound{Round: round.ID})
	c.do(process.CompileRound{Round: round.ID})
	s = c.state()
	comp, ok := s.Compilation(round.ID)
	require.True(t, ok)
	assert.Equal(t, consultation.Rate{Answered: 5, Of: 8}, comp.Required)
	assert.Contains(t, comp.Markdown(model.Swedish), "5 / 8 (63 %)")

	// After the pin, measure 3 is regrouped under objective 2.1 and
	// measure 1 revised; the city's longer list adds measure 7 and
	// revises the report.
	c.do(process.PlaceMeasures{Objective: o21.ID, Measures: []model.MeasureID{m3.ID}})
	c.do(process.ReviseMeasure{Measure: m1.ID, Text: "Utbyggd föräldrautbildning, även för blivande föräldrar.", Responses: []consultation.ResponseID{behind}})
	m7 := measure(7, "Sommarjobb för alla unga", areas[2], model.ObjectiveID{}, r2.ID, 0)
	list := model.NewID[model.Document]()
	c.do(process.PinDocument{Document: list, Title: "Stadens åtgärdslista", Date: date(2013, 6, 1), Authors: []model.Author{{Organisation: office.ID}}, Revises: report})
	s = c.state()

	pinned, ok := s.DocumentStructure(report)
	require.True(t, ok)
	assert.Equal(t, 6, pinned.Count())
	require.Len(t, pinned.Recommendations, 2)
	require.Len(t, pinned.Recommendations[0].Objectives, 2, "the report as pinned: 1.1 and 1.2")
	assert.Equal(t, []int{1, 2}, numbers(pinned.Recommendations[0].Objectives[0].Measures))
	assert.Equal(t, []int{3}, numbers(pinned.Recommendations[0].Objectives[1].Measures), "measure 3 stays under 1.2 in the pinned report")
	assert.Equal(t, []int{4, 5}, numbers(pinned.Recommendations[1].Objectives[0].Measures))
	assert.Equal(t, []int{6}, numbers(pinned.Recommendations[1].Measures))
	assert.Equal(t, "Utbyggd föräldrautbildning.", pinned.Recommendations[0].Objectives[0].Measures[0].Text, "the text as pinned")
	_, items, _ := s.Document(report)
	assert.Equal(t, o12.ID, items[2].Measure.Objective)
	assert.Equal(t, r1.ID, items[2].Measure.Recommendation)

	now := s.Structure()
	assert.Equal(t, 7, now.Count())
	assert.Empty(t, now.Recommendations[0].Objectives[1].Measures, "objective 1.2 holds nothing now")
	assert.Equal(t, []int{3, 4, 5}, numbers(now.Recommendations[1].Objectives[0].Measures))
	assert.Equal(t, []int{6, 7}, numbers(now.Recommendations[1].Measures))

	diff, ok := s.DocumentChanges(report, list)
	require.True(t, ok)
	assert.Equal(t, []model.MeasureID{m7.ID}, diff.Added)
	assert.Empty(t, diff.Removed)
	require.Len(t, diff.Changed, 2, "measure 1 retexted, measure 3 moved")
	assert.Equal(t, m1.ID, diff.Changed[0].To.Measure)
	assert.True(t, diff.Changed[0].Retexted())
	assert.False(t, diff.Changed[0].Moved())
	assert.NotEmpty(t, diff.Changed[0].Text)
	assert.Equal(t, m3.ID, diff.Changed[1].To.Measure)
	assert.True(t, diff.Changed[1].Moved())
	assert.Equal(t, o12.ID, diff.Changed[1].From.Objective)
	assert.Equal(t, o21.ID, diff.Changed[1].To.Objective)
	assert.Equal(t, []model.Document{mustDoc(t, s, list)}, s.RevisedBy(report))

	// The board decides on the continued work on 5 June 2013; it takes
	// effect when the minutes are approved (justering), on 12 June.
	continued := boardMeeting(date(2013, 6, 5), "Kommunstyrelsens sammanträde")
	c.on(continued.Date)
	c.do(process.RecordMeeting{Meeting: continued.ID})
	first := model.NewID[model.Decision]()
	c.do(process.Decide{Decision: model.Decision{ID: first, Body: board.ID, Meeting: continued.ID, Subject: model.Subject{Kind: model.SubjectDocument, Document: list},
		Votes: votes, Paragraph: 142, Effect: model.EffectOnApproval}})
	s = c.state()
	_, ok = s.TakesEffect(first)
	assert.False(t, ok, "not before the minutes are approved")
	assert.False(t, s.InForce(first, date(2013, 6, 20)))
	err = c.refused(process.ApproveMinutes{Meeting: continued.ID, Date: date(2013, 6, 12)})
	assert.ErrorIs(t, err, process.ErrInFuture)
	c.on(date(2013, 6, 12))
	c.do(process.ApproveMinutes{Meeting: continued.ID})
	s = c.state()
	from, ok := s.TakesEffect(first)
	assert.True(t, ok)
	assert.Equal(t, date(2013, 6, 12), from)
	assert.False(t, s.InForce(first, date(2013, 6, 11)))
	assert.True(t, s.InForce(first, date(2013, 6, 12)))
	var minutes strings.Builder
	require.NoError(t, export.Minutes(&minutes, s, continued.ID, export.Options{}))
	assert.Contains(t, minutes.String(), "Protokoll 2013-06-05")

	// Later, directives on the same document: refused without saying it
	// follows the first decision, naming the subject and that decision.
	directing := boardMeeting(date(2014, 1, 15), "Kommunstyrelsens sammanträde")
	c.on(directing.Date)
	c.do(process.RecordMeeting{Meeting: directing.ID})
	fund := model.Directive{ID: model.NewID[model.Directive](), To: office.ID, Task: "Utred en social investeringsfond", Due: date(2014, 6, 30), Amount: model.Kronor(50_000_000)}
	plan := model.Directive{ID: model.NewID[model.Directive](), To: schools.ID, Task: "Ta fram en plan för läxhjälp", Due: date(2014, 9, 30), Amount: model.Kronor(25_000_000)}
	second := model.Decision{ID: model.NewID[model.Decision](), Body: board.ID, Meeting: directing.ID, Subject: model.Subject{Kind: model.SubjectDocument, Document: list},
		Votes: votes, Paragraph: 12, Effect: model.EffectOnDate, EffectiveOn: date(2014, 2, 1), Amount: model.Kronor(100_000_000),
		Directives: []model.Directive{fund, plan}}
	err = c.refused(process.Decide{Decision: second})
	assert.ErrorIs(t, err, process.ErrAlreadyDecided)
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Decision.Subject", pe.Field)
	assert.Equal(t, "document:"+list.String(), pe.ID, "the subject")
	assert.Contains(t, pe.Detail, first.String(), "the earlier decision")
	assert.Contains(t, pe.Detail, "2013-06-05")
	second.Follows = first
	c.do(process.Decide{Decision: second})
	s = c.state()
	d, _ := s.Decision(second.ID)
	assert.True(t, d.Reconsiders.IsZero(), "a further decision, no reconsideration")
	assert.False(t, s.InForce(second.ID, date(2014, 1, 31)))
	assert.True(t, s.InForce(second.ID, date(2014, 2, 1)))
	assert.True(t, s.InForce(first, date(2014, 2, 1)), "a further decision does not end the first")

	// The city office hands parts on to the district councils.
	toNorth := model.Directive{ID: model.NewID[model.Directive](), Parent: fund.ID, To: north.ID, Task: "Kartlägg behoven i Norr", Due: date(2014, 5, 31)}
	toSouth := model.Directive{ID: model.NewID[model.Directive](), Parent: fund.ID, To: south.ID, Task: "Kartlägg behoven i Söder", Due: date(2014, 5, 31)}
	late := toSouth
	late.ID, late.Due = model.NewID[model.Directive](), date(2014, 7, 31)
	err = c.refused(process.AssignDirective{Directive: late})
	assert.ErrorIs(t, err, model.ErrDateOrder, "due after its parent")
	c.on(date(2014, 2, 3))
	c.do(process.AssignDirective{Directive: toNorth})
	c.do(process.AssignDirective{Directive: toSouth})
	c.on(date(2014, 5, 20))
	c.do(process.CompleteDirective{Directive: toNorth.ID, Note: "Redovisat till stadskontoret"})
	err = c.refused(process.CompleteDirective{Directive: fund.ID})
	assert.ErrorIs(t, err, process.ErrStillOpen, "Söder is still open")
	c.on(date(2014, 6, 2))
	c.do(process.CompleteDirective{Directive: toSouth.ID})
	c.on(date(2014, 6, 25))
	c.do(process.CompleteDirective{Directive: fund.ID})
	s = c.state()
	assert.Len(t, s.Directives(), 4)
	assert.Len(t, s.SubAssignments(fund.ID), 2)
	sub, _ := s.Directive(toSouth.ID)
	assert.Equal(t, second.ID, sub.Decision, "a sub-assignment belongs to its decision")
	assert.Equal(t, date(2014, 2, 3), sub.Given)
	assert.Equal(t, date(2014, 6, 2), sub.DoneOn)
	assert.True(t, sub.Overdue(date(2014, 6, 1)) == false, "done after its due date, but done")
	open := s.OpenDirectives()
	require.Len(t, open, 1)
	assert.Equal(t, plan.ID, open[0].ID)
	assert.False(t, open[0].Overdue(date(2014, 9, 30)))
	assert.True(t, open[0].Overdue(date(2014, 10, 1)))
	assert.Len(t, s.DirectivesTo(malmö.ID), 4, "the city's parts hold every directive")
	assert.Len(t, s.DirectivesTo(office.ID), 1)

	// Organisations within organisations, and the matrix rolled up.
	assert.Equal(t, malmö.ID, s.Whole(unit.ID))
	assert.True(t, s.Within(unit.ID, malmö.ID))
	assert.False(t, s.Within(region.ID, malmö.ID))
	assert.Len(t, s.Parts(malmö.ID), 5)
	assert.Len(t, s.Parts(office.ID), 1)
	c.do(process.RecordImplementation{Entries: []followup.Entry{
		{Measure: m1.ID, Organisation: schools.ID, Status: followup.InProgress},
		{Measure: m4.ID, Organisation: north.ID, Status: followup.Implemented},
		{Measure: m4.ID, Organisation: south.ID, Status: followup.Implemented},
		{Measure: m6.ID, Organisation: unit.ID, Status: followup.NotStarted},
		{Measure: m6.ID, Organisation: region.ID, Status: followup.InProgress},
	}})
	s = c.state()
	rolled := s.MatrixByOrganisation()
	assert.Equal(t, 4, rolled[malmö.ID].Entries, "the city's four entries, from three levels")
	assert.Equal(t, 2, rolled[malmö.ID].ByStatus[followup.Implemented])
	assert.Equal(t, 1, rolled[office.ID].Entries, "the unit's entry counts for the office")
	assert.Equal(t, 1, rolled[region.ID].Entries)

	// An evaluation planned years ahead.
	c.do(process.PlanPhase{Phase: "utvardering", Planned: model.Period{Start: date(2018, 1, 1), End: date(2018, 12, 31)}})
	s = c.state()
	gantt := export.Gantt(s, export.Options{AsOf: model.DateOf(c.clock.Now())})
	assert.Contains(t, gantt, "Utvärdering :p4, 2018-01-01, 2019-01-01")
	assert.NotContains(t, gantt, "Beslut :p", "no planned dates, not drawn as planned")
	assert.NotContains(t, gantt, "-001")

	// A commission reports and does not decide.
	err = c.refused(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision](), Body: kommission.ID, Meeting: directing.ID,
		Subject: model.Subject{Kind: model.SubjectOther, Title: "Något"}, Acclamation: true, Present: 4}})
	assert.ErrorIs(t, err, process.ErrNoRule)

	// The report: the hierarchy, members without secretaries, the
	// directives and the sums (100 000 000 kr decided; 2 000 000 kr and
	// 1 234 567,50 kr on measures; 50 + 25 million on directives).
	var b bytes.Buffer
	require.NoError(t, export.Report(&b, s, export.Options{Lang: model.Swedish, Today: date(2014, 10, 1)}))
	md := b.String()
	for _, want := range []string{
		"| Kommunstyrelsen | styrelse | – | 5 |",                             // a chair and four members; the secretary is no member
		"| Kommission för ett socialt hållbart Malmö | kommission | – | 4 |", // four experts; the secretariat of three is not counted
		"### Rekommendation 1. Etablera en social investeringspolitik",
		"#### Mål 1.1. Alla barn får en god start",
		"#### Mål 1.2. Fler unga fullföljer skolan",
		"#### Mål 2.1. Blandade och trygga bostadsområden\n\n3. **Läxhjälp i alla stadsdelar**",
		"4. **Renovering utan att hyrorna stiger** (0 förslag, 1 version), 1 234 567,50 kr",
		"| Utred en social investeringsfond | Stadskontoret | 2014-06-30 | klart 2014-06-25 | 50 000 000 kr |",
		"| ↳ Kartlägg behoven i Söder | Stadsdelsnämnd Söder | 2014-05-31 | klart 2014-06-02 |  |",
		"| Ta fram en plan för läxhjälp | Grundskoleförvaltningen | 2014-09-30 | försenat | 25 000 000 kr |",
		"| **Summa: beslut** | **100 000 000 kr** |",
		"| **Summa: åtgärder** | **3 234 567,50 kr** |",
		"| **Summa: uppdrag** | **75 000 000 kr** |",
	} {
		assert.Contains(t, md, want)
	}
	assert.Equal(t, 1, strings.Count(md, "Summa: beslut"))

	// Popolo names each part's whole.
	pop, err := export.ToPopolo(s, export.Options{})
	require.NoError(t, err)
	parents := map[string]string{}
	for _, o := range pop.Organizations {
		parents[o.ID] = o.ParentID
	}
	assert.Equal(t, malmö.ID.String(), parents[office.ID.String()])
	assert.Equal(t, office.ID.String(), parents[unit.ID.String()])
	assert.Empty(t, parents[malmö.ID.String()])

	// Replayed from the events, the state is the same.
	replayed, err := c.engine.Replay(c.ctx, c.id)
	require.NoError(t, err)
	var again bytes.Buffer
	require.NoError(t, export.Report(&again, replayed, export.Options{Lang: model.Swedish, Today: date(2014, 10, 1)}))
	assert.Equal(t, md, again.String())
}

func numbers(ms []model.Measure) []int {
	out := make([]int, len(ms))
	for i, m := range ms {
		out[i] = m.Number
	}
	return out
}

func mustDoc(t *testing.T, s *process.State, id model.DocumentID) model.Document {
	t.Helper()
	d, _, ok := s.Document(id)
	require.True(t, ok)
	return d
}
