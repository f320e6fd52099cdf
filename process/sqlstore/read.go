package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

const recordColumns = `position, id, process, version, type, occurred_at, data`

// ReadStream implements [process.Store].
func (s *Store) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	return s.records(ctx, `SELECT `+recordColumns+` FROM samling_events WHERE process = ? AND version >= ? ORDER BY version`, id.String(), bound(from))
}

// ReadAll implements [process.Store]. Appends are serialised (SQLite's one
// writer; PostgreSQL's advisory lock), so no event with a lower position can
// commit after one with a higher position is visible.
func (s *Store) ReadAll(ctx context.Context, from uint64) iter.Seq2[process.Record, error] {
	return s.records(ctx, `SELECT `+recordColumns+` FROM samling_events WHERE position >= ? ORDER BY position`, bound(from))
}

// bound turns a version or position into a query parameter.
func bound(from uint64) int64 {
	if from > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(from)
}

// records runs a query of recordColumns and yields its rows. The rows are
// closed when the loop ends, however it ends.
func (s *Store) records(ctx context.Context, query string, args ...any) iter.Seq2[process.Record, error] {
	return func(yield func(process.Record, error) bool) {
		rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
		if err != nil {
			yield(process.Record{}, fault(ctx, "read", err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var (
				r                       process.Record
				id, proc                string
				position, version, usec int64
			)
			if err := rows.Scan(&position, &id, &proc, &version, &r.Type, &usec, &r.Data); err != nil {
				yield(process.Record{}, fault(ctx, "read", err))
				return
			}
			var err1, err2 error
			r.ID, err1 = model.ParseID[process.Event](id)
			r.Process, err2 = model.ParseID[model.Process](proc)
			if err1 != nil || err2 != nil {
				yield(process.Record{}, fmt.Errorf("%w: event at position %d has a malformed ID", process.ErrCorrupt, position))
				return
			}
			r.Position, r.Version = uint64(position), uint64(version)
			r.OccurredAt = time.UnixMicro(usec).UTC()
			if !yield(r, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(process.Record{}, fault(ctx, "read", err))
		}
	}
}
