package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// rowsPerInsert is how many events one INSERT statement carries: 9
// parameters each stays far below SQLite's limit of 32766.
const rowsPerInsert = 500

// Append implements [process.Store]: read the stream's head, tell a retry
// from a conflict when the head is not the expected version, chain the
// hashes, insert the batch and update its process's index entry, all or
// nothing (one transaction; on PostgreSQL, for a batch that fits one
// INSERT, one statement). The database's constraints back every check.
// On PostgreSQL a batch holds at most 2^20 records (ErrInvalidRecord).
//
// A SQLite store first checks that its file is still the one it opened,
// and refuses with process.ErrUnavailable if it was removed or replaced.
// Failures of the database come back as a [*process.StorageError].
func (s *Store) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	if err := s.checkFile("append"); err != nil {
		return err
	}
	return fault(ctx, "append", s.appendRecords(ctx, id, expected, records))
}

// appendRecords is Append, with the database's errors as they come.
func (s *Store) appendRecords(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(records) == 0 {
		return nil
	}
	if err := process.CheckBatch(records); err != nil {
		return err
	}
	if s.d == postgresDialect && len(records) > maxPlaces {
		return fmt.Errorf("%w: %d records in one append, at most %d on PostgreSQL", process.ErrInvalidRecord, len(records), maxPlaces)
	}
	// Refuse a batch the index cannot read before writing anything.
	if _, err := (process.IndexEntry{}).Apply(id, expected, records); err != nil {
		return err
	}
	var err error
	if s.d == postgresDialect && len(records) <= rowsPerInsert && (expected == 0 || !process.IndexChanges(records)) {
		err = s.appendStatement(ctx, id, expected, records)
	} else {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			version, prev, err := s.lockedHead(ctx, tx, id)
			if err != nil {
				return err
			}
			if version != expected {
				return s.mismatch(ctx, tx, id, expected, version, records)
			}
			if err := s.insert(ctx, tx, id, expected, prev, records); err != nil {
				return err
			}
			return s.updateIndex(ctx, tx, id, expected, records)
		})
	}
	if err == nil {
		s.appended()
		return nil
	}
	violated := constraint(err)
	if violated == "" {
		return err
	}
	// A constraint refused the batch: look again, outside the failed
	// transaction, to tell a retry that raced its own original (nothing
	// to do) from a duplicate and from a conflict.
	stored, serr := s.storedAt(ctx, s.db, records)
	if serr == nil {
		if retry, rerr := process.CheckRetry(id, expected, records, stored); retry || rerr != nil {
			return rerr
		}
	}
	if violated == "samling_events_id" {
		return fmt.Errorf("%w: %v", process.ErrDuplicateEvent, err)
	}
	// The stream's unique version, its contiguity, or its previous event.
	actual, _, herr := s.head(ctx, s.db, id)
	if herr != nil {
		return fmt.Errorf("%w: %v", process.ErrConflict, err)
	}
	return &process.ConflictError{Process: id, Expected: expected, Actual: actual}
}

// mismatch tells, for an append that finds the stream at version and not
// at expected, a retry of an acknowledged append (nil) from a duplicate
// and from a conflict. A retry finds the stream past expected: its IDs
// are looked up only then. When the stream is at expected, no record can
// be stored at the versions the batch would get, and the unique
// constraint on the ID refuses any other reuse (ErrDuplicateEvent, in
// Append).
func (s *Store) mismatch(ctx context.Context, q querier, id model.ProcessID, expected, version uint64, records []process.Record) error {
	stored, err := s.storedAt(ctx, q, records)
	if err != nil {
		return err
	}
	if retry, err := process.CheckRetry(id, expected, records, stored); retry || err != nil {
		return err
	}
	return &process.ConflictError{Process: id, Expected: expected, Actual: version}
}

// appendStatement is the PostgreSQL append of a batch that fits one
// INSERT and whose index entry needs no reading: the head, then one
// statement that inserts the events and writes the index entry, atomic
// on its own. Two round trips and no transaction to begin, so concurrent
// appends cost about what raw inserts do. The head comes from outside the
// statement: an append to the same stream that commits in between makes
// the insert collide with the stream's unique version, a conflict.
func (s *Store) appendStatement(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	version, prev, err := s.head(ctx, s.db, id)
	if err != nil {
		return err
	}
	if version != expected {
		return s.mismatch(ctx, s.db, id, expected, version, records)
	}
	insert, args := s.insertSQL(id, expected, prev, 0, records)
	last := records[len(records)-1].OccurredAt.UnixMicro()
	var index string
	if expected == 0 {
		e, err := (process.IndexEntry{}).Apply(id, 0, records)
		if err != nil {
			return err
		}
		index = upsertEntry
		args = append(args, entryArgs(e)...)
	} else {
		// A stream without an entry (written around the store) gets one
		// with what this append knows.
		index = `INSERT INTO samling_processes (` + indexColumns + `) VALUES (?, '', '', '', '', '', 0, ?, ?, ?)
			ON CONFLICT (process) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at`
		args = append(args, id.String(), int64(expected)+int64(len(records)), last, last)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`WITH appended AS (`+insert+` RETURNING version, position), indexed AS (`+index+`) SELECT version, position FROM appended`), args...)
	if err != nil {
		return err
	}
	return positions(rows, expected, records)
}

// inTx runs fn in a transaction and commits it if fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// storedAt looks up where the store holds any of the records' IDs.
func (s *Store) storedAt(ctx context.Context, q querier, records []process.Record) (map[process.EventID]process.StoredAt, error) {
	stored := map[process.EventID]process.StoredAt{}
	for start := 0; start < len(records); start += rowsPerInsert {
		chunk := records[start:min(start+rowsPerInsert, len(records))]
		args := make([]any, len(chunk))
		for i, r := range chunk {
			args[i] = r.ID.String()
		}
		rows, err := q.QueryContext(ctx, s.rebind(`SELECT id, process, version FROM samling_events WHERE id IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+`)`), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, proc string
			var version int64
			if err := rows.Scan(&id, &proc, &version); err != nil {
				rows.Close()
				return nil, err
			}
			eid, err1 := model.ParseID[process.Event](id)
			pid, err2 := model.ParseID[model.Process](proc)
			if err := errors.Join(err1, err2); err != nil {
				rows.Close()
				return nil, fmt.Errorf("%w: stored event %q: %v", process.ErrCorrupt, id, err)
			}
			stored[eid] = process.StoredAt{Process: pid, Version: uint64(version)}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return stored, nil
}

// head returns the version and hash of the last event of the stream; 0 and
// no hash for a stream not yet written.
func (s *Store) head(ctx context.Context, q querier, id model.ProcessID) (uint64, []byte, error) {
	return scanHead(q.QueryRowContext(ctx, s.rebind(`SELECT version, hash FROM samling_events WHERE process = ? ORDER BY version DESC LIMIT 1`), id.String()))
}

// lockedHead is head inside an append.
func (s *Store) lockedHead(ctx context.Context, tx *sql.Tx, id model.ProcessID) (uint64, []byte, error) {
	return scanHead(tx.QueryRowContext(ctx, s.d.head, id.String()))
}

func scanHead(row *sql.Row) (uint64, []byte, error) {
	var version sql.NullInt64
	var hash []byte
	err := row.Scan(&version, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil, nil
	case err != nil:
		return 0, nil, err
	}
	return uint64(version.Int64), hash, nil
}

// insert writes the records as versions expected+1, … of the stream, each
// hash chained to the one before, starting from prev.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, id model.ProcessID, expected uint64, prev []byte, records []process.Record) error {
	for start := 0; start < len(records); start += rowsPerInsert {
		chunk := records[start:min(start+rowsPerInsert, len(records))]
		q, args := s.insertSQL(id, expected, prev, start, chunk)
		rows, err := tx.QueryContext(ctx, s.rebind(q+` RETURNING version, position`), args...)
		if err != nil {
			return err
		}
		if err := positions(rows, expected, records); err != nil {
			return err
		}
		prev = args[len(args)-1].([]byte)
	}
	return nil
}

// positions reads the (version, position) rows an INSERT returned into the
// records of a batch appended at expected, so the caller learns where each
// went.
func positions(rows *sql.Rows, expected uint64, records []process.Record) error {
	defer rows.Close()
	for rows.Next() {
		var version, position int64
		if err := rows.Scan(&version, &position); err != nil {
			return err
		}
		if i := uint64(version) - expected - 1; version > int64(expected) && i < uint64(len(records)) {
			records[i].Version, records[i].Position = uint64(version), uint64(position)
		}
	}
	return rows.Err()
}

// insertSQL returns the INSERT of chunk, the records start… of a batch
// appended at expected, and its arguments, the last of them the last
// record's hash. The query has ? placeholders.
func (s *Store) insertSQL(id model.ProcessID, expected uint64, prev []byte, start int, chunk []process.Record) (string, []any) {
	const columns = 8
	var q strings.Builder
	pg := s.d == postgresDialect
	if pg {
		// The position: this transaction's ID and the event's place in it (read.go).
		q.WriteString(`INSERT INTO samling_events (position, id, process, version, prev_version, type, occurred_at, data, hash) VALUES `)
	} else {
		q.WriteString(`INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES `)
	}
	args := make([]any, 0, columns*len(chunk)+10)
	for i, r := range chunk {
		if i > 0 {
			q.WriteString(", ")
		}
		if pg {
			fmt.Fprintf(&q, "((pg_current_xact_id()::text::bigint << %d) | %d, ?, ?, ?, ?, ?, ?, ?, ?)", placeBits, start+i)
		} else {
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
		}
		r.Process = id
		r.Version = expected + uint64(start+i) + 1
		var prevVersion any // NULL for the first event of a stream
		if r.Version > 1 {
			prevVersion = int64(r.Version - 1)
		}
		hash := process.ChainHash(prev, r)
		args = append(args, r.ID.String(), id.String(), int64(r.Version), prevVersion, r.Type, r.OccurredAt.UnixMicro(), r.Data, hash)
		prev = hash
	}
	return q.String(), args
}
