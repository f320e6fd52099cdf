package process_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// A recommendation holds objectives, an objective holds measures; a
// document pinned before a measure is regrouped keeps it where it was.
func ExampleState_Structure() {
	ctx := context.Background()
	engine, id, actor := start()
	exec := func(c process.Command) {
		if _, err := engine.Execute(ctx, id, actor, c); err != nil {
			panic(err)
		}
	}
	rec := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "En god start i livet"}
	exec(process.CreateRecommendation{Recommendation: rec})
	early := model.Objective{ID: model.NewID[model.Objective](), Recommendation: rec.ID, Title: "Alla barn får en god start"}
	school := model.Objective{ID: model.NewID[model.Objective](), Recommendation: rec.ID, Title: "Fler fullföljer skolan"}
	exec(process.CreateObjective{Objective: early})  // numbered 1.1
	exec(process.CreateObjective{Objective: school}) // numbered 1.2
	homework := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Objective: early.ID}
	exec(process.CreateMeasure{Measure: homework})
	report := model.NewID[model.Document]()
	exec(process.PinDocument{Document: report, Title: "Slutrapport"})
	exec(process.PlaceMeasures{Objective: school.ID, Measures: []model.MeasureID{homework.ID}})

	s, _ := engine.Load(ctx, id)
	show := func(label string, st process.Structure) {
		for _, r := range st.Recommendations {
			for _, o := range r.Objectives {
				fmt.Printf("%s: %d.%d %s: %d measures\n", label, r.Recommendation.Number, o.Objective.Number, o.Objective.Title, len(o.Measures))
			}
		}
	}
	show("now", s.Structure())
	pinned, _ := s.DocumentStructure(report)
	show("pinned", pinned)
	// Output:
	// now: 1.1 Alla barn får en god start: 0 measures
	// now: 1.2 Fler fullföljer skolan: 1 measures
	// pinned: 1.1 Alla barn får en god start: 1 measures
}

// A body's second decision on the same subject names the first: in
// Follows when it takes the matter further, as directives do.
func ExampleDecide_furtherDecision() {
	ctx := context.Background()
	engine, id, actor := start()
	board, members, meeting, secretary := body(engine, id, actor, "Kommunstyrelsen", 3,
		model.DecisionRule{Kind: model.RuleMajority, Quorum: model.MoreThanHalf})
	office := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Stadskontoret", Kind: model.KindOther}
	engine.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: office})
	var votes []model.Vote
	for _, m := range members {
		votes = append(votes, model.Vote{Member: m, Position: model.Agree})
	}
	subject := model.Subject{Kind: model.SubjectOther, Title: "Fortsatt arbete för social hållbarhet"}
	first := model.Decision{ID: model.NewID[model.Decision](), Body: board.ID, Meeting: meeting.ID, Subject: subject, Votes: votes, Effect: model.EffectOnApproval}
	if _, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: first}); err != nil {
		panic(err)
	}
	directive := model.Directive{ID: model.NewID[model.Directive](), To: office.ID, Task: "Utred en social investeringsfond", Amount: model.Kronor(50_000_000)}
	second := model.Decision{ID: model.NewID[model.Decision](), Body: board.ID, Meeting: meeting.ID, Subject: subject, Votes: votes, Directives: []model.Directive{directive}}
	_, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: second})
	fmt.Println(errors.Is(err, process.ErrAlreadyDecided))
	second.Follows = first.ID
	if _, err := engine.Execute(ctx, id, secretary, process.Decide{Decision: second}); err != nil {
		panic(err)
	}
	s, _ := engine.Load(ctx, id)
	_, inForce := s.TakesEffect(first.ID)
	fmt.Println("first in force before justering:", inForce)
	engine.Execute(ctx, id, secretary, process.ApproveMinutes{Meeting: meeting.ID, Date: meeting.Date.AddDays(7)})
	s, _ = engine.Load(ctx, id)
	day, _ := s.TakesEffect(first.ID)
	fmt.Println("first takes effect:", day)
	for _, d := range s.Directives() {
		org, _ := s.Organisation(d.To)
		fmt.Printf("%s: %s, %s\n", org.Name, d.Task, d.Amount)
	}
	// Output:
	// true
	// first in force before justering: false
	// first takes effect: 2012-12-19
	// Stadskontoret: Utred en social investeringsfond, 50 000 000 kr
}
