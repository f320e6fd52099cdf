package process

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
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

	// For a Batch, which authorizes each of its commands itself.
	process model.ProcessID
	actor   model.Actor
	auth    func(ctx context.Context, v *env, s *State, cmd Command) error
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
// commands is, in turn (see decide).
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
		if err := v.auth(ctx, v, work, cmd); err != nil {
			return fail(err)
		}
		payloads, err := work.decideInPhase(ctx, cmd, v)
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
// match it. The content is walked by reflection into a compact binary
// form: cheaper than JSON, and as exact (every field, in order).
func fingerprint(actor model.Actor, cmd Command) (string, error) {
	buf := make([]byte, 0, 256)
	buf = append(buf, cmd.Name()...)
	buf = appendValue(buf, reflect.ValueOf(actor))
	buf = appendValue(buf, reflect.ValueOf(cmd))
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:16]), nil
}

// appendValue appends a binary form of v: lengths before strings and
// lists, so that no two values share a form.
func appendValue(buf []byte, v reflect.Value) []byte {
	switch v.Kind() {
	case reflect.String:
		buf = binary.AppendUvarint(buf, uint64(v.Len()))
		return append(buf, v.String()...)
	case reflect.Bool:
		if v.Bool() {
			return append(buf, 1)
		}
		return append(buf, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.AppendVarint(buf, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.AppendUvarint(buf, v.Uint())
	case reflect.Float32, reflect.Float64:
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(v.Float()))
	case reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			for i := range v.Len() {
				buf = append(buf, byte(v.Index(i).Uint()))
			}
			return buf
		}
		fallthrough
	case reflect.Slice:
		buf = binary.AppendUvarint(buf, uint64(v.Len()))
		for i := range v.Len() {
			buf = appendValue(buf, v.Index(i))
		}
		return buf
	case reflect.Struct:
		if t, ok := timeOf(v); ok {
			return binary.AppendVarint(buf, t.UnixNano())
		}
		for i := range v.NumField() {
			buf = appendValue(buf, v.Field(i))
		}
		return buf
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(buf, 0)
		}
		buf = append(buf, 1)
		if v.Kind() == reflect.Interface {
			buf = append(buf, v.Elem().Type().String()...)
		}
		return appendValue(buf, v.Elem())
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			return strings.Compare(fmt.Sprint(a.Interface()), fmt.Sprint(b.Interface()))
		})
		buf = binary.AppendUvarint(buf, uint64(len(keys)))
		for _, k := range keys {
			buf = appendValue(appendValue(buf, k), v.MapIndex(k))
		}
		return buf
	}
	return buf
}

// eventID derives the ID of the i-th event of a command with a host's ID,
// so that a retry proposes the very same events: a UUID of version 8 (the
// custom kind) from SHA-256 over the command ID and i.
func eventID(cmd CommandID, i int) EventID {
	var in [24]byte
	b := cmd.Bytes()
	copy(in[:16], b[:])
	binary.BigEndian.PutUint64(in[16:], uint64(i))
	sum := sha256.Sum256(in[:])
	sum[6] = sum[6]&0x0f | 0x80 // version 8
	sum[8] = sum[8]&0x3f | 0x80 // RFC 9562 variant
	return model.IDFromBytes[Event]([16]byte(sum[:16]))
}

// commandSpan is where a command's events stand in the stream, and the
// fingerprint it was given with, if the host gave it an ID.
type commandSpan struct {
	first, last uint64
	fp          string
}

// timeOf returns v as a time.Time, if it is one that can be read.
func timeOf(v reflect.Value) (time.Time, bool) {
	if v.Type() != reflect.TypeFor[time.Time]() || !v.CanInterface() {
		return time.Time{}, false
	}
	return v.Interface().(time.Time), true
}
