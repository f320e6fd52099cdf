package process_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCommandGroup_EveryCommandInExactlyOneGroup(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range process.Commands() {
		g := process.CommandGroup(c)
		assert.True(t, g.IsGroup(), "%s has no group", c.Name())
		assert.False(t, seen[c.Name()], "%s registered twice", c.Name())
		seen[c.Name()] = true
	}
	// Every group holds a command, so a template naming one means
	// something.
	used := map[phase.Allowance]bool{}
	for _, c := range process.Commands() {
		used[process.CommandGroup(c)] = true
	}
	for _, g := range phase.Groups() {
		assert.True(t, used[g], "group %s is empty", g)
	}
}

// governed starts a process from tpl with every command authorised, and
// registers an organisation for proposals to come from.
func governed(t *testing.T, tpl phase.Template) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: context.Background(), store: memstore.New(), clock: &manualClock{},
		id: model.NewID[model.Process](), actor: model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleOfficial}}
	f.clock.set(time.Date(2011, time.March, 1, 9, 0, 0, 0, time.UTC))
	var err error
	f.engine, err = process.New(f.store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	f.do(process.Start{Process: model.Process{ID: f.id, Name: "Samling"}, Template: tpl})
	f.borås = model.Organisation{ID: model.NewID[model.Organisation](), Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}
	f.do(process.RegisterOrganisation{Organisation: f.borås})
	return f
}

func (f *fixture) proposals(n int) process.SubmitProposals {
	var ps []model.Proposal
	for i := range n {
		ps = append(ps, model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: fmt.Sprint("Förslag ", i+1),
			Submitter: model.Submitter{Organisation: f.borås.ID}})
	}
	return process.SubmitProposals{Proposals: ps}
}

// notInPhase checks that cmd is refused with a *PhaseError naming the
// phase and where it is allowed, and writes nothing.
func (f *fixture) notInPhase(cmd process.Command, in phase.PhaseID, allowedIn ...phase.PhaseID) {
	f.t.Helper()
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, cmd)
	require.ErrorIs(f.t, err, process.ErrNotInPhase)
	var pe *process.PhaseError
	require.ErrorAs(f.t, err, &pe)
	assert.Equal(f.t, cmd.Name(), pe.Command)
	assert.Equal(f.t, process.CommandGroup(cmd), pe.Group)
	assert.Equal(f.t, in, pe.Phase)
	assert.Equal(f.t, allowedIn, pe.AllowedIn)
	assert.Equal(f.t, before, f.storedCount(), "a command outside its phase writes nothing")
}

func TestVastraGotaland_ProposalsOnlyWhereTheSeedsCollectThem(t *testing.T) {
	f := governed(t, phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))
	f.notInPhase(f.proposals(1), "planning", "anchoring", "deepening")
	f.notInPhase(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision]()}}, "planning", "decision")

	f.do(process.Advance{Trigger: "mobilise"}) // administration: allowed everywhere
	f.do(f.proposals(3))
	assert.Equal(t, 3, f.state().Counts().Total)
}

func TestVastraGotaland_NoProposalsInImplementation(t *testing.T) {
	// The built-in phases and their allowances, without the criteria, so
	// that the process reaches implementation in four steps.
	tpl := phase.VastraGotaland()
	for i := range tpl.Transitions {
		tpl.Transitions[i].Criteria = nil
	}
	f := governed(t, tpl)
	for _, tr := range []phase.Trigger{"mobilise", "deepen", "propose", "implement"} {
		f.do(process.Advance{Trigger: tr})
	}
	require.Equal(t, phase.PhaseID("implementation"), f.state().Phase().ID)
	f.notInPhase(f.proposals(1), "implementation", "anchoring", "deepening")
	f.notInPhase(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp"}},
		"implementation", "deepening", "decision")
	// Roster and meetings are allowed in every phase.
	f.do(process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Anna"}})
}

func TestDalarna_ProposalsInExecutionDecisionsWhereBodiesDecide(t *testing.T) {
	tpl := phase.Dalarna()
	for i := range tpl.Transitions {
		tpl.Transitions[i].Criteria = nil
	}
	f := governed(t, tpl)
	f.notInPhase(f.proposals(2), "preparatory", "execution")
	f.do(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Barn och unga"}})

	f.do(process.Advance{Trigger: "execute"})
	f.do(f.proposals(2))
	f.notInPhase(process.Decide{Decision: model.Decision{ID: model.NewID[model.Decision]()}}, "execution", "preparatory", "dissemination")
	f.notInPhase(process.Invite{}, "execution", "preparatory")

	f.do(process.Advance{Trigger: "disseminate"})
	f.notInPhase(f.proposals(1), "dissemination", "execution")
}

// A batch is placed in no phase itself: each of its commands is, in the
// phase the commands before it leave the process in.
func TestBatch_EachCommandInItsOwnPhase(t *testing.T) {
	f := governed(t, phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.Batch{
		process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Anna"}}, f.proposals(1)})
	var be *process.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Index)
	var pe *process.PhaseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, phase.PhaseID("planning"), pe.Phase)
	assert.Equal(t, before, f.storedCount(), "nothing of the batch is written")

	res, err := f.engine.Execute(f.ctx, f.id, f.actor, process.Batch{process.Advance{Trigger: "mobilise"}, f.proposals(2)})
	require.NoError(t, err, "the proposals come in the phase the advance reached")
	assert.Len(t, res.Events, 2)
	assert.Equal(t, 2, f.state().Counts().Total)
}

func TestPhases_UnnamedAllowEverything(t *testing.T) {
	// A template stored before phases named their commands allows every
	// command in every phase: the fixture's template.
	f := newFixture(t)
	f.do(f.proposals(1))
	f.do(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp"}})
}

func TestPhases_AllowedByCommandName(t *testing.T) {
	tpl := phase.Template{ID: "eget", Name: model.Label{SV: "Eget", EN: "Own"}, Initial: "a",
		Phases: []phase.Phase{{ID: "a", Name: model.Label{SV: "A", EN: "A"}, Allows: []phase.Allowance{"register-organisation", "submit-proposals"}}}}
	f := governed(t, tpl)
	f.do(f.proposals(1))
	f.notInPhase(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Name: "x"}}, "a")
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.DefineArea{})
	assert.Contains(t, err.Error(), "allowed in: no phase of the template")
}

func TestStart_RefusesUnknownAllowance(t *testing.T) {
	tpl := phase.Dalarna()
	tpl.Phases[0].Allows = append(tpl.Phases[0].Allows, "submit-proposal") // a slip of the pen
	e, err := process.New(memstore.New(), nil)
	require.NoError(t, err)
	id := model.NewID[model.Process]()
	_, err = e.Execute(context.Background(), id, model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead},
		process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.ErrorIs(t, err, phase.ErrUnknownAllowance)
	assert.ErrorIs(t, err, phase.ErrInvalidTemplate)
}

func ExamplePhaseError() {
	ctx := context.Background()
	engine, err := process.New(memstore.New(), nil)
	if err != nil {
		panic(err)
	}
	id := model.NewID[model.Process]()
	coordinator := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	if _, err := engine.Execute(ctx, id, coordinator, process.Start{Process: model.Process{ID: id, Name: "Samling"}, Template: phase.VastraGotaland()}); err != nil {
		panic(err)
	}
	borås, _ := model.MunicipalityOrganisation("1490")
	if _, err := engine.Execute(ctx, id, coordinator, process.RegisterOrganisation{Organisation: borås}); err != nil {
		panic(err)
	}

	// Proposals are collected from the conference of the anchoring phase
	// on, not while the process is being planned.
	_, err = engine.Execute(ctx, id, coordinator, process.SubmitProposals{Proposals: []model.Proposal{{
		ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: "Läxhjälp", Submitter: model.Submitter{Organisation: borås.ID},
	}}})
	var pe *process.PhaseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Command, "refused in", pe.Phase, "; allowed in", pe.AllowedIn)
	}
	// Output:
	// submit-proposals refused in planning ; allowed in [anchoring deepening]
}
