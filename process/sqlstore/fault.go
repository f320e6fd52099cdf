package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/samling-go/samling/process"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// fault is what the store returns for err, an error of operation op:
// the contract's own errors as they are, the context's error when ctx is
// done (whatever the driver made of it, such as "transaction has already
// been committed or rolled back"), and anything else as a
// [*process.StorageError] with the fault classify finds.
func fault(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var se *process.StorageError
	if errors.As(err, &se) {
		return err
	}
	for _, contract := range []error{process.ErrConflict, process.ErrDuplicateEvent, process.ErrInvalidRecord,
		process.ErrCorrupt, process.ErrNotFound, process.ErrTampered, process.ErrInvalidQuery, process.ErrInvalidOptions} {
		if errors.Is(err, contract) {
			return err
		}
	}
	if cerr := ctx.Err(); cerr != nil {
		if errors.Is(err, cerr) {
			return err
		}
		return fmt.Errorf("sqlstore: %s: %w", op, cerr)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &process.StorageError{Op: op, Fault: classify(err), Err: err}
}

// classify names the fault behind a database error: process.ErrReadOnly,
// ErrFull or ErrUnavailable, or nil when it is none of them.
func classify(err error) error {
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff {
		case sqlite3.SQLITE_READONLY:
			return process.ErrReadOnly
		case sqlite3.SQLITE_FULL:
			return process.ErrFull
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return process.ErrUnavailable
		}
		return nil
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
			return process.ErrReadOnly
		case pg.Code == "53100": // disk_full
			return process.ErrFull
		case pg.Code == "53300", // too_many_connections
			pg.Code == "57P01", pg.Code == "57P02", pg.Code == "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			strings.HasPrefix(pg.Code, "08"): // connection_exception
			return process.ErrUnavailable
		}
		return nil
	}
	var (
		connect *pgconn.ConnectError
		op      *net.OpError
		dns     *net.DNSError
	)
	switch {
	case errors.Is(err, syscall.EROFS):
		return process.ErrReadOnly
	case errors.Is(err, syscall.ENOSPC):
		return process.ErrFull
	case errors.As(err, &connect), errors.As(err, &op), errors.As(err, &dns),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		pgconn.SafeToRetry(err),
		err.Error() == "sql: database is closed": // database/sql's errDBClosed, not exported
		return process.ErrUnavailable
	}
	return nil
}

// sqliteFile returns the absolute path of the file a SQLite dsn names, or
// "" for an in-memory database.
func sqliteFile(dsn string) string {
	file := dsn // a path, as it is
	if uri, ok := strings.CutPrefix(dsn, "file:"); ok {
		rest, query, _ := strings.Cut(uri, "?")
		if u, err := url.PathUnescape(rest); err == nil {
			rest = u
		}
		file = rest
		if q, err := url.ParseQuery(query); err == nil && q.Get("mode") == "memory" {
			return ""
		}
	}
	if file == "" || file == ":memory:" {
		return ""
	}
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	return file
}

// checkFile refuses, with process.ErrUnavailable, to write into a SQLite
// file that is no longer the one the store opened: removed (with its
// directory, perhaps) or replaced. SQLite would go on writing into the
// open file, and acknowledge writes that nobody can read again.
func (s *Store) checkFile(op string) error {
	if s.file == "" {
		return nil
	}
	fi, err := os.Stat(s.file)
	switch {
	case err != nil:
		err = fmt.Errorf("sqlstore: the database file %s is gone: %w", s.file, err)
	case !os.SameFile(fi, s.opened):
		err = fmt.Errorf("sqlstore: the database file %s was replaced after it was opened", s.file)
	default:
		return nil
	}
	return &process.StorageError{Op: op, Fault: process.ErrUnavailable, Err: err}
}

// recordFile notes which file a SQLite store opened, for checkFile.
func (s *Store) recordFile(dsn string) error {
	s.file = sqliteFile(dsn)
	if s.file == "" {
		return nil
	}
	fi, err := os.Stat(s.file)
	if err != nil {
		return &process.StorageError{Op: "open", Fault: process.ErrUnavailable, Err: err}
	}
	s.opened = fi
	return nil
}
