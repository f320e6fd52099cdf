package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
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
// INSERT, one statement, which checks the head itself when the store
// remembers it: docs/storage.md). The database's constraints back every
// check.
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
	// Refuse a batch the index cannot read before writing anything. For a
	// new stream this is its entry.
	entry, err := (process.IndexEntry{}).Apply(id, expected, records)
	if err != nil {
		return err
	}
	var head []byte // the hash of the last record, once appended
	if s.d == postgresDialect && len(records) <= rowsPerInsert && (expected == 0 || !process.IndexChanges(records)) {
		err = s.appendStatement(ctx, id, expected, records, entry, true)
	} else {
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			version, prev, err := s.head(ctx, tx, id)
			if err != nil {
				return err
			}
			if version != expected {
				return s.mismatch(ctx, tx, id, expected, version, records)
			}
			last, err := s.insert(ctx, tx, id, expected, prev, records)
			if err != nil {
				return err
			}
			if err := s.updateIndex(ctx, tx, id, expected, records, entry); err != nil {
				return err
			}
			head = last
			return nil
		})
		switch {
		case s.d != postgresDialect:
		case err != nil:
			s.heads.drop(id)
		case head != nil: // nil for a recognised retry, which wrote nothing
			s.heads.put(id, expected+uint64(len(records)), head)
		}
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
// INSERT and whose index entry needs no reading: one statement that
// inserts the events and writes the index entry, atomic on its own. The
// hash it chains from is none for a new stream; with remembered, for a
// stream this store appended to last, the one it remembers (headCache);
// otherwise the stored head's, read first. The statement checks a
// remembered hash itself (insertText's guard): if the event at expected
// no longer has it, the append is tried again from the stored head. An
// append to the same stream that commits in between makes the insert
// collide with the stream's unique version: a conflict (Append). entry is
// a new stream's index entry.
func (s *Store) appendStatement(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record, entry process.IndexEntry, remembered bool) error {
	var prev []byte
	guarded := false
	if expected > 0 {
		if remembered {
			prev, guarded = s.heads.get(id, expected)
		}
		if !guarded {
			version, head, err := s.head(ctx, s.db, id)
			if err != nil {
				return err
			}
			if version != expected {
				return s.mismatch(ctx, s.db, id, expected, version, records)
			}
			prev = head
		}
	}
	args, last := insertArgs(make([]any, 0, 8*len(records)+11), id, expected, prev, 0, records, guarded)
	if expected == 0 {
		args = append(args, entryArgs(entry)...)
	} else {
		at := records[len(records)-1].OccurredAt.UnixMicro()
		stream, version := id.String(), int64(expected)+int64(len(records))
		args = append(args, version, at, stream, stream, version, stream, at, at)
	}
	rows, err := s.db.QueryContext(ctx, s.statement(len(records), expected == 0, guarded), args...)
	if err == nil {
		err = positions(rows, expected, records)
	}
	if err != nil {
		s.heads.drop(id)
		if guarded && constraint(err) == "samling_events_contiguous" {
			return s.appendStatement(ctx, id, expected, records, entry, false) // from the head as stored
		}
		return err
	}
	s.heads.put(id, expected+uint64(len(records)), last)
	return nil
}

// statementShape is what the text of appendStatement's query depends on.
type statementShape struct {
	records int
	first   bool // the stream's first append: the index entry whole
	guarded bool // chained from a remembered head
}

// cachedStatementRecords is the largest batch whose statement text is
// kept once built: the common appends are small, and each text is kept
// once per store.
const cachedStatementRecords = 16

// statement returns the text of appendStatement's query for its shape,
// with PostgreSQL's placeholders.
func (s *Store) statement(records int, first, guarded bool) string {
	shape := statementShape{records, first, guarded}
	if q, ok := s.statements.Load(shape); ok {
		return q.(string)
	}
	index := upsertEntry
	if !first {
		// The common append updates two columns. A stream without an
		// entry (written around the store) gets one with what this append
		// knows, started with its first event, as updateIndex builds it:
		// the probe of its version 1 runs only then. COALESCE, for a
		// remembered head of a stream that is gone: that append must fail
		// on contiguity, which appendStatement retries, not on NOT NULL.
		index = `UPDATE samling_processes SET version = ?, changed_at = ? WHERE process = ? RETURNING 1), created AS (
			INSERT INTO samling_processes (` + indexColumns + `) SELECT ?, '', '', '', '', '', 0, ?::bigint, COALESCE(` + streamStarted + `, ?::bigint), ?::bigint
			WHERE NOT EXISTS (SELECT FROM indexed)`
	}
	q := s.rebind(`WITH appended AS (` + insertText(true, 0, records, guarded) + ` RETURNING version, position), indexed AS (` + index + `) SELECT version, position FROM appended`)
	if records <= cachedStatementRecords {
		s.statements.Store(shape, q)
	}
	return q
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
// no hash for a stream not yet written. It takes no lock: in an append's
// transaction on SQLite the writer holds the database's; on PostgreSQL two
// appends to one stream may read the same head, and the second insert
// then collides with the stream's unique version and is refused as a
// conflict.
func (s *Store) head(ctx context.Context, q querier, id model.ProcessID) (uint64, []byte, error) {
	var version int64
	var hash []byte
	err := q.QueryRowContext(ctx, s.rebind(`SELECT version, hash FROM samling_events WHERE process = ? ORDER BY version DESC LIMIT 1`), id.String()).Scan(&version, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, nil
	}
	return uint64(version), hash, err
}

// insert writes the records as versions expected+1, … of the stream, each
// hash chained to the one before, starting from prev, and returns the last
// record's hash.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, id model.ProcessID, expected uint64, prev []byte, records []process.Record) ([]byte, error) {
	pg := s.d == postgresDialect
	for start := 0; start < len(records); start += rowsPerInsert {
		chunk := records[start:min(start+rowsPerInsert, len(records))]
		var args []any
		args, prev = insertArgs(make([]any, 0, 8*len(chunk)), id, expected, prev, start, chunk, false)
		rows, err := tx.QueryContext(ctx, s.rebind(insertText(pg, start, len(chunk), false)+` RETURNING version, position`), args...)
		if err != nil {
			return nil, err
		}
		if err := positions(rows, expected, records); err != nil {
			return nil, err
		}
	}
	return prev, nil
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

// insertText returns the INSERT of n records, the records start… of a
// batch, with ? placeholders for insertArgs' arguments. On PostgreSQL
// each record's position is the transaction's ID and the record's place in
// it (read.go). guarded, for a batch chained from a remembered head, reads
// the first record's previous version back from the stream, where its
// event has the hash the batch was chained from: NULL otherwise, which the
// check constraint on contiguity refuses.
func insertText(pg bool, start, n int, guarded bool) string {
	var q strings.Builder
	if pg {
		q.WriteString(`INSERT INTO samling_events (position, id, process, version, prev_version, type, occurred_at, data, hash) VALUES `)
	} else {
		q.WriteString(`INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES `)
	}
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		if pg {
			q.WriteString("(pg_current_xact_id()::text::bigint << " + strconv.Itoa(placeBits) + ") | " + strconv.Itoa(start+i) + ", ")
		}
		q.WriteString("?, ?, ?, ")
		if guarded && i == 0 {
			q.WriteString("(SELECT version FROM samling_events WHERE process = ? AND version = ? AND hash = ?)")
		} else {
			q.WriteString("?")
		}
		q.WriteString(", ?, ?, ?, ?)")
	}
	return q.String()
}

// insertArgs appends to args the arguments of insertText for chunk, the
// records start… of a batch appended at expected to stream id, chained
// from prev, and returns them and the last record's hash.
func insertArgs(args []any, id model.ProcessID, expected uint64, prev []byte, start int, chunk []process.Record, guarded bool) ([]any, []byte) {
	stream := id.String()
	for i, r := range chunk {
		r.Process = id
		r.Version = expected + uint64(start+i) + 1
		var prevVersion any // NULL for the first event of a stream
		if r.Version > 1 {
			prevVersion = int64(r.Version - 1)
		}
		hash := process.ChainHash(prev, r)
		args = append(args, r.ID.String(), stream, int64(r.Version))
		if guarded && i == 0 {
			args = append(args, stream, prevVersion, prev)
		} else {
			args = append(args, prevVersion)
		}
		args = append(args, r.Type, r.OccurredAt.UnixMicro(), r.Data, hash)
		prev = hash
	}
	return args, prev
}
