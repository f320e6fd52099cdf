package process_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// BenchmarkState_Structure builds the hierarchy of 500 measures under 10
// recommendations of 5 objectives each, and the difference between two
// documents of them.
func BenchmarkState_Structure(b *testing.B) {
	ctx := context.Background()
	clock := process.ClockFunc(func() time.Time { return time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC) })
	engine, err := process.New(memstore.New(), &process.Options{Clock: clock, Authorizer: process.AllowAllForTesting})
	if err != nil {
		b.Fatal(err)
	}
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	do := func(c process.Command) {
		if _, err := engine.Execute(ctx, id, actor, c); err != nil {
			b.Fatal(err)
		}
	}
	do(process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
	var objectives []model.ObjectiveID
	for r := range 10 {
		rec := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: r + 1, Title: fmt.Sprint("R", r)}
		do(process.CreateRecommendation{Recommendation: rec})
		for range 5 {
			o := model.Objective{ID: model.NewID[model.Objective](), Recommendation: rec.ID, Title: "Mål"}
			do(process.CreateObjective{Objective: o})
			objectives = append(objectives, o.ID)
		}
	}
	for i := range 500 {
		do(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: i + 1, Title: "Åtgärd", Objective: objectives[i%len(objectives)]}})
	}
	first, second := model.NewID[model.Document](), model.NewID[model.Document]()
	do(process.PinDocument{Document: first, Title: "Första"})
	s, _ := engine.Load(ctx, id)
	do(process.PlaceMeasures{Objective: objectives[0], Measures: []model.MeasureID{s.Measures()[7].ID}})
	do(process.PinDocument{Document: second, Title: "Andra", Revises: first})
	s, _ = engine.Load(ctx, id)
	b.ReportAllocs()
	for b.Loop() {
		if s.Structure().Count() != 500 {
			b.Fatal("lost a measure")
		}
		if d, _ := s.DocumentChanges(first, second); len(d.Changed) != 1 {
			b.Fatal("one measure moved")
		}
	}
}
