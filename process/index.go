package process

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Indexer is a store that keeps an index of its processes: one
// [IndexEntry] per stream, updated in the same transaction as every
// append, so a host can list its processes (a start page, a report)
// without replaying a single stream. Find it by type assertion:
//
//	if ix, ok := store.(process.Indexer); ok { page, err := ix.ListProcesses(ctx, process.IndexQuery{}) … }
//
// A store that is an Indexer derives each entry from the records it
// appends with [IndexEntry.Apply]; an append it refuses (a conflict, a
// duplicate, a cancelled context) leaves the index as it was. It refuses,
// with an error wrapping [ErrInvalidRecord] and writing nothing, a
// process-started or phase-changed record whose data does not decode.
type Indexer interface {
	// ListProcesses returns one page of the entries that match q, in the
	// order q asks for. It returns an error wrapping [ErrInvalidQuery] for
	// a negative or too large Limit, an unknown Order or a malformed
	// cursor.
	ListProcesses(ctx context.Context, q IndexQuery) (IndexPage, error)
	// LookupProcess returns the entry of process id, or an error wrapping
	// [ErrNotFound] when the store holds no event of it.
	LookupProcess(ctx context.Context, id model.ProcessID) (IndexEntry, error)
}

// IndexEntry is what the index knows of one process: enough for a list of
// processes, without loading any of them.
type IndexEntry struct {
	Process model.ProcessID
	// Name is the process's name, from its process-started event; empty
	// for a stream that does not start with one.
	Name string
	// Template is the ID of the template the process was started with,
	// such as "dalarna", and TemplateName its name.
	Template     string
	TemplateName model.Label
	// Phase is the phase the process is in and Cycle the cycle (from 1;
	// returning to the template's initial phase starts a new one).
	Phase phase.PhaseID
	Cycle int
	// Version is the version of the stream's last event.
	Version uint64
	// Started is the time of the stream's first event, Changed that of its
	// last (the events' OccurredAt, from the engine's clock, in UTC).
	Started time.Time
	Changed time.Time
}

// Apply returns the entry after an append of records to the stream of
// process id at version expected (0 for a new stream, and then e is the
// zero entry). It is the one derivation every [Indexer] uses: the
// process-started record sets the name, the template, the initial phase
// and cycle 1; each phase-changed record sets the phase and the cycle;
// every record sets Version and Changed; the first record of the stream
// sets Started. It returns an error wrapping [ErrInvalidRecord] when a
// process-started or phase-changed record does not decode. An empty batch
// returns e unchanged.
func (e IndexEntry) Apply(id model.ProcessID, expected uint64, records []Record) (IndexEntry, error) {
	if len(records) == 0 {
		return e, nil
	}
	e.Process = id
	if expected == 0 {
		e.Started = records[0].OccurredAt.UTC()
	}
	for i, r := range records {
		switch r.Type {
		case Started{}.EventType(), PhaseChanged{}.EventType():
			ev, err := Decode(r)
			if err != nil {
				return e, fmt.Errorf("%w: record %d: %v", ErrInvalidRecord, i, err)
			}
			switch d := ev.Data.(type) {
			case Started:
				e.Name, e.Template, e.TemplateName = d.Process.Name, d.Template.ID, d.Template.Name
				e.Phase, e.Cycle = d.Template.Initial, 1
			case PhaseChanged:
				e.Phase, e.Cycle = d.To, d.Cycle
			}
		}
	}
	last := records[len(records)-1]
	e.Version = expected + uint64(len(records))
	e.Changed = last.OccurredAt.UTC()
	return e, nil
}

// IndexChanges reports whether an append of records changes more of an
// entry than its Version and Changed (it holds a process-started or a
// phase-changed record). A store can then update only those two columns
// for the common append.
func IndexChanges(records []Record) bool {
	for _, r := range records {
		if r.Type == (Started{}).EventType() || r.Type == (PhaseChanged{}).EventType() {
			return true
		}
	}
	return false
}

// IndexOrder is the order in which [Indexer.ListProcesses] returns entries.
type IndexOrder int

const (
	// ByChanged lists the most recently changed process first (Changed
	// descending, then Process descending): a start page's order. A
	// process that changes while a host pages through the list moves to
	// the front: it is never listed twice, but a pass may miss it; ask
	// again with ChangedSince set to the time the pass began to catch
	// those.
	ByChanged IndexOrder = iota
	// ByStarted lists the first started process first (Started ascending,
	// then Process ascending). The keys never change, so a pass lists
	// every process that existed when it began exactly once, however the
	// processes change meanwhile; processes started later come at the end.
	ByStarted
)

// String names the order.
func (o IndexOrder) String() string {
	switch o {
	case ByChanged:
		return "by-changed"
	case ByStarted:
		return "by-started"
	}
	return "IndexOrder(" + strconv.Itoa(int(o)) + ")"
}

// DefaultIndexLimit is the page size of an [IndexQuery] with Limit 0, and
// MaxIndexLimit the largest Limit a store accepts.
const (
	DefaultIndexLimit = 100
	MaxIndexLimit     = 1000
)

// IndexQuery asks for one page of the index. The zero query asks for the
// first [DefaultIndexLimit] entries of every process, most recently
// changed first.
type IndexQuery struct {
	// Phase, when set, keeps only processes in that phase.
	Phase phase.PhaseID
	// ChangedSince, when set, keeps only processes changed at or after it.
	ChangedSince time.Time
	// Order is the order of the list; the zero value is [ByChanged].
	Order IndexOrder
	// Limit is the most entries a page holds: 0 means
	// [DefaultIndexLimit]; at most [MaxIndexLimit].
	Limit int
	// After is the Next cursor of the previous page ("" for the first).
	// Pass it with the same Order and filters as the query that returned it.
	After IndexCursor
}

// IndexPage is one page of the index.
type IndexPage struct {
	Entries []IndexEntry
	// Next is the cursor of the following page, "" when this is the last.
	Next IndexCursor
}

// IndexCursor marks where a page of the index ended. It is opaque: pass
// it back as [IndexQuery.After]; it stays valid as processes change.
type IndexCursor string

// PageSize returns the page size q asks for, or an error wrapping
// [ErrInvalidQuery]. For stores implementing [Indexer].
func (q IndexQuery) PageSize() (int, error) {
	switch {
	case q.Limit < 0 || q.Limit > MaxIndexLimit:
		return 0, fmt.Errorf("%w: Limit %d is not within 0…%d", ErrInvalidQuery, q.Limit, MaxIndexLimit)
	case q.Order != ByChanged && q.Order != ByStarted:
		return 0, fmt.Errorf("%w: unknown order %s", ErrInvalidQuery, q.Order)
	case q.Limit == 0:
		return DefaultIndexLimit, nil
	}
	return q.Limit, nil
}

// IndexKey is the place of an entry in an order: its time in that order
// (Changed for [ByChanged], Started for [ByStarted]) and its process.
// Stores implementing [Indexer] page by it.
type IndexKey struct {
	At      time.Time
	Process model.ProcessID
}

// Key returns the place of e in order o.
func (e IndexEntry) Key(o IndexOrder) IndexKey {
	if o == ByStarted {
		return IndexKey{At: e.Started, Process: e.Process}
	}
	return IndexKey{At: e.Changed, Process: e.Process}
}

// Cursor returns the cursor of a page that ends with the entry at k in
// order o.
func (k IndexKey) Cursor(o IndexOrder) IndexCursor {
	raw := fmt.Sprintf("%d|%d|%s", o, k.At.UnixMicro(), k.Process)
	return IndexCursor(base64.RawURLEncoding.EncodeToString([]byte(raw)))
}

// AfterKey returns the key q's cursor names, and ok=false for the first page.
// It returns an error wrapping [ErrInvalidQuery] for a cursor no store
// made, or one made for another order.
func (q IndexQuery) AfterKey() (k IndexKey, ok bool, err error) {
	if q.After == "" {
		return IndexKey{}, false, nil
	}
	bad := fmt.Errorf("%w: malformed cursor %q", ErrInvalidQuery, q.After)
	raw, err := base64.RawURLEncoding.DecodeString(string(q.After))
	if err != nil {
		return IndexKey{}, false, bad
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 {
		return IndexKey{}, false, bad
	}
	order, err1 := strconv.Atoi(parts[0])
	usec, err2 := strconv.ParseInt(parts[1], 10, 64)
	id, err3 := model.ParseID[model.Process](parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return IndexKey{}, false, bad
	}
	if IndexOrder(order) != q.Order {
		return IndexKey{}, false, fmt.Errorf("%w: the cursor is for order %s, the query asks for %s", ErrInvalidQuery, IndexOrder(order), q.Order)
	}
	return IndexKey{At: time.UnixMicro(usec).UTC(), Process: id}, true, nil
}

// Before reports whether the entry at a comes before the one at b in order o.
func (o IndexOrder) Before(a, b IndexKey) bool {
	ta, tb := a.At.UnixMicro(), b.At.UnixMicro()
	if o == ByStarted {
		return ta < tb || ta == tb && a.Process.String() < b.Process.String()
	}
	return ta > tb || ta == tb && a.Process.String() > b.Process.String()
}

// Matches reports whether e passes q's filters (Phase and ChangedSince).
func (q IndexQuery) Matches(e IndexEntry) bool {
	if q.Phase != "" && e.Phase != q.Phase {
		return false
	}
	return q.ChangedSince.IsZero() || e.Changed.UnixMicro() >= q.ChangedSince.UnixMicro()
}
