package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
)

// TestClassify covers the faults no test can cause from outside on this
// machine: PostgreSQL's disk full, a standby, a server shutting down.
func TestClassify(t *testing.T) {
	for _, c := range []struct {
		err   error
		fault error
	}{
		{&pgconn.PgError{Code: "53100"}, process.ErrFull},
		{&pgconn.PgError{Code: "25006"}, process.ErrReadOnly},
		{&pgconn.PgError{Code: "57P01"}, process.ErrUnavailable},
		{&pgconn.PgError{Code: "57P03"}, process.ErrUnavailable},
		{&pgconn.PgError{Code: "53300"}, process.ErrUnavailable},
		{&pgconn.PgError{Code: "08006"}, process.ErrUnavailable},
		{&pgconn.PgError{Code: "42P01"}, nil}, // undefined table: a failure, of no known kind
		{fmt.Errorf("begin: %w", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), process.ErrUnavailable},
		{sql.ErrConnDone, process.ErrUnavailable},
		{pgconn.ErrConnClosed, process.ErrUnavailable},
		{errors.New("sql: database is closed"), process.ErrUnavailable},
		{fmt.Errorf("write: %w", syscall.ENOSPC), process.ErrFull},
		{fmt.Errorf("write: %w", syscall.EROFS), process.ErrReadOnly},
		{errors.New("something else"), nil},
	} {
		err := fault(context.Background(), "append", c.err)
		var se *process.StorageError
		if !assert.ErrorAs(t, err, &se, "%v", c.err) {
			continue
		}
		assert.Equal(t, c.fault, se.Fault, "%v", c.err)
		assert.ErrorIs(t, err, process.ErrStorage)
		assert.ErrorIs(t, err, c.err, "the driver's error stays inside")
	}
}

func TestFault_PassesContractAndContextErrors(t *testing.T) {
	for _, err := range []error{
		&process.ConflictError{Expected: 1, Actual: 2},
		fmt.Errorf("%w: x", process.ErrDuplicateEvent),
		process.ErrNotFound, process.ErrCorrupt, process.ErrInvalidRecord,
		&process.StorageError{Op: "append", Fault: process.ErrFull},
		context.DeadlineExceeded,
	} {
		assert.True(t, err == fault(context.Background(), "append", err), "%v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := fault(ctx, "append", sql.ErrTxDone)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, process.ErrStorage)
	assert.NotContains(t, err.Error(), sql.ErrTxDone.Error())
	assert.Nil(t, fault(ctx, "append", nil))
}

func TestSQLiteFile(t *testing.T) {
	for dsn, want := range map[string]string{
		"/data/samling.db":                     "/data/samling.db",
		"file:/data/samling.db?mode=ro":        "/data/samling.db",
		"file:/data/sam%20ling.db":             "/data/sam ling.db",
		"file:memdb1?mode=memory&cache=shared": "",
		":memory:":                             "",
		"file::memory:":                        "",
		"/data/a?b#c%20d.db":                   "/data/a?b#c%20d.db", // a path is a path
	} {
		assert.Equal(t, want, sqliteFile(dsn), dsn)
	}
}

// BenchmarkCheckFile is what a SQLite append pays to make sure its file
// is still there: one stat. Compare with BenchmarkAppend/sqlite.
func BenchmarkCheckFile(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "samling.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	for range b.N {
		if err := s.checkFile("append"); err != nil {
			b.Fatal(err)
		}
	}
}
