package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startProcesses starts n processes through an engine on s and registers
// an organisation in each: real events, decodable by subscriptions.
func startProcesses(t testing.TB, s process.Store, n int) []model.ProcessID {
	t.Helper()
	ctx := context.Background()
	e, err := process.New(s, nil)
	require.NoError(t, err)
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	org, _ := model.MunicipalityOrganisation("2080")
	var ids []model.ProcessID
	for range n {
		id := model.NewID[model.Process]()
		_, err := e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "Samling i Falun"}, Template: phase.Dalarna()})
		require.NoError(t, err)
		_, err = e.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: org})
		require.NoError(t, err)
		ids = append(ids, id)
	}
	return ids
}

// TestSubscribe_HandlerWritesAndCheckpointCommitTogether: a handler that
// writes a row per event into a table of the host's, and fails once after
// writing, leaves every event's row exactly once.
func TestSubscribe_HandlerWritesAndCheckpointCommitTogether(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		_, err := s.DB().ExecContext(ctx, `CREATE TABLE host_seen (event TEXT PRIMARY KEY, type TEXT NOT NULL)`)
		require.NoError(t, err)
		startProcesses(t, s, 10) // 20 events
		var (
			mu       sync.Mutex
			calls    int
			failures []*process.SubscriptionError
		)
		run, stop := context.WithTimeout(ctx, time.Minute)
		defer stop()
		handler := func(ctx context.Context, tx *sql.Tx, batch []process.Event) error {
			for _, e := range batch {
				if _, err := tx.ExecContext(ctx, sqlstore.Rebind(s.Dialect(), `INSERT INTO host_seen (event, type) VALUES (?, ?)`), e.ID.String(), e.Data.EventType()); err != nil {
					return err
				}
			}
			mu.Lock()
			defer mu.Unlock()
			calls++
			if calls == 2 {
				return errors.New("the mail server is down") // after writing: the rows must go too
			}
			return nil
		}
		opts := &process.SubscribeOptions{BatchSize: 6, MinBackoff: time.Millisecond, OnError: func(err *process.SubscriptionError) {
			mu.Lock()
			defer mu.Unlock()
			failures = append(failures, err)
		}}
		var last uint64
		for r, err := range s.ReadAll(ctx, 0) {
			require.NoError(t, err)
			last = r.Position
		}
		done := make(chan error, 1)
		go func() { done <- s.Subscribe(run, "mailer", handler, opts) }()
		for {
			cp, err := s.LoadCheckpoint(ctx, "mailer")
			require.NoError(t, err)
			if cp == last {
				break
			}
			require.NoError(t, run.Err(), "the subscription did not reach the end in a minute")
			time.Sleep(time.Millisecond)
		}
		stop()
		require.ErrorIs(t, <-done, context.Canceled)
		var n int
		require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM host_seen`).Scan(&n))
		assert.Equal(t, 20, n, "every event's row once, the failed batch's rolled back and written again")
		mu.Lock()
		defer mu.Unlock()
		require.Len(t, failures, 1)
		assert.ErrorContains(t, failures[0], "mail server")
	})
}

// TestTenants_SeeNothingOfEachOther opens two tenants' stores on one
// PostgreSQL database (a schema each) and two SQLite files: neither
// reads the other's events, index or checkpoints.
func TestTenants_SeeNothingOfEachOther(t *testing.T) {
	ctx := context.Background()
	pgURL := pg.Database(t)
	dir := t.TempDir()
	pairs := map[string][2]func(t *testing.T) *sqlstore.Store{
		"postgres": {
			func(t *testing.T) *sqlstore.Store { return openWith(t, pgURL, &sqlstore.Options{Schema: "tenant_a"}) },
			func(t *testing.T) *sqlstore.Store { return openWith(t, pgURL, &sqlstore.Options{Schema: "tenant_b"}) },
		},
		"sqlite": {
			func(t *testing.T) *sqlstore.Store { return openWith(t, filepath.Join(dir, "tenant_a.db"), nil) },
			func(t *testing.T) *sqlstore.Store { return openWith(t, filepath.Join(dir, "tenant_b.db"), nil) },
		},
	}
	for name, pair := range pairs {
		t.Run(name, func(t *testing.T) {
			a, b := pair[0](t), pair[1](t)
			ida := startProcesses(t, a, 2)
			require.NoError(t, a.SaveCheckpoint(ctx, "reports", 7))

			for _, err := range b.ReadAll(ctx, 0) {
				require.NoError(t, err)
				t.Fatal("tenant b reads tenant a's events")
			}
			for _, err := range b.ReadStream(ctx, ida[0], 0) {
				require.NoError(t, err)
				t.Fatal("tenant b reads tenant a's stream")
			}
			page, err := b.ListProcesses(ctx, process.IndexQuery{})
			require.NoError(t, err)
			assert.Empty(t, page.Entries, "tenant b lists tenant a's processes")
			_, err = b.LookupProcess(ctx, ida[0])
			assert.ErrorIs(t, err, process.ErrNotFound)
			cp, err := b.LoadCheckpoint(ctx, "reports")
			require.NoError(t, err)
			assert.Zero(t, cp, "tenant b sees tenant a's checkpoint")

			// And the other way round.
			idb := startProcesses(t, b, 1)
			pa, err := a.ListProcesses(ctx, process.IndexQuery{})
			require.NoError(t, err)
			assert.Len(t, pa.Entries, 2)
			for _, e := range pa.Entries {
				assert.NotEqual(t, idb[0], e.Process)
			}
			cp, err = a.LoadCheckpoint(ctx, "reports")
			require.NoError(t, err)
			assert.Equal(t, uint64(7), cp)
		})
	}
	// One schema's tables, and nothing of the store's in public.
	if s := openWith(t, pgURL, nil); s != nil {
		var n int
		require.NoError(t, s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'samling_events' AND table_schema IN ('tenant_a', 'tenant_b')`).Scan(&n))
		assert.Equal(t, 2, n)
	}
}

func TestOpenWith_RefusesBadOptions(t *testing.T) {
	ctx := context.Background()
	for name, c := range map[string]struct {
		dsn  string
		opts sqlstore.Options
	}{
		"schema on SQLite":     {filepath.Join(t.TempDir(), "x.db"), sqlstore.Options{Schema: "tenant"}},
		"schema with a quote":  {"postgres://localhost/x", sqlstore.Options{Schema: `a"; DROP TABLE x; --`}},
		"upper-case schema":    {"postgres://localhost/x", sqlstore.Options{Schema: "Tenant"}},
		"negative poll period": {filepath.Join(t.TempDir(), "x.db"), sqlstore.Options{PollInterval: -time.Second}},
	} {
		_, err := sqlstore.OpenWith(ctx, c.dsn, &c.opts)
		assert.ErrorIs(t, err, sqlstore.ErrInvalidOptions, name)
	}
}

func openWith(t *testing.T, dsn string, opts *sqlstore.Options) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.OpenWith(context.Background(), dsn, opts)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// TestIndex_BuiltFromEventsStoredBeforeIt: a SQLite database written
// before the index existed gets its index from the stored events when it
// is opened.
func TestIndex_BuiltFromEventsStoredBeforeIt(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "old.db")
	s := openWith(t, file, nil)
	ids := startProcesses(t, s, 3)
	e, err := process.New(s, nil)
	require.NoError(t, err)
	want := map[model.ProcessID]process.IndexEntry{}
	for _, id := range ids {
		entry, err := s.LookupProcess(ctx, id)
		require.NoError(t, err)
		want[id] = entry
		st, err := e.Load(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, st.Version(), entry.Version)
		assert.Equal(t, st.Phase().ID, entry.Phase)
		assert.Equal(t, st.Cycle(), entry.Cycle)
	}
	// Undo the migration, as in a database of the previous release.
	for _, q := range []string{`DROP TABLE samling_processes`, `DROP TABLE samling_checkpoints`, `DROP TABLE samling_seals`, `DELETE FROM samling_schema WHERE version >= 2`} {
		_, err := s.DB().ExecContext(ctx, q)
		require.NoError(t, err)
	}
	require.NoError(t, s.Close())

	again := openWith(t, file, nil)
	page, err := again.ListProcesses(ctx, process.IndexQuery{})
	require.NoError(t, err)
	require.Len(t, page.Entries, 3)
	for _, got := range page.Entries {
		assert.Equal(t, want[got.Process], got)
	}
}

// A stream written around the store has no index entry; the store's next
// append gives it one that started with the stream's first event, on
// every path an append takes (on PostgreSQL a small batch is one
// statement, a large one a transaction).
func TestIndex_EntryOfAStreamWrittenAroundTheStore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		first := records(2)
		require.NoError(t, s.Append(ctx, id, 0, first))
		version := uint64(2)
		for _, n := range []int{1, 501} {
			_, err := s.DB().ExecContext(ctx, sqlstore.Rebind(s.Dialect(), `DELETE FROM samling_processes WHERE process = ?`), id.String())
			require.NoError(t, err)
			batch := records(n)
			for i := range batch {
				batch[i].OccurredAt = batch[i].OccurredAt.Add(time.Hour) // after the stream's start
			}
			require.NoError(t, s.Append(ctx, id, version, batch))
			version += uint64(n)
			entry, err := s.LookupProcess(ctx, id)
			require.NoError(t, err, "%d records", n)
			assert.Equal(t, first[0].OccurredAt, entry.Started, "%d records: started with the stream's first event", n)
			assert.Equal(t, batch[n-1].OccurredAt, entry.Changed, "%d records", n)
			assert.Equal(t, version, entry.Version, "%d records", n)
		}
	})
}

// Store.Subscribe needs a handler.
func TestSubscribe_RefusesANilHandler(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "samling.db"))
	assert.ErrorIs(t, s.Subscribe(context.Background(), "consumer", nil, nil), process.ErrInvalidOptions)
}
