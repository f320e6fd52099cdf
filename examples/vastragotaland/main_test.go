package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun_ReachesDecisionPhaseWithTheRealFacts(t *testing.T) {
	ctx := context.Background()
	r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
	require.NoError(t, err)
	s, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)

	assert.Equal(t, phase.PhaseID("decision"), s.Phase().ID)
	assert.Len(t, s.Proposals(), 500)
	assert.Len(t, s.Measures(), Measures)
	municipalities := 0
	for _, o := range s.Organisations() {
		if o.Kind == model.KindMunicipality {
			municipalities++
			m, ok := model.LookupMunicipality(o.Code)
			require.True(t, ok)
			assert.Equal(t, "14", m.County)
		}
	}
	assert.Equal(t, 49, municipalities)

	assert.Empty(t, s.Undisposed(), "every proposal has a disposition")
	counts := s.Counts()
	for _, k := range model.DispositionKinds() {
		assert.Positive(t, counts.ByDisposition[k], "some proposals are %s", k)
	}
	for _, m := range s.Measures() {
		assert.NotEmpty(t, m.Sources, "measure %d comes from proposals", m.Number)
		for _, p := range m.Sources {
			d, ok := s.Disposition(p)
			require.True(t, ok)
			assert.Contains(t, d.Measures, m.ID, "every source of a measure is reachable")
		}
	}
	docs := s.Documents()
	require.Len(t, docs, 1)
	assert.Len(t, docs[0].Items, Measures)
	l, _ := s.Lineage(s.Measures()[11].ID)
	assert.Len(t, l.Revisions, 2, "measure 12 was revised after the Göteborg conference")

	var heads []int
	for _, m := range s.Meetings() {
		heads = append(heads, m.HeadCount)
	}
	assert.Contains(t, heads, 500, "the November 2012 conference")
	tl := s.Timeline()
	assert.Equal(t, model.MakeDate(2012, 3, 1), model.DateOf(tl[2].Entered), "deepening began in spring 2012")
	assert.Equal(t, model.MakeDate(2013, 9, 24), tl[3].Phase.Planned.End, "the council adopted on 24 September 2013")
}

func TestRun_ReplayReproducesState(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	r, err := Run(ctx, store, Config{Seed: 7, Proposals: 500})
	require.NoError(t, err)
	live, err := r.Engine.Load(ctx, r.Process)
	require.NoError(t, err)
	replayed, err := r.Engine.Replay(ctx, r.Process)
	require.NoError(t, err)
	assert.Equal(t, live, replayed, "the fold of the stored events is the state")

	fresh, err := process.New(store, nil)
	require.NoError(t, err)
	loaded, err := fresh.Load(ctx, r.Process)
	require.NoError(t, err)
	assert.Equal(t, live.Version(), loaded.Version())
	assert.Equal(t, live.Timeline(), loaded.Timeline())
	assert.Equal(t, live.Proposals(), loaded.Proposals())
	assert.Equal(t, live.Measures(), loaded.Measures())
	assert.Equal(t, live.Organisations(), loaded.Organisations())
	assert.Equal(t, live.Meetings(), loaded.Meetings())
}

func TestRun_SameSeedSameProcess(t *testing.T) {
	ctx := context.Background()
	print := func(seed uint64, lang model.Lang) string {
		r, err := Run(ctx, memstore.New(), Config{Seed: seed, Proposals: 500})
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, r.Print(ctx, &b, lang))
		return b.String()
	}
	a, b := print(1, model.Swedish), print(1, model.Swedish)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, print(2, model.Swedish))
	assert.Contains(t, a, "Syntetiskt: förslagen (500, frö 1)")
	assert.Contains(t, a, "Fördjupningsfas")
	en := print(1, model.English)
	assert.Contains(t, en, "Synthetic: the proposals (500, seed 1)")
	assert.Contains(t, en, "Deepening")
	assert.Contains(t, en, "500 participants")
}

func TestRun_RefusesImpossibleCounts(t *testing.T) {
	for _, n := range []int{0, Measures - 1, process.MaxProposalsPerCommand + 1} {
		_, err := Run(context.Background(), memstore.New(), Config{Proposals: n})
		assert.Error(t, err, n)
	}
}

// BenchmarkRun is the whole example in memory, printing included; the goal
// is under 50 ms.
func BenchmarkRun(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for range b.N {
		r, err := Run(ctx, memstore.New(), Config{Seed: 2011, Proposals: 500})
		if err != nil {
			b.Fatal(err)
		}
		var sb strings.Builder
		if err := r.Print(ctx, &sb, model.Swedish); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRun_TwiceOnOneDatabase_ReportsInsteadOfDuplicating(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "vg.db")
	print := func() (*Result, string) {
		s, err := sqlstore.Open(ctx, file)
		require.NoError(t, err)
		defer s.Close()
		r, err := Run(ctx, s, Config{Seed: 3, Proposals: 500})
		require.NoError(t, err)
		var b strings.Builder
		require.NoError(t, r.Print(ctx, &b, model.English))
		return r, b.String()
	}
	first, out1 := print()
	second, out2 := print()
	assert.Zero(t, first.Skipped)
	assert.Equal(t, first.Executed, second.Skipped, "the second run finds every command stored")
	assert.Zero(t, second.Executed)
	assert.Equal(t, strings.Replace(out1, fmt.Sprintf("%d commands executed, 0 already", first.Executed), fmt.Sprintf("0 commands executed, %d already", first.Executed), 1), out2)
}

// failingStore refuses every append after the first n.
type failingStore struct {
	process.Store
	n int
}

func (s *failingStore) Append(ctx context.Context, id model.ProcessID, expected uint64, rs []process.Record) error {
	if s.n == 0 {
		return errors.New("the power went out")
	}
	s.n--
	return s.Store.Append(ctx, id, expected, rs)
}

func TestRun_ResumesAnInterruptedRun(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	_, err := Run(ctx, &failingStore{Store: store, n: 90}, Config{Seed: 5, Proposals: 500})
	require.ErrorContains(t, err, "the power went out")

	resumed, err := Run(ctx, store, Config{Seed: 5, Proposals: 500})
	require.NoError(t, err)
	assert.Equal(t, 90, resumed.Skipped)

	clean, err := Run(ctx, memstore.New(), Config{Seed: 5, Proposals: 500})
	require.NoError(t, err)
	a, err := resumed.Engine.Load(ctx, resumed.Process)
	require.NoError(t, err)
	b, err := clean.Engine.Load(ctx, clean.Process)
	require.NoError(t, err)
	assert.Equal(t, resumed.Process, clean.Process, "the same seed names the same process")
	assert.Equal(t, b.Version(), a.Version())
	assert.Equal(t, b.Proposals(), a.Proposals())
	assert.Equal(t, b.Measures(), a.Measures())
	assert.Equal(t, b.Timeline(), a.Timeline())
}
