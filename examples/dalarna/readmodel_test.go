package main

import (
	"os"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The PostgreSQL server starts with the first test that needs one.
var pg pgtest.OnDemand

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// The read model's tables answer in SQL what the State answers: the
// samråd's response rate (14 of the 15 municipalities), the indicators.
func TestReadModel_FiguresEqualTheState(t *testing.T) {
	for name, dsn := range scenariotest.Databases(&pg) {
		t.Run(name, func(t *testing.T) {
			store, s, _ := scenariotest.ReadModel(t, run, 2014, dsn(t))
			var required, answered, observations int
			require.NoError(t, store.DB().QueryRow(`SELECT required, required_answered FROM report_rounds`).Scan(&required, &answered))
			assert.Equal(t, 15, required)
			assert.Equal(t, 14, answered)
			require.NoError(t, store.DB().QueryRow(`SELECT count(*) FROM report_observations`).Scan(&observations))
			n := 0
			for _, ind := range s.Indicators() {
				n += len(s.Observations(ind.ID))
			}
			assert.Positive(t, n)
			assert.Equal(t, n, observations)
		})
	}
}
