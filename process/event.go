package process

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
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

// decoders decode the body of each stored event type, in one pass.
var decoders = map[string]func([]byte) (envelope[Payload], error){}

// register makes payload type P decodable under its EventType.
func register[P Payload]() {
	var zero P
	decoders[zero.EventType()] = func(data []byte) (envelope[Payload], error) {
		var env envelope[P]
		err := strictUnmarshal(data, &env)
		return envelope[Payload]{Actor: env.Actor, Command: env.Command, Data: env.Data}, err
	}
}

func init() {
	register[ProcessStarted]()
	register[PhasePlanned]()
	register[PhaseChanged]()
	register[OrganisationRegistered]()
	register[PersonRegistered]()
	register[AreaDefined]()
	register[GroupFormed]()
	register[MemberAdded]()
	register[MembershipEnded]()
	register[MeetingPlanned]()
	register[MeetingHeld]()
	register[ProposalsSubmitted]()
	register[MeasureCreated]()
	register[RecommendationCreated]()
	register[ProposalsDisposed]()
	register[DispositionChanged]()
	register[MeasureRevised]()
	register[MeasureRenumbered]()
	register[MeasuresGrouped]()
	register[DocumentPinned]()
	register[RoundDrafted]()
	register[RoundMoved]()
	register[DeadlineExtended]()
	register[ResponseReceived]()
	register[DecisionTaken]()
	register[Delegated]()
	register[DelegationRevoked]()
	register[PersonalDataDisposed]()
	register[ImplementationRecorded]()
	register[SurveySent]()
	register[SurveyAnswered]()
	register[AnswersCoded]()
	register[IndicatorDefined]()
	register[ObservationsRecorded]()
	register[AssignmentCompleted]()
	register[Invited]()
	register[ParticipationDecided]()
}

// envelope is the JSON body of a stored event: everything but the keys a
// Record already holds. D is the payload's type when decoding, and the
// Payload interface otherwise.
type envelope[D any] struct {
	Actor   model.Actor `json:"actor"`
	Command CommandID   `json:"command"`
	Data    D           `json:"data"`
}

// encode turns an event into the record a store keeps.
func encode(e Event) (Record, error) {
	body, err := json.Marshal(envelope[Payload]{Actor: e.Actor, Command: e.Command, Data: e.Data})
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

// Decode turns a stored record back into an event. It returns an error
// wrapping [ErrCorrupt] for an unknown type, malformed or oversized data.
func Decode(r Record) (Event, error) {
	if len(r.Data) > MaxRecordBytes {
		return Event{}, corrupt(r, fmt.Errorf("%d bytes of data, at most %d", len(r.Data), MaxRecordBytes))
	}
	decode, ok := decoders[r.Type]
	if !ok {
		return Event{}, corrupt(r, fmt.Errorf("unknown event type %q", r.Type))
	}
	env, err := decode(r.Data)
	if err != nil {
		return Event{}, corrupt(r, err)
	}
	return Event{
		ID: r.ID, Process: r.Process, Version: r.Version, Position: r.Position,
		OccurredAt: r.OccurredAt, Actor: env.Actor, Command: env.Command, Data: env.Data,
	}, nil
}

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func corrupt(r Record, err error) error {
	return fmt.Errorf("%w: %s version %d (%s): %v", ErrCorrupt, r.Process, r.Version, r.ID, err)
}
