package process

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
)

// The optional capabilities of a Store. The engine and hosts find them by
// type assertion: store.(process.Snapshotter).

// Verifier is a store that keeps each event's hash chained to the one
// before it in its stream ([ChainHash]) and can check the chain.
type Verifier interface {
	// Verify recomputes the chain of process id from its first event and
	// returns a [*TamperError] naming the first event whose content or
	// order no longer matches its stored hash; nil when every event does.
	Verify(ctx context.Context, id model.ProcessID) error
}

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
