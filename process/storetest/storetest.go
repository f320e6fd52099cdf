// Package storetest is the conformance suite every [process.Store] must
// pass, in the way testing/fstest checks a file system. A store's own tests
// call [Run] with a function that opens a new, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) process.Store { return memstore.New() })
//	}
//
// Run it with -race. It proves what the storage contract promises:
// versions contiguous from 1; batches written whole or not at all;
// concurrent writers on one stream, of which exactly one wins each version
// and every other gets process.ErrConflict; concurrent writers on many
// streams whose events a global read returns completely and in order;
// retries with the same event IDs that write nothing twice; cancelled
// contexts that write nothing; reads that release what they hold on an
// early break; empty appends that change nothing.
//
// Like testing/fstest, it also checks the optional capabilities a store
// has, and skips (saying so) those it has not: a [process.Indexer] must
// keep every entry as its appends say, page without duplicates or gaps,
// filter, and be left unchanged by a refused append; a
// [process.Checkpointer] must make [process.Subscribe] resume where it
// stopped, deliver again only the batch it had not acknowledged, keep
// consumers of different names apart, retry a failing handler and report
// its error, and follow concurrent writers without missing an event; a
// [process.StreamHead] must report each stream's version as its appends
// leave it.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Writers is how many goroutines the concurrency tests start.
const Writers = 64

// Run runs every conformance test against stores made by open. open is
// called once per test and must return a new, empty store.
func Run(t *testing.T, open func(t *testing.T) process.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, process.Store)
	}{
		{"AppendAndRead", testAppendAndRead},
		{"ReadFrom", testReadFrom},
		{"UnknownStream", testUnknownStream},
		{"ExpectedVersionConflict", testConflict},
		{"BatchIsAtomic", testBatchAtomic},
		{"InvalidRecords", testInvalidRecords},
		{"ConcurrentWritersOneStream", testConcurrentOneStream},
		{"ConcurrentWritersManyStreams", testConcurrentManyStreams},
		{"ReadAllNeverSkipsLateCommits", testTailingReader},
		{"IdempotentRetry", testIdempotentRetry},
		{"CancelledContext", testCancelled},
		{"EarlyBreak", testEarlyBreak},
		{"EmptyAppend", testEmptyAppend},
		{"ReadersCannotChangeStore", testReadersCannotChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
	t.Run("StreamHead", func(t *testing.T) { testStreamHead(t, open(t)) })
	t.Run("Index", func(t *testing.T) { runIndex(t, open) })
	t.Run("Subscription", func(t *testing.T) { runSubscriptions(t, open) })
}

// records makes n records of a recognisable type and content.
func records(n int, tag string) []process.Record {
	out := make([]process.Record, n)
	at := time.Date(2012, time.February, 9, 10, 0, 0, 0, time.UTC)
	for i := range out {
		out[i] = process.Record{
			ID:         model.NewID[process.Event](),
			Type:       "test-event",
			OccurredAt: at.Add(time.Duration(i) * time.Minute),
			Data:       []byte(fmt.Sprintf(`{"tag":%q,"i":%d}`, tag, i)),
		}
	}
	return out
}

func readStream(t *testing.T, s process.Store, id model.ProcessID, from uint64) []process.Record {
	t.Helper()
	var out []process.Record
	for r, err := range s.ReadStream(context.Background(), id, from) {
		if err != nil {
			t.Fatalf("ReadStream: %v", err)
		}
		out = append(out, r)
	}
	return out
}

func readAll(t *testing.T, s process.Store, from uint64) []process.Record {
	t.Helper()
	var out []process.Record
	for r, err := range s.ReadAll(context.Background(), from) {
		if err != nil {
			t.Fatalf("ReadAll: %v", err)
		}
		out = append(out, r)
	}
	return out
}

func mustAppend(t *testing.T, s process.Store, id model.ProcessID, expected uint64, rs []process.Record) {
	t.Helper()
	if err := s.Append(context.Background(), id, expected, rs); err != nil {
		t.Fatalf("Append at %d: %v", expected, err)
	}
}

// checkStream fails unless the stream holds exactly want, in order, with
// versions contiguous from 1 and positions growing.
func checkStream(t *testing.T, s process.Store, id model.ProcessID, want []process.Record) {
	t.Helper()
	got := readStream(t, s, id, 0)
	if len(got) != len(want) {
		t.Fatalf("stream %s holds %d records, want %d", id, len(got), len(want))
	}
	var last uint64
	for i, r := range got {
		w := want[i]
		switch {
		case r.ID != w.ID:
			t.Fatalf("record %d: ID %s, want %s", i, r.ID, w.ID)
		case r.Process != id:
			t.Fatalf("record %d: Process %s, want %s", i, r.Process, id)
		case r.Version != uint64(i)+1:
			t.Fatalf("record %d: Version %d, want %d (contiguous from 1)", i, r.Version, i+1)
		case r.Position <= last:
			t.Fatalf("record %d: Position %d does not grow past %d", i, r.Position, last)
		case r.Type != w.Type:
			t.Fatalf("record %d: Type %q, want %q", i, r.Type, w.Type)
		case !r.OccurredAt.Equal(w.OccurredAt):
			t.Fatalf("record %d: OccurredAt %v, want %v", i, r.OccurredAt, w.OccurredAt)
		case !bytes.Equal(r.Data, w.Data):
			t.Fatalf("record %d: Data %s, want %s", i, r.Data, w.Data)
		}
		last = r.Position
	}
}

func testAppendAndRead(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	first, second := records(3, "first"), records(2, "second")
	mustAppend(t, s, id, 0, first)
	mustAppend(t, s, id, 3, second)
	checkStream(t, s, id, append(first, second...))
	if all := readAll(t, s, 0); len(all) != 5 {
		t.Fatalf("ReadAll returned %d records, want 5", len(all))
	}
}

func testReadFrom(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	rs := records(5, "x")
	mustAppend(t, s, id, 0, rs)
	tail := readStream(t, s, id, 3)
	if len(tail) != 3 || tail[0].Version != 3 || tail[0].ID != rs[2].ID {
		t.Fatalf("ReadStream from 3 returned %d records starting at version %d, want 3 from version 3", len(tail), firstVersion(tail))
	}
	if got := readStream(t, s, id, 6); len(got) != 0 {
		t.Fatalf("ReadStream past the end returned %d records", len(got))
	}
	all := readAll(t, s, 0)
	rest := readAll(t, s, all[2].Position)
	if len(rest) != 3 || rest[0].ID != all[2].ID {
		t.Fatalf("ReadAll from position %d returned %d records, want 3 starting with the third", all[2].Position, len(rest))
	}
}

func firstVersion(rs []process.Record) uint64 {
	if len(rs) == 0 {
		return 0
	}
	return rs[0].Version
}

func testUnknownStream(t *testing.T, s process.Store) {
	if got := readStream(t, s, model.NewID[model.Process](), 0); len(got) != 0 {
		t.Fatalf("an unknown stream yielded %d records", len(got))
	}
	if got := readAll(t, s, 0); len(got) != 0 {
		t.Fatalf("an empty store yielded %d records", len(got))
	}
}

func testConflict(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	rs := records(2, "a")
	mustAppend(t, s, id, 0, rs)
	for _, expected := range []uint64{0, 1, 3} {
		err := s.Append(context.Background(), id, expected, records(1, "late"))
		if !errors.Is(err, process.ErrConflict) {
			t.Fatalf("Append at %d to a stream at 2: %v, want ErrConflict", expected, err)
		}
		var ce *process.ConflictError
		if !errors.As(err, &ce) || ce.Expected != expected || ce.Actual != 2 || ce.Process != id {
			t.Fatalf("Append at %d: %#v, want a *ConflictError{Expected: %d, Actual: 2}", expected, err, expected)
		}
	}
	checkStream(t, s, id, rs)
}

func testBatchAtomic(t *testing.T, s process.Store) {
	id, other := model.NewID[model.Process](), model.NewID[model.Process]()
	stored := records(1, "stored")
	mustAppend(t, s, other, 0, stored)

	// The last record of the batch reuses an ID stored elsewhere: the whole
	// batch must be refused, not its first records written.
	batch := records(4, "batch")
	batch[3].ID = stored[0].ID
	if err := s.Append(context.Background(), id, 0, batch); !errors.Is(err, process.ErrDuplicateEvent) {
		t.Fatalf("batch reusing a stored ID: %v, want ErrDuplicateEvent", err)
	}
	checkStream(t, s, id, nil)

	// A batch that conflicts writes none of its records either.
	mustAppend(t, s, id, 0, records(1, "first"))
	if err := s.Append(context.Background(), id, 0, records(3, "stale")); !errors.Is(err, process.ErrConflict) {
		t.Fatalf("stale batch: %v, want ErrConflict", err)
	}
	if n := len(readStream(t, s, id, 0)); n != 1 {
		t.Fatalf("after a refused batch the stream holds %d records, want 1", n)
	}
	if n := len(readAll(t, s, 0)); n != 2 {
		t.Fatalf("after refused batches the store holds %d records, want 2", n)
	}
}

func testInvalidRecords(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	for name, change := range map[string]func([]process.Record){
		"zero ID":       func(rs []process.Record) { rs[1].ID = process.EventID{} },
		"empty type":    func(rs []process.Record) { rs[1].Type = "" },
		"ID used twice": func(rs []process.Record) { rs[1].ID = rs[0].ID },
	} {
		rs := records(3, name)
		change(rs)
		if err := s.Append(context.Background(), id, 0, rs); !errors.Is(err, process.ErrInvalidRecord) {
			t.Fatalf("%s: %v, want ErrInvalidRecord", name, err)
		}
	}
	checkStream(t, s, id, nil)
}

func testConcurrentOneStream(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	mine := make([][]process.Record, Writers)
	for w := range mine {
		mine[w] = records(2, fmt.Sprintf("writer %d", w))
	}

	// Round one: every writer appends at version 0; exactly one may win.
	start := make(chan struct{})
	errs := make([]error, Writers)
	var wg sync.WaitGroup
	for w := range Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[w] = s.Append(context.Background(), id, 0, mine[w][:1])
		}()
	}
	close(start)
	wg.Wait()
	winners := 0
	for w, err := range errs {
		switch {
		case err == nil:
			winners++
		case !errors.Is(err, process.ErrConflict):
			t.Fatalf("writer %d lost with %v, want ErrConflict", w, err)
		}
	}
	if winners != 1 {
		t.Fatalf("%d writers won version 1, want exactly 1", winners)
	}

	// Round two: every writer retries from the version it reads until its
	// batch of two is in; the stream must end with every batch exactly once,
	// whole and unforked.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for w := range Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := mine[w]
			if errs[w] == nil {
				batch = batch[1:]
			}
			for ctx.Err() == nil {
				var version uint64
				for r, err := range s.ReadStream(ctx, id, 0) {
					if err != nil {
						errs[w] = err
						return
					}
					version = r.Version
				}
				err := s.Append(ctx, id, version, batch)
				if !errors.Is(err, process.ErrConflict) {
					errs[w] = err
					return
				}
			}
			errs[w] = ctx.Err()
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	got := readStream(t, s, id, 0)
	if len(got) != 2*Writers {
		t.Fatalf("stream holds %d records, want %d", len(got), 2*Writers)
	}
	seen := map[process.EventID]bool{}
	for i, r := range got {
		if r.Version != uint64(i)+1 {
			t.Fatalf("record %d has version %d: versions are not contiguous", i, r.Version)
		}
		if seen[r.ID] {
			t.Fatalf("event %s is stored twice", r.ID)
		}
		seen[r.ID] = true
	}
	for w, batch := range mine {
		for _, r := range batch {
			if !seen[r.ID] {
				t.Fatalf("writer %d's event %s is missing", w, r.ID)
			}
		}
	}
}

func testConcurrentManyStreams(t *testing.T, s process.Store) {
	const perWriter = 10
	ids := make([]model.ProcessID, Writers)
	written := make([][]process.Record, Writers)
	errs := make([]error, Writers)
	var wg sync.WaitGroup
	for w := range Writers {
		ids[w] = model.NewID[model.Process]()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				rs := records(1+i%3, fmt.Sprintf("w%d-%d", w, i))
				if err := s.Append(context.Background(), ids[w], uint64(len(written[w])), rs); err != nil {
					errs[w] = err
					return
				}
				written[w] = append(written[w], rs...)
			}
		}()
	}

	// Read globally while the writers write: every pass must be in order
	// and, read again later, must find nothing missing before its end.
	done := make(chan struct{})
	var readErr error
	go func() {
		defer close(done)
		for range 20 {
			var last uint64
			for r, err := range s.ReadAll(context.Background(), 0) {
				if err != nil {
					readErr = err
					return
				}
				if r.Position <= last {
					readErr = fmt.Errorf("ReadAll went from position %d to %d", last, r.Position)
					return
				}
				last = r.Position
			}
		}
	}()
	wg.Wait()
	<-done
	if readErr != nil {
		t.Fatal(readErr)
	}
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}

	all := readAll(t, s, 0)
	byStream := map[model.ProcessID][]process.Record{}
	var last uint64
	for _, r := range all {
		if r.Position <= last {
			t.Fatalf("ReadAll went from position %d to %d", last, r.Position)
		}
		last = r.Position
		byStream[r.Process] = append(byStream[r.Process], r)
	}
	for w, id := range ids {
		got := byStream[id]
		if len(got) != len(written[w]) {
			t.Fatalf("ReadAll holds %d records of stream %d, want %d", len(got), w, len(written[w]))
		}
		for i, r := range got {
			if r.ID != written[w][i].ID || r.Version != uint64(i)+1 {
				t.Fatalf("stream %d record %d: ID %s version %d, want %s version %d", w, i, r.ID, r.Version, written[w][i].ID, i+1)
			}
		}
		checkStream(t, s, id, written[w])
	}
}

func testIdempotentRetry(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	first, second := records(2, "first"), records(3, "second")
	mustAppend(t, s, id, 0, first)
	mustAppend(t, s, id, 2, second)

	// The acknowledgement of both appends was lost; the writer retries.
	if err := s.Append(context.Background(), id, 2, second); err != nil {
		t.Fatalf("retrying the last batch: %v, want nil", err)
	}
	if err := s.Append(context.Background(), id, 0, first); err != nil {
		t.Fatalf("retrying an earlier batch: %v, want nil", err)
	}
	checkStream(t, s, id, append(first, second...))
	if n := len(readAll(t, s, 0)); n != 5 {
		t.Fatalf("store holds %d records after retries, want 5", n)
	}

	// Reusing stored IDs at other versions, or mixed with new ones, is no retry.
	if err := s.Append(context.Background(), id, 5, first); !errors.Is(err, process.ErrDuplicateEvent) {
		t.Fatalf("stored IDs at new versions: %v, want ErrDuplicateEvent", err)
	}
	mixed := append(records(1, "new"), second[0])
	if err := s.Append(context.Background(), id, 5, mixed); !errors.Is(err, process.ErrDuplicateEvent) {
		t.Fatalf("new and stored IDs mixed: %v, want ErrDuplicateEvent", err)
	}
	if err := s.Append(context.Background(), model.NewID[model.Process](), 0, first); !errors.Is(err, process.ErrDuplicateEvent) {
		t.Fatalf("stored IDs in another stream: %v, want ErrDuplicateEvent", err)
	}
	checkStream(t, s, id, append(first, second...))
}

func testCancelled(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Append(ctx, id, 0, records(3, "cancelled")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Append with a cancelled context: %v, want context.Canceled", err)
	}
	checkStream(t, s, id, nil)

	mustAppend(t, s, id, 0, records(2, "kept"))
	for name, seq := range map[string]func(context.Context) error{
		"ReadStream": func(ctx context.Context) error {
			for _, err := range s.ReadStream(ctx, id, 0) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"ReadAll": func(ctx context.Context) error {
			for _, err := range s.ReadAll(ctx, 0) {
				if err != nil {
					return err
				}
			}
			return nil
		},
	} {
		if err := seq(ctx); !errors.Is(err, context.Canceled) {
			t.Fatalf("%s with a cancelled context: %v, want context.Canceled", name, err)
		}
	}
}

func testEarlyBreak(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	mustAppend(t, s, id, 0, records(10, "x"))
	// Break out of many reads; a store that kept rows, locks or connections
	// open would run out of them or block the writes below.
	for range 100 {
		for range s.ReadStream(context.Background(), id, 0) {
			break
		}
		for range s.ReadAll(context.Background(), 0) {
			break
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Append(ctx, id, 10, records(1, "after")); err != nil {
		t.Fatalf("Append after early breaks: %v", err)
	}
	if n := len(readStream(t, s, id, 0)); n != 11 {
		t.Fatalf("stream holds %d records, want 11", n)
	}
}

func testEmptyAppend(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	for _, rs := range [][]process.Record{nil, {}} {
		if err := s.Append(context.Background(), id, 0, rs); err != nil {
			t.Fatalf("empty append: %v, want nil", err)
		}
	}
	checkStream(t, s, id, nil)
	rs := records(2, "x")
	mustAppend(t, s, id, 0, rs)
	if err := s.Append(context.Background(), id, 2, nil); err != nil {
		t.Fatalf("empty append to a written stream: %v", err)
	}
	checkStream(t, s, id, rs)
	if n := len(readAll(t, s, 0)); n != 2 {
		t.Fatalf("store holds %d records, want 2", n)
	}
}

func testReadersCannotChange(t *testing.T, s process.Store) {
	id := model.NewID[model.Process]()
	rs := records(1, "original")
	want := append([]byte(nil), rs[0].Data...)
	mustAppend(t, s, id, 0, rs)
	rs[0].Data[0] = 'X' // the writer reuses its buffer
	for r := range s.ReadStream(context.Background(), id, 0) {
		r.Data[0] = 'Y' // a reader scribbles on what it was given
	}
	got := readStream(t, s, id, 0)
	if !bytes.Equal(got[0].Data, want) {
		t.Fatalf("stored data changed to %s, want %s", got[0].Data, want)
	}
}

// testTailingReader follows the global order the way a projection does,
// reading from just after the last position it saw, while writers append
// batches to many streams. A store whose positions can become visible out
// of order (a PostgreSQL sequence read naively) makes it miss events.
func testTailingReader(t *testing.T, s process.Store) {
	const writers, batches = 16, 15
	var wg sync.WaitGroup
	errs := make([]error, writers)
	written := make(chan process.EventID, writers*batches*3)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := model.NewID[model.Process]()
			var version uint64
			for i := range batches {
				rs := records(1+i%3, fmt.Sprintf("tail %d %d", w, i))
				if err := s.Append(context.Background(), id, version, rs); err != nil {
					errs[w] = err
					return
				}
				version += uint64(len(rs))
				for _, r := range rs {
					written <- r.ID
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	seen := map[process.EventID]bool{}
	var next uint64 = 1
	follow := func() error {
		for r, err := range s.ReadAll(context.Background(), next) {
			if err != nil {
				return err
			}
			if r.Position < next {
				return fmt.Errorf("ReadAll from %d returned position %d", next, r.Position)
			}
			seen[r.ID] = true
			next = r.Position + 1
		}
		return nil
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		if err := follow(); err != nil {
			t.Fatal(err)
		}
	}
	if err := follow(); err != nil {
		t.Fatal(err)
	}
	close(written)
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	missed := 0
	for id := range written {
		if !seen[id] {
			missed++
		}
	}
	if missed > 0 {
		t.Fatalf("a reader following the global order missed %d events that committed after a later position was visible", missed)
	}
}

// testStreamHead checks a [process.StreamHead] against the streams it
// keeps: 0 for a stream not yet written, then each append's new version,
// and no change for a refused append.
func testStreamHead(t *testing.T, s process.Store) {
	h, ok := s.(process.StreamHead)
	if !ok {
		t.Skip("the store is no process.StreamHead")
	}
	ctx := context.Background()
	id := model.NewID[model.Process]()
	version := func() uint64 {
		t.Helper()
		v, err := h.StreamVersion(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := version(); v != 0 {
		t.Fatalf("an unwritten stream is at version %d, want 0", v)
	}
	if err := s.Append(ctx, id, 0, records(3, "head")); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, id, 3, records(2, "head")); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != 5 {
		t.Fatalf("after 3 and 2 events the stream is at version %d, want 5", v)
	}
	if err := s.Append(ctx, id, 1, records(1, "head")); err == nil {
		t.Fatal("an append at a stale version was accepted")
	}
	if v := version(); v != 5 {
		t.Fatalf("after a refused append the stream is at version %d, want 5", v)
	}
}
