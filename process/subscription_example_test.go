package process_test

import (
	"context"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// startedStore returns a store holding one started Dalarna process with
// one registered organisation.
func startedStore() (*memstore.Store, model.ProcessID) {
	ctx := context.Background()
	store := memstore.New()
	engine, _ := process.New(store, &process.Options{Clock: process.ClockFunc(func() time.Time {
		return time.Date(2014, 11, 3, 9, 0, 0, 0, time.UTC)
	})})
	id := model.NewID[model.Process]()
	lead := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	engine.Execute(ctx, id, lead, process.Start{Process: model.Process{ID: id, Name: "Samling i Dalarna"}, Template: phase.Dalarna()})
	falun, _ := model.MunicipalityOrganisation("2080")
	engine.Execute(ctx, id, lead, process.RegisterOrganisation{Organisation: falun})
	return store, id
}

// A consumer named "registry" gets every event in global order; its
// checkpoint is kept in the store, so a restart resumes after the last
// batch it acknowledged.
func ExampleSubscribe() {
	store, _ := startedStore()
	ctx, stop := context.WithCancel(context.Background())
	err := process.Subscribe(ctx, store, "registry", func(ctx context.Context, batch []process.Event) error {
		for _, e := range batch {
			fmt.Println(e.Position, e.Data.EventType())
		}
		stop() // a real consumer runs until the program ends; ending here leaves this batch to come again
		return nil
	}, nil)
	fmt.Println(err)
	// Output:
	// 1 process-started
	// 2 organisation-registered
	// context canceled
}

// A start page lists the processes from the index, most recently changed
// first, without loading any of them.
func ExampleIndexer() {
	store, _ := startedStore()
	var ix process.Indexer = store // found by type assertion on a process.Store
	page, err := ix.ListProcesses(context.Background(), process.IndexQuery{Limit: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range page.Entries {
		fmt.Printf("%s: %s, phase %s (cycle %d), version %d, changed %s\n",
			e.Name, e.TemplateName.In(model.English), e.Phase, e.Cycle, e.Version, e.Changed.Format(time.DateOnly))
	}
	fmt.Printf("more: %t\n", page.Next != "")
	// Output:
	// Samling i Dalarna: Gathering for social sustainability, Dalarna, phase preparatory (cycle 1), version 2, changed 2014-11-03
	// more: false
}
