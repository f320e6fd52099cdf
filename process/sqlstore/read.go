package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"math"
	"strconv"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

const recordColumns = `position, id, process, version, type, occurred_at, data`

// ReadStream implements [process.Store].
func (s *Store) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	return s.records(ctx, `SELECT `+recordColumns+` FROM samling_events WHERE process = ? AND version >= ? ORDER BY version`, id.String(), bound(from))
}

// ReadAll implements [process.Store].
//
// On SQLite appends are serialised (one writer at a time), so no event
// with a lower position can commit after one with a higher position is
// visible.
//
// On PostgreSQL appends run concurrently, and a position is the appending
// transaction's ID (xid8) shifted left by [placeBits], plus the event's
// place in the transaction. The read stops below the oldest transaction
// still running when it starts (pg_snapshot_xmin of its snapshot, shifted
// the same way): every transaction below it has ended, so nothing can
// appear there later, while every append still in flight, or yet to
// begin, gets a higher position. A reader that follows the global order
// from the last position it saw therefore never skips a late commit. The
// price: an event becomes readable in the global order only once every
// transaction older than its own has ended, on the whole server (so a
// long transaction that has written anything, in any database of the
// server, holds the global order back while it runs; streams and the
// index are not affected).
//
// The read goes in pages, each a query of its own from where the last one
// ended: 128 records first, twice as many each page after, up to 8 192.
// A reader that stops early, as a subscription's batch does, has read
// little more than it took; a long read costs one query per page. Each
// page's bound is taken when the page is read; a later page's is never
// lower, so the guarantee holds across pages.
func (s *Store) ReadAll(ctx context.Context, from uint64) iter.Seq2[process.Record, error] {
	query := `SELECT ` + recordColumns + ` FROM samling_events WHERE position >= ? ORDER BY position LIMIT ?`
	if s.d == postgresDialect {
		query = `SELECT ` + recordColumns + ` FROM samling_events WHERE position >= ? AND position < ` + pgHorizon + ` ORDER BY position LIMIT ?`
	}
	return func(yield func(process.Record, error) bool) {
		for page := firstPage; ; page = min(2*page, lastPage) {
			n := 0
			for r, err := range s.records(ctx, query, bound(from), page) {
				if !yield(r, err) || err != nil {
					return
				}
				n, from = n+1, r.Position+1
			}
			if n < page {
				return
			}
		}
	}
}

// The sizes of ReadAll's pages: the first, and the most.
const (
	firstPage = 128
	lastPage  = 8192
)

// placeBits is how many low bits of a PostgreSQL position hold the event's
// place in its transaction; the bits above hold the transaction's ID. At
// most maxPlaces events fit in one append, and 2^43 transactions on one
// server before positions run out (centuries at a thousand a second).
const (
	placeBits = 20
	maxPlaces = 1 << placeBits
)

// pgHorizon is the lowest position a PostgreSQL transaction still running
// (or one yet to begin) can write: the first position of the oldest one.
var pgHorizon = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ` + strconv.Itoa(placeBits) + `)`

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
