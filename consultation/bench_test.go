package consultation_test

import (
	"fmt"
	"testing"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
)

// BenchmarkCompile compiles a national-scale remiss: all 290 municipalities
// on 44 measures, each answering once with three comments, and writes it
// as Markdown.
func BenchmarkCompile(b *testing.B) {
	const consultees, measures = 290, 44
	r := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Åtgärdsförslag",
		Document: model.NewID[model.Document](), Deadline: model.MakeDate(2013, 4, 12)}
	number := map[model.MeasureID]int{}
	for i := range measures {
		m := model.NewID[model.Measure]()
		number[m] = i + 1
		r.Items = append(r.Items, model.DocumentItem{Measure: m, Version: 1})
	}
	name := map[model.OrganisationID]string{}
	var responses []consultation.Response
	for i := range consultees {
		org := model.NewID[model.Organisation]()
		name[org] = fmt.Sprint("Kommun ", i)
		r.Consultees = append(r.Consultees, consultation.Consultee{Organisation: org, Required: true})
		resp := consultation.Response{ID: model.NewID[consultation.Response](), Round: r.ID, Organisation: org, Stance: consultation.SupportsWithChanges}
		for j := range 3 {
			resp.Items = append(resp.Items, consultation.ItemResponse{Measure: r.Items[(i+j*7)%measures].Measure,
				Stance: consultation.SupportsWithChanges, Comment: "Ange tydligare vem som ansvarar."})
		}
		responses = append(responses, resp)
	}
	names := consultation.Names{
		Organisation: func(id model.OrganisationID) string { return name[id] },
		Measure:      func(id model.MeasureID) (int, string) { return number[id], "Åtgärd" },
	}
	b.ReportAllocs()
	for b.Loop() {
		c := consultation.Compile(r, responses, names)
		if len(c.Markdown(model.Swedish)) == 0 {
			b.Fatal("empty compilation")
		}
	}
}
