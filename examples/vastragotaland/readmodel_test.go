package main

import (
	"context"
	"os"
	"testing"

	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/samling-go/samling/process/sqlstore/readmodel"
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

// The read model's tables answer in SQL what the State answers: the 44
// measures, the remiss's response rate, the matrix's roll-ups.
func TestReadModel_FiguresEqualTheState(t *testing.T) {
	for name, dsn := range scenariotest.Databases(&pg) {
		t.Run(name, func(t *testing.T) {
			store, s, _ := scenariotest.ReadModel(t, run, 2011, dsn(t))
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

// BenchmarkReadModel_Rebuild rebuilds the read model of Västra Götaland's
// process (440 events, about 2 300 rows) from position 0, with the
// process's state already folded: what one batch touching the process
// costs, since the projector rewrites a process's rows once per batch.
func BenchmarkReadModel_Rebuild(b *testing.B) {
	for name, dsn := range scenariotest.Databases(&pg) {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			store, err := sqlstore.Open(ctx, dsn(b))
			if err != nil {
				b.Fatal(err)
			}
			defer store.Close()
			if _, err := run(ctx, store, 2011); err != nil {
				b.Fatal(err)
			}
			p, err := readmodel.New(ctx, store, nil)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.CatchUp(ctx); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Rebuild(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := p.CatchUp(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
