package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

func runSubscriptions(t *testing.T, open func(t *testing.T) process.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, process.Store)
	}{
		{"Checkpoints", testCheckpoints},
		{"ResumesAfterCancel", testResumeAfterCancel},
		{"RedeliversOnlyTheUnacknowledgedBatch", testRedeliverOnlyUnacknowledged},
		{"NamesAreIndependent", testIndependentNames},
		{"RetriesAFailingHandler", testRetry},
		{"GivesUpAfterMaxAttempts", testGiveUp},
		{"FollowsConcurrentWriters", testFollowWriters},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			if _, ok := s.(process.Checkpointer); !ok {
				t.Skip("the store is no process.Checkpointer")
			}
			tt.fn(t, s)
		})
	}
}

// fast are options that keep the tests quick.
var fast = process.SubscribeOptions{BatchSize: 5, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, PollInterval: 5 * time.Millisecond}

// appendEvents appends n decodable events to a new stream, one per append,
// and returns their IDs in order.
func appendEvents(t *testing.T, s process.Store, n int) []process.EventID {
	t.Helper()
	id := model.NewID[model.Process]()
	var out []process.EventID
	for i := range n {
		r := planned(epoch.Add(time.Duration(i) * time.Minute))
		mustAppend(t, s, id, uint64(i), []process.Record{r})
		out = append(out, r.ID)
	}
	return out
}

// collector is a handler that keeps what it was given; fail, when set,
// decides per call whether to fail it.
type collector struct {
	mu      sync.Mutex
	batches [][]process.Event
	fail    func(call int, batch []process.Event) error
	calls   int
}

func (c *collector) handle(ctx context.Context, batch []process.Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.fail != nil {
		if err := c.fail(c.calls, batch); err != nil {
			return err
		}
	}
	c.batches = append(c.batches, batch)
	return nil
}

// last is the position of the last event handled.
func (c *collector) last() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.batches) == 0 {
		return 0
	}
	b := c.batches[len(c.batches)-1]
	return b[len(b)-1].Position
}

func (c *collector) ids() []process.EventID {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []process.EventID
	for _, b := range c.batches {
		for _, e := range b {
			out = append(out, e.ID)
		}
	}
	return out
}

// runUntil runs the subscription until the collector holds n events and
// the checkpoint has moved past them (or the subscription ends), and
// returns Subscribe's error.
func runUntil(t *testing.T, s process.Store, name string, c *collector, n int, opts process.SubscribeOptions) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- process.Subscribe(ctx, s, name, c.handle, &opts) }()
	for {
		select {
		case err := <-done:
			return err
		case <-time.After(time.Millisecond):
		}
		if len(c.ids()) >= n && checkpoint(t, s, name) == c.last() {
			// Every event is in and acknowledged: stop.
			cancel()
			return <-done
		}
		if ctx.Err() != nil {
			t.Fatalf("subscription %q got %d of %d events in a minute", name, len(c.ids()), n)
		}
	}
}

func checkpoint(t *testing.T, s process.Store, name string) uint64 {
	t.Helper()
	pos, err := s.(process.Checkpointer).LoadCheckpoint(context.Background(), name)
	if err != nil {
		t.Fatalf("LoadCheckpoint(%q): %v", name, err)
	}
	return pos
}

func testCheckpoints(t *testing.T, s process.Store) {
	ctx := context.Background()
	cp := s.(process.Checkpointer)
	if got := checkpoint(t, s, "never-saved"); got != 0 {
		t.Fatalf("an unsaved checkpoint is %d, want 0", got)
	}
	for _, pos := range []uint64{7, 3, 1 << 40} {
		if err := cp.SaveCheckpoint(ctx, "registry", pos); err != nil {
			t.Fatalf("SaveCheckpoint: %v", err)
		}
		if got := checkpoint(t, s, "registry"); got != pos {
			t.Fatalf("checkpoint %d after saving %d", got, pos)
		}
	}
	if _, err := cp.LoadCheckpoint(ctx, ""); !errors.Is(err, process.ErrInvalidOptions) {
		t.Fatalf("LoadCheckpoint with no name: %v, want ErrInvalidOptions", err)
	}
	if err := cp.SaveCheckpoint(ctx, "", 1); !errors.Is(err, process.ErrInvalidOptions) {
		t.Fatalf("SaveCheckpoint with no name: %v, want ErrInvalidOptions", err)
	}
	if err := process.Subscribe(ctx, s, "", func(context.Context, []process.Event) error { return nil }, nil); !errors.Is(err, process.ErrInvalidOptions) {
		t.Fatalf("Subscribe with no name: %v, want ErrInvalidOptions", err)
	}
	if err := process.Subscribe(ctx, s, "x", func(context.Context, []process.Event) error { return nil }, &process.SubscribeOptions{BatchSize: -1}); !errors.Is(err, process.ErrInvalidOptions) {
		t.Fatalf("Subscribe with a negative batch size: %v, want ErrInvalidOptions", err)
	}
}

// checkExactly fails unless got holds every ID of want exactly once, in order.
func checkExactly(t *testing.T, got, want []process.EventID) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("event %d is %s, want %s", i, got[i], want[i])
		}
	}
}

func testResumeAfterCancel(t *testing.T, s process.Store) {
	want := appendEvents(t, s, 23)
	// The consumer is stopped (its context cancelled) in its third batch,
	// before it acknowledges it.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := &collector{fail: func(call int, _ []process.Event) error {
		if call == 3 {
			cancel()
			return ctx.Err()
		}
		return nil
	}}
	opts := fast
	if err := process.Subscribe(ctx, s, "reminders", first.handle, &opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("Subscribe stopped with %v, want context.Canceled", err)
	}
	if got := first.ids(); len(got) != 10 {
		t.Fatalf("before the stop the consumer acknowledged %d events, want 10", len(got))
	}
	// Restarted, it resumes at the third batch: nothing lost, nothing twice.
	second := &collector{}
	if err := runUntil(t, s, "reminders", second, 13, fast); !errors.Is(err, context.Canceled) {
		t.Fatalf("restarted Subscribe: %v", err)
	}
	checkExactly(t, append(first.ids(), second.ids()...), want)
	// The checkpoint is the last event's position.
	all := readAll(t, s, 0)
	if got := checkpoint(t, s, "reminders"); got != all[len(all)-1].Position {
		t.Fatalf("checkpoint %d, want the last position %d", got, all[len(all)-1].Position)
	}
}

// testRedeliverOnlyUnacknowledged stops a consumer between handling a
// batch and saving its checkpoint (the handler succeeds, the program
// dies): only that batch comes again.
func testRedeliverOnlyUnacknowledged(t *testing.T, s process.Store) {
	want := appendEvents(t, s, 17)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var handled [][]process.Event
	handler := func(_ context.Context, batch []process.Event) error {
		handled = append(handled, batch)
		if len(handled) == 2 {
			cancel() // the checkpoint save that follows fails: the program is gone
		}
		return nil
	}
	opts := fast
	if err := process.Subscribe(ctx, s, "diarium", handler, &opts); !errors.Is(err, context.Canceled) {
		t.Fatalf("Subscribe stopped with %v, want context.Canceled", err)
	}
	if len(handled) != 2 {
		t.Fatalf("handled %d batches, want 2", len(handled))
	}
	second := &collector{}
	if err := runUntil(t, s, "diarium", second, 12, fast); !errors.Is(err, context.Canceled) {
		t.Fatalf("restarted Subscribe: %v", err)
	}
	got := second.ids()
	if len(got) != 12 {
		t.Fatalf("after the restart the consumer got %d events, want 12 (the second batch again and the rest)", len(got))
	}
	for i, e := range handled[1] {
		if got[i] != e.ID {
			t.Fatalf("the restart begins with %s, want the unacknowledged batch's %s", got[i], e.ID)
		}
	}
	checkExactly(t, got, want[5:])
}

func testIndependentNames(t *testing.T, s process.Store) {
	want := appendEvents(t, s, 12)
	a := &collector{}
	if err := runUntil(t, s, "a", a, 12, fast); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	checkExactly(t, a.ids(), want)
	if got := checkpoint(t, s, "b"); got != 0 {
		t.Fatalf("consumer a moved b's checkpoint to %d", got)
	}
	more := appendEvents(t, s, 3)
	b := &collector{}
	if err := runUntil(t, s, "b", b, 15, fast); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	checkExactly(t, b.ids(), append(append([]process.EventID{}, want...), more...))
	a2 := &collector{}
	if err := runUntil(t, s, "a", a2, 3, fast); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	checkExactly(t, a2.ids(), more)
}

func testRetry(t *testing.T, s process.Store) {
	want := appendEvents(t, s, 8)
	boom := errors.New("the registry is down")
	var (
		mu       sync.Mutex
		reported []*process.SubscriptionError
	)
	c := &collector{fail: func(call int, _ []process.Event) error {
		if call <= 3 {
			return boom
		}
		return nil
	}}
	opts := fast
	opts.OnError = func(err *process.SubscriptionError) {
		mu.Lock()
		defer mu.Unlock()
		reported = append(reported, err)
	}
	if err := runUntil(t, s, "retry", c, 8, opts); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	checkExactly(t, c.ids(), want)
	mu.Lock()
	defer mu.Unlock()
	if len(reported) != 3 {
		t.Fatalf("OnError was called %d times, want 3", len(reported))
	}
	first := readAll(t, s, 0)[0].Position
	for i, err := range reported {
		if !errors.Is(err, boom) || err.Attempt != i+1 || err.Name != "retry" || err.From != first {
			t.Fatalf("report %d: %+v, want attempt %d of %q at %d wrapping the handler's error", i, err, i+1, "retry", first)
		}
	}
}

func testGiveUp(t *testing.T, s process.Store) {
	appendEvents(t, s, 3)
	boom := errors.New("always fails")
	calls := 0
	opts := fast
	opts.MaxAttempts = 4
	err := process.Subscribe(context.Background(), s, "doomed", func(context.Context, []process.Event) error {
		calls++
		return boom
	}, &opts)
	var serr *process.SubscriptionError
	if !errors.As(err, &serr) || !errors.Is(err, boom) || serr.Attempt != 4 {
		t.Fatalf("Subscribe returned %v, want the fourth attempt's *SubscriptionError wrapping the handler's error", err)
	}
	if calls != 4 {
		t.Fatalf("the handler was called %d times, want 4", calls)
	}
	if got := checkpoint(t, s, "doomed"); got != 0 {
		t.Fatalf("a batch that never succeeded moved the checkpoint to %d", got)
	}
}

// testFollowWriters runs a consumer while writers append to many streams:
// it must get every event once, in growing positions, woken as they come.
func testFollowWriters(t *testing.T, s process.Store) {
	const writers, appends = 8, 15
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var (
		mu   sync.Mutex
		got  []process.Event
		want = map[process.EventID]bool{}
	)
	done := make(chan error, 1)
	opts := fast
	go func() {
		done <- process.Subscribe(ctx, s, "follower", func(_ context.Context, batch []process.Event) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, batch...)
			if len(got) == writers*appends {
				cancel()
			}
			return nil
		}, &opts)
	}()
	var wg sync.WaitGroup
	errs := make([]error, writers)
	var wmu sync.Mutex
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := model.NewID[model.Process]()
			for i := range appends {
				r := planned(epoch.Add(time.Duration(i) * time.Second))
				wmu.Lock()
				want[r.ID] = true
				wmu.Unlock()
				if err := s.Append(context.Background(), id, uint64(i), []process.Record{r}); err != nil {
					errs[w] = fmt.Errorf("append %d: %w", i, err)
					return
				}
				time.Sleep(time.Duration(w%3) * time.Millisecond)
			}
		}()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", w, err)
		}
	}
	if err := <-done; !errors.Is(err, context.Canceled) {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		t.Fatalf("Subscribe ended with %v after %d of %d events", err, n, writers*appends)
	}
	mu.Lock()
	defer mu.Unlock()
	var last uint64
	for i, e := range got {
		if e.Position <= last {
			t.Fatalf("event %d at position %d after %d", i, e.Position, last)
		}
		last = e.Position
		if !want[e.ID] {
			t.Fatalf("event %s delivered twice or never written", e.ID)
		}
		delete(want, e.ID)
	}
	if len(want) != 0 {
		t.Fatalf("the consumer missed %d events", len(want))
	}
}
