package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/samling-go/samling/process/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) != "" {
		crashChild() // never returns
	}
	var stop func()
	pg, stop = pgtest.Start()
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	stop()
	os.Exit(code)
}

// dialects opens a new, empty store of each dialect, by name.
var dialects = map[string]func(t *testing.T) string{
	"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "samling.db") },
	"postgres": func(t *testing.T) string { return pg.Database(t) },
}

func open(t *testing.T, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// forEachDialect runs fn as a subtest per dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, dsn string)) {
	for name, dsn := range dialects {
		t.Run(name, func(t *testing.T) { fn(t, dsn(t)) })
	}
}

func TestConformance(t *testing.T) {
	for name, dsn := range dialects {
		t.Run(name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) process.Store { return open(t, dsn(t)) })
		})
	}
}

func records(n int) []process.Record {
	out := make([]process.Record, n)
	for i := range out {
		out[i] = process.Record{ID: model.NewID[process.Event](), Type: "test-event",
			OccurredAt: time.Date(2013, 9, 24, 10, 0, i, 123456000, time.UTC), Data: []byte(`{"n":1}`)}
	}
	return out
}

// A SQLite path is a path, whatever it holds: not a URI whose ? or #
// would cut it short.
func TestOpen_PathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "samling #1? 100% ok")
	require.NoError(t, os.Mkdir(dir, 0o755))
	file := filepath.Join(dir, "a?b#c%d.db")
	s, err := sqlstore.Open(ctx, file)
	require.NoError(t, err)
	id := model.NewID[model.Process]()
	require.NoError(t, s.Append(ctx, id, 0, records(2)), "the store finds its file where it opened it")
	require.NoError(t, s.Close())
	_, err = os.Stat(file)
	require.NoError(t, err, "the file is at the path given")

	assert.Equal(t, 2, stored(t, file, id))
}

func TestOpen_MigratesOnceAndReopens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		id := model.NewID[model.Process]()
		rs := records(3)
		s := open(t, dsn)
		require.NoError(t, s.Append(ctx, id, 0, rs))
		require.NoError(t, s.Close())

		again := open(t, dsn) // the migrations are recorded, not run twice
		var got []process.Record
		for r, err := range again.ReadStream(ctx, id, 0) {
			require.NoError(t, err)
			got = append(got, r)
		}
		require.Len(t, got, 3)
		assert.True(t, rs[2].OccurredAt.Equal(got[2].OccurredAt), "times keep their microseconds")

		// Retrying after the reopen, as after a lost acknowledgement, writes nothing twice.
		require.NoError(t, again.Append(ctx, id, 0, rs))
		n := 0
		for _, err := range again.ReadAll(ctx, 0) {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, 3, n)
	})
}

func TestOpen_Unsupported(t *testing.T) {
	for _, dsn := range []string{"", "mysql://x", "http://example"} {
		_, err := sqlstore.Open(context.Background(), dsn)
		assert.ErrorIs(t, err, sqlstore.ErrUnsupported, dsn)
	}
}

// rawDB opens the store's database directly, as a writer that bypasses
// the store's checks would.
func rawDB(t *testing.T, s *sqlstore.Store, dsn string) (*sql.DB, func(string) string) {
	t.Helper()
	driver, source := "sqlite", "file:"+dsn+"?_pragma=foreign_keys(ON)"
	if s.Dialect() == "postgres" {
		driver, source = "pgx", dsn
	}
	rebind := func(q string) string { return sqlstore.Rebind(s.Dialect(), q) }
	db, err := sql.Open(driver, source)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db, rebind
}

func TestConstraints_HoldAgainstWritersThatSkipTheChecks(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(2)))
		db, rebind := rawDB(t, s, dsn)
		insert := func(eventID string, version int64, prev any) error {
			_, err := db.ExecContext(ctx, rebind(`INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES (?, ?, ?, ?, 'x', 0, ?, ?)`),
				eventID, id.String(), version, prev, []byte("{}"), []byte("h"))
			return err
		}
		assert.Error(t, insert(model.NewID[process.Event]().String(), 2, int64(1)), "a second version 2")
		assert.Error(t, insert(model.NewID[process.Event]().String(), 4, int64(3)), "a gap: version 4 after 2")
		assert.Error(t, insert(model.NewID[process.Event]().String(), 5, int64(3)), "prev_version not version-1")
		assert.Error(t, insert(model.NewID[process.Event]().String(), 3, nil), "version 3 with no previous")
		var first string
		require.NoError(t, db.QueryRowContext(ctx, rebind(`SELECT id FROM samling_events WHERE process = ? AND version = 1`), id.String()).Scan(&first))
		assert.Error(t, insert(first, 3, int64(2)), "an event ID stored twice")
		require.NoError(t, insert(model.NewID[process.Event]().String(), 3, int64(2)), "the next version is accepted")
	})
}

func TestVerify_FindsTheFirstTamperedEvent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(3)))
		require.NoError(t, s.Append(ctx, id, 3, records(2)))
		require.NoError(t, s.Verify(ctx, id))
		require.NoError(t, s.Verify(ctx, model.NewID[model.Process]()), "an empty stream verifies")
		db, rebind := rawDB(t, s, dsn)

		_, err := db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = 4`), []byte(`{"n":2}`), id.String())
		require.NoError(t, err)
		err = s.Verify(ctx, id)
		var te *process.TamperError
		require.ErrorAs(t, err, &te)
		assert.ErrorIs(t, err, process.ErrTampered)
		assert.Equal(t, uint64(4), te.Version)

		// Put the data back, then move an event's time: found too.
		_, err = db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = 4`), []byte(`{"n":1}`), id.String())
		require.NoError(t, err)
		require.NoError(t, s.Verify(ctx, id))
		_, err = db.ExecContext(ctx, rebind(`UPDATE samling_events SET occurred_at = occurred_at + 1 WHERE process = ? AND version = 2`), id.String())
		require.NoError(t, err)
		require.ErrorAs(t, s.Verify(ctx, id), &te)
		assert.Equal(t, uint64(2), te.Version)
	})
}

func TestVerify_FindsSwappedEvents(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		rs := records(3)
		rs[1].Data, rs[2].Data = []byte(`{"second":true}`), []byte(`{"third":true}`)
		require.NoError(t, s.Append(ctx, id, 0, rs))
		db, rebind := rawDB(t, s, dsn)
		// Swap the content (and hashes) of versions 2 and 3: each row still
		// matches its own hash alone, but not its place in the chain.
		swap := `UPDATE samling_events SET data = (SELECT data FROM samling_events WHERE process = ? AND version = ?), hash = (SELECT hash FROM samling_events WHERE process = ? AND version = ?), id = ? WHERE process = ? AND version = ?`
		tmp := model.NewID[process.Event]().String()
		_, err := db.ExecContext(ctx, rebind(swap), id.String(), 3, id.String(), 3, tmp, id.String(), 2)
		require.NoError(t, err)
		var te *process.TamperError
		require.ErrorAs(t, s.Verify(ctx, id), &te)
		assert.Equal(t, uint64(2), te.Version)
	})
}

func TestSnapshots(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		_, err := s.LoadSnapshot(ctx, id)
		assert.ErrorIs(t, err, process.ErrNotFound)

		later := process.Snapshot{Version: 10, Event: model.NewID[process.Event](), Data: []byte("ten")}
		require.NoError(t, s.SaveSnapshot(ctx, id, process.Snapshot{Version: 5, Event: model.NewID[process.Event](), Data: []byte("five")}))
		require.NoError(t, s.SaveSnapshot(ctx, id, later))
		require.NoError(t, s.SaveSnapshot(ctx, id, process.Snapshot{Version: 7, Event: model.NewID[process.Event](), Data: []byte("seven")}))
		got, err := s.LoadSnapshot(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, later, got, "an older snapshot never replaces a later one")
	})
}

func TestAppend_ConflictDetailFromTheDatabase(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(4)))
		err := s.Append(ctx, id, 1, records(1))
		var ce *process.ConflictError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, uint64(4), ce.Actual)
		assert.True(t, errors.Is(err, process.ErrConflict))
	})
}

// TestEngine_OnSQL runs commands through an engine that snapshots, then
// checks that a fresh engine over the same database, which starts from the
// snapshot, folds the same state as a full replay.
func TestEngine_OnSQL(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		e, err := process.New(s, &process.Options{SnapshotEvery: 5, Clock: process.ClockFunc(func() time.Time {
			return time.Date(2015, 5, 20, 9, 30, 15, 123456789, time.FixedZone("CEST", 2*3600))
		})})
		require.NoError(t, err)
		id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "Dalarna"}, Template: phase.Dalarna()})
		require.NoError(t, err)
		for _, code := range []string{"2080", "2081", "2082", "2083", "2084", "2085", "2021"} {
			org, _ := model.MunicipalityOrganisation(code)
			_, err = e.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: org})
			require.NoError(t, err)
		}
		live, err := e.Load(ctx, id)
		require.NoError(t, err)
		snap, err := s.LoadSnapshot(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, uint64(5), snap.Version)

		fresh, err := process.New(s, nil)
		require.NoError(t, err)
		loaded, err := fresh.Load(ctx, id)
		require.NoError(t, err)
		replayed, err := fresh.Replay(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, live.Timeline(), loaded.Timeline(), "times survive the database to the microsecond")
		assert.Equal(t, replayed.Organisations(), loaded.Organisations())
		assert.Equal(t, live.Organisations(), loaded.Organisations())
		assert.Equal(t, uint64(8), loaded.Version())
		require.NoError(t, s.Verify(ctx, id))
	})
}
