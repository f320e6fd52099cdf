package process

import (
	"errors"
	"strings"
)

// The storage faults, matched with errors.Is. A [Store] returns its own
// failures (as opposed to the contract's refusals: [ErrConflict],
// [ErrDuplicateEvent], [ErrInvalidRecord], [ErrCorrupt], [ErrNotFound],
// and the context's error when a call is cancelled) as a [*StorageError],
// which matches [ErrStorage] and, when the store can tell, one of the
// more specific faults. docs/storage.md says what a host should do with
// each.
var (
	// ErrStorage is returned, inside a [*StorageError], for every failure
	// of the storage itself: the database's own error is inside.
	ErrStorage = errors.New("process: the storage failed")
	// ErrUnavailable is returned, inside a [*StorageError], when the store
	// cannot reach or use its database: connection refused or lost, the
	// server shutting down, the database locked past the wait, or a SQLite
	// file removed or replaced since it was opened. Retrying later may
	// succeed.
	ErrUnavailable = errors.New("process: storage unavailable")
	// ErrReadOnly is returned, inside a [*StorageError], when the database
	// refuses writes: a read-only file, directory or mount, a read-only
	// connection or server.
	ErrReadOnly = errors.New("process: storage is read-only")
	// ErrFull is returned, inside a [*StorageError], when the disk or the
	// database is full.
	ErrFull = errors.New("process: storage is full")
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
