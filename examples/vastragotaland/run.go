package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

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
	Config  Config
	Engine  *process.Engine
	Process model.ProcessID
	// Skipped is how many commands were already in the store from an
	// earlier run with the same seed, and Executed how many this run added.
	Skipped, Executed int
}

// Measures is how many measures the working groups made of the proposals.
const Measures = 44

// clock is the run's clock: each step sets it to the day it happened.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now implements process.Clock.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(d model.Date) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = d.Time(time.UTC).Add(9 * time.Hour)
}

// runner holds what the steps of a run share.
type runner struct {
	ctx      context.Context
	engine   *process.Engine
	clock    *clock
	id       model.ProcessID
	actor    model.Actor
	rng, ids *rand.Rand
	skip     int // commands of an earlier run still to skip
	result   *Result
	err      error
}

// do executes a command on the given day, unless an earlier one failed or
// an earlier run already recorded it.
func (r *runner) do(day model.Date, cmd process.Command) {
	switch {
	case r.err != nil:
		return
	case r.skip > 0:
		r.skip--
		r.result.Skipped++
		return
	}
	r.clock.set(day)
	if _, err := r.engine.Execute(r.ctx, r.id, r.actor, cmd); err != nil {
		r.err = fmt.Errorf("%s on %s: %w", cmd.Name(), day, err)
		return
	}
	r.result.Executed++
}

// Run runs the process from its start in March 2011 into the decision phase,
// in store. Everything in it, IDs included, follows from cfg.Seed, so a run
// against a store that already holds the process of the same seed skips
// the commands recorded there and carries on after them: it resumes an
// interrupted run and adds nothing to a finished one.
func Run(ctx context.Context, store process.Store, cfg Config) (*Result, error) {
	if cfg.Proposals < Measures || cfg.Proposals > process.MaxProposalsPerCommand {
		return nil, fmt.Errorf("proposals: %d is outside %d–%d", cfg.Proposals, Measures, process.MaxProposalsPerCommand)
	}
	clk := &clock{}
	engine, err := process.New(store, &process.Options{Clock: clk, SnapshotEvery: 100})
	if err != nil {
		return nil, err
	}
	ids := rand.New(rand.NewPCG(cfg.Seed, 0x4944))
	r := &runner{
		ctx: ctx, engine: engine, clock: clk, ids: ids,
		id: newID[model.Process](ids),
		// The coordinator at the region's public health secretariat runs the process.
		actor: model.Actor{Person: newID[model.Person](ids), Capacity: model.RoleProjectLead},
		rng:   rand.New(rand.NewPCG(cfg.Seed, 0x5a4d4c494e47)),
	}
	r.result = &Result{Config: cfg, Engine: engine, Process: r.id}
	if r.skip, err = recorded(ctx, engine, r.id); err != nil {
		return nil, err
	}

	// Planning, spring 2011: the organisation structure and the time plan.
	day := model.MakeDate
	r.do(day(2011, 3, 1), process.StartProcess{
		Process:  model.Process{ID: r.id, Name: "Samling för social hållbarhet – åtgärder för jämlik hälsa i Västra Götaland"},
		Template: phase.VastraGotaland(),
	})
	orgs := r.registerOrganisations(day(2011, 3, 1))
	areas := r.defineAreas(day(2011, 3, 1))

	// Anchoring and mobilisation: the groups are appointed.
	r.do(day(2011, 9, 1), process.Advance{Trigger: "mobilise"})
	r.formGroups(day(2011, 9, 15), orgs)

	// The conference of February 2012 starts the identification of
	// situations and measures.
	feb := model.Meeting{ID: newID[model.Meeting](ids), Kind: model.MeetingConference, Date: day(2012, 2, 15),
		Title: "Konferens: Samling för social hållbarhet"}
	r.do(day(2011, 12, 1), process.PlanMeeting{Meeting: feb})
	r.do(feb.Date, process.RecordMeeting{Meeting: feb.ID})
	proposals := synthesizeProposals(r.rng, ids, cfg.Proposals, orgs.all, areas, feb.ID)
	r.do(feb.Date, process.SubmitProposals{Proposals: proposals})

	// Deepening, spring 2012: the groups work through the proposals and
	// make them into 44 measures; every proposal gets its disposition.
	r.do(day(2012, 3, 1), process.Advance{Trigger: "deepen"})
	measures, rest := triage(r.rng, ids, proposals, areas, orgs.authorities())
	for i, m := range measures {
		r.do(day(2012, 4, 2).AddDays(i*4), process.CreateMeasure{Measure: m})
	}
	r.do(day(2012, 10, 1), process.DisposeProposals{Dispositions: rest})

	// The Göteborg conference of November 2012, close to 500 participants.
	nov := model.Meeting{ID: newID[model.Meeting](ids), Kind: model.MeetingConference, Date: day(2012, 11, 15),
		Title: "Konferens: Samling för social hållbarhet", Place: "Göteborg"}
	r.do(day(2012, 9, 3), process.PlanMeeting{Meeting: nov})
	r.do(nov.Date, process.RecordMeeting{Meeting: nov.ID, HeadCount: 500})
	// The conference's groups rework measure 12.
	twelve := measures[11]
	r.do(day(2012, 11, 20), process.ReviseMeasure{Measure: twelve.ID,
		Text:  twelve.Text[:len(twelve.Text)-len("Syntetisk text.")] + "Kommunerna och Arbetsförmedlingen samordnar stödet lokalt. Syntetisk text.",
		Cause: model.Cause{Meeting: nov.ID, Note: "Omarbetad efter konferensen i Göteborg"}})

	// The decision phase opens with the public health committee's meeting
	// of December 2012; the regional council's is planned for 24 September
	// 2013.
	r.do(day(2012, 12, 1), process.Advance{Trigger: "propose"})
	r.do(day(2012, 12, 3), process.PinDocument{Document: newID[model.Document](ids), Title: "Förslag till åtgärder, december 2012"})
	committee := model.Meeting{ID: newID[model.Meeting](ids), Kind: model.MeetingCommittee, Date: day(2012, 12, 12),
		Title: "Folkhälsokommitténs sammanträde", Group: orgs.bodies["committee"]}
	r.do(day(2012, 11, 20), process.PlanMeeting{Meeting: committee})
	r.do(committee.Date, process.RecordMeeting{Meeting: committee.ID})
	council := model.Meeting{ID: newID[model.Meeting](ids), Kind: model.MeetingCommittee, Date: day(2013, 9, 24),
		Title: "Regionfullmäktiges sammanträde", Group: orgs.bodies["council"]}
	r.do(day(2013, 1, 15), process.PlanMeeting{Meeting: council})

	if r.err != nil {
		return nil, r.err
	}
	if r.skip > 0 {
		return nil, fmt.Errorf("the store holds %d more commands for this process than this run has: it was not made by this program", r.skip)
	}
	return r.result, nil
}

// recorded returns how many commands the store holds for the process: the
// number of distinct commands its events name.
func recorded(ctx context.Context, e *process.Engine, id model.ProcessID) (int, error) {
	commands := map[process.CommandID]bool{}
	for ev, err := range e.History(ctx, id, 0) {
		if err != nil {
			return 0, err
		}
		commands[ev.Command] = true
	}
	return len(commands), nil
}
