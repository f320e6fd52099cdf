package process_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

// start returns an engine and a started Västra Götaland process, for the
// examples below. Its clock stands at 2015, after every meeting the
// examples record as held.
func start() (*process.Engine, model.ProcessID, model.Actor) {
	clock := process.ClockFunc(func() time.Time { return time.Date(2015, 3, 2, 9, 0, 0, 0, time.UTC) })
	engine, err := process.New(memstore.New(), &process.Options{Clock: clock})
	if err != nil {
		panic(err)
	}
	id := model.NewID[model.Process]()
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	_, err = engine.Execute(context.Background(), id, actor, process.Start{
		Process: model.Process{ID: id, Name: "Samling för social hållbarhet"},
		// Every phase allowing every command: the examples show the
		// commands, ExampleEngine_Execute_notInPhase the phases' rules.
		Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))),
	})
	if err != nil {
		panic(err)
	}
	return engine, id, actor
}

func ExampleEngine_Execute_startProcess() {
	ctx := context.Background()
	engine, err := process.New(memstore.New(), nil)
	if err != nil {
		panic(err)
	}
	id := model.NewID[model.Process]()
	coordinator := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}

	res, err := engine.Execute(ctx, id, coordinator, process.Start{
		Process:  model.Process{ID: id, Name: "Samling för social hållbarhet i Dalarna"},
		Template: phase.Dalarna().PlanFrom(model.MakeDate(2014, 11, 1)), // the template's months, dated from the start
	})
	if err != nil {
		panic(err)
	}
	s, _ := engine.Load(ctx, id)
	fmt.Println("version", res.Version, "-", s.Process().Name)
	fmt.Println("phase:", s.Phase().Name.In(model.English))
	fmt.Println("planned:", s.Phase().Planned.Start, "to", s.Phase().Planned.End)
	// Output:
	// version 1 - Samling för social hållbarhet i Dalarna
	// phase: Preparatory
	// planned: 2014-11-01 to 2015-05-31
}

func ExampleSubmitProposals() {
	ctx := context.Background()
	engine, id, actor := start()

	borås, _ := model.MunicipalityOrganisation("1490")
	if _, err := engine.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: borås}); err != nil {
		panic(err)
	}
	// A conference's proposals arrive together: one command, one event.
	proposals := []model.Proposal{
		{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "Barn i ekonomiskt utsatta familjer", Submitter: model.Submitter{Organisation: borås.ID}},
		{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "Avgiftsfri fritidsverksamhet", Submitter: model.Submitter{Organisation: borås.ID}},
		{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "", Submitter: model.Submitter{Organisation: borås.ID}},
	}
	_, err := engine.Execute(ctx, id, actor, process.SubmitProposals{Proposals: proposals})
	var fe *model.FieldError
	if errors.As(err, &fe) {
		fmt.Println("refused:", fe.Field, errors.Is(err, model.ErrRequired))
	}

	proposals[2].Title = "Läxhjälp på biblioteken"
	res, err := engine.Execute(ctx, id, actor, process.SubmitProposals{Proposals: proposals})
	if err != nil {
		panic(err)
	}
	s, _ := engine.Load(ctx, id)
	fmt.Println(len(res.Events), "event,", len(s.Proposals()), "proposals")
	// Output:
	// refused: Proposals[2].Title true
	// 1 event, 3 proposals
}

func ExampleAdvance() {
	ctx := context.Background()
	engine, id, actor := start()

	if _, err := engine.Execute(ctx, id, actor, process.Advance{Trigger: "mobilise"}); err != nil {
		panic(err)
	}
	// Anchoring has just begun: no groups, no proposals yet.
	_, err := engine.Execute(ctx, id, actor, process.Advance{Trigger: "deepen"})
	var unmet *phase.UnmetCriteriaError
	if errors.As(err, &unmet) {
		for _, c := range unmet.Unmet {
			fmt.Println("unmet:", c)
		}
	}
	s, _ := engine.Load(ctx, id)
	fmt.Println("still in:", s.Phase().Name.In(model.Swedish))
	// Output:
	// unmet: steering-group-formed
	// unmet: working-group-formed
	// unmet: reference-network-formed
	// unmet: proposals-received
	// still in: Förankrings- och mobiliseringsfas
}
