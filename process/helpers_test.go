package process_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manualClock is a clock the test moves by hand.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// fixture is a started Västra Götaland process with a region, a
// municipality and two persons.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	store   *memstore.Store
	clock   *manualClock
	engine  *process.Engine
	id      model.ProcessID
	actor   model.Actor
	region  model.Organisation
	borås   model.Organisation
	anna    model.Person
	bertil  model.Person
	working model.Group
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{
		t: t, ctx: context.Background(), store: memstore.New(),
		clock: &manualClock{now: time.Date(2011, time.March, 1, 9, 0, 0, 0, time.UTC)},
		id:    model.NewID[model.Process](),
		actor: model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead},
	}
	var err error
	// These fixtures test what commands do; who may perform them is
	// policy_test.go's subject, under the default policy.
	f.engine, err = process.New(f.store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	// Likewise in which phase: phases_test.go's subject, so the fixture's
	// template lets every phase allow every command.
	f.do(process.Start{Process: model.Process{ID: f.id, Name: "Samling för social hållbarhet"}, Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))})
	f.region = model.Organisation{ID: model.NewID[model.Organisation](), Name: "Västra Götalandsregionen", Kind: model.KindRegion, Code: "14"}
	f.borås = model.Organisation{ID: model.NewID[model.Organisation](), Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}
	f.anna = model.Person{ID: model.NewID[model.Person](), Name: "Anna Andersson", Party: "S", Organisation: f.region.ID}
	f.bertil = model.Person{ID: model.NewID[model.Person](), Name: "Bertil Berg", Organisation: f.borås.ID}
	f.working = model.Group{ID: model.NewID[model.Group](), Kind: model.GroupWorking, Name: "Arbetsgruppen"}
	f.do(process.RegisterOrganisation{Organisation: f.region})
	f.do(process.RegisterOrganisation{Organisation: f.borås})
	f.do(process.RegisterPerson{Person: f.anna})
	f.do(process.RegisterPerson{Person: f.bertil})
	f.do(process.FormGroup{Group: f.working})
	return f
}

// do executes a command that must succeed.
func (f *fixture) do(cmd process.Command) process.Result {
	f.t.Helper()
	res, err := f.engine.Execute(f.ctx, f.id, f.actor, cmd)
	require.NoError(f.t, err, cmd.Name())
	return res
}

func (f *fixture) state() *process.State {
	f.t.Helper()
	s, err := f.engine.Load(f.ctx, f.id)
	require.NoError(f.t, err)
	return s
}

// storedCount is the number of events in the whole store.
func (f *fixture) storedCount() int {
	n := 0
	for _, err := range f.store.ReadAll(f.ctx, 0) {
		require.NoError(f.t, err)
		n++
	}
	return n
}

// refused executes a command that must be refused with want (and, when
// field is given, name that field) and checks that it wrote nothing.
func (f *fixture) refused(name string, cmd process.Command, want error, field string) {
	f.t.Helper()
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, cmd)
	require.ErrorIs(f.t, err, want, name)
	if field != "" {
		assert.Equal(f.t, field, errorField(err), name)
	}
	assert.Equal(f.t, before, f.storedCount(), "%s writes nothing", name)
}

func (f *fixture) membership(p model.PersonID, role model.Role, start model.Date) model.Membership {
	return model.Membership{ID: model.NewID[model.Membership](), Group: f.working.ID, Member: model.Member{Person: p}, Role: role, Period: model.Period{Start: start}}
}

func (f *fixture) proposal(title string) model.Proposal {
	return model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: title, Submitter: model.Submitter{Organisation: f.borås.ID}}
}

// anyPhase returns tpl with every phase allowing every command, for tests
// whose subject is not the phases (see phases_test.go for those).
func anyPhase(tpl phase.Template) phase.Template {
	tpl = tpl.Clone()
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil
	}
	return tpl
}

// reach moves the clock forward to 09:00 UTC on day, if it is earlier: a
// meeting is recorded as held on its day or later, never before.
func (c *manualClock) reach(day model.Date) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := time.Date(day.Year, day.Month, day.Day, 9, 0, 0, 0, time.UTC); c.now.Before(t) {
		c.now = t
	}
}
