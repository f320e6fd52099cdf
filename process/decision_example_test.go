package process_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// body forms a body of the given size and rule, its members persons, the
// first one chair, with a secretary, and a meeting of it that the
// secretary has recorded as held. It returns the secretary as an actor:
// under the default policy the secretary records the body's minutes and
// decisions.
func body(engine *process.Engine, id model.ProcessID, actor model.Actor, name string, size int, rule model.DecisionRule) (model.Group, []model.Member, model.Meeting, model.Actor) {
	ctx := context.Background()
	exec := func(c process.Command) {
		if _, err := engine.Execute(ctx, id, actor, c); err != nil {
			panic(err)
		}
	}
	g := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupCommittee, Name: name, Rule: rule}
	exec(process.FormGroup{Group: g})
	var members []model.Member
	for i := range size {
		p := model.Person{ID: model.NewID[model.Person](), Name: fmt.Sprint("Ledamot ", i+1)}
		exec(process.RegisterPerson{Person: p})
		role := model.RoleMember
		if i == 0 {
			role = model.RoleChair
		}
		m := model.Member{Person: p.ID}
		exec(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: g.ID, Member: m, Role: role,
			Period: model.Period{Start: model.MakeDate(2011, 1, 1)}}})
		members = append(members, m)
	}
	secretary := model.Person{ID: model.NewID[model.Person](), Name: "Sekreterare"}
	exec(process.RegisterPerson{Person: secretary})
	exec(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: g.ID, Member: model.Member{Person: secretary.ID},
		Role: model.RoleSecretary, Period: model.Period{Start: model.MakeDate(2011, 1, 1)}}})
	clerk := model.Actor{Person: secretary.ID, Capacity: model.RoleSecretary}
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: name, Date: model.MakeDate(2012, 12, 12), Group: g.ID}
	exec(process.PlanMeeting{Meeting: meeting})
	if _, err := engine.Execute(ctx, id, clerk, process.RecordMeeting{Meeting: meeting.ID}); err != nil {
		panic(err)
	}
	return g, members, meeting, clerk
}

func ExampleDecide_unanimous() {
	ctx := context.Background()
	engine, id, actor := start()
	doc := model.NewID[model.Document]()
	engine.Execute(ctx, id, actor, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp"}})
	engine.Execute(ctx, id, actor, process.PinDocument{Document: doc, Title: "Förslag till åtgärder, december 2012"})
	committee, members, meeting, secretary := body(engine, id, actor, "Folkhälsokommittén", 5,
		model.DecisionRule{Kind: model.RuleUnanimity, Quorum: model.MoreThanHalf})

	decision := model.Decision{ID: model.NewID[model.Decision](), Body: committee.ID, Meeting: meeting.ID,
		Subject:   model.Subject{Kind: model.SubjectDocument, Document: doc},
		Reference: "FHK 2012-00231", Paragraph: 54}
	for _, m := range members[:4] { // one member is away
		decision.Votes = append(decision.Votes, model.Vote{Member: m, Position: model.Agree})
	}
	if _, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: decision}); err != nil {
		panic(err)
	}
	s, _ := engine.Load(ctx, id)
	d, _ := s.Decision(decision.ID)
	fmt.Printf("§ %d, %s: %d of %d present, %d agree\n", d.Paragraph, d.Reference, d.Tally.Present, d.Tally.Members, d.Tally.Agree)
	// Output:
	// § 54, FHK 2012-00231: 4 of 5 present, 4 agree
}

func ExampleDecide_consentWithBlock() {
	ctx := context.Background()
	engine, id, actor := start()
	group, members, meeting, secretary := body(engine, id, actor, "Projektledningsgruppen", 4,
		model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf})

	decision := model.Decision{ID: model.NewID[model.Decision](), Body: group.ID, Meeting: meeting.ID,
		Subject: model.Subject{Kind: model.SubjectOther, Title: "Inbjudan till formellt deltagande"},
		Votes: []model.Vote{
			{Member: members[0], Position: model.Agree},
			{Member: members[1], Position: model.Agree},
			{Member: members[2], Position: model.Disagree, Note: "Tidplanen är för snäv"},
			{Member: members[3], Position: model.Block, Note: "Finansieringen är inte klar"},
		}}
	_, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: decision})
	var rule *model.RuleError
	if errors.As(err, &rule) {
		fmt.Println("refused:", errors.Is(err, model.ErrRuleNotMet), rule.Reason)
	}

	// Without the block, disagreement is recorded and does not stop it.
	decision.Votes[3].Position, decision.Votes[3].Note = model.Abstain, ""
	if _, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: decision}); err != nil {
		panic(err)
	}
	s, _ := engine.Load(ctx, id)
	fmt.Println("decided:", len(s.Decisions()), "decision,", s.Decisions()[0].Tally.Disagree, "against")
	// Output:
	// refused: true 1 blocked
	// decided: 1 decision, 1 against
}

func ExampleRecordMeeting_assignment() {
	ctx := context.Background()
	engine, id, actor := start()
	group, members, _, secretary := body(engine, id, actor, "Politisk samverkansberedning", 2,
		model.DecisionRule{Kind: model.RuleConsent, Quorum: model.MoreThanHalf})
	marielle := members[1].Person
	plan := func(day model.Date, agenda ...string) model.Meeting {
		m := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingCommittee, Title: "Samverkansberedningen", Date: day, Group: group.ID}
		for i, title := range agenda {
			m.Agenda = append(m.Agenda, model.AgendaItem{Number: i + 1, Title: title})
		}
		engine.Execute(ctx, id, actor, process.PlanMeeting{Meeting: m})
		return m
	}
	september := plan(model.MakeDate(2014, 9, 16), "Mötets öppnande", "Frågor")
	november := plan(model.MakeDate(2014, 11, 24), "Trygghetsplatser", "Statistik")

	// At the September meeting Marielle is asked to explain a difference
	// by the next meeting; the secretary records it.
	_, err := engine.Execute(ctx, id, secretary, process.RecordMeeting{Meeting: september.ID,
		Minutes: []model.ItemMinutes{{Item: 2, Text: "Definition på psykisk sjukdom och psykisk ohälsa."}},
		Assignments: []model.Assignment{{ID: model.NewID[model.Assignment](), Item: 2, Assignee: marielle,
			Task: "Förklara skillnaderna mellan psykisk sjukdom och psykisk ohälsa", Due: november.Date}},
		Next: model.NextMeeting{Date: november.Date, Place: "Vårdcentralen"},
	})
	if err != nil {
		panic(err)
	}

	// The assignment is on November's agenda until it is done.
	s, _ := engine.Load(ctx, id)
	for _, item := range s.Agenda(november.ID) {
		fmt.Println(item.Number, item.Title, item.Assignment != nil)
	}
	// Output:
	// 1 Trygghetsplatser false
	// 2 Statistik false
	// 3 Förklara skillnaderna mellan psykisk sjukdom och psykisk ohälsa true
}
