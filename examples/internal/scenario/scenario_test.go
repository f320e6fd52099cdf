package scenario_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tiny runs a scenario of 1 + areas commands.
func tiny(t *testing.T, store process.Store, areas int) *scenario.Runner {
	t.Helper()
	ids := rand.New(rand.NewPCG(1, 2))
	id := scenario.NewID[model.Process](ids)
	r, err := scenario.NewRunner(context.Background(), store, id, model.Actor{Person: scenario.NewID[model.Person](ids), Capacity: model.RoleProjectLead})
	require.NoError(t, err)
	r.Do(model.MakeDate(2014, 11, 3), process.Start{Process: model.Process{ID: id, Name: "Test"}, Template: phase.Dalarna()})
	for i := range areas {
		r.Do(model.MakeDate(2014, 11, 4), process.DefineArea{Area: model.Area{ID: scenario.NewID[model.Area](ids), Number: i + 1, Name: "Område"}})
	}
	return r
}

func TestRunner_SkipsWhatIsStoredAndNoticesForeignRecords(t *testing.T) {
	store := memstore.New()
	first := tiny(t, store, 3)
	require.NoError(t, first.Err())
	assert.Equal(t, 4, first.Executed)

	again := tiny(t, store, 3)
	require.NoError(t, again.Err())
	assert.Equal(t, scenario.Outcome{Engine: again.Engine, Process: first.Process, Skipped: 4}, again.Outcome)

	longer := tiny(t, store, 5)
	require.NoError(t, longer.Err())
	assert.Equal(t, 4, longer.Skipped, "a run cut short is finished")
	assert.Equal(t, 2, longer.Executed)

	shorter := tiny(t, store, 1)
	assert.ErrorContains(t, shorter.Err(), "4 more commands", "the store holds more than this scenario has")
}

func TestRunner_StopsAtTheFirstRefusal(t *testing.T) {
	r := tiny(t, scenariotest.FailAfter(memstore.New(), 2), 3)
	assert.ErrorIs(t, r.Err(), scenariotest.ErrPowerOut)
	assert.Equal(t, 2, r.Executed)
}

func TestNewID_FollowsTheSeed(t *testing.T) {
	a, b := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	assert.Equal(t, scenario.NewID[model.Area](a), scenario.NewID[model.Area](b))
	assert.NotEqual(t, scenario.NewID[model.Area](a), scenario.NewID[model.Area](a))
}
