package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// The records of this file are real events, encoded as the engine encodes
// them, so that the index and the subscriptions can decode them.

var actor = model.NewID[model.Person]()

// event makes a record of type typ whose payload is the JSON data.
func event(typ string, at time.Time, data string) process.Record {
	body := fmt.Sprintf(`{"actor":{"person":%q,"capacity":"official"},"command":%q,"data":%s}`,
		actor, model.NewID[process.Command](), data)
	return process.Record{ID: model.NewID[process.Event](), Type: typ, OccurredAt: at, Data: []byte(body)}
}

// started is a process-started record of process id, from a template
// "index-test" whose initial phase is "planning".
func started(id model.ProcessID, name string, at time.Time) process.Record {
	return event("process-started", at, fmt.Sprintf(`{"process":{"id":%q,"name":%q},"template":{"id":"index-test","name":{"sv":"Testmall","en":"Test template"},"initial":"planning","phases":[{"id":"planning","name":{"sv":"Planering","en":"Planning"}},{"id":"execution","name":{"sv":"Genomförande","en":"Execution"}}],"transitions":[{"trigger":"execute","from":"planning","to":"execution"},{"trigger":"again","from":"execution","to":"planning"}]}}`, id, name))
}

// changed is a phase-changed record.
func changed(from, to phase.PhaseID, cycle int, at time.Time) process.Record {
	return event("phase-changed", at, fmt.Sprintf(`{"trigger":"t","from":%q,"to":%q,"cycle":%d}`, from, to, cycle))
}

// planned is a phase-planned record: an event the index counts but does
// not otherwise read.
func planned(at time.Time) process.Record {
	return event("phase-planned", at, `{"phase":"execution","planned":{"start":"2015-05-01"}}`)
}

var epoch = time.Date(2014, time.November, 3, 9, 0, 0, 0, time.UTC)

func runIndex(t *testing.T, open func(t *testing.T) process.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, process.Store, process.Indexer)
	}{
		{"EntriesAfterAppends", testIndexEntries},
		{"PhaseChanges", testIndexPhases},
		{"Pagination", testIndexPagination},
		{"Filters", testIndexFilters},
		{"RefusedAppendsLeaveItUnchanged", testIndexRefused},
		{"InvalidQueries", testIndexInvalid},
		{"ConcurrentWriters", testIndexConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			ix, ok := s.(process.Indexer)
			if !ok {
				t.Skip("the store is no process.Indexer")
			}
			tt.fn(t, s, ix)
		})
	}
}

func lookup(t *testing.T, ix process.Indexer, id model.ProcessID) process.IndexEntry {
	t.Helper()
	e, err := ix.LookupProcess(context.Background(), id)
	if err != nil {
		t.Fatalf("LookupProcess(%s): %v", id, err)
	}
	return e
}

func list(t *testing.T, ix process.Indexer, q process.IndexQuery) process.IndexPage {
	t.Helper()
	p, err := ix.ListProcesses(context.Background(), q)
	if err != nil {
		t.Fatalf("ListProcesses(%+v): %v", q, err)
	}
	return p
}

// listAll pages through the index with page size n and returns every entry.
func listAll(t *testing.T, ix process.Indexer, q process.IndexQuery, n int) []process.IndexEntry {
	t.Helper()
	q.Limit = n
	var all []process.IndexEntry
	for pages := 0; ; pages++ {
		if pages > 10_000 {
			t.Fatal("the index's pages never end")
		}
		p := list(t, ix, q)
		if len(p.Entries) > n {
			t.Fatalf("a page of limit %d holds %d entries", n, len(p.Entries))
		}
		all = append(all, p.Entries...)
		if p.Next == "" {
			return all
		}
		q.After = p.Next
	}
}

func checkEntry(t *testing.T, got, want process.IndexEntry) {
	t.Helper()
	if got.Process != want.Process || got.Name != want.Name || got.Template != want.Template ||
		got.TemplateName != want.TemplateName || got.Phase != want.Phase || got.Cycle != want.Cycle ||
		got.Version != want.Version || !got.Started.Equal(want.Started) || !got.Changed.Equal(want.Changed) {
		t.Fatalf("index entry\n got %+v\nwant %+v", got, want)
	}
}

func testIndexEntries(t *testing.T, s process.Store, ix process.Indexer) {
	id := model.NewID[model.Process]()
	if _, err := ix.LookupProcess(context.Background(), id); !errors.Is(err, process.ErrNotFound) {
		t.Fatalf("LookupProcess of an unknown process: %v, want ErrNotFound", err)
	}
	if p := list(t, ix, process.IndexQuery{}); len(p.Entries) != 0 || p.Next != "" {
		t.Fatalf("an empty store lists %d entries, next %q", len(p.Entries), p.Next)
	}
	mustAppend(t, s, id, 0, []process.Record{started(id, "Samling i Dalarna", epoch), planned(epoch.Add(time.Minute))})
	want := process.IndexEntry{Process: id, Name: "Samling i Dalarna", Template: "index-test",
		TemplateName: model.Label{SV: "Testmall", EN: "Test template"}, Phase: "planning", Cycle: 1,
		Version: 2, Started: epoch, Changed: epoch.Add(time.Minute)}
	checkEntry(t, lookup(t, ix, id), want)

	mustAppend(t, s, id, 2, []process.Record{planned(epoch.Add(time.Hour))})
	want.Version, want.Changed = 3, epoch.Add(time.Hour)
	checkEntry(t, lookup(t, ix, id), want)

	// A stream that does not start with process-started is listed too.
	other := model.NewID[model.Process]()
	mustAppend(t, s, other, 0, records(2, "plain"))
	e := lookup(t, ix, other)
	if e.Version != 2 || e.Name != "" || e.Phase != "" || !e.Started.Equal(records(1, "")[0].OccurredAt) {
		t.Fatalf("entry of a stream without process-started: %+v", e)
	}
	p := list(t, ix, process.IndexQuery{})
	if len(p.Entries) != 2 || p.Next != "" {
		t.Fatalf("the index lists %d entries (next %q), want 2", len(p.Entries), p.Next)
	}
	checkEntry(t, p.Entries[0], want) // changed last, listed first
}

func testIndexPhases(t *testing.T, s process.Store, ix process.Indexer) {
	id := model.NewID[model.Process]()
	mustAppend(t, s, id, 0, []process.Record{started(id, "P", epoch)})
	mustAppend(t, s, id, 1, []process.Record{changed("planning", "execution", 1, epoch.Add(time.Hour))})
	e := lookup(t, ix, id)
	if e.Phase != "execution" || e.Cycle != 1 || e.Version != 2 {
		t.Fatalf("after execute: %+v", e)
	}
	// Two changes in one batch: the last one counts.
	mustAppend(t, s, id, 2, []process.Record{
		changed("execution", "planning", 2, epoch.Add(2*time.Hour)),
		changed("planning", "execution", 2, epoch.Add(3*time.Hour)),
		planned(epoch.Add(4 * time.Hour)),
	})
	e = lookup(t, ix, id)
	if e.Phase != "execution" || e.Cycle != 2 || e.Version != 5 || !e.Changed.Equal(epoch.Add(4*time.Hour)) || !e.Started.Equal(epoch) {
		t.Fatalf("after a new cycle: %+v", e)
	}
	if e.Name != "P" || e.Template != "index-test" {
		t.Fatalf("a phase change lost the name or template: %+v", e)
	}
}

// indexFixture appends n processes, the i-th started at epoch+i hours and
// changed last at epoch+(n-i) days (so the two orders differ), every third
// in phase execution.
func indexFixture(t *testing.T, s process.Store, n int) map[model.ProcessID]int {
	ids := map[model.ProcessID]int{}
	for i := range n {
		id := model.NewID[model.Process]()
		ids[id] = i
		rs := []process.Record{started(id, fmt.Sprintf("P%d", i), epoch.Add(time.Duration(i)*time.Hour))}
		if i%3 == 0 {
			rs = append(rs, changed("planning", "execution", 1, epoch.Add(time.Duration(n-i)*24*time.Hour)))
		} else {
			rs = append(rs, planned(epoch.Add(time.Duration(n-i)*24*time.Hour)))
		}
		// Two processes share their last change's time: the ID breaks the tie.
		if i == 5 {
			rs[1].OccurredAt = epoch.Add(time.Duration(n-4) * 24 * time.Hour)
		}
		mustAppend(t, s, id, 0, rs)
	}
	return ids
}

func testIndexPagination(t *testing.T, s process.Store, ix process.Indexer) {
	const n = 25
	ids := indexFixture(t, s, n)
	for _, order := range []process.IndexOrder{process.ByChanged, process.ByStarted} {
		for _, size := range []int{1, 7, 25, 100} {
			all := listAll(t, ix, process.IndexQuery{Order: order}, size)
			if len(all) != n {
				t.Fatalf("%s, pages of %d: %d entries, want %d", order, size, len(all), n)
			}
			seen := map[model.ProcessID]bool{}
			for i, e := range all {
				if _, ok := ids[e.Process]; !ok || seen[e.Process] {
					t.Fatalf("%s, pages of %d: entry %d (%s) is unknown or listed twice", order, size, i, e.Process)
				}
				seen[e.Process] = true
				if i > 0 && !order.Before(all[i-1].Key(order), e.Key(order)) {
					t.Fatalf("%s, pages of %d: entries %d and %d are out of order: %+v, %+v", order, size, i-1, i, all[i-1].Key(order), e.Key(order))
				}
			}
		}
	}

	// Appends between pages: ByStarted still lists every process once.
	q := process.IndexQuery{Order: process.ByStarted, Limit: 10}
	first := list(t, ix, q)
	for id := range ids {
		e := lookup(t, ix, id)
		mustAppend(t, s, id, e.Version, []process.Record{planned(epoch.Add(1000 * time.Hour))})
	}
	seen := map[model.ProcessID]bool{}
	for _, e := range first.Entries {
		seen[e.Process] = true
	}
	for q.After = first.Next; q.After != ""; {
		p := list(t, ix, q)
		for _, e := range p.Entries {
			if seen[e.Process] {
				t.Fatalf("ByStarted listed %s twice while processes changed", e.Process)
			}
			seen[e.Process] = true
		}
		q.After = p.Next
	}
	if len(seen) != n {
		t.Fatalf("ByStarted listed %d processes while they changed, want %d", len(seen), n)
	}
}

func testIndexFilters(t *testing.T, s process.Store, ix process.Indexer) {
	const n = 25
	ids := indexFixture(t, s, n)
	inExecution := listAll(t, ix, process.IndexQuery{Phase: "execution"}, 4)
	if len(inExecution) != 9 { // i = 0, 3, …, 24
		t.Fatalf("%d processes in execution, want 9", len(inExecution))
	}
	for _, e := range inExecution {
		if e.Phase != "execution" || ids[e.Process]%3 != 0 {
			t.Fatalf("the phase filter let through %+v", e)
		}
	}
	since := epoch.Add(20 * 24 * time.Hour) // n-i >= 20: i <= 5
	recent := listAll(t, ix, process.IndexQuery{ChangedSince: since, Order: process.ByStarted}, 2)
	if len(recent) != 6 {
		t.Fatalf("%d processes changed since %v, want 6", len(recent), since)
	}
	for _, e := range recent {
		if e.Changed.Before(since) {
			t.Fatalf("the ChangedSince filter let through %+v", e)
		}
	}
	both := listAll(t, ix, process.IndexQuery{ChangedSince: since, Phase: "execution"}, 100)
	if len(both) != 2 { // i = 0, 3
		t.Fatalf("%d processes in execution changed since %v, want 2", len(both), since)
	}
	if none := list(t, ix, process.IndexQuery{Phase: "no-such-phase"}); len(none.Entries) != 0 {
		t.Fatalf("an unknown phase matched %d entries", len(none.Entries))
	}
}

func testIndexRefused(t *testing.T, s process.Store, ix process.Indexer) {
	ctx := context.Background()
	id, other := model.NewID[model.Process](), model.NewID[model.Process]()
	mustAppend(t, s, id, 0, []process.Record{started(id, "P", epoch)})
	stored := []process.Record{started(other, "O", epoch)}
	mustAppend(t, s, other, 0, stored)
	before := lookup(t, ix, id)

	change := changed("planning", "execution", 1, epoch.Add(time.Hour))
	if err := s.Append(ctx, id, 0, []process.Record{change}); !errors.Is(err, process.ErrConflict) {
		t.Fatalf("a stale phase change: %v, want ErrConflict", err)
	}
	dup := []process.Record{changed("planning", "execution", 1, epoch.Add(time.Hour)), stored[0]}
	if err := s.Append(ctx, id, 1, dup); !errors.Is(err, process.ErrDuplicateEvent) {
		t.Fatalf("a phase change with a stored ID: %v, want ErrDuplicateEvent", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Append(cancelled, id, 1, []process.Record{changed("planning", "execution", 1, epoch.Add(time.Hour))}); err == nil {
		t.Fatal("an append with a cancelled context succeeded")
	}
	bad := changed("planning", "execution", 1, epoch.Add(time.Hour))
	bad.Data = []byte(`{"data":{"to":42}}`)
	if err := s.Append(ctx, id, 1, []process.Record{planned(epoch.Add(time.Minute)), bad}); !errors.Is(err, process.ErrInvalidRecord) {
		t.Fatalf("a phase change that does not decode: %v, want ErrInvalidRecord", err)
	}
	checkEntry(t, lookup(t, ix, id), before)
	if n := len(readStream(t, s, id, 0)); n != 1 {
		t.Fatalf("refused appends left %d events in the stream, want 1", n)
	}
	fresh := model.NewID[model.Process]()
	badStart := started(fresh, "F", epoch)
	badStart.Data = []byte(`{"data":{"process":"not an object"}}`)
	if err := s.Append(ctx, fresh, 0, []process.Record{badStart}); !errors.Is(err, process.ErrInvalidRecord) {
		t.Fatalf("a process-started that does not decode: %v, want ErrInvalidRecord", err)
	}
	if _, err := ix.LookupProcess(ctx, fresh); !errors.Is(err, process.ErrNotFound) {
		t.Fatalf("a refused first append left an index entry: %v", err)
	}
	if n := len(list(t, ix, process.IndexQuery{}).Entries); n != 2 {
		t.Fatalf("the index lists %d processes after refused appends, want 2", n)
	}
	// The retry of an acknowledged append changes nothing either.
	mustAppend(t, s, other, 0, stored)
	if e := lookup(t, ix, other); e.Version != 1 {
		t.Fatalf("a retry moved the index to version %d", e.Version)
	}
}

func testIndexInvalid(t *testing.T, _ process.Store, ix process.Indexer) {
	for name, q := range map[string]process.IndexQuery{
		"negative limit":  {Limit: -1},
		"limit too large": {Limit: process.MaxIndexLimit + 1},
		"unknown order":   {Order: 7},
		"garbage cursor":  {After: "not a cursor"},
		"foreign cursor":  {After: process.IndexKey{At: epoch, Process: model.NewID[model.Process]()}.Cursor(process.ByStarted)},
	} {
		if _, err := ix.ListProcesses(context.Background(), q); !errors.Is(err, process.ErrInvalidQuery) {
			t.Fatalf("%s: %v, want ErrInvalidQuery", name, err)
		}
	}
}

func testIndexConcurrent(t *testing.T, s process.Store, ix process.Indexer) {
	const writers, appends = 16, 10
	var wg sync.WaitGroup
	ids := make([]model.ProcessID, writers)
	errs := make([]error, writers)
	for w := range writers {
		ids[w] = model.NewID[model.Process]()
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := ids[w]
			if errs[w] = s.Append(context.Background(), id, 0, []process.Record{started(id, "P", epoch)}); errs[w] != nil {
				return
			}
			for i := range appends {
				if errs[w] = s.Append(context.Background(), id, uint64(i+1), []process.Record{planned(epoch.Add(time.Duration(i) * time.Minute))}); errs[w] != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	all := listAll(t, ix, process.IndexQuery{}, 5)
	if len(all) != writers {
		t.Fatalf("the index lists %d processes, want %d", len(all), writers)
	}
	for _, e := range all {
		if e.Version != appends+1 {
			t.Fatalf("entry %s at version %d, want %d", e.Process, e.Version, appends+1)
		}
	}
}
