package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// indexMigration is the migration that creates samling_processes; the
// store fills it from the stored events in the same transaction.
const indexMigration = 2

const indexColumns = `process, name, template, template_sv, template_en, phase, cycle, version, started_at, changed_at`

// updateIndex brings the index entry of process id up to date with an
// append, inside the append's transaction. entry is the batch applied to
// no entry, which Append computed already: for a new stream, the entry
// whole. The common append, which neither starts a process nor changes
// its phase, updates two columns.
func (s *Store) updateIndex(ctx context.Context, tx *sql.Tx, id model.ProcessID, expected uint64, records []process.Record, entry process.IndexEntry) error {
	if expected == 0 {
		return s.putEntry(ctx, tx, entry)
	}
	last := records[len(records)-1]
	version := int64(expected) + int64(len(records))
	if !process.IndexChanges(records) {
		res, err := tx.ExecContext(ctx, s.rebind(`UPDATE samling_processes SET version = ?, changed_at = ? WHERE process = ?`),
			version, last.OccurredAt.UnixMicro(), id.String())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		// No entry (a stream written around the store): build it whole.
	}
	prev, err := scanEntry(tx.QueryRowContext(ctx, s.rebind(`SELECT `+indexColumns+` FROM samling_processes WHERE process = ?`), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		var usec int64
		err = tx.QueryRowContext(ctx, s.rebind(`SELECT `+streamStarted), id.String()).Scan(&usec)
		prev.Started = time.UnixMicro(usec).UTC()
	}
	if err != nil {
		return err
	}
	e, err := prev.Apply(id, expected, records)
	if err != nil {
		return err
	}
	return s.putEntry(ctx, tx, e)
}

// streamStarted is the time of the first stored event of a stream (?):
// the Started of an entry built for a stream that has none.
const streamStarted = `(SELECT occurred_at FROM samling_events WHERE process = ? AND version = 1)`

// putEntry writes an index entry whole.
func (s *Store) putEntry(ctx context.Context, tx *sql.Tx, e process.IndexEntry) error {
	_, err := tx.ExecContext(ctx, s.rebind(upsertEntry), entryArgs(e)...)
	return err
}

// upsertEntry writes a whole index entry, replacing the one there; its
// arguments are entryArgs'.
const upsertEntry = `INSERT INTO samling_processes (` + indexColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (process) DO UPDATE SET name = excluded.name, template = excluded.template, template_sv = excluded.template_sv,
	template_en = excluded.template_en, phase = excluded.phase, cycle = excluded.cycle, version = excluded.version,
	started_at = excluded.started_at, changed_at = excluded.changed_at`

// entryArgs are an entry's values in indexColumns' order.
func entryArgs(e process.IndexEntry) []any {
	return []any{e.Process.String(), e.Name, e.Template, e.TemplateName.SV, e.TemplateName.EN, string(e.Phase), int64(e.Cycle),
		bound(e.Version), e.Started.UnixMicro(), e.Changed.UnixMicro()}
}

// rebuildIndex fills samling_processes from the stored events, for a
// database that held events before the index existed. A stored
// process-started or phase-changed record that does not decode counts
// only for the version and the time, as the engine will refuse to load
// that stream anyway.
func (s *Store) rebuildIndex(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT process, version, type, occurred_at, data FROM samling_events ORDER BY process, version`)
	if err != nil {
		return err
	}
	entries := map[model.ProcessID]process.IndexEntry{}
	for rows.Next() {
		var (
			proc          string
			version, usec int64
			r             process.Record
		)
		if err := rows.Scan(&proc, &version, &r.Type, &usec, &r.Data); err != nil {
			rows.Close()
			return err
		}
		id, err := model.ParseID[model.Process](proc)
		if err != nil {
			rows.Close()
			return fmt.Errorf("%w: stored process ID %q", process.ErrCorrupt, proc)
		}
		r.Process, r.Version, r.OccurredAt = id, uint64(version), time.UnixMicro(usec).UTC()
		prev := entries[id]
		e, err := prev.Apply(id, r.Version-1, []process.Record{r})
		if err != nil {
			r.Type = "undecodable"
			e, _ = prev.Apply(id, r.Version-1, []process.Record{r})
		}
		entries[id] = e
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range entries {
		if err := s.putEntry(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

func scanEntry(row interface{ Scan(...any) error }) (process.IndexEntry, error) {
	var (
		e                                  process.IndexEntry
		proc, ph                           string
		cycle, version, started, changedAt int64
	)
	if err := row.Scan(&proc, &e.Name, &e.Template, &e.TemplateName.SV, &e.TemplateName.EN, &ph, &cycle, &version, &started, &changedAt); err != nil {
		return e, err
	}
	id, err := model.ParseID[model.Process](proc)
	if err != nil {
		return e, fmt.Errorf("%w: index entry of process %q", process.ErrCorrupt, proc)
	}
	e.Process, e.Phase, e.Cycle, e.Version = id, phase.PhaseID(ph), int(cycle), uint64(version)
	e.Started, e.Changed = time.UnixMicro(started).UTC(), time.UnixMicro(changedAt).UTC()
	return e, nil
}

// ListProcesses implements [process.Indexer]: one indexed query per page,
// whatever the number of events.
func (s *Store) ListProcesses(ctx context.Context, q process.IndexQuery) (process.IndexPage, error) {
	limit, err := q.PageSize()
	if err != nil {
		return process.IndexPage{}, err
	}
	after, paging, err := q.AfterKey()
	if err != nil {
		return process.IndexPage{}, err
	}
	query := `SELECT ` + indexColumns + ` FROM samling_processes WHERE 1 = 1`
	var args []any
	if q.Phase != "" {
		query += ` AND phase = ?`
		args = append(args, string(q.Phase))
	}
	if !q.ChangedSince.IsZero() {
		query += ` AND changed_at >= ?`
		args = append(args, q.ChangedSince.UnixMicro())
	}
	column, cmp, dir := "changed_at", "<", "DESC"
	if q.Order == process.ByStarted {
		column, cmp, dir = "started_at", ">", "ASC"
	}
	if paging {
		query += ` AND (` + column + `, process) ` + cmp + ` (?, ?)`
		args = append(args, after.At.UnixMicro(), after.Process.String())
	}
	query += ` ORDER BY ` + column + ` ` + dir + `, process ` + dir + ` LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return process.IndexPage{}, fault(ctx, "list processes", err)
	}
	defer rows.Close()
	var page process.IndexPage
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return process.IndexPage{}, fault(ctx, "list processes", err)
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return process.IndexPage{}, fault(ctx, "list processes", err)
	}
	if len(page.Entries) > limit {
		page.Entries = page.Entries[:limit]
		page.Next = page.Entries[limit-1].Key(q.Order).Cursor(q.Order)
	}
	return page, nil
}

// LookupProcess implements [process.Indexer].
func (s *Store) LookupProcess(ctx context.Context, id model.ProcessID) (process.IndexEntry, error) {
	e, err := scanEntry(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+indexColumns+` FROM samling_processes WHERE process = ?`), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return process.IndexEntry{}, fmt.Errorf("%w: process %s", process.ErrNotFound, id)
	}
	return e, fault(ctx, "lookup process", err)
}
