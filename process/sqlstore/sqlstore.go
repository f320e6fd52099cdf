package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/samling-go/samling/process"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations
var migrations embed.FS

// Store is a [process.Store] in SQLite or PostgreSQL. It is safe for
// concurrent use; close it when done.
type Store struct {
	db *sql.DB
	d  *dialect
	// file is the SQLite file, opened the file it was at Open ("" for
	// PostgreSQL and in-memory SQLite): see checkFile.
	file   string
	opened os.FileInfo
	// The rest is for subscriptions (subscription.go).
	wake wakeup
	pg   *pgListener // nil for SQLite
	poll time.Duration
	// What makes a PostgreSQL append one statement (append.go); pointers,
	// so that a Store stays comparable.
	heads      *headCache
	statements *sync.Map // statementShape → the query's text
}

var (
	_ process.Store        = (*Store)(nil)
	_ process.Verifier     = (*Store)(nil)
	_ process.Snapshotter  = (*Store)(nil)
	_ process.Indexer      = (*Store)(nil)
	_ process.Checkpointer = (*Store)(nil)
	_ process.Notifier     = (*Store)(nil)
)

// ErrUnsupported is returned by [Open] for a data source it cannot use.
var ErrUnsupported = errors.New("sqlstore: unsupported data source")

// BusyTimeout is how long a SQLite writer waits for the write lock before
// it gives up with an error.
const BusyTimeout = 30 * time.Second

// dialect is what differs between the databases.
type dialect struct {
	name   string
	driver string
	// lock serialises migrations (PostgreSQL).
	lock string
	// placeholder returns the n-th (from 1) query parameter.
	placeholder func(n int) string
}

var (
	sqliteDialect = &dialect{
		name: "sqlite", driver: "sqlite",
		placeholder: func(int) string { return "?" },
	}
	postgresDialect = &dialect{
		name: "postgres", driver: "pgx",
		// 0x73616d6c696e67 is "samling": one lock for migrations. Appends
		// take none: those to different streams run concurrently (their
		// positions are transaction IDs, see read.go), and those to one
		// stream meet at its unique version (Store.head).
		lock:        "SELECT pg_advisory_xact_lock(32496501386587751)",
		placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
	}
)

// Open opens the store at dsn and brings its schema up to date. A dsn that
// starts with postgres:// or postgresql:// is a PostgreSQL connection URL;
// anything else is the path of a SQLite file, created if missing, taken
// as it is (a ? or # in it is part of the name), or a "file:" URI (the
// store sets its own pragmas). Open checks the
// connection before it returns.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenWith(ctx, dsn, nil)
}

// Options tune a store. Nil means the defaults; so does each zero field.
type Options struct {
	// Schema, on PostgreSQL, is the schema the store keeps its tables in:
	// one schema per tenant. The store creates it if missing and sets the
	// search_path of every connection it opens to it alone, so a tenant's
	// store sees none of another's events, index or checkpoints. A lower
	// case SQL identifier of at most 48 bytes ([a-z_][a-z0-9_]*). Default:
	// the connection's own search_path (normally "public"). On SQLite,
	// where a tenant is a file of its own, it must be empty.
	Schema string
	// PollInterval is how often a waiting subscription looks for events
	// appended by other programs without a notification: SQLite has none
	// (default 200 ms; appends through the same Store wake it at once);
	// PostgreSQL is woken by LISTEN/NOTIFY and polls only as a safety net
	// (default 5 s).
	PollInterval time.Duration
}

// ErrInvalidOptions is returned by [OpenWith] for options it cannot use.
// It is process.ErrInvalidOptions, so that one errors.Is matches an
// invalid option of the engine, a subscription or a store.
var ErrInvalidOptions = process.ErrInvalidOptions

// schemaName is what Options.Schema may be.
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,47}$`)

// OpenWith is [Open] with options.
func OpenWith(ctx context.Context, dsn string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var (
		d      *dialect
		source string
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, source = postgresDialect, dsn
	case dsn == "" || strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("%w: %q is neither a postgres:// URL nor a SQLite file", ErrUnsupported, dsn)
	default:
		d, source = sqliteDialect, sqliteSource(dsn)
	}
	var errs []error
	if o.PollInterval < 0 {
		errs = append(errs, fmt.Errorf("%w: PollInterval is negative (%v)", ErrInvalidOptions, o.PollInterval))
	}
	switch {
	case o.Schema != "" && d == sqliteDialect:
		errs = append(errs, fmt.Errorf("%w: SQLite has no schemas; give each tenant a file of its own", ErrInvalidOptions))
	case o.Schema != "" && !schemaName.MatchString(o.Schema):
		errs = append(errs, fmt.Errorf("%w: schema %q is not a lower-case SQL identifier of at most 48 bytes", ErrInvalidOptions, o.Schema))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s := &Store{d: d, poll: o.PollInterval, heads: &headCache{}, statements: &sync.Map{}}
	if d == postgresDialect {
		cfg, err := pgx.ParseConfig(source)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: open %s: %w", d.name, err)
		}
		if o.Schema != "" {
			cfg.RuntimeParams["search_path"] = o.Schema
		}
		s.db = stdlib.OpenDB(*cfg)
		s.pg = newListener(cfg, o.Schema)
		if s.poll == 0 {
			s.poll = 5 * time.Second
		}
	} else {
		db, err := sql.Open(d.driver, source)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: open %s: %w", d.name, err)
		}
		s.db = db
		if s.poll == 0 {
			s.poll = 200 * time.Millisecond
		}
	}
	if o.Schema != "" {
		if _, err := s.db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+o.Schema); err != nil {
			s.db.Close()
			return nil, fault(ctx, "open", fmt.Errorf("create schema %s: %w", o.Schema, err))
		}
	}
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		return nil, fault(ctx, "open", err)
	}
	if s.d == sqliteDialect {
		if err := s.recordFile(dsn); err != nil {
			s.db.Close()
			return nil, err
		}
	}
	return s, nil
}

// uriPath escapes what SQLite reads in a file: URI as other than a path.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// sqliteSource returns the driver's data source for a SQLite file: WAL
// mode, synchronous=FULL, foreign keys on, writers in BEGIN IMMEDIATE with
// a busy timeout.
func sqliteSource(file string) string {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if !strings.HasPrefix(file, "file:") {
		// A path, as it is: escaped where a URI would read it otherwise.
		file = "file:" + uriPath.Replace(file)
	}
	sep := "?"
	if strings.Contains(file, "?") {
		sep = "&"
	}
	return file + sep + q.Encode()
}

// DB returns the database handle, with the connection settings the store
// uses, for inspection and for hosts that keep their own tables beside the
// store's. Writing to the samling_ tables through it bypasses the store's
// checks (the database's constraints still hold, and Verify still sees any
// change).
func (s *Store) DB() *sql.DB { return s.db }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name }

// Close closes the database and stops the store's listener for
// subscriptions. Reads and subscriptions still running fail.
func (s *Store) Close() error {
	if s.pg != nil {
		s.pg.stop()
	}
	return s.db.Close()
}

// migrate applies, in one transaction, every migration of the dialect that
// the database has not recorded yet. Concurrent Opens wait for each other.
func (s *Store) migrate(ctx context.Context) error {
	dir := path.Join("migrations", s.d.name)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("sqlstore: migrations: %w", err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate %s: %w", s.d.name, err)
	}
	defer tx.Rollback()
	if s.d.lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS samling_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	var applied int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM samling_schema`).Scan(&applied); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("sqlstore: migration %s has no number", e.Name())
		}
		if n <= applied {
			continue
		}
		body, err := fs.ReadFile(migrations, path.Join(dir, e.Name()))
		if err != nil {
			return fmt.Errorf("sqlstore: migration %s: %w", e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("sqlstore: migration %s: %w", e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO samling_schema (version, name) VALUES (?, ?)`), n, e.Name()); err != nil {
			return fmt.Errorf("sqlstore: migration %s: %w", e.Name(), err)
		}
		if n == indexMigration {
			if err := s.rebuildIndex(ctx, tx); err != nil {
				return fmt.Errorf("sqlstore: migration %s: index the stored processes: %w", e.Name(), err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

// rebind turns the ? placeholders of a query into the dialect's.
func (s *Store) rebind(q string) string { return Rebind(s.d.name, q) }

// Rebind turns the ? placeholders of query into those of the dialect
// named as [Store.Dialect] names it: SQLite keeps them, PostgreSQL numbers
// them $1, $2, …. For a host, or a read model, writing its own SQL against
// the store's database in either dialect.
func Rebind(dialect, query string) string {
	if dialect != postgresDialect.name {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString(postgresDialect.placeholder(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// constraint names the constraint a database error violated, or "" for an
// error that is no constraint violation.
func constraint(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) && strings.HasPrefix(pg.Code, "23") {
		return pg.ConstraintName
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) && lite.Code()&0xff == sqlite3.SQLITE_CONSTRAINT {
		msg := lite.Error()
		switch {
		case strings.Contains(msg, "samling_events.id"):
			return "samling_events_id"
		case strings.Contains(msg, "samling_events.process, samling_events.version"):
			return "samling_events_stream"
		case lite.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return "samling_events_previous"
		case strings.Contains(msg, "samling_events_contiguous"):
			return "samling_events_contiguous"
		}
		return "unknown"
	}
	return ""
}
