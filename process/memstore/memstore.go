// Package memstore is an in-memory [process.Store]: for tests, examples and
// hosts that keep a process only for the life of the program. It passes the
// conformance suite in package storetest. Nothing survives the program.
package memstore

import (
	"context"
	"iter"
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
}

// New returns an empty store.
func New() *Store {
	return &Store{streams: map[model.ProcessID][]int{}, ids: map[process.EventID]int{}}
}

var _ process.Store = (*Store)(nil)

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
	stored := map[process.EventID]process.StoredAt{}
	for _, r := range records {
		if at, ok := s.ids[r.ID]; ok {
			stored[r.ID] = process.StoredAt{Process: s.all[at].Process, Version: s.all[at].Version}
		}
	}
	if retry, err := process.CheckRetry(id, expected, records, stored); retry || err != nil {
		return err
	}
	if uint64(len(stream)) != expected {
		return &process.ConflictError{Process: id, Expected: expected, Actual: uint64(len(stream))}
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
	return nil
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
