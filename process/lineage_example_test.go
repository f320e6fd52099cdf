package process_test

import (
	"context"
	"fmt"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// lineageStart returns a started process with Borås and three proposals.
func lineageStart() (*process.Engine, model.ProcessID, model.Actor, []model.Proposal) {
	ctx := context.Background()
	engine, id, actor := start()
	borås, _ := model.MunicipalityOrganisation("1490")
	engine.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: borås})
	var ps []model.Proposal
	for _, title := range []string{"Läxhjälp på biblioteket", "Läxhjälp i skolan", "Fler fritidsgårdar"} {
		ps = append(ps, model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: title, Submitter: model.Submitter{Organisation: borås.ID}})
	}
	engine.Execute(ctx, id, actor, process.SubmitProposals{Proposals: ps})
	return engine, id, actor, ps
}

func ExampleDisposeProposals_merge() {
	ctx := context.Background()
	engine, id, actor, ps := lineageStart()

	// Two proposals become measure 1; the third is rejected, with a reason.
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp för alla",
		Sources: []model.ProposalID{ps[0].ID, ps[1].ID}}
	engine.Execute(ctx, id, actor, process.CreateMeasure{Measure: measure})
	engine.Execute(ctx, id, actor, process.DisposeProposals{Dispositions: []model.Disposition{
		{Proposal: ps[2].ID, Kind: model.DispositionRejected, Reason: "Finns redan i kommunens budget"},
	}})

	// Merging the rejected proposal as well needs ChangeDisposition and a reason.
	_, err := engine.Execute(ctx, id, actor, process.DisposeProposals{Dispositions: []model.Disposition{
		{Proposal: ps[2].ID, Kind: model.DispositionMerged, Measures: []model.MeasureID{measure.ID}},
	}})
	fmt.Println(err != nil)

	s, _ := engine.Load(ctx, id)
	for _, p := range ps {
		d, _ := s.Disposition(p.ID)
		fmt.Printf("%s: %s\n", p.Title, d.Kind.Label().In(model.English))
	}
	// Output:
	// true
	// Läxhjälp på biblioteket: merged into a measure
	// Läxhjälp i skolan: merged into a measure
	// Fler fritidsgårdar: rejected
}

func ExampleReviseMeasure() {
	ctx := context.Background()
	engine, id, actor, ps := lineageStart()
	measure := model.Measure{ID: model.NewID[model.Measure](), Number: 12, Title: "Läxhjälp",
		Text: "Kommunerna erbjuder läxhjälp", Sources: []model.ProposalID{ps[0].ID}}
	engine.Execute(ctx, id, actor, process.CreateMeasure{Measure: measure})

	// A revision names its cause: here a consultation response, by reference.
	engine.Execute(ctx, id, actor, process.ReviseMeasure{
		Measure: measure.ID,
		Text:    "Kommunerna och regionen erbjuder avgiftsfri läxhjälp",
		Cause:   model.Cause{Reference: "Remissvar från Borås, dnr KS 2013/0042"},
	})

	s, _ := engine.Load(ctx, id)
	l, _ := s.Lineage(measure.ID)
	last := l.Revisions[len(l.Revisions)-1]
	fmt.Println("version", last.Version, "because:", last.Cause.Reference)
	diff, _ := s.Diff(measure.ID, 1, 2)
	fmt.Println(model.FormatDiff(diff))
	// Output:
	// version 2 because: Remissvar från Borås, dnr KS 2013/0042
	// Kommunerna {+och regionen+} erbjuder {+avgiftsfri+} läxhjälp
}

func ExampleState_Journey() {
	ctx := context.Background()
	engine, id, actor, ps := lineageStart()
	m1 := model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp för alla", Sources: []model.ProposalID{ps[0].ID}}
	m2 := model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Öppna skolbibliotek"}
	engine.Execute(ctx, id, actor, process.CreateMeasure{Measure: m1})
	engine.Execute(ctx, id, actor, process.CreateMeasure{Measure: m2})
	// The working group splits the proposal across both measures.
	engine.Execute(ctx, id, actor, process.ChangeDisposition{
		Disposition: model.Disposition{Proposal: ps[0].ID, Kind: model.DispositionMerged, Measures: []model.MeasureID{m1.ID, m2.ID}},
		Reason:      "Arbetsgruppen delade förslaget mellan två åtgärder",
	})

	// "Where did my proposal go?"
	s, _ := engine.Load(ctx, id)
	j, _ := s.Journey(ps[0].ID)
	fmt.Println(j.Proposal.Title)
	for _, step := range j.Steps {
		if step.ChangeReason == "" {
			fmt.Println(" ", step.Disposition.Kind)
		} else {
			fmt.Println(" ", step.Disposition.Kind, "–", step.ChangeReason)
		}
	}
	for _, m := range j.Measures {
		fmt.Printf("  now in measure %d, %s\n", m.Number, m.Title)
	}
	// Output:
	// Läxhjälp på biblioteket
	//   adopted
	//   merged – Arbetsgruppen delade förslaget mellan två åtgärder
	//   now in measure 1, Läxhjälp för alla
	//   now in measure 2, Öppna skolbibliotek
}
