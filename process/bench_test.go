package process_test

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/qmuntal/stateless"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// benchProcessSize is how many commands a benchmark runs on one process
// before it starts a new one, with the timer stopped: commands are measured
// on a process of realistic size (Västra Götaland's run is a few hundred
// events), not on one that grows to b.N events.
const benchProcessSize = 1000

// benchProcess starts a new engine, store and process from tpl.
func benchProcess(b *testing.B, tpl phase.Template) (*process.Engine, model.ProcessID, model.Actor) {
	b.Helper()
	engine, err := process.New(memstore.New(), nil)
	if err != nil {
		b.Fatal(err)
	}
	id := model.NewID[model.Process]()
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	if _, err := engine.Execute(context.Background(), id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl}); err != nil {
		b.Fatal(err)
	}
	return engine, id, actor
}

// BenchmarkExecute is one in-memory command end to end: validate, authorize,
// catch up with the store, decide, encode, append, fold. Compare it with
// BenchmarkStatelessFire from the same run; the goal is within 10×.
func BenchmarkExecute(b *testing.B) { benchmarkExecute(b, false) }

// BenchmarkExecute_WithID is BenchmarkExecute with a host's command ID on
// every command (process.WithID); the goal is within 1.2× of it.
func BenchmarkExecute_WithID(b *testing.B) { benchmarkExecute(b, true) }

func benchmarkExecute(b *testing.B, withID bool) {
	ctx := context.Background()
	var (
		engine *process.Engine
		id     model.ProcessID
		actor  model.Actor
		org    = model.NewID[model.Organisation]()
	)
	persons := make([]model.Person, b.N)
	keys := make([]process.CommandID, b.N)
	for i := range persons {
		persons[i] = model.Person{ID: model.NewID[model.Person](), Name: "Anna Andersson", Title: "folkhälsostrateg", Organisation: org}
		keys[i] = model.NewID[process.Command]()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%benchProcessSize == 0 {
			b.StopTimer()
			engine, id, actor = benchProcess(b, phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))
			if _, err := engine.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: model.Organisation{ID: org, Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}}); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		var cmd process.Command = process.RegisterPerson{Person: persons[i]}
		if withID {
			cmd = process.WithID(keys[i], cmd)
		}
		if _, err := engine.Execute(ctx, id, actor, cmd); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecute_Advance is a phase transition end to end, the command
// that builds a stateless machine and fires it.
func BenchmarkExecute_Advance(b *testing.B) {
	ctx := context.Background()
	tpl := phase.Dalarna()
	tpl.Transitions = append(tpl.Transitions, phase.Transition{Trigger: "workshop", From: "preparatory", To: "preparatory"})
	var (
		engine *process.Engine
		id     model.ProcessID
		actor  model.Actor
	)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i%benchProcessSize == 0 {
			b.StopTimer()
			engine, id, actor = benchProcess(b, tpl)
			b.StartTimer()
		}
		if _, err := engine.Execute(ctx, id, actor, process.Advance{Trigger: "workshop"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatelessFire is a bare stateless machine firing one trigger,
// the baseline for BenchmarkExecute.
func BenchmarkStatelessFire(b *testing.B) {
	sm := stateless.NewStateMachine("a")
	sm.Configure("a").Permit("go", "b")
	sm.Configure("b").Permit("back", "a")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		trigger := "go"
		if i%2 == 1 {
			trigger = "back"
		}
		if err := sm.FireCtx(ctx, trigger); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad_UnknownIDs loads process IDs no store holds and reports
// the live heap the engine keeps afterwards (heap-B/load, and heap-MB for
// b.N loads): the goal is under 10 MB after 1 000 000 loads, since an
// unknown ID leaves nothing in the cache.
func BenchmarkLoad_UnknownIDs(b *testing.B) {
	ctx := context.Background()
	engine, err := process.New(memstore.New(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := engine.Load(ctx, model.NewID[model.Process]()); !errors.Is(err, process.ErrNotFound) {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := float64(int64(after.HeapAlloc) - int64(before.HeapAlloc))
	b.ReportMetric(growth/1e6, "heap-MB")
	runtime.KeepAlive(engine)
}
