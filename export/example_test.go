package export_test

import (
	"context"
	"fmt"
	"os"
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
	engine.Execute(ctx, id, coordinator, process.StartProcess{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.VastraGotaland()})
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

func ExampleMinutes() {
	ctx := context.Background()
	engine, _ := process.New(memstore.New(), &process.Options{Authorizer: process.AllowAllForTesting})
	id := model.NewID[model.Process]()
	coordinator := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	do := func(c process.Command) {
		if _, err := engine.Execute(ctx, id, coordinator, c); err != nil {
			panic(err)
		}
	}
	do(process.StartProcess{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.Dalarna()})
	chair := model.Person{ID: model.NewID[model.Person](), Name: "Kenneth Dahlström", Party: "C"}
	do(process.RegisterPerson{Person: chair})
	meeting := model.NewID[model.Meeting]()
	do(process.PlanMeeting{Meeting: model.Meeting{ID: meeting, Kind: model.MeetingCommittee, Title: "Samverkansberedningen",
		Date: model.MakeDate(2014, 9, 16), Place: "Leksand", Agenda: []model.AgendaItem{{Number: 1, Title: "Statistik"}}}})
	do(process.RecordMeeting{Meeting: meeting, Attendees: []model.Attendee{{Person: chair.ID, Role: model.RoleChair}},
		Minutes:     []model.ItemMinutes{{Item: 1, Text: "Sjukdagarna har minskat med 5 %.\n# Inte en rubrik"}},
		Attachments: []model.Attachment{{Title: "SKL: häfte", Link: "http://webbutik.skl.se/bilder/artiklar/pdf/5302.pdf"}}})
	s, _ := engine.Load(ctx, id)

	// The published minutes name their attendees; a protected identity
	// would still not be named.
	if err := export.Minutes(os.Stdout, s, meeting, export.Options{Names: export.ShowNames}); err != nil {
		panic(err)
	}
	// Output:
	// # Samverkansberedningen
	//
	// Minnesanteckningar 2014-09-16, Leksand
	//
	// ## Närvarande
	//
	// - Kenneth Dahlström (C), ordförande
	//
	// ## Föredragningslista
	//
	// 1. **Statistik:** Sjukdagarna har minskat med 5 %.
	//    \# Inte en rubrik
	//
	// ## Bilagor
	//
	// ### SKL: häfte
	//
	// <http://webbutik.skl.se/bilder/artiklar/pdf/5302.pdf>
}
