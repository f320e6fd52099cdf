package process

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
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
	// and Position, in what it keeps and, where it can, in the records
	// passed in, so the caller learns where they went (a store that cannot
	// leaves Position 0, and the engine reads the positions back). Record
	// IDs must be non-zero, Types non-empty.
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

// StreamHead is a store that can tell a stream's version without reading
// it: an optional capability that saves the engine a read before each
// command when no one else has written. memstore has it; a SQL store
// would need a query as costly as the read, and does not.
type StreamHead interface {
	// StreamVersion returns the version of the last event of process
	// id's stream, 0 for a stream not yet written.
	StreamVersion(ctx context.Context, id model.ProcessID) (uint64, error)
}

// Verifier is a store that keeps each event's hash chained to the one
// before it in its stream ([ChainHash]) and can check the chain.
type Verifier interface {
	// Verify recomputes the chain of process id from its first event and
	// reports every event whose content or order no longer matches its
	// stored hash, each as a [*TamperError] (errors.As finds the first;
	// [TamperErrors] lists them all); nil when every event matches.
	Verify(ctx context.Context, id model.ProcessID) error
}

// ChainHash returns the SHA-256 hash of record r chained to prev, the hash
// of the event before it in its stream (empty for the first). It covers the
// record's ID, process, version, type, time (to the microsecond, as stores
// keep it) and data, each length-prefixed, so no two different records hash
// alike by shifting bytes between fields.
func ChainHash(prev []byte, r Record) []byte {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	number := func(v uint64) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], v)
		field(n[:])
	}
	id, process := r.ID.Bytes(), r.Process.Bytes()
	field(prev)
	field(id[:])
	field(process[:])
	number(r.Version)
	field([]byte(r.Type))
	number(uint64(r.OccurredAt.UnixMicro()))
	field(r.Data)
	return h.Sum(nil)
}

// Snapshotter is a store that can keep one snapshot per process, so that
// loading a long-lived process need not fold its whole history. A snapshot
// is only an optimisation: the engine checks it against the events and
// ignores it, rebuilding from the events, when it does not match.
type Snapshotter interface {
	// SaveSnapshot stores s as the snapshot of process id, replacing an
	// older one. It must not replace a snapshot of a later version.
	SaveSnapshot(ctx context.Context, id model.ProcessID, s Snapshot) error
	// LoadSnapshot returns the snapshot of process id, or an error wrapping
	// [ErrNotFound] when there is none.
	LoadSnapshot(ctx context.Context, id model.ProcessID) (Snapshot, error)
}

// Snapshot is a process's folded state at one version, encoded by the engine.
type Snapshot struct {
	Version uint64
	// Event is the ID of the event at Version: a snapshot whose event is not
	// the one the stream holds at that version belongs to another history
	// and is ignored.
	Event EventID
	Data  []byte
}

// CheckBatch returns an error wrapping [ErrInvalidRecord] when a record of
// an append has no ID or no type, or repeats an ID of the batch.
func CheckBatch(records []Record) error {
	seen := make(map[EventID]bool, len(records))
	for i, r := range records {
		switch {
		case r.ID.IsZero():
			return fmt.Errorf("%w: record %d has no ID", ErrInvalidRecord, i)
		case r.Type == "":
			return fmt.Errorf("%w: record %d has no type", ErrInvalidRecord, i)
		case seen[r.ID]:
			return fmt.Errorf("%w: record %d repeats ID %s", ErrInvalidRecord, i, r.ID)
		}
		seen[r.ID] = true
	}
	return nil
}

// StoredAt is where a store already holds an event ID.
type StoredAt struct {
	Process model.ProcessID
	Version uint64
}

// CheckRetry decides what an append means whose records' IDs a store
// already holds, given where it holds them (stored, by ID; IDs it does not
// hold are absent). It returns retry=true when every record is stored in
// stream id at exactly the version the batch would give it: the append is a
// retry of an acknowledged one and must write nothing. It returns an error
// wrapping [ErrDuplicateEvent] when only some are, or any is elsewhere, and
// retry=false with no error when none is stored.
func CheckRetry(id model.ProcessID, expected uint64, records []Record, stored map[EventID]StoredAt) (retry bool, err error) {
	found := 0
	for i, r := range records {
		at, ok := stored[r.ID]
		if !ok {
			continue
		}
		found++
		if at.Process != id || at.Version != expected+uint64(i)+1 {
			return false, fmt.Errorf("%w: %s is stored at %s version %d", ErrDuplicateEvent, r.ID, at.Process, at.Version)
		}
	}
	switch found {
	case 0:
		return false, nil
	case len(records):
		return true, nil
	}
	return false, fmt.Errorf("%w: %d of %d records are already stored", ErrDuplicateEvent, found, len(records))
}
