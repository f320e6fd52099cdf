package process_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func unnumbered(title string) process.CreateMeasure {
	return process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Title: title}}
}

// createdNumber is the number a CreateMeasure's result recorded.
func createdNumber(t *testing.T, res process.Result) int {
	t.Helper()
	for _, ev := range res.Events {
		if mc, ok := ev.Data.(process.MeasureCreated); ok {
			return mc.Measure.Number
		}
	}
	t.Fatal("no measure-created event")
	return 0
}

func TestCreateMeasure_WithoutNumber_GetsTheNextFree(t *testing.T) {
	f := newFixture(t)
	assert.Equal(t, 1, createdNumber(t, f.do(unnumbered("Läxhjälp"))))
	explicit := process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 7, Title: "Mötesplatser"}}
	assert.Equal(t, 7, createdNumber(t, f.do(explicit)), "explicit numbers still work")
	assert.Equal(t, 8, createdNumber(t, f.do(unnumbered("Sommarjobb"))))

	// An explicit number already taken is still refused.
	taken := process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 8, Title: "x"}}
	f.refused("taken", taken, process.ErrAlreadyExists, "Measure.Number")
	negative := process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: -1, Title: "x"}}
	f.refused("negative", negative, model.ErrOutOfRange, "Measure.Number")

	// Renumbered, the highest number moves, and so does the next.
	s := f.state()
	var eight model.MeasureID
	for _, m := range s.Measures() {
		if m.Number == 8 {
			eight = m.ID
		}
	}
	f.do(process.RenumberMeasure{Measure: eight, Number: 20})
	assert.Equal(t, 21, createdNumber(t, f.do(unnumbered("Fritidsgårdar"))))
}

func TestCreateRecommendation_WithoutNumber_GetsTheNextFree(t *testing.T) {
	f := newFixture(t)
	rec := func(n int) process.CreateRecommendation {
		return process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: n, Title: fmt.Sprint("R", n)}}
	}
	number := func(res process.Result) int {
		return res.Events[0].Data.(process.RecommendationCreated).Recommendation.Number
	}
	assert.Equal(t, 1, number(f.do(rec(0))))
	assert.Equal(t, 2, number(f.do(rec(0))))
	assert.Equal(t, 5, number(f.do(rec(5))))
	assert.Equal(t, 6, number(f.do(rec(0))))
}

// numbersOf returns the sorted numbers of the process's measures.
func numbersOf(t *testing.T, e *process.Engine, id model.ProcessID) []int {
	t.Helper()
	s, err := e.Load(context.Background(), id)
	require.NoError(t, err)
	var out []int
	for _, m := range s.Measures() {
		out = append(out, m.Number)
	}
	sort.Ints(out)
	return out
}

func oneToN(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func TestCreateMeasure_ConcurrentWithoutNumbers_OneEngine(t *testing.T) {
	f := newFixture(t)
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { _, errs[i] = f.engine.Execute(f.ctx, f.id, f.actor, unnumbered(fmt.Sprint("Åtgärd ", i))) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, oneToN(n), numbersOf(t, f.engine, f.id))
}

func TestCreateMeasure_ConcurrentWithoutNumbers_TwoEnginesOneStore(t *testing.T) {
	f := newFixture(t)
	const n = 8
	other, err := process.New(f.store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting, Retries: 4 * n})
	require.NoError(t, err)
	mine, err := process.New(f.store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting, Retries: 4 * n})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, 2*n)
	for i := range n {
		wg.Go(func() { _, errs[2*i] = mine.Execute(f.ctx, f.id, f.actor, unnumbered(fmt.Sprint("A", i))) })
		wg.Go(func() { _, errs[2*i+1] = other.Execute(f.ctx, f.id, f.actor, unnumbered(fmt.Sprint("B", i))) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, oneToN(2*n), numbersOf(t, other, f.id))
}

// interposingStore lets another writer append just before the first
// append through it: a race lost, on purpose.
type interposingStore struct {
	*memstore.Store
	once   sync.Once
	before func()
}

func (s *interposingStore) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	s.once.Do(s.before)
	return s.Store.Append(ctx, id, expected, records)
}

func TestCreateMeasure_RaceLost_ConflictThenTheNextNumberOnRetry(t *testing.T) {
	for _, retries := range []int{0, 1} {
		t.Run(fmt.Sprint("retries=", retries), func(t *testing.T) {
			f := newFixture(t)
			f.do(unnumbered("Läxhjälp")) // number 1
			store := &interposingStore{Store: f.store}
			late, err := process.New(store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting, Retries: retries})
			require.NoError(t, err)
			// late decides number 2; before it appends, f.engine records 2.
			store.before = func() {
				assert.Equal(t, 2, createdNumber(t, f.do(unnumbered("Mötesplatser"))))
			}
			res, err := late.Execute(f.ctx, f.id, f.actor, unnumbered("Sommarjobb"))
			if retries == 0 {
				var ce *process.ConflictError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, []int{1, 2}, numbersOf(t, late, f.id), "the loser wrote nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 3, createdNumber(t, res), "decided again, on the state with number 2")
			assert.Equal(t, []int{1, 2, 3}, numbersOf(t, late, f.id))
		})
	}
}
