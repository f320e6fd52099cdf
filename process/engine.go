package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"sync"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Options are an engine's optional settings. A nil *Options, and every zero
// field, means the documented default.
type Options struct {
	// Clock gives every event its time. Default: [SystemClock].
	Clock Clock
	// Logger receives a debug line per executed command and an info line
	// per refusal, with IDs but no names. Default: discard.
	Logger *slog.Logger
	// Authorizer decides who may do what. Default: [RecordRules], the
	// process's own rules from its record.
	Authorizer Authorizer
	// Criteria are the host's own criteria, added to [BuiltinCriteria], for
	// templates to name. Every engine that loads a process must know the
	// criteria its template names.
	Criteria []Criterion
	// Retries is how many times Execute reloads and tries again when
	// another writer appended first. Default 0: return the [ErrConflict].
	Retries int
	// SnapshotEvery, when the store is a [Snapshotter], saves a snapshot of
	// a process after a command once this many events have been appended
	// since the last one. Default 0: never (see [Engine.Snapshot]).
	// Snapshots only make loading faster: a snapshot that does not match
	// the events is ignored.
	SnapshotEvery uint64
	// References checks the record references (diarienummer) of decisions
	// and participation decisions against the host's formats, which differ
	// between municipalities. Default: any text.
	References ReferenceFormat
}

// Engine loads processes from a [Store], executes commands on them and
// appends the resulting events. It keeps the folded state of each process
// it has touched in memory and catches up from the store before every
// command, so several engines (or processes) may share one store: the
// store's expected-version check decides between them.
//
// An Engine is safe for concurrent use; commands on one process are
// executed one at a time.
type Engine struct {
	store    Store
	clock    Clock
	log      *slog.Logger
	auth     Authorizer
	criteria *registry
	refs     ReferenceFormat
	retries  int
	every    uint64

	mu        sync.Mutex
	processes map[model.ProcessID]*entry
}

// entry is one process's cached state; mu serialises commands on it.
type entry struct {
	mu       sync.Mutex
	state    *State // nil until loaded, and again after a failure
	snapshot uint64 // the version of the last snapshot loaded or saved
}

// New returns an engine over store. It reports every invalid option
// together, each wrapping [ErrInvalidOptions].
func New(store Store, opts *Options) (*Engine, error) {
	if opts == nil {
		opts = &Options{}
	}
	var errs []error
	if store == nil {
		errs = append(errs, fmt.Errorf("%w: store is nil", ErrInvalidOptions))
	}
	if opts.Retries < 0 {
		errs = append(errs, fmt.Errorf("%w: Retries is negative (%d)", ErrInvalidOptions, opts.Retries))
	}
	reg, err := newRegistry(opts.Criteria)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	e := &Engine{
		store: store, clock: opts.Clock, log: opts.Logger, auth: opts.Authorizer,
		criteria: reg, refs: opts.References, retries: opts.Retries, every: opts.SnapshotEvery, processes: map[model.ProcessID]*entry{},
	}
	if e.clock == nil {
		e.clock = SystemClock
	}
	if e.log == nil {
		e.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.auth == nil {
		e.auth = RecordRules
	}
	return e, nil
}

// Criteria returns the criteria the engine knows: the built-in ones, then
// the host's.
func (e *Engine) Criteria() []Criterion { return e.criteria.list() }

// Result is what an executed command appended.
type Result struct {
	// Version is the process's version after the command.
	Version uint64
	// Events are the events appended, with their versions.
	Events []Event
}

// Execute performs cmd on process id as actor: it validates the actor,
// asks the authorizer, checks the command against the current state, and
// appends the events it causes at the version it read. A refused command
// writes nothing and returns why: a model error for invalid input,
// [ErrNotFound], [ErrAlreadyExists], [ErrUnknownReference], [ErrRoleTaken],
// a [*phase.UnmetCriteriaError], a [*ForbiddenError], or a
// [*ConflictError] when another writer appended first and the retries (see
// [Options]) ran out.
func (e *Engine) Execute(ctx context.Context, id model.ProcessID, actor model.Actor, cmd Command) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if cmd == nil {
		return Result{}, &model.FieldError{Field: "Command", Err: model.ErrRequired}
	}
	if id.IsZero() {
		return Result{}, &model.FieldError{Field: "Process", Err: model.ErrRequired}
	}
	if err := model.Within("Actor", actor.Validate()); err != nil {
		return Result{}, err
	}
	en := e.entry(id)
	en.mu.Lock()
	defer en.mu.Unlock()
	for attempt := 0; ; attempt++ {
		res, err := e.try(ctx, en, id, actor, cmd)
		if errors.Is(err, ErrConflict) && attempt < e.retries {
			e.log.DebugContext(ctx, "process: conflict, retrying", "process", id, "command", cmd.Name(), "attempt", attempt+1)
			continue
		}
		return res, err
	}
}

// try runs one attempt of Execute with en locked.
func (e *Engine) try(ctx context.Context, en *entry, id model.ProcessID, actor model.Actor, cmd Command) (Result, error) {
	s, err := e.catchUp(ctx, en, id)
	if err != nil {
		return Result{}, err
	}
	_, starting := cmd.(Start)
	switch {
	case starting && s.version > 0:
		return Result{}, fmt.Errorf("%w: process %s has started", ErrAlreadyExists, id)
	case !starting && s.version == 0:
		return Result{}, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	// Stores keep time to the microsecond, in UTC; so does the event, so
	// that the state folded now equals the state folded from the store.
	now := e.clock.Now().UTC().Truncate(time.Microsecond)
	req := Request{Process: id, Actor: actor, Command: cmd, State: s, At: now, Today: s.Today(now)}
	if starting {
		req.State = nil
	}
	if err := e.auth.Authorize(ctx, req); err != nil {
		if !errors.Is(err, ErrForbidden) {
			err = &ForbiddenError{Actor: actor, Command: cmd.Name(), Rule: err.Error()}
		}
		e.refused(ctx, id, actor, cmd, err)
		return Result{}, err
	}
	payloads, err := s.decideInPhase(ctx, cmd, &env{at: now, today: s.Today(now), refs: e.refs, criteria: e.criteria})
	if err != nil {
		e.refused(ctx, id, actor, cmd, err)
		return Result{}, err
	}
	command := model.NewID[Command]()
	events := make([]Event, len(payloads))
	records := make([]Record, len(payloads))
	for i, p := range payloads {
		events[i] = Event{
			ID: model.NewID[Event](), Process: id, Version: s.version + uint64(i) + 1,
			OccurredAt: now, Actor: actor, Command: command, Data: p,
		}
		if records[i], err = encode(events[i]); err != nil {
			return Result{}, err
		}
		if len(records[i].Data) > MaxRecordBytes {
			return Result{}, fmt.Errorf("%w: the %s event would take %d bytes, at most %d", ErrTooLarge, p.EventType(), len(records[i].Data), MaxRecordBytes)
		}
	}
	if err := e.store.Append(ctx, id, s.version, records); err != nil {
		return Result{}, err
	}
	for _, ev := range events {
		if err := s.apply(ev); err != nil {
			// Appended but not foldable: a defect. Drop the cached state so
			// the next command replays from the store.
			en.state = nil
			return Result{}, err
		}
	}
	if e.log.Enabled(ctx, slog.LevelDebug) {
		e.log.DebugContext(ctx, "process: command executed", "process", id, "command", cmd.Name(), "version", s.version)
	}
	if e.every > 0 && s.version-en.snapshot >= e.every {
		if err := e.saveSnapshot(ctx, en, id); err != nil {
			e.log.WarnContext(ctx, "process: snapshot not saved", "process", id, "version", s.version, "error", err)
		}
	}
	return Result{Version: s.version, Events: events}, nil
}

// entry returns the cache entry of a process, making it if needed.
func (e *Engine) entry(id model.ProcessID) *entry {
	e.mu.Lock()
	defer e.mu.Unlock()
	en, ok := e.processes[id]
	if !ok {
		en = &entry{}
		e.processes[id] = en
	}
	return en
}

// catchUp folds into the cached state whatever the store has beyond it. On
// any error the cached state is dropped, to be rebuilt from the store.
func (e *Engine) catchUp(ctx context.Context, en *entry, id model.ProcessID) (*State, error) {
	if en.state == nil {
		en.state, en.snapshot = e.fromSnapshot(ctx, id), 0
		if en.state == nil {
			en.state = &State{criteria: e.criteria}
		} else {
			en.snapshot = en.state.version
		}
	}
	for r, err := range e.store.ReadStream(ctx, id, en.state.version+1) {
		if err == nil {
			err = e.fold(en.state, r)
		}
		if err != nil {
			en.state = nil
			return nil, err
		}
	}
	return en.state, nil
}

func (e *Engine) fold(s *State, r Record) error {
	ev, err := Decode(r)
	if err != nil {
		return err
	}
	return s.apply(ev)
}

// fromSnapshot returns the state of the store's snapshot of process id, if
// the store keeps snapshots and the snapshot matches the events: the event
// the stream holds at the snapshot's version must be the one the snapshot
// names. Anything else (no snapshot, a corrupt one, one from another
// history) returns nil, and the caller folds the events from the start.
func (e *Engine) fromSnapshot(ctx context.Context, id model.ProcessID) *State {
	snaps, ok := e.store.(Snapshotter)
	if !ok {
		return nil
	}
	snap, err := snaps.LoadSnapshot(ctx, id)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			e.log.WarnContext(ctx, "process: snapshot not loaded", "process", id, "error", err)
		}
		return nil
	}
	ignore := func(why string) *State {
		e.log.WarnContext(ctx, "process: snapshot ignored, folding the events instead", "process", id, "version", snap.Version, "reason", why)
		return nil
	}
	s, err := decodeSnapshot(snap.Data, e.criteria)
	switch {
	case err != nil:
		return ignore(err.Error())
	case s.version != snap.Version || s.process.ID != id:
		return ignore("it does not describe the version and process it is stored for")
	}
	for r, err := range e.store.ReadStream(ctx, id, snap.Version) {
		if err != nil || r.Version != snap.Version || r.ID != snap.Event {
			return ignore("the stream does not hold its event at its version")
		}
		s.last = snap.Event
		return s
	}
	return ignore("the stream is shorter than the snapshot")
}

// Snapshot saves a snapshot of process id now, if the store is a
// [Snapshotter]; otherwise it does nothing.
func (e *Engine) Snapshot(ctx context.Context, id model.ProcessID) error {
	if _, ok := e.store.(Snapshotter); !ok {
		return nil
	}
	en := e.entry(id)
	en.mu.Lock()
	defer en.mu.Unlock()
	s, err := e.catchUp(ctx, en, id)
	if err != nil {
		return err
	}
	if s.version == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return e.saveSnapshot(ctx, en, id)
}

// saveSnapshot saves the cached state of en, which must be locked and loaded.
func (e *Engine) saveSnapshot(ctx context.Context, en *entry, id model.ProcessID) error {
	snaps, ok := e.store.(Snapshotter)
	if !ok {
		return nil
	}
	data, err := en.state.encodeSnapshot()
	if err != nil {
		return err
	}
	if err := snaps.SaveSnapshot(ctx, id, Snapshot{Version: en.state.version, Event: en.state.last, Data: data}); err != nil {
		return err
	}
	en.snapshot = en.state.version
	return nil
}

// Load returns the current state of process id, or [ErrNotFound]. The
// state is a snapshot: later commands do not change it.
func (e *Engine) Load(ctx context.Context, id model.ProcessID) (*State, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	en := e.entry(id)
	en.mu.Lock()
	defer en.mu.Unlock()
	s, err := e.catchUp(ctx, en, id)
	if err != nil {
		return nil, err
	}
	if s.version == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return s.clone(), nil
}

// Replay folds a process's events from the store into a new state without
// using or changing the engine's cache: the proof that the state is the
// fold of the events.
func (e *Engine) Replay(ctx context.Context, id model.ProcessID) (*State, error) {
	s := &State{criteria: e.criteria}
	for r, err := range e.store.ReadStream(ctx, id, 1) {
		if err == nil {
			err = e.fold(s, r)
		}
		if err != nil {
			return nil, err
		}
	}
	if s.version == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return s, nil
}

// History yields the decoded events of process id from version from (0 and
// 1 both mean the start): the record of who did what, when and on what
// authority.
func (e *Engine) History(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for r, err := range e.store.ReadStream(ctx, id, from) {
			var ev Event
			if err == nil {
				ev, err = Decode(r)
			}
			if !yield(ev, err) || err != nil {
				return
			}
		}
	}
}

// refused logs a refused command. At info level the line holds IDs, the
// command's name and the kind of refusal, never the error's text, which
// may quote what the caller sent (a name, say); the whole error is logged
// at debug level.
func (e *Engine) refused(ctx context.Context, id model.ProcessID, actor model.Actor, cmd Command, err error) {
	e.log.InfoContext(ctx, "process: command refused", "process", id, "command", cmd.Name(), "actor", actor.Person, "reason", refusalKind(err))
	if e.log.Enabled(ctx, slog.LevelDebug) {
		e.log.DebugContext(ctx, "process: command refused", "process", id, "command", cmd.Name(), "error", err)
	}
}

// Clock tells the engine the time. Every event's OccurredAt comes from it;
// the library reads the time nowhere else. Tests and hosts that replay a
// past process inject their own.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to a [Clock].
type ClockFunc func() time.Time

// Now implements [Clock].
func (f ClockFunc) Now() time.Time { return f() }

// SystemClock is the default clock: the system's time, in UTC.
var SystemClock Clock = ClockFunc(func() time.Time { return time.Now().UTC() })

// Unmet returns the criteria of the transition on trigger of process id
// that do not hold now, by the engine's clock and criteria: exactly what
// [Advance] would refuse with at this moment. See [State.Unmet].
func (e *Engine) Unmet(ctx context.Context, id model.ProcessID, trigger phase.Trigger) ([]phase.CriterionName, error) {
	s, err := e.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Unmet(trigger, s.Today(e.clock.Now()))
}
