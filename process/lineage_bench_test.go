package process_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// BenchmarkTriage turns 500 submitted proposals into 44 measures, in
// memory: 44 CreateMeasure commands, each disposing of its sources, then
// one DisposeProposals for the rejected, forwarded and withdrawn ones.
func BenchmarkTriage(b *testing.B) {
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
		org, _ := model.MunicipalityOrganisation("1490")
		exec(process.RegisterOrganisation{Organisation: org})
		ps := make([]model.Proposal, 500)
		for i := range ps {
			ps[i] = model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: fmt.Sprint("Förslag ", i), Submitter: model.Submitter{Organisation: org.ID}}
		}
		exec(process.SubmitProposals{Proposals: ps})
		b.StartTimer()

		for m := range 44 {
			var sources []model.ProposalID
			for i := m; i < 440; i += 44 {
				sources = append(sources, ps[i].ID)
			}
			exec(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: m + 1, Title: fmt.Sprint("Åtgärd ", m+1), Sources: sources}})
		}
		var rest []model.Disposition
		for _, p := range ps[440:] {
			rest = append(rest, model.Disposition{Proposal: p.ID, Kind: model.DispositionRejected, Reason: "Utanför uppdraget"})
		}
		exec(process.DisposeProposals{Dispositions: rest})
	}
}
