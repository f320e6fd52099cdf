package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
)

// benchBatch is how many events one append carries in the append benchmarks.
const benchBatch = 10

// benchStore opens a new store of the dialect for a benchmark.
func benchStore(b *testing.B, dialect string) *sqlstore.Store {
	b.Helper()
	var dsn string
	if dialect == "postgres" {
		dsn = pg.Database(b)
	} else {
		dsn = filepath.Join(b.TempDir(), "bench.db")
	}
	s, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchRecords(n int) []process.Record {
	rs := make([]process.Record, n)
	for i := range rs {
		rs[i] = process.Record{ID: model.NewID[process.Event](), Type: "proposals-submitted",
			Data: []byte(`{"actor":{"person":"0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b","capacity":"official"},"command":"0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5c","data":{"proposals":[{"id":"0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5d","kind":"measure","title":"Läxhjälp på bibliotek","submitter":{"organisation":"0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5e"}}]}}`)}
	}
	return rs
}

// BenchmarkAppend appends batches of 10 events to one stream: check for a
// retry, check the version, chain the hashes, insert, commit. Compare with
// BenchmarkAppendBaseline_RawInsert from the same run; the goal is ≤ 1.3×.
func BenchmarkAppend(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			id := model.NewID[model.Process]()
			batches := make([][]process.Record, b.N)
			for i := range batches {
				batches[i] = benchRecords(benchBatch)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if err := s.Append(ctx, id, uint64(i*benchBatch), batches[i]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAppendBaseline_RawInsert writes the same rows into the same
// table over the store's own connection with one INSERT and a COMMIT:
// what the database costs, without the store's checks.
func BenchmarkAppendBaseline_RawInsert(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			id := model.NewID[model.Process]()
			batches := make([][]process.Record, b.N)
			for i := range batches {
				batches[i] = benchRecords(benchBatch)
			}
			var q strings.Builder
			q.WriteString(`INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES `)
			for i := range benchBatch {
				if i > 0 {
					q.WriteString(", ")
				}
				if dialect == "postgres" {
					fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", i*8+1, i*8+2, i*8+3, i*8+4, i*8+5, i*8+6, i*8+7, i*8+8)
				} else {
					q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
				}
			}
			hash := make([]byte, 32)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				args := make([]any, 0, 8*benchBatch)
				for j, r := range batches[i] {
					version := int64(i*benchBatch + j + 1)
					var prev any
					if version > 1 {
						prev = version - 1
					}
					args = append(args, r.ID.String(), id.String(), version, prev, r.Type, r.OccurredAt.UnixMicro(), r.Data, hash)
				}
				tx, err := s.DB().BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
					b.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// loadFixture is a SQLite database holding a 100 000-event process with a
// snapshot and a 100-event process without one, made once per test binary.
var loadFixture = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "samling-bench-")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	file := filepath.Join(dir, "load.db")
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, file)
	if err != nil {
		return "", err
	}
	defer s.Close()
	for _, p := range []struct {
		id     model.ProcessID
		events int
	}{{bigProcess, 100_000}, {smallProcess, 100}} {
		// Make the events in memory, then copy them in batches of 1 000.
		mem := memstore.New()
		e, err := process.New(mem, nil)
		if err != nil {
			return "", err
		}
		actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		if _, err := e.Execute(ctx, p.id, actor, process.Start{Process: model.Process{ID: p.id, Name: "P"}, Template: phase.Dalarna()}); err != nil {
			return "", err
		}
		for i := 1; i < p.events; i++ {
			// A process re-planned many times: a long history, a small state.
			planned := model.Period{Start: model.MakeDate(2014, 11, 1).AddDays(i % 300), End: model.MakeDate(2016, 12, 31)}
			if _, err := e.Execute(ctx, p.id, actor, process.PlanPhase{Phase: "execution", Planned: planned}); err != nil {
				return "", err
			}
		}
		var batch []process.Record
		var version uint64
		flush := func() error {
			err := s.Append(ctx, p.id, version, batch)
			version += uint64(len(batch))
			batch = batch[:0]
			return err
		}
		for r, err := range mem.ReadStream(ctx, p.id, 0) {
			if err != nil {
				return "", err
			}
			if batch = append(batch, r); len(batch) == 1000 {
				if err := flush(); err != nil {
					return "", err
				}
			}
		}
		if err := flush(); err != nil {
			return "", err
		}
	}
	e, err := process.New(s, nil)
	if err != nil {
		return "", err
	}
	return file, e.Snapshot(ctx, bigProcess)
})

var (
	bigProcess   = model.NewID[model.Process]()
	smallProcess = model.NewID[model.Process]()
	cleanups     []func()
)

// BenchmarkLoad loads a process on a cold engine from SQLite: a
// 100 000-event process from its snapshot, and a 100-event process from its
// events. The goal is that the first costs at most 2× the second.
func BenchmarkLoad(b *testing.B) {
	file, err := loadFixture()
	if err != nil {
		b.Fatal(err)
	}
	s, err := sqlstore.Open(context.Background(), file)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name string
		id   model.ProcessID
		want uint64
	}{{"100000-events-with-snapshot", bigProcess, 100_000}, {"100-events", smallProcess, 100}} {
		b.Run(c.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for range b.N {
				e, err := process.New(s, nil)
				if err != nil {
					b.Fatal(err)
				}
				st, err := e.Load(ctx, c.id)
				if err != nil {
					b.Fatal(err)
				}
				if st.Version() != c.want {
					b.Fatalf("loaded version %d, want %d", st.Version(), c.want)
				}
			}
		})
	}
}
