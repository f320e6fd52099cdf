package process

import (
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
)

// The errors of commands, matched with errors.Is. Invalid values are
// reported with the model's errors (model.ErrInvalid and a
// [*model.FieldError] naming the field); refused phase transitions with
// phase.ErrCriteriaUnmet and phase.ErrTriggerNotPermitted.
var (
	// ErrNotFound is returned when a process has no events: it was never
	// started, or it lives in another store.
	ErrNotFound = errors.New("process: not found")
	// ErrAlreadyExists is returned when a command creates something whose ID
	// (or number, or official code) is already taken, or starts a process
	// that has already started.
	ErrAlreadyExists = errors.New("process: already exists")
	// ErrUnknownReference is returned when a command refers to an
	// organisation, person, group, area, meeting, proposal or other entity
	// the process does not have.
	ErrUnknownReference = errors.New("process: unknown reference")
	// ErrRoleTaken is returned when a group would get a second holder of an
	// exclusive role (chair, vice chair, secretary) for overlapping periods.
	ErrRoleTaken = errors.New("process: role already taken")
	// ErrAlreadyRecorded is returned when a command records what is already
	// on record: a membership that has ended, a meeting already held, a
	// revision or renumbering that changes nothing.
	ErrAlreadyRecorded = errors.New("process: already recorded")
	// ErrAlreadyDisposed is returned when a proposal that already has a
	// disposition is given another by anything but [ChangeDisposition].
	ErrAlreadyDisposed = errors.New("process: proposal already has a disposition")
	// ErrNotDisposed is returned when [ChangeDisposition] names a proposal
	// that has no disposition yet.
	ErrNotDisposed = errors.New("process: proposal has no disposition")
	// ErrForbidden is returned, inside a [*ForbiddenError], when the
	// authorization hook refuses a command.
	ErrForbidden = errors.New("process: forbidden")
	// ErrTooLarge is returned when a command exceeds a documented limit,
	// such as [MaxProposalsPerCommand].
	ErrTooLarge = errors.New("process: too large")
	// ErrInvalidOptions is returned by [New] for options that cannot work.
	ErrInvalidOptions = errors.New("process: invalid options")
)

// ReferenceError names the field of a command whose reference is unknown
// or already taken.
type ReferenceError struct {
	Field string // such as "Member.Person" or "Proposals[3].Areas"
	ID    string // the ID, number or code at fault
	Err   error  // ErrUnknownReference, ErrAlreadyExists, ErrRoleTaken or ErrAlreadyRecorded
}

// Error names the problem, the field and the ID.
func (e *ReferenceError) Error() string {
	return fmt.Sprintf("%s: %s %s", e.Err, e.Field, e.ID)
}

// Unwrap returns the sentinel.
func (e *ReferenceError) Unwrap() error { return e.Err }

func unknown(field string, id fmt.Stringer) error {
	return &ReferenceError{Field: field, ID: id.String(), Err: ErrUnknownReference}
}

func taken(field string, id any) error {
	return &ReferenceError{Field: field, ID: fmt.Sprint(id), Err: ErrAlreadyExists}
}

// ForbiddenError is a refusal by the authorization hook: who, what, and the
// rule that refused.
type ForbiddenError struct {
	Actor   model.Actor
	Command string // the command's name, such as "submit-proposals"
	Rule    string // why, in the policy's words
}

// Error names the command, the actor's person ID and the rule; never a name.
func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("process: forbidden: %s by person %s: %s", e.Command, e.Actor.Person, e.Rule)
}

// Unwrap returns [ErrForbidden].
func (e *ForbiddenError) Unwrap() error { return ErrForbidden }

// ErrTampered is returned, inside a [*TamperError], when a stored event no
// longer matches its hash.
var ErrTampered = errors.New("process: event stream tampered with")

// TamperError names the first event of a stream that fails verification.
type TamperError struct {
	Process model.ProcessID
	Version uint64  // the version the event should have
	Event   EventID // the event found there
	Reason  string
}

// Error names the process, the version and why it fails.
func (e *TamperError) Error() string {
	return fmt.Sprintf("process: %s version %d (%s) fails verification: %s", e.Process, e.Version, e.Event, e.Reason)
}

// Unwrap returns [ErrTampered].
func (e *TamperError) Unwrap() error { return ErrTampered }

// Errors of consultation commands, matched with errors.Is; each comes in a
// [*ReferenceError] naming the field. Lifecycle refusals (closing twice,
// compiling an open round) are consultation.ErrTriggerNotPermitted.
var (
	// ErrNotConsultee is returned when an organisation that is not among a
	// round's consultees answers it or gets an extension.
	ErrNotConsultee = errors.New("process: not a consultee of the round")
	// ErrRoundNotOpen is returned when an answer comes to a round that is
	// not open. A round still open takes answers after the deadline, as late.
	ErrRoundNotOpen = errors.New("process: round is not open")
	// ErrNotInSubject is returned when an answer takes a stance on a
	// measure the round did not send out.
	ErrNotInSubject = errors.New("process: measure not sent out in the round")
)

// Errors of decisions, meetings and participation, matched with errors.Is.
// A decision the positions do not carry is a *model.RuleError
// (model.ErrNoQuorum, model.ErrRuleNotMet).
var (
	// ErrNotMember is returned when someone who is not a member of the body
	// on the meeting's day takes a position in its decision.
	ErrNotMember = errors.New("process: not a member of the body")
	// ErrNoRule is returned when a group without a decision rule decides.
	ErrNoRule = errors.New("process: the group has no decision rule")
	// ErrAlreadyDecided is returned for a second decision on the same
	// subject by the same body that does not name the decision it
	// reconsiders, and for a second participation decision.
	ErrAlreadyDecided = errors.New("process: already decided")
	// ErrMeetingNotHeld is returned when a decision names a meeting that
	// has not been recorded as held.
	ErrMeetingNotHeld = errors.New("process: the meeting has not been held")
	// ErrNotInvited is returned when an organisation that was not invited
	// decides whether to take part.
	ErrNotInvited = errors.New("process: not invited")
	// ErrReferenceFormat is returned when a record reference does not
	// follow its organisation's format ([Options].References).
	ErrReferenceFormat = errors.New("process: record reference in the wrong format")
)

// The errors of the storage contract, matched with errors.Is.
var (
	// ErrConflict is returned when an append's expected version is not the
	// stream's version: another writer got there first.
	ErrConflict = errors.New("process: version conflict")
	// ErrDuplicateEvent is returned when an append reuses a stored event ID
	// other than as an exact retry of its own batch.
	ErrDuplicateEvent = errors.New("process: duplicate event id")
	// ErrInvalidRecord is returned when an append holds a record without an
	// ID or a type, or the same ID twice.
	ErrInvalidRecord = errors.New("process: invalid record")
	// ErrCorrupt is returned when stored events cannot be decoded or folded:
	// an unknown type, malformed data, a version out of order.
	ErrCorrupt = errors.New("process: corrupt event stream")
)

// ConflictError is the detail of an [ErrConflict].
type ConflictError struct {
	Process  model.ProcessID
	Expected uint64 // the version the writer expected
	Actual   uint64 // the stream's version when the append was refused
}

// Error names the process and both versions.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("process: version conflict on %s: expected version %d, stream is at %d", e.Process, e.Expected, e.Actual)
}

// Unwrap returns [ErrConflict].
func (e *ConflictError) Unwrap() error { return ErrConflict }
