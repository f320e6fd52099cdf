package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The PostgreSQL server starts with the first test that needs one.
var (
	pgOnce sync.Once
	pg     *pgtest.Server
	pgStop = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgStop()
	os.Exit(code)
}

func postgres(t *testing.T) string {
	pgOnce.Do(func() { pg, pgStop = pgtest.Start() })
	return pg.Database(t)
}

func runVG(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error) {
	return Run(ctx, store, Config{Seed: seed, Proposals: 500})
}

// The read model's tables answer in SQL what the State answers: the 44
// measures, the remiss's response rate, the matrix's roll-ups.
func TestReadModel_FiguresEqualTheState(t *testing.T) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "vg.db") },
		"postgres": postgres,
	} {
		t.Run(name, func(t *testing.T) {
			store, s, _ := scenariotest.ReadModel(t, runVG, 2011, dsn(t))
			var measures, required, answered int
			require.NoError(t, store.DB().QueryRow(`SELECT count(*) FROM report_measures`).Scan(&measures))
			assert.Equal(t, Measures, measures)
			require.NoError(t, store.DB().QueryRow(`SELECT required, required_answered FROM report_rounds`).Scan(&required, &answered))
			c, _ := s.Compilation(s.Rounds()[0].ID)
			assert.Equal(t, 49, required, "the 49 municipalities")
			assert.Equal(t, c.Required.Answered, answered)
		})
	}
}
