package process

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/samling-go/samling/consultation"
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
}

// Payload is the body of an event: one of the event types of this package,
// such as [ProposalsSubmitted].
type Payload interface {
	// EventType returns the stable name the event is stored under.
	EventType() string
}

// ProcessStarted records the start of a process from a template.
type ProcessStarted struct {
	Process  model.Process  `json:"process"`
	Template phase.Template `json:"template"`
}

// PhasePlanned records a change to a phase's planned dates.
type PhasePlanned struct {
	Phase   phase.PhaseID `json:"phase"`
	Planned model.Period  `json:"planned"`
}

// PhaseChanged records a transition from one phase to another. Cycle is the
// cycle the process is in after the transition: it grows by one each time
// the process returns to its template's initial phase from another phase.
type PhaseChanged struct {
	Trigger phase.Trigger `json:"trigger"`
	From    phase.PhaseID `json:"from"`
	To      phase.PhaseID `json:"to"`
	Cycle   int           `json:"cycle"`
}

// OrganisationRegistered records an organisation taking part.
type OrganisationRegistered struct {
	Organisation model.Organisation `json:"organisation"`
}

// PersonRegistered records a person taking part.
type PersonRegistered struct {
	Person model.Person `json:"person"`
}

// AreaDefined records an intervention area.
type AreaDefined struct {
	Area model.Area `json:"area"`
}

// GroupFormed records a group or body being formed.
type GroupFormed struct {
	Group model.Group `json:"group"`
}

// MemberAdded records a membership in a group.
type MemberAdded struct {
	Membership model.Membership `json:"membership"`
}

// MembershipEnded records the end of a membership.
type MembershipEnded struct {
	Membership model.MembershipID `json:"membership"`
	End        model.Date         `json:"end"`
}

// MeetingPlanned records a meeting planned for a date and place.
type MeetingPlanned struct {
	Meeting model.Meeting `json:"meeting"`
}

// MeetingHeld records that a meeting took place, on what date, with whom
// or how many, and its minutes.
type MeetingHeld struct {
	Meeting     model.MeetingID     `json:"meeting"`
	Date        model.Date          `json:"date"`
	HeadCount   int                 `json:"head_count,omitempty"`
	Attendees   []model.Attendee    `json:"attendees,omitempty"`
	Minutes     []model.ItemMinutes `json:"minutes,omitempty"`
	Assignments []model.Assignment  `json:"assignments,omitempty"`
	Attachments []model.Attachment  `json:"attachments,omitempty"`
	Next        model.NextMeeting   `json:"next,omitzero"`
}

// ProposalsSubmitted records one or many proposals arriving together, such
// as the harvest of a conference.
type ProposalsSubmitted struct {
	Proposals []model.Proposal `json:"proposals"`
}

// MeasureCreated records a measure drafted from proposals.
type MeasureCreated struct {
	Measure model.Measure `json:"measure"`
}

// RecommendationCreated records a recommendation.
type RecommendationCreated struct {
	Recommendation model.Recommendation `json:"recommendation"`
}

// ProposalsDisposed records what became of one or many proposals: the
// triage of a conference's harvest is one event.
type ProposalsDisposed struct {
	Dispositions []model.Disposition `json:"dispositions"`
}

// DispositionChanged records a new disposition for a proposal that had one,
// and why.
type DispositionChanged struct {
	Disposition model.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
}

// MeasureRevised records a new version of a measure's title and text, and
// what caused it.
type MeasureRevised struct {
	Measure   model.MeasureID           `json:"measure"`
	Version   int                       `json:"version"`
	Title     string                    `json:"title"`
	Text      string                    `json:"text"`
	Cause     model.Cause               `json:"cause"`
	Responses []consultation.ResponseID `json:"responses,omitempty"`
}

// MeasureRenumbered records a measure's new number.
type MeasureRenumbered struct {
	Measure model.MeasureID `json:"measure"`
	Number  int             `json:"number"`
}

// MeasuresGrouped records measures placed under a recommendation.
type MeasuresGrouped struct {
	Recommendation model.RecommendationID `json:"recommendation"`
	Measures       []model.MeasureID      `json:"measures"`
}

// DocumentPinned records a named document version: measures at exact text
// versions.
type DocumentPinned struct {
	Document model.Document `json:"document"`
}

// RoundDrafted records a consultation round drafted on a pinned document.
type RoundDrafted struct {
	Round consultation.Round `json:"round"`
}

// RoundMoved records a step of a round's lifecycle. Cause is given for a
// cancellation (its reason) and a reopening (the decision behind it).
type RoundMoved struct {
	Round   consultation.RoundID `json:"round"`
	Trigger consultation.Trigger `json:"trigger"`
	From    consultation.Status  `json:"from"`
	To      consultation.Status  `json:"to"`
	Cause   model.Cause          `json:"cause,omitzero"`
}

// DeadlineExtended records a consultee's later deadline.
type DeadlineExtended struct {
	Round        consultation.RoundID `json:"round"`
	Organisation model.OrganisationID `json:"organisation"`
	Deadline     model.Date           `json:"deadline"`
}

// ResponseReceived records an answer to a round. When it arrived is the
// event's time; whether it was late, and which earlier answer of the same
// organisation it supersedes, follow from the record.
type ResponseReceived struct {
	Response consultation.Response `json:"response"`
}

// EventType implements [Payload].
func (RoundDrafted) EventType() string { return "round-drafted" }

// EventType implements [Payload].
func (RoundMoved) EventType() string { return "round-moved" }

// EventType implements [Payload].
func (DeadlineExtended) EventType() string { return "deadline-extended" }

// EventType implements [Payload].
func (ResponseReceived) EventType() string { return "response-received" }

// EventType implements [Payload].
func (ProposalsDisposed) EventType() string { return "proposals-disposed" }

// EventType implements [Payload].
func (DispositionChanged) EventType() string { return "disposition-changed" }

// EventType implements [Payload].
func (MeasureRevised) EventType() string { return "measure-revised" }

// EventType implements [Payload].
func (MeasureRenumbered) EventType() string { return "measure-renumbered" }

// EventType implements [Payload].
func (MeasuresGrouped) EventType() string { return "measures-grouped" }

// EventType implements [Payload].
func (DocumentPinned) EventType() string { return "document-pinned" }

// EventType implements [Payload].
func (ProcessStarted) EventType() string { return "process-started" }

// EventType implements [Payload].
func (PhasePlanned) EventType() string { return "phase-planned" }

// EventType implements [Payload].
func (PhaseChanged) EventType() string { return "phase-changed" }

// EventType implements [Payload].
func (OrganisationRegistered) EventType() string { return "organisation-registered" }

// EventType implements [Payload].
func (PersonRegistered) EventType() string { return "person-registered" }

// EventType implements [Payload].
func (AreaDefined) EventType() string { return "area-defined" }

// EventType implements [Payload].
func (GroupFormed) EventType() string { return "group-formed" }

// EventType implements [Payload].
func (MemberAdded) EventType() string { return "member-added" }

// EventType implements [Payload].
func (MembershipEnded) EventType() string { return "membership-ended" }

// EventType implements [Payload].
func (MeetingPlanned) EventType() string { return "meeting-planned" }

// EventType implements [Payload].
func (MeetingHeld) EventType() string { return "meeting-held" }

// EventType implements [Payload].
func (ProposalsSubmitted) EventType() string { return "proposals-submitted" }

// EventType implements [Payload].
func (MeasureCreated) EventType() string { return "measure-created" }

// EventType implements [Payload].
func (RecommendationCreated) EventType() string { return "recommendation-created" }

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
