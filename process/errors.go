package process

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Every sentinel of the package is declared in this file with sentinel, so
// that the list of them, by which a refusal is logged, cannot miss one.
// Each is matched with errors.Is; the typed errors below carry the detail.

// sentinels are the package's sentinel errors, in declaration order.
var sentinels []error

// sentinel declares one of the package's sentinel errors.
func sentinel(text string) error {
	err := errors.New(text)
	sentinels = append(sentinels, err)
	return err
}

// refusalKinds are the sentinels a refusal is logged by, the most specific
// first: the package's own, then those of the packages it uses. Set in
// init, once every sentinel of the package exists.
var refusalKinds []error

func init() {
	refusalKinds = append(slices.Clone(sentinels),
		model.ErrNoQuorum, model.ErrRuleNotMet, phase.ErrCriteriaUnmet, phase.ErrTriggerNotPermitted,
		consultation.ErrTriggerNotPermitted, model.ErrInvalid, context.Canceled, context.DeadlineExceeded)
}

// refusalKind names the sentinel an error wraps, or "other".
func refusalKind(err error) string {
	for _, k := range refusalKinds {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	return "other"
}

// The errors of commands. Invalid values are
// reported with the model's errors (model.ErrInvalid and a
// [*model.FieldError] naming the field); refused phase transitions with
// phase.ErrCriteriaUnmet and phase.ErrTriggerNotPermitted.
var (
	// ErrNotFound is returned when a process has no events: it was never
	// started, or it lives in another store.
	ErrNotFound = sentinel("process: not found")
	// ErrAlreadyExists is returned when a command creates something whose ID
	// (or number, or official code) is already taken, or starts a process
	// that has already started.
	ErrAlreadyExists = sentinel("process: already exists")
	// ErrUnknownReference is returned when a command refers to an
	// organisation, person, group, area, meeting, proposal or other entity
	// the process does not have.
	ErrUnknownReference = sentinel("process: unknown reference")
	// ErrRoleTaken is returned when a group would get a second holder of an
	// exclusive role (chair, vice chair, secretary) for overlapping periods.
	ErrRoleTaken = sentinel("process: role already taken")
	// ErrAlreadyRecorded is returned when a command records what is already
	// on record: a membership that has ended, a meeting already held, a
	// revision or renumbering that changes nothing.
	ErrAlreadyRecorded = sentinel("process: already recorded")
	// ErrAlreadyDisposed is returned when a proposal that already has a
	// disposition is given another by anything but [ChangeDisposition].
	ErrAlreadyDisposed = sentinel("process: proposal already has a disposition")
	// ErrNotDisposed is returned when [ChangeDisposition] names a proposal
	// that has no disposition yet.
	ErrNotDisposed = sentinel("process: proposal has no disposition")
	// ErrForbidden is returned, inside a [*ForbiddenError], when the
	// authorization hook refuses a command.
	ErrForbidden = sentinel("process: forbidden")
	// ErrTooLarge is returned when a command exceeds a documented limit:
	// [MaxProposalsPerCommand], [MaxBatch], an event of more than
	// [MaxRecordBytes], and the limits of the model's values.
	ErrTooLarge = sentinel("process: too large")
	// ErrUnknownCriterion is returned when a stored template names a
	// criterion the engine was not given (see [Options].Criteria): a
	// configuration error of the host, not a damaged record.
	ErrUnknownCriterion = sentinel("process: the template names a criterion the engine does not know")
	// ErrCommandReused is returned when a command ID given with [WithID]
	// was executed before with another command or another actor.
	ErrCommandReused = sentinel("process: command ID already used for another command")
	// ErrOutcomeUnknown is returned, inside an [*OutcomeUnknownError],
	// when the store may or may not have written a command's events.
	ErrOutcomeUnknown = sentinel("process: outcome unknown")
	// ErrInvalidQuery is returned by [Indexer.ListProcesses] for a query it
	// cannot run: a negative Limit or one above [MaxIndexLimit], an unknown
	// order, or a cursor it did not make.
	ErrInvalidQuery = sentinel("process: invalid index query")
	// ErrNotInPhase is returned, inside a [*PhaseError], when the current phase
	// of a process does not allow a command (see [phase.Phase].Allows).
	ErrNotInPhase = sentinel("process: not allowed in this phase")
	// ErrInvalidOptions is returned by [New] for options that cannot work.
	ErrInvalidOptions = sentinel("process: invalid options")
)

// ReferenceError names the field of a command whose reference is unknown
// or already taken.
type ReferenceError struct {
	Field string // such as "Member.Person" or "Proposals[3].Areas"
	ID    string // the ID, number or code at fault
	// Detail explains, where the sentinel alone does not: which membership
	// holds a role, which decision came first. Empty otherwise.
	Detail string
	Err    error // ErrUnknownReference, ErrAlreadyExists, ErrRoleTaken or another sentinel
}

// Error names the problem, the field, the ID and the detail.
func (e *ReferenceError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s: %s %s: %s", e.Err, e.Field, e.ID, e.Detail)
	}
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
var ErrTampered = sentinel("process: event stream tampered with")

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

// TamperErrors returns every [*TamperError] in err, in the order a
// [Verifier] reported them.
func TamperErrors(err error) []*TamperError {
	var out []*TamperError
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *TamperError:
			out = append(out, e)
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// Errors of consultation commands, matched with errors.Is; each comes in a
// [*ReferenceError] naming the field. Lifecycle refusals (closing twice,
// compiling an open round) are consultation.ErrTriggerNotPermitted.
var (
	// ErrNotConsultee is returned when an organisation that is not among a
	// round's consultees answers it or gets an extension.
	ErrNotConsultee = sentinel("process: not a consultee of the round")
	// ErrRoundNotOpen is returned when an answer comes to a round that is
	// not open. A round still open takes answers after the deadline, as late.
	ErrRoundNotOpen = sentinel("process: round is not open")
	// ErrNotInSubject is returned when an answer takes a stance on a
	// measure the round did not send out.
	ErrNotInSubject = sentinel("process: measure not sent out in the round")
)

// Errors of decisions, meetings and participation, matched with errors.Is.
// A decision the positions do not carry is a *model.RuleError
// (model.ErrNoQuorum, model.ErrRuleNotMet).
var (
	// ErrNotMember is returned when someone who is not a member of the body
	// on the meeting's day takes a position in its decision.
	ErrNotMember = sentinel("process: not a member of the body")
	// ErrNoRule is returned when a group without a decision rule decides.
	ErrNoRule = sentinel("process: the group has no decision rule")
	// ErrAlreadyDecided is returned for a second decision on the same
	// subject by the same body that does not name the decision it
	// reconsiders, and for a second participation decision.
	ErrAlreadyDecided = sentinel("process: already decided")
	// ErrMeetingNotHeld is returned when a decision names a meeting that
	// has not been recorded as held.
	ErrMeetingNotHeld = sentinel("process: the meeting has not been held")
	// ErrNotInvited is returned when an organisation that was not invited
	// decides whether to take part.
	ErrNotInvited = sentinel("process: not invited")
	// ErrReferenceFormat is returned when a record reference does not
	// follow its organisation's format ([Options].References).
	ErrReferenceFormat = sentinel("process: record reference in the wrong format")
	// ErrAbsent is returned (in a [*ReferenceError]) when a decision counts the
	// position of a member whom the meeting's recorded attendance does not
	// name.
	ErrAbsent = sentinel("process: not present at the meeting")
	// ErrInFuture is returned when a command records as done something
	// dated after the request's day: a meeting held, minutes approved, an
	// assignment completed later than today.
	ErrInFuture = sentinel("process: dated after today")
	// ErrStillOpen is returned when a directive is reported carried out
	// while one of its sub-assignments is still open.
	ErrStillOpen = sentinel("process: a sub-assignment is still open")
)

// The errors of the storage contract, matched with errors.Is.
var (
	// ErrConflict is returned when an append's expected version is not the
	// stream's version: another writer got there first.
	ErrConflict = sentinel("process: version conflict")
	// ErrDuplicateEvent is returned when an append reuses a stored event ID
	// other than as an exact retry of its own batch.
	ErrDuplicateEvent = sentinel("process: duplicate event id")
	// ErrInvalidRecord is returned when an append holds a record without an
	// ID or a type, or the same ID twice.
	ErrInvalidRecord = sentinel("process: invalid record")
	// ErrCorrupt is returned when stored events cannot be decoded or folded:
	// an unknown type, malformed data, a version out of order.
	ErrCorrupt = sentinel("process: corrupt event stream")
	// ErrNewerSchema is returned, inside a [*SchemaError], for a stored
	// event of a newer schema version than this library knows.
	ErrNewerSchema = sentinel("process: event of a newer schema version")
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

// BatchError is a refusal of a [Batch]: which of its commands failed, and
// why. Nothing of the batch was written.
type BatchError struct {
	Index   int    // the failing command's place in the batch, from 0
	Command string // its name
	Err     error  // why, as the command alone would have been refused
}

// Error names the command and its refusal.
func (e *BatchError) Error() string {
	return fmt.Sprintf("process: batch command %d (%s): %v", e.Index, e.Command, e.Err)
}

// Unwrap returns the command's refusal.
func (e *BatchError) Unwrap() error { return e.Err }

// OutcomeUnknownError is returned when the store failed in a way that
// leaves unknown whether a command's events were written: the context
// ended while the append was committing, or the connection broke.
// Executing the command again with [WithID] and Command resolves it: the
// engine finds the events if they were stored, and appends them if not.
type OutcomeUnknownError struct {
	Process model.ProcessID
	Command CommandID // the ID to retry with
	Err     error     // the store's error
}

// Error names the process, the command's ID and the store's error.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("process: %s: outcome of command %s unknown (retry it with this ID): %v", e.Process, e.Command, e.Err)
}

// Unwrap returns [ErrOutcomeUnknown] and the store's error.
func (e *OutcomeUnknownError) Unwrap() []error { return []error{ErrOutcomeUnknown, e.Err} }

// SchemaError is returned for a stored event of a newer schema version
// than this library knows: written by a newer release, as during a rolling
// upgrade. The event is not damaged; upgrade the library that reads it.
type SchemaError struct {
	Record  EventID
	Process model.ProcessID
	Version uint64 // the event's version in its stream
	Type    string // its event type
	Schema  int    // its schema version
	Known   int    // the newest schema version of the type this library knows
}

// Error names the event, its schema version and the one known.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("process: %s version %d (%s): %s event of schema version %d, newer than this library's %d: upgrade the library",
		e.Process, e.Version, e.Record, e.Type, e.Schema, e.Known)
}

// Unwrap returns [ErrNewerSchema].
func (e *SchemaError) Unwrap() error { return ErrNewerSchema }

// The storage faults, matched with errors.Is. A [Store] returns its own
// failures (as opposed to the contract's refusals: [ErrConflict],
// [ErrDuplicateEvent], [ErrInvalidRecord], [ErrCorrupt], [ErrNotFound],
// and the context's error when a call is cancelled) as a [*StorageError],
// which matches [ErrStorage] and, when the store can tell, one of the
// more specific faults. docs/storage.md says what a host should do with
// each.
var (
	// ErrUnavailable is returned, inside a [*StorageError], when the store
	// cannot reach or use its database: connection refused or lost, the
	// server shutting down, the database locked past the wait, or a SQLite
	// file removed or replaced since it was opened. Retrying later may
	// succeed.
	ErrUnavailable = sentinel("process: storage unavailable")
	// ErrReadOnly is returned, inside a [*StorageError], when the database
	// refuses writes: a read-only file, directory or mount, a read-only
	// connection or server.
	ErrReadOnly = sentinel("process: storage is read-only")
	// ErrFull is returned, inside a [*StorageError], when the disk or the
	// database is full.
	ErrFull = sentinel("process: storage is full")
	// ErrStorage is returned, inside a [*StorageError], for every failure
	// of the storage itself: the database's own error is inside.
	ErrStorage = sentinel("process: the storage failed")
)

// StorageError is a failure of a store's database: what the store was
// doing, the fault if the store could tell which, and the database's own
// error. It matches [ErrStorage], its Fault, and Err.
type StorageError struct {
	Op    string // what the store was doing, such as "append" or "read stream"
	Fault error  // ErrUnavailable, ErrReadOnly, ErrFull, or nil when unknown
	Err   error  // the database's (or driver's) error
}

// Error names the operation, the fault and the database's error.
func (e *StorageError) Error() string {
	msg := "process: " + e.Op + ": "
	if e.Fault != nil {
		msg += strings.TrimPrefix(e.Fault.Error(), "process: ")
	} else {
		msg += strings.TrimPrefix(ErrStorage.Error(), "process: ")
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns [ErrStorage], the fault if there is one, and the
// database's error.
func (e *StorageError) Unwrap() []error {
	out := []error{ErrStorage}
	if e.Fault != nil {
		out = append(out, e.Fault)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}
