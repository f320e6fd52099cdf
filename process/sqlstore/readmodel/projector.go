package readmodel

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
)

// SchemaVersion is the version of the tables this release writes. A read
// model written by a release with another version is dropped and built
// again from the events when it is opened: read models are disposable.
const SchemaVersion = 1

// DefaultPrefix is the prefix of the read model's table names when
// Options.Prefix is empty: report_processes, report_measures, ….
const DefaultPrefix = "report_"

// ErrInvalidOptions is returned by New for options it cannot use. It is
// process.ErrInvalidOptions, as sqlstore's is.
var ErrInvalidOptions = process.ErrInvalidOptions

// Options tune a read model. Nil means the defaults; so does each zero
// field.
type Options struct {
	// Prefix starts the name of every table, so that several read models
	// (or a host's own tables) can share a database and schema: a lower
	// case SQL identifier of at most 30 bytes ([a-z_][a-z0-9_]*), such as
	// "report_" (the default) or "rm2_". It must not start with
	// "samling_", which names the store's own tables.
	Prefix string
	// Names is how persons appear, as in package export: OmitNames (the
	// default) keeps them by ID with no name, PseudonymiseNames puts a
	// stable pseudonym from Key in place of the ID, ShowNames adds the
	// name, except of persons with a protected identity or whose data
	// has been disposed of.
	Names export.NamePolicy
	// Key is the secret for pseudonyms; required with PseudonymiseNames.
	Key []byte
	// Engine folds the processes' events; nil means process.New(store,
	// nil). Pass the host's own when its templates name criteria of its
	// own. The engine keeps the state of every process it has folded in
	// memory, so the next batch costs only its new events.
	Engine *process.Engine
}

// Projector keeps a read model: relational tables, in the store's own
// database (and, on PostgreSQL, its schema), that say what the processes
// of the store hold now. It is a process.Consumer, with its checkpoint
// in its own table, so that Run can keep it current and Rebuild can start
// it again from nothing. A Projector is safe for concurrent use; two
// projectors with the same prefix on one database take turns.
type Projector struct {
	store   *sqlstore.Store
	db      *sql.DB
	dialect string
	prefix  string
	names   names
	engine  *process.Engine
}

var prefixPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,29}$`)

// New returns the projector of the read model with opts's prefix in
// store's database, creating its tables if they are missing, and
// dropping and recreating them empty if they were written with another
// SchemaVersion, name policy or key. It projects nothing yet: call
// CatchUp or Run.
func New(ctx context.Context, store *sqlstore.Store, opts *Options) (*Projector, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	var errs []error
	if store == nil {
		errs = append(errs, fmt.Errorf("%w: the store is nil", ErrInvalidOptions))
	}
	if !prefixPattern.MatchString(o.Prefix) {
		errs = append(errs, fmt.Errorf("%w: prefix %q is not a lower-case SQL identifier of at most 30 bytes", ErrInvalidOptions, o.Prefix))
	} else if strings.HasPrefix(o.Prefix, "samling_") {
		errs = append(errs, fmt.Errorf("%w: prefix %q would mix with the store's samling_ tables", ErrInvalidOptions, o.Prefix))
	}
	if o.Names > export.ShowNames {
		errs = append(errs, fmt.Errorf("%w: unknown name policy %d", ErrInvalidOptions, o.Names))
	}
	if o.Names == export.PseudonymiseNames && len(o.Key) == 0 {
		errs = append(errs, fmt.Errorf("%w: %w", ErrInvalidOptions, export.ErrNoKey))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p := &Projector{store: store, db: store.DB(), dialect: store.Dialect(), prefix: o.Prefix,
		names: names{policy: o.Names, key: slices.Clone(o.Key)}, engine: o.Engine}
	if p.engine == nil {
		e, err := process.New(store, nil)
		if err != nil {
			return nil, err
		}
		p.engine = e
	}
	if err := p.setup(ctx, false); err != nil {
		return nil, err
	}
	return p, nil
}

// Tables returns the names of the read model's tables, with the prefix,
// its checkpoint table last.
func (p *Projector) Tables() []string {
	out := make([]string, 0, len(tables)+1)
	for _, t := range tables {
		out = append(out, p.prefix+t.name)
	}
	return append(out, p.prefix+checkpointTable)
}

// Name is the subscription name Run uses: "readmodel:" and the prefix.
func (p *Projector) Name() string { return "readmodel:" + p.prefix }

// setup creates the tables, dropping them first when drop is set or when
// they hold another schema version.
func (p *Projector) setup(ctx context.Context, drop bool) error {
	return p.inTx(ctx, func(tx *sql.Tx) error {
		cp := quote(p.prefix + checkpointTable)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (id INTEGER PRIMARY KEY, position %s NOT NULL, schema_version INTEGER NOT NULL, settings TEXT NOT NULL, CHECK (id = 1))`,
			cp, integer.sql(p.dialect))); err != nil {
			return err
		}
		var schema int
		var settings string
		err := tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT schema_version, settings FROM %s WHERE id = 1`, cp)).Scan(&schema, &settings)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			drop = true // a new read model: nothing to keep, and stale tables of a half-dropped one go
		case err != nil:
			return err
		case schema != SchemaVersion, settings != p.settings():
			drop = true // written by another release, or under another name policy or key
		}
		if drop {
			for _, t := range tables {
				if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+quote(p.prefix+t.name)); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+cp); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, p.rebind(fmt.Sprintf(`INSERT INTO %s (id, position, schema_version, settings) VALUES (1, 0, ?, ?)`, cp)), SchemaVersion, p.settings()); err != nil {
				return err
			}
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, t.createSQL(p.prefix, p.dialect)); err != nil {
				return err
			}
		}
		return nil
	})
}

// settings says what, besides the events, the rows depend on: the name
// policy and (by a digest, never itself) the key of pseudonyms. Rows
// written under other settings are dropped and built again.
func (p *Projector) settings() string {
	sum := sha256.Sum256(p.names.key)
	return fmt.Sprintf("names=%d key=%x", p.names.policy, sum[:8])
}

// Rebuild drops every table of the read model and creates them empty,
// with the checkpoint at 0: the next CatchUp or Run replays every event
// of the store from the first. Run it while no Run of this read model is
// going, or that Run keeps its position and the tables stay half empty.
func (p *Projector) Rebuild(ctx context.Context) error { return p.setup(ctx, true) }

// Checkpoint implements process.Consumer: the position of the last event
// the read model holds.
func (p *Projector) Checkpoint(ctx context.Context) (uint64, error) {
	var pos int64
	if err := p.db.QueryRowContext(ctx, `SELECT position FROM `+quote(p.prefix+checkpointTable)+` WHERE id = 1`).Scan(&pos); err != nil {
		return 0, fmt.Errorf("readmodel: checkpoint: %w", err)
	}
	return uint64(pos), nil
}

// Handle implements process.Consumer: it rewrites the rows of every
// process with events in batch and moves the checkpoint to position, in
// one transaction. A process whose events do not fold (a stream damaged
// outside the library) fails the batch; Run retries it with backoff and
// reports each failure to SubscribeOptions.OnError, and writes nothing
// of it meanwhile.
func (p *Projector) Handle(ctx context.Context, batch []process.Event, position uint64) error {
	touched := make([]touch, 0, len(batch))
	for _, e := range batch {
		touched = append(touched, touch{e.Process, e.Version, e.OccurredAt})
	}
	return p.project(ctx, touched, position)
}

// Run keeps the read model current until ctx is done, as the subscription
// Name (see process.Consume, whose options it takes): it catches up from
// its checkpoint and then follows every append, woken as the store's
// subscriptions are. It returns ctx's error, or the error that ended it.
func (p *Projector) Run(ctx context.Context, opts *process.SubscribeOptions) error {
	return process.Consume(ctx, p.store, p.Name(), p, opts)
}

// CatchUp projects every event stored now beyond the checkpoint and
// returns the checkpoint it reached: for a report run on demand, a test,
// or a rebuild that should finish before the program goes on.
func (p *Projector) CatchUp(ctx context.Context) (uint64, error) {
	const batchSize = 500
	pos, err := p.Checkpoint(ctx)
	if err != nil {
		return 0, err
	}
	for {
		var batch []touch
		last := pos
		for r, err := range p.store.ReadAll(ctx, pos+1) {
			if err != nil {
				return pos, err
			}
			batch = append(batch, touch{r.Process, r.Version, r.OccurredAt})
			last = r.Position
			if len(batch) == batchSize {
				break
			}
		}
		if len(batch) == 0 {
			return pos, nil
		}
		if err := p.project(ctx, batch, last); err != nil {
			return pos, err
		}
		pos = last
	}
}

// touch is what the projector needs of an event: its process, version
// and time.
type touch struct {
	process model.ProcessID
	version uint64
	at      time.Time
}

// project brings the rows of each process in batch up to date and moves
// the checkpoint to position.
//
// Each process's state is loaded (its whole fold, from the engine's cache
// after the first time) before the transaction, since on SQLite the
// transaction holds the write lock. In the transaction the process's rows
// are rewritten unless they already hold that version or a later one (a
// rebuild loads the newest state at the first batch and skips the rest);
// a process's changed_at moves to its latest event's time either way.
func (p *Projector) project(ctx context.Context, batch []touch, position uint64) error {
	type seen struct {
		version uint64
		at      time.Time
	}
	var order []model.ProcessID
	latest := map[model.ProcessID]seen{}
	for _, t := range batch {
		s, ok := latest[t.process]
		if !ok {
			order = append(order, t.process)
		}
		latest[t.process] = seen{max(s.version, t.version), later(s.at, t.at)}
	}
	states := make(map[model.ProcessID]*process.State, len(order))
	for _, id := range order {
		s, err := p.engine.Load(ctx, id)
		if err != nil {
			return fmt.Errorf("readmodel: load process %s: %w", id, err)
		}
		states[id] = s
	}
	return p.inTx(ctx, func(tx *sql.Tx) error {
		cp := quote(p.prefix + checkpointTable)
		// The checkpoint's row lock makes projectors of one read model take turns.
		var at int64
		if err := tx.QueryRowContext(ctx, p.lockCheckpoint(cp)).Scan(&at); err != nil {
			return err
		}
		if uint64(at) >= position {
			return nil // another projector of this read model got here first
		}
		procs := quote(p.prefix + "processes")
		for _, id := range order {
			s := states[id]
			var stored int64
			var changed sql.NullString
			var changedAt time.Time
			err := tx.QueryRowContext(ctx, p.rebind(`SELECT version, `+p.textOf("changed_at")+` FROM `+procs+` WHERE process_id = ?`), id.String()).Scan(&stored, &changed)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				stored = 0
			case err != nil:
				return err
			case changed.Valid:
				changedAt, _ = time.Parse(time.RFC3339Nano, changed.String)
			}
			changedAt = later(changedAt, latest[id].at)
			if uint64(stored) >= s.Version() {
				if _, err := tx.ExecContext(ctx, p.rebind(`UPDATE `+procs+` SET changed_at = ? WHERE process_id = ?`), p.value(changedAt.UTC()), id.String()); err != nil {
					return err
				}
				continue
			}
			if err := p.rewrite(ctx, tx, id, derive(s, p.names, changedAt)); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, p.rebind(`UPDATE `+cp+` SET position = ? WHERE id = 1`), int64(position))
		return err
	})
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// maxRowArgs bounds the arguments of one INSERT (both databases allow
// more than 30 000).
const maxRowArgs = 4000

// rewrite deletes the rows of process id from every table and inserts r.
func (p *Projector) rewrite(ctx context.Context, tx *sql.Tx, id model.ProcessID, r rows) error {
	for _, t := range tables {
		if _, err := tx.ExecContext(ctx, p.rebind(`DELETE FROM `+quote(p.prefix+t.name)+` WHERE process_id = ?`), id.String()); err != nil {
			return err
		}
		all := r[t.name]
		per := max(1, maxRowArgs/len(t.columns))
		for len(all) > 0 {
			chunk := all[:min(per, len(all))]
			all = all[len(chunk):]
			args := make([]any, 0, len(chunk)*len(t.columns))
			for _, row := range chunk {
				if len(row) != len(t.columns) {
					return fmt.Errorf("readmodel: %s: a row of %d values for %d columns", t.name, len(row), len(t.columns))
				}
				for _, v := range row {
					args = append(args, p.value(v))
				}
			}
			if _, err := tx.ExecContext(ctx, t.insertSQL(p.prefix, p.dialect, len(chunk)), args...); err != nil {
				return fmt.Errorf("readmodel: write %s: %w", t.name, err)
			}
		}
	}
	return nil
}

// value converts a row value for the database: dates as 'YYYY-MM-DD',
// times as time.Time on PostgreSQL and RFC 3339 text in UTC on SQLite.
func (p *Projector) value(v any) any {
	switch v := v.(type) {
	case model.Date:
		return v.String()
	case time.Time:
		if p.dialect == "postgres" {
			return v
		}
		return v.UTC().Format("2006-01-02T15:04:05.000000Z")
	}
	return v
}

// textOf reads a time column as RFC 3339 text.
func (p *Projector) textOf(column string) string {
	if p.dialect == "postgres" {
		return `to_char(` + column + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
	}
	return column
}

// lockCheckpoint reads the checkpoint, locking its row on PostgreSQL (a
// SQLite transaction holds the database's write lock already).
func (p *Projector) lockCheckpoint(cp string) string {
	if p.dialect == "postgres" {
		return `SELECT position FROM ` + cp + ` WHERE id = 1 FOR UPDATE`
	}
	return `SELECT position FROM ` + cp + ` WHERE id = 1`
}

// rebind turns ? placeholders into the store's dialect's.
func (p *Projector) rebind(q string) string { return sqlstore.Rebind(p.dialect, q) }

// inTx runs f in a transaction (on SQLite an immediate one: the store
// opens its database so) and commits it if f succeeds.
func (p *Projector) inTx(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := p.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("readmodel: %w", err)
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("readmodel: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("readmodel: commit: %w", err)
	}
	return nil
}
