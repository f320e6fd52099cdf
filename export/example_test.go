package export_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
)

func ExampleMeasuresCSV() {
	ctx := context.Background()
	engine, _ := process.New(memstore.New(), nil)
	id := model.NewID[model.Process]()
	coordinator := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	// Dalarna's preparatory phase, where a process starts, allows measures.
	engine.Execute(ctx, id, coordinator, process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.Dalarna()})
	engine.Execute(ctx, id, coordinator, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 12,
		Title: "Läxhjälp", Text: "Kommunerna erbjuder läxhjälp; även på fritidsgårdar", Level: model.LevelMunicipality}})
	s, _ := engine.Load(ctx, id)

	// For Swedish Excel: UTF-8 with a byte-order mark, semicolons.
	var b strings.Builder
	if err := export.MeasuresCSV(&b, s, export.Options{Semicolon: true}); err != nil {
		panic(err)
	}
	csv, hadMark := strings.CutPrefix(b.String(), "\ufeff")
	fmt.Println("byte-order mark:", hadMark)
	fmt.Print(strings.ReplaceAll(csv, "\r\n", "\n"))
	// Output:
	// byte-order mark: true
	// Nummer;Titel;Text;Insatsområde;Nivå;Förslag;Versioner
	// 12;Läxhjälp;"Kommunerna erbjuder läxhjälp; även på fritidsgårdar";;kommunal nivå;0;1
}
