package main

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// Config is what a run may vary.
type Config struct {
	Seed      uint64 // seeds the synthetic proposals, persons, measures and every ID
	Proposals int    // how many proposals the February 2012 conference yields
}

// Result is a run: the engine reads the record from the store.
type Result struct {
	Config Config
	scenario.Outcome
}

// Measures is how many measures the working groups made of the proposals.
const Measures = 44

// runner holds what the steps of a run share.
type runner struct {
	*scenario.Runner
	rng, ids *rand.Rand
}

// Run runs the process from its start in March 2011 to the regional
// council's adoption of 24 September 2013 and into the implementation phase,
// in store. Everything in it, IDs included, follows from cfg.Seed, so a run
// against a store that already holds the process of the same seed skips
// the commands recorded there and carries on after them: it resumes an
// interrupted run and adds nothing to a finished one.
func Run(ctx context.Context, store process.Store, cfg Config) (*Result, error) {
	if cfg.Proposals < Measures || cfg.Proposals > process.MaxProposalsPerCommand {
		return nil, fmt.Errorf("proposals: %d is outside %d–%d", cfg.Proposals, Measures, process.MaxProposalsPerCommand)
	}
	ids := rand.New(rand.NewPCG(cfg.Seed, 0x4944))
	id := scenario.NewID[model.Process](ids)
	// The coordinator at the region's public health secretariat runs the process.
	actor := model.Actor{Person: scenario.NewID[model.Person](ids), Capacity: model.RoleProjectLead}
	sr, err := scenario.NewRunner(ctx, store, id, actor)
	if err != nil {
		return nil, err
	}
	r := &runner{Runner: sr, ids: ids, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5a4d4c494e47))}

	// Planning, spring 2011: the organisation structure and the time plan.
	day := model.MakeDate
	r.Do(day(2011, 3, 1), process.Start{
		Process:  model.Process{ID: r.Process, Name: "Samling för social hållbarhet – åtgärder för jämlik hälsa i Västra Götaland"},
		Template: timePlan(phase.VastraGotaland()),
	})
	orgs := r.registerOrganisations(day(2011, 3, 1))
	areas := r.defineAreas(day(2011, 3, 1))

	// Anchoring and mobilisation: the groups are appointed.
	r.Do(day(2011, 9, 1), process.Advance{Trigger: "mobilise"})
	r.formGroups(day(2011, 9, 15), orgs)

	// The conference of February 2012 starts the identification of
	// situations and measures.
	feb := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingConference, Date: day(2012, 2, 15),
		Title: "Konferens: Samling för social hållbarhet"}
	r.Do(day(2011, 12, 1), process.PlanMeeting{Meeting: feb})
	r.Do(feb.Date, process.RecordMeeting{Meeting: feb.ID})
	proposals := synthesizeProposals(r.rng, ids, cfg.Proposals, orgs.all, areas, feb.ID)
	r.Do(feb.Date, process.SubmitProposals{Proposals: proposals})

	// Deepening, spring 2012: the groups work through the proposals and
	// make them into 44 measures; every proposal gets its disposition.
	r.Do(day(2012, 3, 1), process.Advance{Trigger: "deepen"})
	measures, rest := triage(r.rng, ids, proposals, areas, orgs.authorities())
	for i, m := range measures {
		r.Do(day(2012, 4, 2).AddDays(i*4), process.CreateMeasure{Measure: m})
	}
	// The working group disposes of the rest on the record of its meeting:
	// the withdrawals among them need a recorded decision.
	r.DoAs(r.Actor.On(model.Authority{Reference: "Arbetsgruppens minnesanteckningar 2012-10-01, § 3 (syntetiskt)"}),
		day(2012, 10, 1), process.DisposeProposals{Dispositions: rest})

	// The Göteborg conference of November 2012, close to 500 participants.
	nov := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingConference, Date: day(2012, 11, 15),
		Title: "Konferens: Samling för social hållbarhet", Place: "Göteborg"}
	r.Do(day(2012, 9, 3), process.PlanMeeting{Meeting: nov})
	r.Do(nov.Date, process.RecordMeeting{Meeting: nov.ID, HeadCount: 500})
	// The conference's groups rework measure 12.
	twelve := &measures[11]
	twelve.Text = addSentences(twelve.Text, "Kommunerna och Arbetsförmedlingen samordnar stödet lokalt.")
	r.Do(day(2012, 11, 20), process.ReviseMeasure{Measure: twelve.ID, Text: twelve.Text,
		Cause: model.Cause{Meeting: nov.ID, Note: "Omarbetad efter konferensen i Göteborg"}})

	// The decision phase opens with the public health committee's meeting
	// of December 2012, which approves the proposal unanimously and sends
	// it to the regional board.
	committee := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingCommittee, Date: day(2012, 12, 12),
		Title: "Folkhälsokommitténs sammanträde", Group: orgs.bodies["committee"]}
	r.Do(day(2012, 11, 20), process.PlanMeeting{Meeting: committee})
	r.Do(day(2012, 12, 1), process.Advance{Trigger: "propose"})
	proposal := scenario.NewID[model.Document](ids)
	r.Do(day(2012, 12, 3), process.PinDocument{Document: proposal, Title: "Förslag till åtgärder, december 2012"})
	members := r.appointCommittee(day(2011, 1, 1), orgs)
	r.DoAs(orgs.secretaries["committee"], committee.Date, process.RecordMeeting{Meeting: committee.ID})
	approval := model.Decision{ID: scenario.NewID[model.Decision](ids), Body: orgs.bodies["committee"], Meeting: committee.ID,
		Subject:   model.Subject{Kind: model.SubjectDocument, Document: proposal, Title: "Förslag till åtgärder för jämlik hälsa"},
		Note:      "Förslaget godkänns och överlämnas till regionstyrelsen.",
		Reference: "FHK 2012-00231 (syntetiskt)", Paragraph: 54}
	for _, m := range members[:len(members)-1] { // one member is away
		approval.Votes = append(approval.Votes, model.Vote{Member: m, Position: model.Agree})
	}
	r.DoAs(orgs.secretaries["committee"], committee.Date, process.Decide{Decision: approval})

	// The remiss to the municipalities and the working group's
	// organisations, and the revision after it.
	r.remiss(proposal, orgs, measures)
	revised := scenario.NewID[model.Document](ids)
	r.Do(day(2013, 5, 27), process.PinDocument{Document: revised,
		Title: "Samling för social hållbarhet – åtgärder för jämlik hälsa i Västra Götaland"})

	// The regional board approves the revised document; the regional
	// council adopts it on 24 September 2013.
	board := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingCommittee, Date: day(2013, 6, 11),
		Title: "Regionstyrelsens sammanträde", Group: orgs.bodies["board"]}
	council := model.Meeting{ID: scenario.NewID[model.Meeting](ids), Kind: model.MeetingCommittee, Date: day(2013, 9, 24),
		Title: "Regionfullmäktiges sammanträde", Group: orgs.bodies["council"]}
	r.Do(day(2013, 5, 27), process.PlanMeeting{Meeting: board})
	r.Do(day(2013, 5, 27), process.PlanMeeting{Meeting: council})
	r.DoAs(orgs.secretaries["board"], board.Date, process.RecordMeeting{Meeting: board.ID})
	r.DoAs(orgs.secretaries["board"], board.Date, process.Decide{Decision: model.Decision{ID: scenario.NewID[model.Decision](ids), Body: orgs.bodies["board"], Meeting: board.ID,
		Subject:     model.Subject{Kind: model.SubjectDocument, Document: revised},
		Acclamation: true, Present: 14, Note: "Regionstyrelsen föreslår regionfullmäktige att anta dokumentet.",
		Reference: "RS 2013-01234 (syntetiskt)", Paragraph: 187}})
	r.DoAs(orgs.secretaries["council"], council.Date, process.RecordMeeting{Meeting: council.ID})
	r.DoAs(orgs.secretaries["council"], council.Date, process.Decide{Decision: model.Decision{ID: scenario.NewID[model.Decision](ids), Body: orgs.bodies["council"], Meeting: council.ID,
		Subject:     model.Subject{Kind: model.SubjectDocument, Document: revised},
		Acclamation: true, Present: 141, Note: "Regionfullmäktige antar dokumentet.",
		Reference: "RS 2013-01234 (syntetiskt)", Paragraph: 112}})

	// The implementation phase begins the next day.
	r.Do(day(2013, 9, 25), process.Advance{Trigger: "implement"})

	// The follow-up of the implementation phase.
	r.followUp(orgs, measures, areas)

	if err := r.Err(); err != nil {
		return nil, err
	}
	return &Result{Config: cfg, Outcome: r.Outcome}, nil
}

// timePlan dates the built-in template, which carries only the phases'
// lengths, with this process's own time plan. The documented milestones:
// the conference of February 2012 closes anchoring, deepening runs on to
// the Göteborg conference of November 2012, the decision phase from the
// public health committee's approval in December 2012 to the regional
// council's adoption on 24 September 2013. The start of planning (March
// 2011) and the end of implementation (December 2015) are assumptions.
func timePlan(t phase.Template) phase.Template {
	return scenario.Plan(t, map[phase.PhaseID]model.Period{
		"planning":       {Start: model.MakeDate(2011, 3, 1), End: model.MakeDate(2011, 8, 31)},
		"anchoring":      {Start: model.MakeDate(2011, 9, 1), End: model.MakeDate(2012, 2, 29)},
		"deepening":      {Start: model.MakeDate(2012, 3, 1), End: model.MakeDate(2012, 11, 30)},
		"decision":       {Start: model.MakeDate(2012, 12, 1), End: model.MakeDate(2013, 9, 24)},
		"implementation": {Start: model.MakeDate(2013, 9, 25), End: model.MakeDate(2015, 12, 31)},
	})
}
