package intake_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/samling-go/samling/intake"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

func ExampleCSV() {
	ctx := context.Background()
	engine, _ := process.New(memstore.New(), nil)
	id := model.NewID[model.Process]()
	secretary := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleSecretary}
	engine.Execute(ctx, id, secretary, process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))})
	for _, code := range []string{"1480", "1490"} { // Göteborg, Borås
		o, _ := model.MunicipalityOrganisation(code)
		engine.Execute(ctx, id, secretary, process.RegisterOrganisation{Organisation: o})
	}
	// Proposals come in from the anchoring phase on.
	engine.Execute(ctx, id, secretary, process.Advance{Trigger: "mobilise"})
	state, _ := engine.Load(ctx, id)

	// As Swedish Excel saves it: semicolons, a column per field.
	file := "titel;typ;inlämnat av\n" +
		"Fler mötesplatser för unga;åtgärd;Göteborg\n" +
		"Hög arbetslöshet bland unga vuxna;situation;1490\n"
	proposals, err := intake.CSV(strings.NewReader(file), state, &intake.Options{
		Columns: intake.Columns{Title: "titel", Kind: "typ", Submitter: "inlämnat av"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, _ := engine.Execute(ctx, id, secretary, process.SubmitProposals{Proposals: proposals})
	fmt.Println(len(proposals), "proposals in", len(res.Events), "event")

	// A row that names an unknown organisation: nothing is read.
	_, err = intake.CSV(strings.NewReader(file+"Mer cykelvägar;åtgärd;Atlantis\n"), state, &intake.Options{
		Columns: intake.Columns{Title: "titel", Kind: "typ", Submitter: "inlämnat av"},
	})
	fmt.Println(err)
	// Output:
	// 2 proposals in 1 event
	// intake: line 4, inlämnat av: process: unknown reference: no organisation named or coded "Atlantis"
}
