package process

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
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
	// CacheSize is how many processes the engine keeps folded in memory;
	// the least recently used is dropped beyond it, and read again from
	// the store (or its snapshot) when next needed. An unknown process is
	// never kept. Default 1000.
	CacheSize int
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

	cache cache
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
	if opts.CacheSize < 0 {
		errs = append(errs, fmt.Errorf("%w: CacheSize is negative (%d)", ErrInvalidOptions, opts.CacheSize))
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
		criteria: reg, refs: opts.References, retries: opts.Retries, every: opts.SnapshotEvery,
		cache: newCache(opts.CacheSize),
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
	// Command is the command's ID: the host's, given with [WithID], or one
	// the engine made. Every event of the command carries it.
	Command CommandID
	// Version is the process's version after the command.
	Version uint64
	// Events are the events appended, with their versions and their
	// positions in the store's global order.
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
//
// A command given an ID with [WithID] is executed once: executing the same
// ID again returns the first Result and writes nothing, and the same ID
// with a different command is refused with [ErrCommandReused]. When the
// store fails in a way that leaves the outcome unknown (the context ended
// during the append, the connection broke), Execute returns an
// [*OutcomeUnknownError] naming the command's ID: executing the command
// again with that ID either finds it stored or performs it. Every other
// error means nothing was written.
//
// A [Batch] is executed as one unit: each of its commands is authorized
// and decided in order against the state the ones before it produce, and
// all their events are appended together, or none.
func (e *Engine) Execute(ctx context.Context, id model.ProcessID, actor model.Actor, cmd Command) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	cmdID, cmd := unwrapID(cmd)
	if cmd == nil {
		return Result{}, &model.FieldError{Field: "Command", Err: model.ErrRequired}
	}
	if id.IsZero() {
		return Result{}, &model.FieldError{Field: "Process", Err: model.ErrRequired}
	}
	if err := model.Within("Actor", actor.Validate()); err != nil {
		return Result{}, err
	}
	if err := checkCommandText(cmd); err != nil {
		e.refused(ctx, id, actor, cmd, err)
		return Result{}, err
	}
	var (
		fp    string
		first EventID // the first event's ID, derived with the fingerprint
	)
	if !cmdID.IsZero() {
		fp, first = fingerprint(cmdID, actor, cmd)
	}
	en := e.acquire(id)
	defer e.release(id, en)
	en.mu.Lock()
	defer en.mu.Unlock()
	for attempt := 0; ; attempt++ {
		res, err := e.try(ctx, en, id, actor, cmd, cmdID, fp, first)
		switch {
		case errors.Is(err, ErrConflict) && attempt < e.retries:
		case errors.Is(err, ErrDuplicateEvent) && !cmdID.IsZero() && attempt == 0:
			// A retry of a command whose first attempt was stored after
			// this engine read the stream: read on, and find it.
		default:
			return res, err
		}
		e.log.DebugContext(ctx, "process: another writer came first, retrying", "process", id, "command", cmd.Name(), "attempt", attempt+1, "reason", refusalKind(err))
	}
}

// try runs one attempt of Execute with en locked.
func (e *Engine) try(ctx context.Context, en *entry, id model.ProcessID, actor model.Actor, cmd Command, cmdID CommandID, fp string, first EventID) (Result, error) {
	s, err := e.catchUp(ctx, en, id)
	if err != nil {
		return Result{}, err
	}
	if !cmdID.IsZero() {
		if done, ok := s.commands[cmdID]; ok {
			// A command the engine gave an ID (one named by an
			// OutcomeUnknownError) has no fingerprint to compare.
			if done.fp != "" && done.fp != fp {
				return Result{}, &ReferenceError{Field: "Command", ID: cmdID.String(), Err: ErrCommandReused,
					Detail: "this command ID was executed with another command or actor"}
			}
			return e.original(ctx, id, cmdID, done)
		}
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
	v := &env{at: now, today: s.Today(now), refs: e.refs, criteria: e.criteria, actor: actor, process: id, auth: e.auth}
	payloads, err := v.step(ctx, s, cmd)
	if err != nil {
		e.refused(ctx, id, actor, cmd, err)
		return Result{}, err
	}
	command := cmdID
	if command.IsZero() {
		command = model.NewIDAt[Command](now)
	}
	events := make([]Event, len(payloads))
	records := make([]Record, len(payloads))
	for i, p := range payloads {
		events[i] = Event{
			Process: id, Version: s.version + uint64(i) + 1,
			OccurredAt: now, Actor: actor, Command: command, Data: p,
		}
		switch {
		case cmdID.IsZero():
			events[i].ID = model.NewIDAt[Event](now)
		case i == 0:
			events[i].ID, events[i].fp = first, fp
		default:
			events[i].ID = eventID(cmdID, i)
		}
		if records[i], err = encode(events[i]); err != nil {
			return Result{}, err
		}
		if len(records[i].Data) > MaxRecordBytes {
			return Result{}, fmt.Errorf("%w: the %s event would take %d bytes, at most %d", ErrTooLarge, p.EventType(), len(records[i].Data), MaxRecordBytes)
		}
	}
	if err := e.store.Append(ctx, id, s.version, records); err != nil {
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrDuplicateEvent) || errors.Is(err, ErrInvalidRecord) ||
			errors.Is(err, ErrReadOnly) || errors.Is(err, ErrFull) {
			return Result{}, err // refused by the store: nothing was written
		}
		// The store may or may not have written the batch (a context that
		// ended during COMMIT, a broken connection): say so, with the ID a
		// retry resolves it by. The cached state is still a true prefix of
		// the stream (nothing was folded), so the next attempt catches up
		// with whatever was written.
		return Result{}, &OutcomeUnknownError{Process: id, Command: command, Err: err}
	}
	for i := range events {
		events[i].Position = records[i].Position
	}
	switch {
	case len(events) == 0 || events[0].Position != 0:
	case !cmdID.IsZero():
		// No positions: the store took the append for a retry of events it
		// holds, and wrote nothing (or it does not report positions). The
		// events it holds may be another engine's, stored with the same ID
		// after this one read the stream, at that engine's time: report and
		// fold them as stored. If they cannot be read, nothing is folded
		// yet, and a retry with the ID finds them.
		stored, err := e.original(ctx, id, command, commandSpan{first: events[0].Version, last: events[len(events)-1].Version})
		if err != nil {
			return Result{}, &OutcomeUnknownError{Process: id, Command: command, Err: err}
		}
		events = stored.Events
	default:
		// The store does not report positions on append; read them back.
		if err := e.positions(ctx, id, events); err != nil {
			e.log.WarnContext(ctx, "process: positions not read back", "process", id, "error", err)
		}
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
	if e.every > 0 && s.version-en.snapshot >= e.every || disposes(payloads) {
		if err := e.saveSnapshot(ctx, en, id); err != nil {
			e.log.WarnContext(ctx, "process: snapshot not saved", "process", id, "version", s.version, "error", err)
		}
	}
	return Result{Command: command, Version: s.version, Events: events}, nil
}

// disposes reports whether the payloads apply a disposal of personal data:
// a snapshot taken before it still holds the name, so a new one replaces it
// at once.
func disposes(payloads []Payload) bool {
	for _, p := range payloads {
		if _, ok := p.(PersonalDataDisposed); ok {
			return true
		}
	}
	return false
}

// original returns the Result of a command already stored, read back from
// the store: the same events, versions and positions as the first time.
func (e *Engine) original(ctx context.Context, id model.ProcessID, cmd CommandID, done commandSpan) (Result, error) {
	res := Result{Command: cmd, Version: done.last}
	for r, err := range e.store.ReadStream(ctx, id, done.first) {
		if err != nil {
			return Result{}, err
		}
		if r.Version > done.last {
			break
		}
		ev, err := Decode(r)
		if err != nil {
			return Result{}, err
		}
		res.Events = append(res.Events, ev)
	}
	if uint64(len(res.Events)) != done.last-done.first+1 {
		return Result{}, fmt.Errorf("%w: %s: the events of command %s are not all stored", ErrCorrupt, id, cmd)
	}
	return res, nil
}

// positions fills in the global positions of events just appended, from
// the store.
func (e *Engine) positions(ctx context.Context, id model.ProcessID, events []Event) error {
	i := 0
	for r, err := range e.store.ReadStream(ctx, id, events[0].Version) {
		if err != nil {
			return err
		}
		if i == len(events) || r.ID != events[i].ID {
			break
		}
		events[i].Position = r.Position
		i++
	}
	return nil
}

// catchUp folds into the cached state whatever the store has beyond it,
// loading the state first when none is cached (from the store's snapshot,
// if it has one that matches). On any error the cached state is dropped,
// to be rebuilt from the store.
func (e *Engine) catchUp(ctx context.Context, en *entry, id model.ProcessID) (*State, error) {
	if en.state == nil {
		s, at, err := e.fromSnapshot(ctx, id)
		if err != nil {
			return nil, err
		}
		if s != nil {
			en.state, en.snapshot = s, at
			return s, nil // caught up already, in the read that checked the snapshot
		}
		en.state, en.snapshot = &State{criteria: e.criteria}, 0
	} else if h, ok := e.store.(StreamHead); ok && en.state.version > 0 {
		// A store that knows a stream's version at once saves the read
		// when no one else has written.
		if v, err := h.StreamVersion(ctx, id); err == nil && v == en.state.version {
			return en.state, nil
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

// fromSnapshot returns the state of process id from the store's snapshot
// of it, caught up with the events after it, and the snapshot's version;
// if the store keeps snapshots and the snapshot matches the events: the
// event the stream holds at the snapshot's version must be the one the
// snapshot names. One read of the stream, from that event on, checks it
// and folds the rest. Anything else (no snapshot, a corrupt one, one from
// another history) returns a nil state, and the caller folds the events
// from the start. An error is one of folding the events after a snapshot
// that matches.
func (e *Engine) fromSnapshot(ctx context.Context, id model.ProcessID) (*State, uint64, error) {
	snaps, ok := e.store.(Snapshotter)
	if !ok {
		return nil, 0, nil
	}
	snap, err := snaps.LoadSnapshot(ctx, id)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			e.log.WarnContext(ctx, "process: snapshot not loaded", "process", id, "error", err)
		}
		return nil, 0, nil
	}
	ignore := func(why string) (*State, uint64, error) {
		e.log.WarnContext(ctx, "process: snapshot ignored, folding the events instead", "process", id, "version", snap.Version, "reason", why)
		return nil, 0, nil
	}
	s, err := decodeSnapshot(snap.Data, e.criteria)
	switch {
	case err != nil:
		return ignore(err.Error())
	case s.version != snap.Version || s.process.ID != id:
		return ignore("it does not describe the version and process it is stored for")
	}
	matched := false
	for r, err := range e.store.ReadStream(ctx, id, snap.Version) {
		if !matched {
			if err != nil || r.Version != snap.Version || r.ID != snap.Event {
				return ignore("the stream does not hold its event at its version")
			}
			matched, s.last = true, snap.Event
			continue
		}
		if err == nil {
			err = e.fold(s, r)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	if !matched {
		return ignore("the stream is shorter than the snapshot")
	}
	return s, snap.Version, nil
}

// Snapshot saves a snapshot of process id now, if the store is a
// [Snapshotter]; otherwise it does nothing.
func (e *Engine) Snapshot(ctx context.Context, id model.ProcessID) error {
	if _, ok := e.store.(Snapshotter); !ok {
		return nil
	}
	return e.withLoaded(ctx, id, func(en *entry, _ *State) error { return e.saveSnapshot(ctx, en, id) })
}

// withLoaded runs fn on the cached state of process id, caught up with the
// store and locked, or returns ErrNotFound for a process the store does
// not have. fn must not keep the state: Load hands out a copy.
func (e *Engine) withLoaded(ctx context.Context, id model.ProcessID, fn func(en *entry, s *State) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	en := e.acquire(id)
	defer e.release(id, en)
	en.mu.Lock()
	defer en.mu.Unlock()
	s, err := e.catchUp(ctx, en, id)
	if err != nil {
		return err
	}
	if s.version == 0 {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return fn(en, s)
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
	var out *State
	err := e.withLoaded(ctx, id, func(_ *entry, s *State) error {
		out = s.clone()
		return nil
	})
	return out, err
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
	var unmet []phase.CriterionName
	err := e.withLoaded(ctx, id, func(_ *entry, s *State) error {
		var err error
		unmet, err = s.Unmet(trigger, s.Today(e.clock.Now()))
		return err
	})
	return unmet, err
}
