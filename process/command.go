package process

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Command is a request to change a process: one of the command types of
// this package, executed with [Engine.Execute]. A command is checked against
// the current state and either becomes events or is refused with an error;
// a refused command writes nothing.
type Command interface {
	// Name returns the command's stable name, such as "submit-proposals".
	Name() string
	// decide checks the command against s, in the request's environment,
	// and returns the events it causes. It must not change s.
	decide(ctx context.Context, s *State, env *env) ([]Payload, error)
	// rule is the default policy's row for the command ([RecordRules]):
	// why person p may not perform it on day today, or "". It is written
	// beside the command, so a command without a rule does not compile.
	rule(r Request, p model.PersonID, today model.Date) string
}

// env is what a command is decided in besides the state: the request's
// time and day, the host's reference formats and the engine's criteria.
// The engine makes one per attempt; nothing of it is written into the
// state, which holds only what the events say.
type env struct {
	at       time.Time       // the request's time, UTC to the microsecond
	today    model.Date      // at's date in the process's time zone
	refs     ReferenceFormat // the host's record-reference formats; nil accepts any
	criteria *registry

	// Who asks, on which process, and who decides whether they may: each
	// command of a Batch is authorized in turn, in [env.step].
	process model.ProcessID
	actor   model.Actor
	auth    Authorizer
}

// step authorizes cmd on s and decides it, if the current phase allows it:
// what the engine does with a command, and a Batch with each of its own.
// A Batch is not itself authorized or placed in a phase; its commands are.
func (v *env) step(ctx context.Context, s *State, cmd Command) ([]Payload, error) {
	if b, ok := cmd.(Batch); ok {
		return b.decide(ctx, s, v)
	}
	if err := v.authorize(ctx, s, cmd); err != nil {
		return nil, err
	}
	return s.decideInPhase(ctx, cmd, v)
}

// authorize asks the Authorizer about cmd on s, in the request's
// environment; a refusal that does not wrap ErrForbidden is wrapped in a
// *ForbiddenError.
func (v *env) authorize(ctx context.Context, s *State, cmd Command) error {
	req := Request{Process: v.process, Actor: v.actor, Command: cmd, State: s, At: v.at, Today: v.today}
	if _, starting := cmd.(Start); starting {
		req.State = nil
	}
	if err := v.auth.Authorize(ctx, req); err != nil {
		if !errors.Is(err, ErrForbidden) {
			err = &ForbiddenError{Actor: v.actor, Command: cmd.Name(), Rule: err.Error()}
		}
		return err
	}
	return nil
}

// WithID gives cmd the host's own ID for it: an idempotency key, chosen
// before the first attempt and kept for every retry. The events' IDs are
// derived from it, and [Engine.Execute] performs a command with a given ID
// once: executing it again returns the first [Result] and writes nothing.
// The same ID with a different command, or another actor, is refused with
// [ErrCommandReused].
func WithID(id CommandID, cmd Command) Command { return identified{id: id, cmd: cmd} }

// identified is a command with the host's ID for it.
type identified struct {
	id  CommandID
	cmd Command
}

// Name implements [Command].
func (c identified) Name() string { return c.cmd.Name() }

func (c identified) decide(ctx context.Context, s *State, v *env) ([]Payload, error) {
	return c.cmd.decide(ctx, s, v)
}

func (c identified) rule(r Request, p model.PersonID, today model.Date) string {
	return c.cmd.rule(r, p, today)
}

// unwrapID returns the host's ID for cmd, if [WithID] gave one, and the
// command itself.
func unwrapID(cmd Command) (CommandID, Command) {
	if c, ok := cmd.(identified); ok {
		if _, nested := c.cmd.(identified); !nested {
			return c.id, c.cmd
		}
	}
	return CommandID{}, cmd
}

// Batch executes commands as one unit: each is authorized and decided in
// order against the state the ones before it produce, and their events are
// appended together, or none are. A refusal is a [*BatchError] naming the
// command that failed and why. A batch has one identity: give it an ID
// with [WithID], not its commands. It holds at most [MaxBatch] commands
// and no batch.
type Batch []Command

// MaxBatch is the most commands one [Batch] holds.
const MaxBatch = 1000

// Name implements [Command].
func (Batch) Name() string { return "batch" }

// rule implements [Command]: a batch is not itself authorized; each of its
// commands is, in turn (see [env.step]).
func (Batch) rule(Request, model.PersonID, model.Date) string { return "" }

func (b Batch) decide(ctx context.Context, s *State, v *env) ([]Payload, error) {
	switch {
	case len(b) == 0:
		return nil, &model.FieldError{Field: "Batch", Err: model.ErrRequired}
	case len(b) > MaxBatch:
		return nil, fmt.Errorf("%w: %d commands in one batch, at most %d", ErrTooLarge, len(b), MaxBatch)
	}
	work := s
	var out []Payload
	for i, cmd := range b {
		fail := func(err error) ([]Payload, error) {
			return nil, &BatchError{Index: i, Command: cmdName(cmd), Err: err}
		}
		switch cmd.(type) {
		case nil:
			return fail(&model.FieldError{Field: fmt.Sprintf("Batch[%d]", i), Err: model.ErrRequired})
		case Batch, identified, Start:
			return fail(&model.FieldError{Field: fmt.Sprintf("Batch[%d]", i), Err: model.ErrNotAllowed})
		}
		payloads, err := v.step(ctx, work, cmd)
		if err != nil {
			return fail(err)
		}
		if i < len(b)-1 && len(payloads) > 0 {
			if work == s {
				work = s.clone() // the next command sees this one's events
			}
			for _, p := range payloads {
				ev := Event{Process: v.process, Version: work.version + 1, OccurredAt: v.at, Actor: v.actor, Data: p}
				if err := work.apply(ev); err != nil {
					return fail(err)
				}
			}
		}
		out = append(out, payloads...)
	}
	return out, nil
}

func cmdName(c Command) string {
	if c == nil {
		return ""
	}
	return c.Name()
}

// check returns the phase.CheckFunc that judges criteria over s on the
// request's day.
func (v *env) check(s *State) phase.CheckFunc {
	return func(name phase.CriterionName) bool {
		c, ok := v.criteria.get(name)
		return ok && c.Met(s, v.today)
	}
}

func one(p Payload) []Payload { return []Payload{p} }

// fingerprint identifies what a command with a host's ID asked for: its
// name, its content and who asked, hashed. A retry with the same ID must
// match it. The content is written by reflection into a compact binary
// form (lengths before strings and lists, every field in order), with an
// encoder compiled once per type: as exact as JSON, and much cheaper.
//
// The hash is over the command's ID as well, and its second half is the
// ID of the command's first event (the others come from [eventID]): one
// SHA-256 for both. What is hashed is part of the stored format: a retry
// that reaches a newer release must find the same fingerprint.
func fingerprint(id CommandID, actor model.Actor, cmd Command) (string, EventID) {
	buf := make([]byte, 0, 256)
	b := id.Bytes()
	buf = append(buf, b[:]...)
	buf = append(buf, cmd.Name()...)
	buf = appendActor(buf, actor)
	buf = encoderFor(reflect.TypeOf(cmd))(buf, addressable(cmd))
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16]), derivedID(sum[16:])
}

// derivedID makes an event ID of 16 hashed bytes: a UUID of version 8 (the
// custom kind, RFC 9562).
func derivedID(b []byte) EventID {
	var u [16]byte
	copy(u[:], b)
	u[6] = u[6]&0x0f | 0x80 // version 8
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return model.IDFromBytes[Event](u)
}

// appendActor appends the binary form of an actor, field by field: the
// actor is in every fingerprint, so it is written without reflection
// (TestFingerprint_CoversEveryFieldOfTheActor keeps the list complete).
func appendActor(buf []byte, a model.Actor) []byte {
	id := func(b [16]byte) { buf = append(buf, b[:]...) }
	id(a.Person.Bytes())
	id(a.Organisation.Bytes())
	buf = binary.AppendVarint(buf, int64(a.Capacity))
	id(a.Authority.Meeting.Bytes())
	id(a.Authority.Decision.Bytes())
	buf = binary.AppendUvarint(buf, uint64(len(a.Authority.Reference)))
	buf = append(buf, a.Authority.Reference...)
	id(a.For.Bytes())
	return buf
}

// addressable returns x as an addressable value, so that the bytes of the
// IDs within it can be read at once.
func addressable(x any) reflect.Value {
	v := reflect.New(reflect.TypeOf(x)).Elem()
	v.Set(reflect.ValueOf(x))
	return v
}

// fpEncoder appends the binary form of one value of its type.
type fpEncoder func(buf []byte, v reflect.Value) []byte

var fpEncoders sync.Map // reflect.Type → fpEncoder

func encoderFor(t reflect.Type) fpEncoder {
	if e, ok := fpEncoders.Load(t); ok {
		return e.(fpEncoder)
	}
	// A recursive type refers to itself through this indirection.
	var e fpEncoder
	fpEncoders.Store(t, fpEncoder(func(buf []byte, v reflect.Value) []byte { return e(buf, v) }))
	e = buildEncoder(t)
	fpEncoders.Store(t, e)
	return e
}

func buildEncoder(t reflect.Type) fpEncoder {
	if t == reflect.TypeFor[time.Time]() {
		return func(buf []byte, v reflect.Value) []byte {
			if !v.CanInterface() {
				return buf
			}
			return binary.AppendVarint(buf, v.Interface().(time.Time).UnixNano())
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(buf []byte, v reflect.Value) []byte {
			s := v.String()
			return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
		}
	case reflect.Bool:
		return func(buf []byte, v reflect.Value) []byte {
			if v.Bool() {
				return append(buf, 1)
			}
			return append(buf, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(buf []byte, v reflect.Value) []byte { return binary.AppendVarint(buf, v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(buf []byte, v reflect.Value) []byte { return binary.AppendUvarint(buf, v.Uint()) }
	case reflect.Float32, reflect.Float64:
		return func(buf []byte, v reflect.Value) []byte {
			return binary.BigEndian.AppendUint64(buf, math.Float64bits(v.Float()))
		}
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // an ID: its bytes
			n := t.Len()
			return func(buf []byte, v reflect.Value) []byte {
				if v.CanAddr() {
					return append(buf, v.Bytes()...)
				}
				for i := range n {
					buf = append(buf, byte(v.Index(i).Uint()))
				}
				return buf
			}
		}
		elem := encoderFor(t.Elem())
		return func(buf []byte, v reflect.Value) []byte {
			for i := range v.Len() {
				buf = elem(buf, v.Index(i))
			}
			return buf
		}
	case reflect.Slice:
		elem := encoderFor(t.Elem())
		return func(buf []byte, v reflect.Value) []byte {
			buf = binary.AppendUvarint(buf, uint64(v.Len()))
			for i := range v.Len() {
				buf = elem(buf, v.Index(i))
			}
			return buf
		}
	case reflect.Struct:
		fields := make([]fpEncoder, t.NumField())
		for i := range fields {
			fields[i] = encoderFor(t.Field(i).Type)
		}
		return func(buf []byte, v reflect.Value) []byte {
			for i, f := range fields {
				buf = f(buf, v.Field(i))
			}
			return buf
		}
	case reflect.Pointer:
		elem := encoderFor(t.Elem())
		return func(buf []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(buf, 0)
			}
			return elem(append(buf, 1), v.Elem())
		}
	case reflect.Interface:
		return func(buf []byte, v reflect.Value) []byte {
			if v.IsNil() {
				return append(buf, 0)
			}
			inner := v.Elem()
			buf = append(append(buf, 1), inner.Type().String()...)
			return encoderFor(inner.Type())(buf, inner)
		}
	case reflect.Map:
		key, elem := encoderFor(t.Key()), encoderFor(t.Elem())
		return func(buf []byte, v reflect.Value) []byte {
			type pair struct{ k, v []byte }
			pairs := make([]pair, 0, v.Len())
			it := v.MapRange()
			for it.Next() {
				pairs = append(pairs, pair{key(nil, it.Key()), elem(nil, it.Value())})
			}
			slices.SortFunc(pairs, func(a, b pair) int { return bytes.Compare(a.k, b.k) })
			buf = binary.AppendUvarint(buf, uint64(len(pairs)))
			for _, p := range pairs {
				buf = append(append(buf, p.k...), p.v...)
			}
			return buf
		}
	}
	return func(buf []byte, _ reflect.Value) []byte { return buf } // funcs and channels: no command holds one
}

// eventID derives the ID of the i-th event (i ≥ 1) of a command with a
// host's ID, so that a retry proposes the very same events: SHA-256 over
// the command ID and i. The first event's comes with the fingerprint.
func eventID(cmd CommandID, i int) EventID {
	var in [24]byte
	b := cmd.Bytes()
	copy(in[:16], b[:])
	binary.BigEndian.PutUint64(in[16:], uint64(i))
	sum := sha256.Sum256(in[:])
	return derivedID(sum[:16])
}

// commandSpan is where a command's events stand in the stream, and the
// fingerprint it was given with, if the host gave it an ID.
type commandSpan struct {
	first, last uint64
	fp          string
}
