package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
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
	engine.Execute(ctx, id, coordinator, process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.Dalarna().PlanFrom(model.MakeDate(2014, 11, 1))})
	engine.Execute(ctx, id, coordinator, process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 12,
		Title: "Läxhjälp", Text: "Kommunerna erbjuder läxhjälp; även på fritidsgårdar", Level: model.LevelMunicipality}})
	s, _ := engine.Load(ctx, id)

	// In Swedish (the default): UTF-8 with a byte-order mark, semicolons.
	var b strings.Builder
	if err := export.MeasuresCSV(&b, s, export.Options{}); err != nil {
		panic(err)
	}
	csv, hadMark := strings.CutPrefix(b.String(), "\ufeff")
	fmt.Println("byte-order mark:", hadMark)
	fmt.Print(strings.ReplaceAll(csv, "\r\n", "\n"))
	// Output:
	// byte-order mark: true
	// Nummer;Titel;Text;Insatsområde;Nivå;Förslag;Versioner;Rekommendation;Rekommendationens titel;Mål;Belopp
	// 12;Läxhjälp;"Kommunerna erbjuder läxhjälp; även på fritidsgårdar";;kommunal nivå;0;1;;;;
}

func ExampleSpreadsheet() {
	ctx := context.Background()
	engine, _ := process.New(memstore.New(), nil)
	id := model.NewID[model.Process]()
	coordinator := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	tpl := phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil // every command in every phase, for the example
	}
	engine.Execute(ctx, id, coordinator, process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: tpl})
	stockholm, _ := model.MunicipalityOrganisation("0180")
	engine.Execute(ctx, id, coordinator, process.RegisterOrganisation{Organisation: stockholm})
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Level: model.LevelMunicipality}
	engine.Execute(ctx, id, coordinator, process.CreateMeasure{Measure: measure})
	engine.Execute(ctx, id, coordinator, process.RecordImplementation{Entries: []followup.Entry{
		{Measure: measure.ID, Organisation: stockholm.ID, Status: followup.InProgress, Degree: 3}}})
	s, _ := engine.Load(ctx, id)

	// The workbook for people: one sheet per table, typed cells, so that
	// Stockholm's code stays "0180".
	var b bytes.Buffer
	if err := export.Spreadsheet(&b, s, export.Options{}); err != nil {
		panic(err)
	}
	z, _ := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	read := func(name string) string {
		f, _ := z.Open(name)
		defer f.Close()
		data, _ := io.ReadAll(f)
		return string(data)
	}
	for _, m := range regexp.MustCompile(`<sheet name="([^"]+)"`).FindAllStringSubmatch(read("xl/workbook.xml"), -1) {
		fmt.Println("sheet:", m[1])
	}
	fmt.Println("0180 as text:", strings.Contains(read("xl/sharedStrings.xml"), "<t>0180</t>"))
	// Output:
	// sheet: Förslag
	// sheet: Åtgärder
	// sheet: Rekommendationer
	// sheet: Svar
	// sheet: Matris
	// 0180 as text: true
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
	do(process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.Dalarna()})
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
