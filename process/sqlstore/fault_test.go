package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mount runs mount(8) with args, and skips the test, saying why, when the
// machine does not let it (no root, or a sandbox without CAP_SYS_ADMIN).
// The mount is undone when the test ends.
func mount(t *testing.T, target string, args ...string) {
	t.Helper()
	out, err := exec.Command("mount", append(args, target)...).CombinedOutput()
	if err != nil {
		t.Skipf("this test needs to mount a file system (mount %s %s: %v: %s); the machine does not allow it, so the fault is not tested here",
			strings.Join(args, " "), target, err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", target).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v: %s", target, err, out)
		}
	})
}

// stored counts the events of a stream, reading it through a new store.
func stored(t *testing.T, dsn string, id model.ProcessID) int {
	t.Helper()
	return streamLength(t, open(t, dsn), id)
}

// streamLength counts the events of a stream as s reads them, every read
// without an error.
func streamLength(t *testing.T, s *sqlstore.Store, id model.ProcessID) int {
	t.Helper()
	n := 0
	for _, err := range s.ReadStream(context.Background(), id, 1) {
		require.NoError(t, err)
		n++
	}
	return n
}

// assertFault checks that err is a *process.StorageError of op with the
// fault, and matches process.ErrStorage.
func assertFault(t *testing.T, err error, op string, fault error) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, process.ErrStorage)
	assert.ErrorIs(t, err, fault)
	var se *process.StorageError
	if assert.ErrorAs(t, err, &se) {
		assert.Equal(t, op, se.Op)
	}
}

func TestFault_SQLiteReadOnly(t *testing.T) {
	// Tests run as root, for whom file permissions do not stop writes: a
	// read-only bind mount of the directory does (where mounting is
	// allowed), and so does SQLite's mode=ro, which opens the file the way
	// SQLite opens a file it cannot write.
	ctx := context.Background()
	setup := func(t *testing.T) (dir string, id model.ProcessID) {
		dir = t.TempDir()
		s := open(t, filepath.Join(dir, "samling.db"))
		id = model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(2)))
		require.NoError(t, s.Close())
		return dir, id
	}
	check := func(t *testing.T, dsn string, id model.ProcessID) {
		s := open(t, dsn)
		assert.Equal(t, 2, streamLength(t, s, id), "a read-only store still reads")
		assertFault(t, s.Append(ctx, id, 2, records(1)), "append", process.ErrReadOnly)
		assertFault(t, s.SaveSnapshot(ctx, id, process.Snapshot{Version: 2, Event: model.NewID[process.Event](), Data: []byte(`{}`)}),
			"save snapshot", process.ErrReadOnly)
	}
	t.Run("read-only mount", func(t *testing.T) {
		dir, id := setup(t)
		ro := t.TempDir()
		mount(t, ro, "--bind", dir)
		if out, err := exec.Command("mount", "-o", "remount,ro,bind", ro).CombinedOutput(); err != nil {
			t.Skipf("cannot make the bind mount read-only: %v: %s", err, out)
		}
		// Closed, the database has no -wal and -shm files, and SQLite
		// cannot open a WAL database where it cannot create them.
		_, err := sqlstore.Open(ctx, filepath.Join(ro, "samling.db"))
		assertFault(t, err, "open", process.ErrUnavailable)

		// While a writer elsewhere has it open, a store on the read-only
		// mount opens it, reads it, and is refused every write.
		writer := open(t, filepath.Join(dir, "samling.db"))
		check(t, filepath.Join(ro, "samling.db"), id)
		require.NoError(t, writer.Close())
		assert.Equal(t, 2, stored(t, filepath.Join(dir, "samling.db"), id), "nothing was written")
	})
	t.Run("mode=ro", func(t *testing.T) {
		dir, id := setup(t)
		check(t, "file:"+filepath.Join(dir, "samling.db")+"?mode=ro", id)
		assert.Equal(t, 2, stored(t, filepath.Join(dir, "samling.db"), id), "nothing was written")
	})
}

func TestFault_SQLiteDirectoryRemoved_WritesRefused(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	require.NoError(t, os.Mkdir(dir, 0o755))
	s := open(t, filepath.Join(dir, "samling.db"))
	id := model.NewID[model.Process]()
	require.NoError(t, s.Append(ctx, id, 0, records(2)))

	require.NoError(t, os.RemoveAll(dir))
	assertFault(t, s.Append(ctx, id, 2, records(1)), "append", process.ErrUnavailable)
	assertFault(t, s.SaveSnapshot(ctx, id, process.Snapshot{Version: 2, Event: model.NewID[process.Event](), Data: []byte(`{}`)}),
		"save snapshot", process.ErrUnavailable)
	assert.ErrorIs(t, s.Append(ctx, id, 2, records(1)), process.ErrUnavailable, "and stays refused")

	// The directory comes back, with a new, empty database: still not the
	// file the store opened.
	require.NoError(t, os.Mkdir(dir, 0o755))
	fresh := open(t, filepath.Join(dir, "samling.db"))
	assert.ErrorIs(t, s.Append(ctx, id, 2, records(1)), process.ErrUnavailable)
	require.NoError(t, fresh.Append(ctx, id, 0, records(1)), "a store opened on the new file writes to it")
}

func TestFault_SQLiteFileReplaced_WritesRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := filepath.Join(dir, "samling.db")
	s := open(t, file)
	id := model.NewID[model.Process]()
	require.NoError(t, s.Append(ctx, id, 0, records(1)))

	// A restore from backup: another database renamed over the path.
	other := open(t, filepath.Join(dir, "backup.db"))
	require.NoError(t, other.Close())
	require.NoError(t, os.Rename(filepath.Join(dir, "backup.db"), file))
	err := s.Append(ctx, id, 1, records(1))
	assertFault(t, err, "append", process.ErrUnavailable)
	assert.Contains(t, err.Error(), "replaced")
	assert.Equal(t, 1, streamLength(t, s, id), "nothing was written to the file the store holds open either")
}

func TestFault_SQLiteFull(t *testing.T) {
	// fill appends batches of 20 events of 4 KiB until the store refuses
	// one, and checks that it says the storage is full and that exactly
	// the acknowledged events are stored.
	fill := func(t *testing.T, dsn, reopen string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		acked := 0
		var err error
		for range 1000 {
			batch := records(20)
			for i := range batch {
				batch[i].Data = []byte(fmt.Sprintf(`{"pad":%q}`, strings.Repeat("x", 4096)))
			}
			if err = s.Append(ctx, id, uint64(acked), batch); err != nil {
				break
			}
			acked += len(batch)
		}
		assertFault(t, err, "append", process.ErrFull)
		require.NotZero(t, acked, "some appends fit")
		assert.Equal(t, acked, stored(t, reopen, id), "exactly the acknowledged events are stored")
		require.NoError(t, s.Verify(ctx, id))
	}
	t.Run("small tmpfs", func(t *testing.T) {
		dir := t.TempDir()
		mount(t, dir, "-t", "tmpfs", "-o", "size=512k", "tmpfs")
		fill(t, filepath.Join(dir, "samling.db"), filepath.Join(dir, "samling.db"))
	})
	t.Run("max_page_count", func(t *testing.T) {
		// SQLite's own limit on the database's size gives the same error
		// (SQLITE_FULL) on any machine.
		file := filepath.Join(t.TempDir(), "samling.db")
		fill(t, "file:"+file+"?_pragma=max_page_count(100)", file)
	})
}

func TestFault_SQLiteCancelledTransaction_IsTheContextsError(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "samling.db")
	s := open(t, file)
	id := model.NewID[model.Process]()
	acked, refused := 0, 0
	for range 300 {
		cctx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(time.Duration(rand.IntN(400))*time.Microsecond, cancel)
		err := s.Append(cctx, id, uint64(acked), records(5))
		timer.Stop()
		cancel()
		switch {
		case err == nil:
			acked += 5
		case errors.Is(err, context.Canceled):
			refused++
			assert.NotErrorIs(t, err, process.ErrStorage, "a cancelled append is no storage failure")
			assert.NotContains(t, err.Error(), "sql: ", "the driver's text does not leak")
		default:
			t.Fatalf("a cancelled append returned %v", err)
		}
	}
	t.Logf("%d appends acknowledged, %d cancelled", acked/5, refused)
	assert.Equal(t, acked, stored(t, file, id), "a cancelled append wrote nothing")
}

// proxy forwards TCP connections to a PostgreSQL server until stopped,
// when it closes its listener and every connection: the server, as a
// store sees it, is gone.
type proxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

// startProxy returns the URL of a proxy to the database at dsn.
func startProxy(t *testing.T, dsn string) (*proxy, string) {
	t.Helper()
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	network, addr := "tcp", u.Host
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	if h := q.Get("host"); strings.HasPrefix(h, "/") {
		network, addr = "unix", filepath.Join(h, ".s.PGSQL."+port)
	} else if h != "" {
		addr = net.JoinHostPort(h, port)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial(network, addr)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	t.Cleanup(p.stop)
	q.Del("host")
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "disable")
	}
	u.Host, u.RawQuery = ln.Addr().String(), q.Encode()
	return p, u.String()
}

func (p *proxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

func TestFault_PostgresServerGone_Unavailable(t *testing.T) {
	ctx := context.Background()
	p, dsn := startProxy(t, pg.Database(t))
	s := open(t, dsn)
	id := model.NewID[model.Process]()
	require.NoError(t, s.Append(ctx, id, 0, records(2)))

	p.stop()
	assertFault(t, s.Append(ctx, id, 2, records(1)), "append", process.ErrUnavailable)
	for _, err := range s.ReadStream(ctx, id, 1) {
		assertFault(t, err, "read", process.ErrUnavailable)
		break
	}
	_, err := s.LoadSnapshot(ctx, id)
	assertFault(t, err, "load snapshot", process.ErrUnavailable)
	assertFault(t, s.Verify(ctx, id), "verify", process.ErrUnavailable)
	_, err = s.LoadCheckpoint(ctx, "consumer")
	assertFault(t, err, "load checkpoint", process.ErrUnavailable)
	assertFault(t, s.SaveCheckpoint(ctx, "consumer", 1), "save checkpoint", process.ErrUnavailable)
	_, err = s.ListProcesses(ctx, process.IndexQuery{})
	assertFault(t, err, "list processes", process.ErrUnavailable)
	_, err = s.LookupProcess(ctx, id)
	assertFault(t, err, "lookup process", process.ErrUnavailable)
	_, err = s.Reseal(ctx, id, "Dnr 2026/12")
	assertFault(t, err, "reseal", process.ErrUnavailable)
	_, err = s.Seals(ctx, id)
	assertFault(t, err, "seals", process.ErrUnavailable)
	assertFault(t, s.WaitAppend(ctx, 3), "wait for an append", process.ErrUnavailable)
}

func TestFault_PostgresNoServer_OpenUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // a port nobody listens on
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = sqlstore.Open(ctx, "postgres://samling@"+addr+"/samling?sslmode=disable&connect_timeout=5")
	assertFault(t, err, "open", process.ErrUnavailable)
}

func TestFault_PostgresReadOnly(t *testing.T) {
	ctx := context.Background()
	s := open(t, pg.Database(t))
	id := model.NewID[model.Process]()
	require.NoError(t, s.Append(ctx, id, 0, records(1)))
	// One connection, made read-only as a standby's would be.
	s.DB().SetMaxOpenConns(1)
	_, err := s.DB().ExecContext(ctx, "SET SESSION default_transaction_read_only = on")
	require.NoError(t, err)
	assertFault(t, s.Append(ctx, id, 1, records(1)), "append", process.ErrReadOnly)
	assert.Equal(t, 1, streamLength(t, s, id), "nothing was written")
}

func TestFault_ContractErrorsStayAsTheyAre(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(1)))
		err := s.Append(ctx, id, 0, records(1))
		assert.ErrorIs(t, err, process.ErrConflict)
		assert.NotErrorIs(t, err, process.ErrStorage)
		_, err = s.LoadSnapshot(ctx, id)
		assert.ErrorIs(t, err, process.ErrNotFound)
		assert.NotErrorIs(t, err, process.ErrStorage)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		err = s.Append(cctx, id, 1, records(1))
		assert.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, process.ErrStorage)
	})
}
