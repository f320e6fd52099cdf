// Package memstore is an in-memory [process.Store]: for tests, examples and
// hosts that keep a process only for the life of the program. It passes the
// conformance suite in package storetest. Nothing survives the program.
//
// It is also a [process.Indexer] (the process index), a
// [process.Checkpointer] (the checkpoints of subscriptions, in memory) and
// a [process.Notifier] (an append wakes every waiting subscription at
// once).
package memstore

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Store keeps every event in memory. The zero Store is not usable; call [New].
type Store struct {
	mu      sync.RWMutex
	all     []*process.Record         // by position - 1
	streams map[model.ProcessID][]int // indexes into all, by version - 1
	ids     map[process.EventID]int   // index into all
	index   map[model.ProcessID]process.IndexEntry
	marks   map[string]uint64 // checkpoints, by consumer
	// appended is closed and replaced by an append when watched, waking
	// WaitAppend; watched says a waiter holds the current one.
	appended chan struct{}
	watched  bool
}

// New returns an empty store.
func New() *Store {
	return &Store{
		streams: map[model.ProcessID][]int{}, ids: map[process.EventID]int{},
		index: map[model.ProcessID]process.IndexEntry{}, marks: map[string]uint64{}, appended: make(chan struct{}),
	}
}

var (
	_ process.Store        = (*Store)(nil)
	_ process.Indexer      = (*Store)(nil)
	_ process.Checkpointer = (*Store)(nil)
	_ process.Notifier     = (*Store)(nil)
	_ process.StreamHead   = (*Store)(nil)
)

// Append implements [process.Store].
func (s *Store) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(records) == 0 {
		return nil
	}
	if err := process.CheckBatch(records); err != nil {
		return err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	stream := s.streams[id]
	var stored map[process.EventID]process.StoredAt // nil unless an ID is stored already
	for _, r := range records {
		if at, ok := s.ids[r.ID]; ok {
			if stored == nil {
				stored = map[process.EventID]process.StoredAt{}
			}
			stored[r.ID] = process.StoredAt{Process: s.all[at].Process, Version: s.all[at].Version}
		}
	}
	if retry, err := process.CheckRetry(id, expected, records, stored); retry || err != nil {
		return err
	}
	if uint64(len(stream)) != expected {
		return &process.ConflictError{Process: id, Expected: expected, Actual: uint64(len(stream))}
	}
	entry, err := s.index[id].Apply(id, expected, records)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, r := range records {
		r.Process = id
		r.Version = expected + uint64(i) + 1
		r.Position = uint64(len(s.all)) + 1
		records[i].Process, records[i].Version, records[i].Position = r.Process, r.Version, r.Position
		r.Data = append([]byte(nil), r.Data...)
		s.ids[r.ID] = len(s.all)
		stream = append(stream, len(s.all))
		s.all = append(s.all, &r)
	}
	s.streams[id] = stream
	s.index[id] = entry
	if s.watched {
		close(s.appended)
		s.appended, s.watched = make(chan struct{}), false
	}
	return nil
}

// StreamVersion implements [process.StreamHead].
func (s *Store) StreamVersion(ctx context.Context, id model.ProcessID) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return uint64(len(s.streams[id])), nil
}

// ReadStream implements [process.Store].
func (s *Store) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	return func(yield func(process.Record, error) bool) {
		s.mu.RLock()
		stream, all := s.streams[id], s.all // append-only: the prefix seen now never changes
		s.mu.RUnlock()
		each(ctx, from, len(stream), func(i int) *process.Record { return all[stream[i]] }, yield)
	}
}

// ReadAll implements [process.Store].
func (s *Store) ReadAll(ctx context.Context, from uint64) iter.Seq2[process.Record, error] {
	return func(yield func(process.Record, error) bool) {
		s.mu.RLock()
		all := s.all
		s.mu.RUnlock()
		each(ctx, from, len(all), func(i int) *process.Record { return all[i] }, yield)
	}
}

// each yields copies of records from..n (counting from 1; 0 means 1),
// stopping when ctx is done or yield returns false.
func each(ctx context.Context, from uint64, n int, at func(int) *process.Record, yield func(process.Record, error) bool) {
	if from > 0 {
		from--
	}
	for i := from; i < uint64(n); i++ {
		if err := ctx.Err(); err != nil {
			yield(process.Record{}, err)
			return
		}
		if !yield(copyRecord(*at(int(i))), nil) {
			return
		}
	}
}

// copyRecord returns r with its own copy of Data, so a reader cannot change
// what the store holds.
func copyRecord(r process.Record) process.Record {
	r.Data = append([]byte(nil), r.Data...)
	return r
}

// ListProcesses implements [process.Indexer].
func (s *Store) ListProcesses(ctx context.Context, q process.IndexQuery) (process.IndexPage, error) {
	limit, err := q.PageSize()
	if err != nil {
		return process.IndexPage{}, err
	}
	after, paging, err := q.AfterKey()
	if err != nil {
		return process.IndexPage{}, err
	}
	if err := ctx.Err(); err != nil {
		return process.IndexPage{}, err
	}
	s.mu.RLock()
	var found []process.IndexEntry
	for _, e := range s.index {
		if q.Matches(e) && (!paging || q.Order.Before(after, e.Key(q.Order))) {
			found = append(found, e)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(found, func(a, b process.IndexEntry) int {
		if q.Order.Before(a.Key(q.Order), b.Key(q.Order)) {
			return -1
		}
		return 1
	})
	var page process.IndexPage
	if len(found) > limit {
		found = found[:limit]
		page.Next = found[limit-1].Key(q.Order).Cursor(q.Order)
	}
	page.Entries = found
	return page, nil
}

// LookupProcess implements [process.Indexer].
func (s *Store) LookupProcess(ctx context.Context, id model.ProcessID) (process.IndexEntry, error) {
	if err := ctx.Err(); err != nil {
		return process.IndexEntry{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.index[id]
	if !ok {
		return process.IndexEntry{}, fmt.Errorf("%w: process %s", process.ErrNotFound, id)
	}
	return e, nil
}

// LoadCheckpoint implements [process.Checkpointer].
func (s *Store) LoadCheckpoint(ctx context.Context, name string) (uint64, error) {
	if name == "" {
		return 0, fmt.Errorf("%w: a checkpoint needs a name", process.ErrInvalidOptions)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.marks[name], nil
}

// SaveCheckpoint implements [process.Checkpointer].
func (s *Store) SaveCheckpoint(ctx context.Context, name string, position uint64) error {
	if name == "" {
		return fmt.Errorf("%w: a checkpoint needs a name", process.ErrInvalidOptions)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.marks[name] = position
	return nil
}

// WaitAppend implements [process.Notifier]: it returns as soon as the
// store holds a record at or after position from.
func (s *Store) WaitAppend(ctx context.Context, from uint64) error {
	for {
		s.mu.Lock()
		n, wake := uint64(len(s.all)), s.appended
		s.watched = true
		s.mu.Unlock()
		if n >= max(from, 1) { // the record at position max(from, 1) is stored
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}
