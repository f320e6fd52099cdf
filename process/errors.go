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
