package process

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// EventID identifies one event.
type EventID = model.ID[Event]

// CommandID identifies one execution of a command; every event it caused
// carries it, so the events of one command can be found together.
type CommandID = model.ID[Command]

// Event is one recorded change to a process: what happened (Data), to which
// process, by whom and on what authority (Actor), when (OccurredAt, from the
// engine's clock) and because of which command (Command).
type Event struct {
	ID         EventID
	Process    model.ProcessID
	Version    uint64
	Position   uint64    // the store's global position; 0 before it is stored
	OccurredAt time.Time // from the engine's clock, in UTC, to the microsecond
	Actor      model.Actor
	Command    CommandID
	Data       Payload

	// fp is the fingerprint of the command, on the first event of a
	// command given an ID by the host (see WithID).
	fp string
}

// Payload is the body of an event: one of the event types of this package,
// such as [ProposalsSubmitted].
type Payload interface {
	// EventType returns the stable name the event is stored under.
	EventType() string
	// apply folds the event into the state; an event that names what the
	// state does not have returns an error wrapping [ErrCorrupt].
	apply(s *State, e *Event) error
}

// The registry: one list of every command and every event type, built at
// init by each feature's file (see register). Decoding, the schema
// versions, the policy's table test and the fuzz targets all read it.
var (
	commandList   []Command
	commandByName = map[string]Command{}
	eventList     []string
	events        = map[string]eventSpec{}
)

// eventSpec is what the codec knows of one event type: its current schema
// version, how to decode its current shape, and the upcasters that turn
// each older shape into the next.
type eventSpec struct {
	version int
	// decode strictly decodes a body whose data has the current shape.
	decode func(data []byte) (envelope[Payload], error)
	// upcast[v-1] turns data of version v into data of version v+1.
	upcast []upcaster
	// shaped is the lowest version whose data already has the current
	// shape (the upcasters from it on only add optional fields).
	shaped int
}

// upcaster turns the data of an event of one schema version into the data
// of the next: a pure function of the stored JSON, declared beside the
// event it upgrades.
type upcaster func(data json.RawMessage) (json.RawMessage, error)

// sameShape is the upcaster of an event whose new schema version only
// added optional fields: the older data is already of the new shape, and
// reads with the new fields unset. The version is raised all the same, so
// that a library that predates the fields refuses the new events by name
// ([*SchemaError]) instead of calling them corrupt during a rolling
// upgrade (see docs/compatibility.md).
func sameShape(data json.RawMessage) (json.RawMessage, error) { return data, nil }

// eventOf describes payload type P at schema version 1 plus one version per
// upcaster: upcasters[0] upgrades version 1 to 2, and so on.
func eventOf[P Payload](upcasters ...upcaster) eventSpec {
	return eventSpec{
		version: 1 + len(upcasters),
		decode: func(data []byte) (envelope[Payload], error) {
			var env envelope[P]
			err := strictUnmarshal(data, &env)
			return envelope[Payload]{V: env.V, Actor: env.Actor, FP: env.FP, Command: env.Command, Data: env.Data}, err
		},
		upcast: upcasters,
		shaped: shapedFrom(upcasters),
	}
}

// shapedFrom returns the lowest schema version from which every upcaster
// up to the current version is [sameShape]: data of that version or later
// already has the current shape, and decodes in one pass.
func shapedFrom(upcasters []upcaster) int {
	same := reflect.ValueOf(upcaster(sameShape)).Pointer()
	from := 1 + len(upcasters)
	for i := len(upcasters) - 1; i >= 0; i-- {
		if reflect.ValueOf(upcasters[i]).Pointer() != same {
			break
		}
		from = i + 1 // upcasters[i] lifts version i+1
	}
	return from
}

// registration is one entry of a feature's register call.
type registration struct {
	command Command
	group   phase.Allowance
	name    string
	event   eventSpec
}

// commands registers command types of one group (the name a template's
// phase allows them by) by their zero values.
func commands(group phase.Allowance, cs ...Command) []registration {
	out := make([]registration, len(cs))
	for i, c := range cs {
		out[i] = registration{command: c, group: group}
	}
	return out
}

// event registers payload type P with its upcasters (see eventOf).
func event[P Payload](upcasters ...upcaster) registration {
	var zero P
	return registration{name: zero.EventType(), event: eventOf[P](upcasters...)}
}

// register adds a feature's commands and events to the registry; a name
// registered twice is a defect and panics at init, before any test runs.
func register(groups ...[]registration) {
	for _, g := range groups {
		for _, r := range g {
			switch {
			case r.command != nil:
				name := r.command.Name()
				if _, dup := commandByName[name]; dup {
					panic("process: command registered twice: " + name)
				}
				commandByName[name] = r.command
				commandList = append(commandList, r.command)
				groupOf[name] = r.group
			default:
				if _, dup := events[r.name]; dup {
					panic("process: event type registered twice: " + r.name)
				}
				events[r.name] = r.event
				eventList = append(eventList, r.name)
			}
		}
	}
}

// eventsOf is the []registration of event registrations, for register.
func eventsOf(rs ...registration) []registration { return rs }

// Commands returns the zero value of every command type of the package, in
// the order of the features that declare them: the list a host's dispatcher,
// a test or the docs can rely on to be complete.
func Commands() []Command { return slices.Clone(commandList) }

// CommandByName returns the zero value of the command type with the name,
// such as "submit-proposals".
func CommandByName(name string) (Command, bool) {
	c, ok := commandByName[name]
	return c, ok
}

// EventTypes returns the stored name of every event type, in the order of
// the features that declare them.
func EventTypes() []string { return slices.Clone(eventList) }

// SchemaVersion returns the schema version the library writes events of
// the type in, and whether it knows the type. Events of older versions are
// upcast when read; newer ones are refused with a [*SchemaError].
func SchemaVersion(eventType string) (int, bool) {
	spec, ok := events[eventType]
	return spec.version, ok
}

// envelope is the JSON body of a stored event: everything but the keys a
// Record already holds. D is the payload's type when decoding, and the
// Payload interface otherwise.
type envelope[D any] struct {
	// V is the schema version of Data; absent (0) in events written before
	// versions were recorded, which are version 1.
	V     int         `json:"v,omitempty"`
	Actor model.Actor `json:"actor"`
	// FP is the fingerprint of a command the host gave an ID, on its first
	// event: a retry with the same ID must ask for the same.
	FP      string    `json:"fp,omitempty"`
	Command CommandID `json:"command"`
	Data    D         `json:"data"`
}

// encode turns an event into the record a store keeps.
func encode(e Event) (Record, error) {
	spec, ok := events[e.Data.EventType()]
	if !ok {
		return Record{}, fmt.Errorf("process: encode %s: not a registered event type", e.Data.EventType())
	}
	body, err := json.Marshal(envelope[Payload]{V: spec.version, Actor: e.Actor, FP: e.fp, Command: e.Command, Data: e.Data})
	if err != nil {
		return Record{}, fmt.Errorf("process: encode %s: %w", e.Data.EventType(), err)
	}
	return Record{
		ID: e.ID, Process: e.Process, Version: e.Version, Position: e.Position,
		Type: e.Data.EventType(), OccurredAt: e.OccurredAt, Data: body,
	}, nil
}

// MaxRecordBytes is the largest event data, in bytes, the engine writes or
// decodes: a command whose event would be larger is refused with
// [ErrTooLarge], and a stored record that is larger is [ErrCorrupt].
const MaxRecordBytes = 64 << 20

// Decode turns a stored record back into an event, upcasting data of an
// older schema version to the current shape. It returns a [*SchemaError]
// (ErrNewerSchema) for an event of a newer version than this library
// knows, and an error wrapping [ErrCorrupt] for an unknown type, malformed
// or oversized data, or unknown fields at the event's own version.
func Decode(r Record) (Event, error) {
	if len(r.Data) > MaxRecordBytes {
		return Event{}, corrupt(r, fmt.Errorf("%d bytes of data, at most %d", len(r.Data), MaxRecordBytes))
	}
	spec, ok := events[r.Type]
	if !ok {
		return Event{}, corrupt(r, fmt.Errorf("unknown event type %q", r.Type))
	}
	env, err := spec.decode(r.Data)
	if v := max(env.V, 1); err != nil || env.V < 0 || v > spec.version || v < spec.shaped {
		// Not the current shape: an older version to upcast, a newer one
		// to refuse by name, or damage.
		env, err = decodeVersioned(r, spec, err)
	}
	if err != nil {
		return Event{}, err
	}
	return Event{
		ID: r.ID, Process: r.Process, Version: r.Version, Position: r.Position,
		OccurredAt: r.OccurredAt, Actor: env.Actor, Command: env.Command, Data: env.Data, fp: env.FP,
	}, nil
}

// decodeVersioned decodes a record whose data is not of the current
// version: it reads the version, refuses a newer one, and upcasts an older
// one step by step before decoding it strictly. strictErr is the error of
// decoding the data as the current shape.
func decodeVersioned(r Record, spec eventSpec, strictErr error) (envelope[Payload], error) {
	var raw envelope[json.RawMessage]
	if err := strictUnmarshal(r.Data, &raw); err != nil {
		return envelope[Payload]{}, corrupt(r, err)
	}
	v := max(raw.V, 1)
	switch {
	case raw.V < 0:
		return envelope[Payload]{}, corrupt(r, fmt.Errorf("schema version %d", raw.V))
	case v > spec.version:
		return envelope[Payload]{}, &SchemaError{Record: r.ID, Process: r.Process, Version: r.Version, Type: r.Type, Schema: v, Known: spec.version}
	case v == spec.version:
		return envelope[Payload]{}, corrupt(r, strictErr)
	}
	data := raw.Data
	for ; v < spec.version; v++ {
		up, err := spec.upcast[v-1](data)
		if err != nil {
			return envelope[Payload]{}, corrupt(r, fmt.Errorf("upcasting schema version %d: %w", v, err))
		}
		data = up
	}
	body, err := json.Marshal(envelope[json.RawMessage]{V: spec.version, Actor: raw.Actor, FP: raw.FP, Command: raw.Command, Data: data})
	if err != nil {
		return envelope[Payload]{}, corrupt(r, err)
	}
	env, err := spec.decode(body)
	if err != nil {
		return envelope[Payload]{}, corrupt(r, fmt.Errorf("after upcasting: %w", err))
	}
	return env, nil
}

// strictUnmarshal decodes one JSON value, refusing unknown fields and
// anything after the value.
func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimSpace(data[dec.InputOffset():])) > 0 {
		return errors.New("data after the JSON value")
	}
	return nil
}

func corrupt(r Record, err error) error {
	return fmt.Errorf("%w: %s version %d (%s): %v", ErrCorrupt, r.Process, r.Version, r.ID, err)
}
