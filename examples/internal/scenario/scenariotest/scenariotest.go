// Package scenariotest holds the tests every example program must pass:
// a second run on the same database adds nothing, a run cut off half-way
// is finished by the next, no export names anyone, the HTML report loads
// in headless Chromium with every chart it should have, and the read
// model's SQL tables give the figures the State gives, on SQLite and on
// PostgreSQL.
package scenariotest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Run runs an example with a seed in a store.
type Run func(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error)

// TwiceOnOneDatabase runs the example twice on one SQLite file: the second
// run finds every command stored, adds none, prints the same apart from
// its counts, and reads the process from a snapshot that equals the fold
// of the events.
func TwiceOnOneDatabase(t *testing.T, run Run, seed uint64) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "example.db")
	print := func() (scenario.Outcome, string) {
		s, err := sqlstore.Open(ctx, file)
		require.NoError(t, err)
		defer s.Close()
		r, err := run(ctx, s, seed)
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, r.Print(ctx, &b, model.English))
		return r.Base(), b.String()
	}
	first, out1 := print()
	second, out2 := print()
	assert.Zero(t, first.Skipped)
	assert.Equal(t, first.Executed, second.Skipped, "the second run finds every command stored")
	assert.Zero(t, second.Executed)
	assert.Equal(t, strings.Replace(out1, fmt.Sprintf("%d commands executed, 0 already", first.Executed), fmt.Sprintf("0 commands executed, %d already", first.Executed), 1), out2)

	st, err := sqlstore.Open(ctx, file)
	require.NoError(t, err)
	defer st.Close()
	snap, err := st.LoadSnapshot(ctx, second.Process)
	require.NoError(t, err)
	assert.Positive(t, snap.Version, "a snapshot was saved")
	fresh, err := process.New(st, nil)
	require.NoError(t, err)
	loaded, err := fresh.Load(ctx, second.Process)
	require.NoError(t, err)
	replayed, err := fresh.Replay(ctx, second.Process)
	require.NoError(t, err)
	assert.Equal(t, replayed, loaded, "the process read from its snapshot is the fold of its events")
}

// ResumesAfterPowerCut cuts a run off after its first after appends; the
// next run skips those commands and finishes the same process a clean run
// makes.
func ResumesAfterPowerCut(t *testing.T, run Run, seed uint64, after int) {
	ctx := context.Background()
	store := memstore.New()
	_, err := run(ctx, FailAfter(store, after), seed)
	require.ErrorIs(t, err, ErrPowerOut)
	r, err := run(ctx, store, seed)
	require.NoError(t, err)
	resumed := r.Base()
	assert.Equal(t, after, resumed.Skipped)

	c, err := run(ctx, memstore.New(), seed)
	require.NoError(t, err)
	clean := c.Base()
	require.Equal(t, clean.Process, resumed.Process, "the same seed names the same process")
	a, err := resumed.Engine.Load(ctx, resumed.Process)
	require.NoError(t, err)
	b, err := clean.Engine.Load(ctx, clean.Process)
	require.NoError(t, err)
	assert.Equal(t, b.Version(), a.Version())
	assert.Equal(t, b.Timeline(), a.Timeline())
	assert.Equal(t, b.Organisations(), a.Organisations())
	assert.Equal(t, b.Proposals(), a.Proposals())
	assert.Equal(t, b.Measures(), a.Measures())
	assert.Equal(t, b.Rounds(), a.Rounds())
	assert.Equal(t, b.Decisions(), a.Decisions())
}

// Exports runs the example, writes every export in lang, checks that no
// registered person's name is in any of them, and returns their contents
// by file name with the state they were written from.
func Exports(t *testing.T, run Run, seed uint64, lang model.Lang) (map[string]string, *process.State) {
	ctx := context.Background()
	r, err := run(ctx, memstore.New(), seed)
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, r.WriteExports(ctx, dir, lang))
	o := r.Base()
	s, err := o.Engine.Load(ctx, o.Process)
	require.NoError(t, err)
	files := map[string]string{}
	for _, name := range export.Files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		files[name] = string(b)
		for _, p := range s.Persons() {
			assert.NotContains(t, files[name], p.Name, "%s names person %s", name, p.ID)
		}
	}
	return files, s
}

// FailAfter returns a store that refuses every append after the first n:
// the power going out half-way through a run, for the examples' tests.
func FailAfter(store process.Store, n int) process.Store { return &failing{Store: store, n: n} }

// ErrPowerOut is the error of a store returned by FailAfter.
var ErrPowerOut = errors.New("the power went out")

type failing struct {
	process.Store
	n int
}

func (s *failing) Append(ctx context.Context, id model.ProcessID, expected uint64, rs []process.Record) error {
	if s.n == 0 {
		return ErrPowerOut
	}
	s.n--
	return s.Store.Append(ctx, id, expected, rs)
}
