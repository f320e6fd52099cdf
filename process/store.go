package process

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/samling-go/samling/model"
)

// Record is one stored event as a [Store] holds it: the envelope's keys in
// plain fields, the rest as opaque JSON in Data.
type Record struct {
	// ID is the event's unique ID, chosen by the writer; retrying an append
	// with the same IDs is how a store recognises a retry.
	ID EventID
	// Process is the stream the event belongs to. Set by the store.
	Process model.ProcessID
	// Version is the event's place in its stream, from 1. Set by the store.
	Version uint64
	// Position is the event's place in the store's global order. Set by the
	// store; positions only grow, but need not be contiguous.
	Position uint64
	// Type names the event, such as "proposals-submitted".
	Type string
	// OccurredAt is when the event happened, from the writer's clock. A
	// store keeps at least microseconds and may return it in UTC.
	OccurredAt time.Time
	// Data is the event's encoded body.
	Data []byte
}

// Store keeps one append-only stream of events per process. The engine uses
// it; hosts choose an implementation (package memstore, or the SQL stores)
// and every implementation passes the conformance suite in package
// storetest.
//
// All methods are safe for concurrent use and take a context first: a
// cancelled context makes Append write nothing and makes a read stop with
// the context's error.
type Store interface {
	// Append writes records to the end of the stream of process id, as one
	// batch: all of them or none. expected is the stream's current version
	// (0 for a stream not yet written); the records get versions
	// expected+1, expected+2, … and the store sets their Process, Version
	// and Position. Record IDs must be non-zero, Types non-empty.
	//
	// Append returns an error wrapping [ErrConflict] (a [*ConflictError])
	// when the stream is not at version expected, and nothing is written.
	// When every record's ID is already stored, in this stream at exactly
	// the versions the batch would get, the batch is a retry of an
	// acknowledged append: Append writes nothing and returns nil. Any other
	// reuse of a stored event ID returns [ErrDuplicateEvent]. An empty batch
	// writes nothing and returns nil.
	Append(ctx context.Context, id model.ProcessID, expected uint64, records []Record) error

	// ReadStream yields the records of the stream of process id in version
	// order, starting at version from (0 and 1 both mean the start). An
	// unknown stream yields nothing. Breaking out of the loop early releases
	// whatever the read holds.
	ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[Record, error]

	// ReadAll yields the records of every stream in global order, starting
	// at position from (0 and 1 both mean the start). It never skips a
	// record whose position is below one it has yielded, even when that
	// record's append committed later. Breaking out early releases
	// whatever the read holds.
	ReadAll(ctx context.Context, from uint64) iter.Seq2[Record, error]
}

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
