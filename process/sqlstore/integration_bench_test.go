package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
)

// indexBenchProcesses is how many processes the listing benchmarks hold,
// each with indexBenchEvents events.
const (
	indexBenchProcesses = 1000
	indexBenchEvents    = 6
)

// fillProcesses writes n processes of events events each (a start and
// registered organisations), made in memory and copied in one append per
// process.
func fillProcesses(b *testing.B, s process.Store, n, events int) {
	b.Helper()
	ctx := context.Background()
	mem := memstore.New()
	e, err := process.New(mem, nil)
	if err != nil {
		b.Fatal(err)
	}
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	codes := []string{"2080", "2081", "2082", "2083", "2084", "2085", "2021", "2023", "2026"}
	for i := range n {
		id := model.NewID[model.Process]()
		if _, err := e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: fmt.Sprintf("Samling %d", i)}, Template: phase.Dalarna()}); err != nil {
			b.Fatal(err)
		}
		for j := 1; j < events; j++ {
			org, _ := model.MunicipalityOrganisation(codes[j%len(codes)])
			if _, err := e.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: org}); err != nil {
				b.Fatal(err)
			}
		}
		var rs []process.Record
		for r, err := range mem.ReadStream(ctx, id, 0) {
			if err != nil {
				b.Fatal(err)
			}
			rs = append(rs, r)
		}
		if err := s.Append(ctx, id, 0, rs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListProcesses lists 1 000 processes from the index, one page
// of 1 000 (goal ≤ 20 ms). Compare with BenchmarkListProcessesBaseline_Replay
// of the same run: what a host did without the index.
func BenchmarkListProcesses(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			fillProcesses(b, s, indexBenchProcesses, indexBenchEvents)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				page, err := s.ListProcesses(ctx, process.IndexQuery{Limit: process.MaxIndexLimit})
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Entries) != indexBenchProcesses || page.Entries[0].Phase == "" {
					b.Fatalf("listed %d processes", len(page.Entries))
				}
			}
		})
	}
}

// BenchmarkListProcessesBaseline_Replay finds the same 1 000 processes
// and their phases without the index: a ReadAll scan for process-started
// events, then a Load of each process on a cold engine.
func BenchmarkListProcessesBaseline_Replay(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			fillProcesses(b, s, indexBenchProcesses, indexBenchEvents)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				e, err := process.New(s, nil)
				if err != nil {
					b.Fatal(err)
				}
				var ids []model.ProcessID
				for r, err := range s.ReadAll(ctx, 0) {
					if err != nil {
						b.Fatal(err)
					}
					if r.Type == "process-started" {
						ids = append(ids, r.Process)
					}
				}
				phases := 0
				for _, id := range ids {
					st, err := e.Load(ctx, id)
					if err != nil {
						b.Fatal(err)
					}
					if st.Phase().ID != "" {
						phases++
					}
				}
				if phases != indexBenchProcesses {
					b.Fatalf("found %d processes", phases)
				}
			}
		})
	}
}

// notifierless hides a store's Notifier, so that a subscription polls.
type notifierless struct {
	process.Store
	process.Checkpointer
}

// BenchmarkSubscriptionLatency measures, on PostgreSQL, the time from a
// committed append (by another Store, as by another program) to the
// handler of a subscription that waits for it, and reports its p50 and
// p95 (goal p95 ≤ 100 ms). "notify" is the store's LISTEN/NOTIFY;
// "poll-1s" the same subscription polling once a second, the baseline.
func BenchmarkSubscriptionLatency(b *testing.B) {
	for _, mode := range []string{"notify", "poll-1s"} {
		b.Run(mode, func(b *testing.B) {
			if mode == "poll-1s" && b.N > 30 {
				b.Skip("the 1 s poll baseline takes a second per op: run it with -benchtime 30x or less")
			}
			dsn := pg.Database(b)
			writer, err := sqlstore.Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer writer.Close()
			reader, err := sqlstore.Open(context.Background(), dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer reader.Close()
			var sub process.Store = reader
			if mode == "poll-1s" {
				sub = notifierless{reader, reader}
			}
			// One real event to copy: an organisation registered.
			fillProcesses(b, writer, 1, 2)
			var template process.Record
			for r, err := range writer.ReadAll(context.Background(), 0) {
				if err != nil {
					b.Fatal(err)
				}
				template = r
			}
			ctx, cancel := context.WithCancel(context.Background())
			got := make(chan time.Time, 1)
			var skip atomic.Bool
			skip.Store(true) // the fixture's events
			done := make(chan error, 1)
			go func() {
				done <- process.Subscribe(ctx, sub, "latency", func(_ context.Context, batch []process.Event) error {
					if !skip.Load() {
						got <- time.Now()
					}
					return nil
				}, &process.SubscribeOptions{PollInterval: time.Second})
			}()
			time.Sleep(100 * time.Millisecond) // let it catch up and wait
			skip.Store(false)
			id := model.NewID[model.Process]()
			latencies := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				r := template
				r.ID = model.NewID[process.Event]()
				if err := writer.Append(ctx, id, uint64(i), []process.Record{r}); err != nil {
					b.Fatal(err)
				}
				committed := time.Now()
				latencies = append(latencies, (<-got).Sub(committed))
			}
			b.StopTimer()
			cancel()
			<-done
			slices.Sort(latencies)
			b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(latencies[(len(latencies)*95)/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkSubscriptionCatchUp runs new consumers over a store of 20 000
// events (2 000 processes of 10), in batches of 100, each from the start
// until it has handled its share; ns/op is per event handled. A catch-up
// must cost about the same per event however far behind the consumer
// starts: each batch reads what it handles, not the rest of the store.
func BenchmarkSubscriptionCatchUp(b *testing.B) {
	const processes, events = 2000, 10
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := benchStore(b, dialect)
			fillProcesses(b, s, processes, events)
			b.ReportAllocs()
			b.ResetTimer()
			for consumer, left := 0, b.N; left > 0; consumer++ {
				share, handled := min(left, processes*events), 0
				ctx, cancel := context.WithCancel(context.Background())
				err := process.Subscribe(ctx, s, fmt.Sprintf("catch-up-%d", consumer), func(_ context.Context, batch []process.Event) error {
					if handled += len(batch); handled >= share {
						cancel()
					}
					return nil
				}, nil)
				cancel()
				if handled < share {
					b.Fatalf("handled %d events, want %d: %v", handled, share, err)
				}
				left -= share
			}
		})
	}
}

// BenchmarkConcurrentAppends appends one event per append on PostgreSQL,
// each writer to its own process, with 1 and 8 writers; ns/op is per
// append over all writers. Compare with
// BenchmarkConcurrentAppendsBaseline_RawInsert of the same run (goal: 8
// writers reach ≥ 80 % of the raw throughput). Run it with
// SAMLING_PGTEST_FSYNC=on.
func BenchmarkConcurrentAppends(b *testing.B) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("postgres/writers=%d", writers), func(b *testing.B) {
			s := benchStore(b, "postgres")
			concurrently(b, writers, func(w, i int, id model.ProcessID, r process.Record) error {
				return s.Append(context.Background(), id, uint64(i), []process.Record{r})
			})
		})
	}
}

// BenchmarkConcurrentAppendsBaseline_RawInsert writes the same rows into
// the same table, BEGIN; INSERT one row; COMMIT, without the store.
func BenchmarkConcurrentAppendsBaseline_RawInsert(b *testing.B) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("postgres/writers=%d", writers), func(b *testing.B) {
			s := benchStore(b, "postgres")
			concurrently(b, writers, func(w, i int, id model.ProcessID, r process.Record) error {
				ctx := context.Background()
				tx, err := s.DB().BeginTx(ctx, nil)
				if err != nil {
					return err
				}
				if err := rawInsert(ctx, tx, i, id, r); err != nil {
					tx.Rollback()
					return err
				}
				return tx.Commit()
			})
		})
	}
}

// BenchmarkConcurrentAppendsBaseline_Autocommit writes the same rows as
// one INSERT each, committed by itself: one round trip, as the store's
// append of a stream it appended to last is. Not the goal's baseline (the
// issue set it against INSERT … COMMIT), but the floor: what the database
// costs for the row alone.
func BenchmarkConcurrentAppendsBaseline_Autocommit(b *testing.B) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("postgres/writers=%d", writers), func(b *testing.B) {
			s := benchStore(b, "postgres")
			concurrently(b, writers, func(w, i int, id model.ProcessID, r process.Record) error {
				return rawInsert(context.Background(), s.DB(), i, id, r)
			})
		})
	}
}

// rawInsert inserts r as the event i+1 of stream id, the row alone: no
// chained hash, no index entry, no check but the table's.
func rawInsert(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, i int, id model.ProcessID, r process.Record) error {
	var prev any
	if i > 0 {
		prev = int64(i)
	}
	_, err := db.ExecContext(ctx, `INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.ID.String(), id.String(), int64(i+1), prev, r.Type, r.OccurredAt.UnixMicro(), r.Data, rawHash)
	return err
}

// rawHash is the hash rawInsert stores: any 32 bytes.
var rawHash = make([]byte, 32)

// concurrently runs b.N appends split over writers goroutines, each on its
// own process.
func concurrently(b *testing.B, writers int, write func(w, i int, id model.ProcessID, r process.Record) error) {
	rs := benchRecords(b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, writers)
	b.ReportAllocs()
	b.ResetTimer()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := model.NewID[model.Process]()
			for i := 0; ; i++ {
				n := next.Add(1) - 1
				if n >= int64(b.N) {
					return
				}
				if err := write(w, i, id, rs[n]); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	for _, err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}
