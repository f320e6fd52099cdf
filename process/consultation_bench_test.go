package process_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// BenchmarkSubmitResponse is the answers to a remiss to all 290
// municipalities on 44 measures, in memory, each with three comments: one
// op is the whole round's answers, so divide by 290 for one answer.
func BenchmarkSubmitResponse(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for range b.N {
		b.StopTimer()
		e, id, actor := benchProcess(b, anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1))))
		exec := func(c process.Command) {
			if _, err := e.Execute(ctx, id, actor, c); err != nil {
				b.Fatal(err)
			}
		}
		var measures []model.MeasureID
		for n := range 44 {
			m := model.Measure{ID: model.NewID[model.Measure](), Number: n + 1, Title: "Åtgärd"}
			exec(process.CreateMeasure{Measure: m})
			measures = append(measures, m.ID)
		}
		doc := model.NewID[model.Document]()
		exec(process.PinDocument{Document: doc, Title: "Remissversion"})
		round := consultation.Round{ID: model.NewID[consultation.Round](), Kind: consultation.Remiss, Title: "Remiss",
			Document: doc, Deadline: model.MakeDate(2030, 1, 1)}
		signer := map[model.OrganisationID]model.PersonID{}
		for _, m := range model.Municipalities() {
			org, _ := model.MunicipalityOrganisation(m.Code)
			exec(process.RegisterOrganisation{Organisation: org})
			p := model.Person{ID: model.NewID[model.Person](), Name: "Handläggare", Organisation: org.ID}
			exec(process.RegisterPerson{Person: p})
			signer[org.ID] = p.ID
			round.Consultees = append(round.Consultees, consultation.Consultee{Organisation: org.ID, Required: true})
		}
		exec(process.DraftRound{Round: round})
		exec(process.OpenRound{Round: round.ID})
		b.StartTimer()

		for i, c := range round.Consultees {
			// The coordinator registers each answer its signer sent.
			resp := consultation.Response{ID: model.NewID[consultation.Response](), Round: round.ID, Organisation: c.Organisation,
				Stance: consultation.SupportsWithChanges, RespondedBy: signer[c.Organisation]}
			for j := range 3 {
				resp.Items = append(resp.Items, consultation.ItemResponse{Measure: measures[(i+j*7)%44], Stance: consultation.SupportsWithChanges, Comment: "Ange tydligare vem som ansvarar."})
			}
			exec(process.SubmitResponse{Response: resp})
		}
	}
}
