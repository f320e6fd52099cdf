// Package scenario is what the example programs share: a clock each step
// sets to the day it happened, IDs that follow from a seed, a runner that
// skips the commands an earlier run already stored, a built-in template
// dated with a process's own time plan, the -db flag's store, the flags
// and main of every example (Main), and the printed summaries.
package scenario

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
)

// Clock is a run's clock: each step sets it to the day it happened, at
// nine in the morning UTC.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now implements process.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to nine o'clock on the day.
func (c *Clock) Set(d model.Date) { c.SetTime(d.Time(time.UTC).Add(9 * time.Hour)) }

// SetTime moves the clock to t.
func (c *Clock) SetTime(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// NewID returns an ID drawn from ids: the same seed gives the same IDs, so a
// second run against the same database recognises the process and what it
// has already recorded.
func NewID[T any](ids *rand.Rand) model.ID[T] {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], ids.Uint64())
	binary.BigEndian.PutUint64(b[8:], ids.Uint64())
	b[6] = b[6]&0x0f | 0x40 // version 4: random
	b[8] = b[8]&0x3f | 0x80 // variant 10
	return model.IDFromBytes[T](b)
}

// Plan dates the phases of a built-in template, which carries only their
// lengths, with a process's own time plan; a phase the plan does not name
// stays unplanned. The template itself is left as it was.
func Plan(t phase.Template, planned map[phase.PhaseID]model.Period) phase.Template {
	t = t.Clone()
	for i, p := range t.Phases {
		t.Phases[i].Planned = planned[p.ID]
	}
	return t
}

// Outcome is what a run leaves: the engine reads the record from the store.
type Outcome struct {
	Engine  *process.Engine
	Process model.ProcessID
	// Skipped is how many commands were already in the store from an
	// earlier run with the same seed, and Executed how many this run added.
	Skipped, Executed int
}

// Base returns the outcome itself, for the types that embed it.
func (o Outcome) Base() Outcome { return o }

// Runner executes a scenario's commands, each on its day, as one actor.
type Runner struct {
	Outcome
	Ctx   context.Context
	Clock *Clock
	Actor model.Actor

	skip int // commands of an earlier run still to skip
	err  error
}

// NewRunner returns a runner for the process in store. It counts the
// commands the store already holds for the process, and Do skips as many.
func NewRunner(ctx context.Context, store process.Store, id model.ProcessID, actor model.Actor) (*Runner, error) {
	clk := &Clock{}
	engine, err := process.New(store, &process.Options{Clock: clk, SnapshotEvery: 100})
	if err != nil {
		return nil, err
	}
	r := &Runner{Outcome: Outcome{Engine: engine, Process: id}, Ctx: ctx, Clock: clk, Actor: actor}
	commands := map[process.CommandID]bool{}
	for ev, err := range engine.History(ctx, id, 0) {
		if err != nil {
			return nil, err
		}
		commands[ev.Command] = true
	}
	r.skip = len(commands)
	return r, nil
}

// Do executes a command on the given day, unless an earlier one failed or
// an earlier run already recorded it.
func (r *Runner) Do(day model.Date, cmd process.Command) {
	r.DoAt(day.Time(time.UTC).Add(9*time.Hour), cmd)
}

// DoAs executes a command on the given day as another actor than the
// runner's: the secretary who records a body's minutes, say.
func (r *Runner) DoAs(actor model.Actor, day model.Date, cmd process.Command) {
	r.do(actor, day.Time(time.UTC).Add(9*time.Hour), cmd)
}

// DoAt executes a command at the given time, as Do does.
func (r *Runner) DoAt(at time.Time, cmd process.Command) { r.do(r.Actor, at, cmd) }

func (r *Runner) do(actor model.Actor, at time.Time, cmd process.Command) {
	switch {
	case r.err != nil:
		return
	case r.skip > 0:
		r.skip--
		r.Skipped++
		return
	}
	r.Clock.SetTime(at)
	if _, err := r.Engine.Execute(r.Ctx, r.Process, actor, cmd); err != nil {
		r.err = fmt.Errorf("%s on %s: %w", cmd.Name(), model.DateOf(at), err)
		return
	}
	r.Executed++
}

// Err returns the first refusal, or an error if the store held more
// commands for the process than the scenario has: then another program
// wrote it.
func (r *Runner) Err() error {
	if r.err != nil {
		return r.err
	}
	if r.skip > 0 {
		return fmt.Errorf("the store holds %d more commands for this process than this run has: it was not made by this program", r.skip)
	}
	return nil
}

// Open returns the store named by an example's -db flag: "memory", a
// postgres:// URL or a SQLite file. close releases it.
func Open(ctx context.Context, db string) (store process.Store, close func() error, err error) {
	if db == "memory" {
		return memstore.New(), func() error { return nil }, nil
	}
	s, err := sqlstore.Open(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	return s, s.Close, nil
}

// WriteExports writes every export of the process into dir, in lang, with
// no person's name in them (the exports' default policy).
func (o Outcome) WriteExports(ctx context.Context, dir string, lang model.Lang) error {
	s, err := o.Engine.Load(ctx, o.Process)
	if err != nil {
		return err
	}
	return export.WriteAll(dir, s, export.Options{Lang: lang}, time.Now())
}
