package readmodel_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/samling-go/samling/process/sqlstore/readmodel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	var stop func()
	pg, stop = pgtest.Start()
	code := m.Run()
	stop()
	os.Exit(code)
}

// databases are the two dialects, each a fresh database per test.
var databases = map[string]func(t *testing.T) string{
	"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "rm.db") },
	"postgres": func(t *testing.T) string { return pg.Database(t) },
}

func open(t *testing.T, dsn string, opts *sqlstore.Options) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.OpenWith(context.Background(), dsn, opts)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture is a small process: two municipalities, a person, proposals
// and a measure.
type fixture struct {
	engine  *process.Engine
	id      model.ProcessID
	actor   model.Actor
	orgs    []model.Organisation
	person  model.Person
	command int
}

func newFixture(t *testing.T, store process.Store, name string) *fixture {
	t.Helper()
	day := time.Date(2014, 11, 1, 9, 0, 0, 0, time.UTC)
	f := &fixture{id: model.NewID[model.Process]()}
	engine, err := process.New(store, &process.Options{Clock: process.ClockFunc(func() time.Time {
		return day.Add(time.Duration(f.command) * time.Hour)
	})})
	require.NoError(t, err)
	f.engine = engine
	tpl := phase.Dalarna().Clone()
	for i := range tpl.Phases {
		tpl.Phases[i].Allows = nil
	}
	falun, _ := model.MunicipalityOrganisation("2080")
	leksand, _ := model.MunicipalityOrganisation("2029")
	f.orgs = []model.Organisation{falun, leksand}
	f.person = model.Person{ID: model.NewID[model.Person](), Name: "Karin Andersson", Organisation: falun.ID}
	f.actor = model.Actor{Person: f.person.ID, Capacity: model.RoleProjectLead}
	f.do(t, process.Start{Process: model.Process{ID: f.id, Name: name}, Template: tpl})
	f.do(t, process.RegisterOrganisation{Organisation: falun})
	f.do(t, process.RegisterOrganisation{Organisation: leksand})
	f.do(t, process.RegisterPerson{Person: f.person})
	return f
}

func (f *fixture) do(t *testing.T, cmd process.Command) process.Result {
	t.Helper()
	f.command++
	res, err := f.engine.Execute(context.Background(), f.id, f.actor, cmd)
	require.NoError(t, err)
	return res
}

// proposals submits n proposals from Falun, one by the person.
func (f *fixture) proposals(t *testing.T, n int) []model.Proposal {
	var ps []model.Proposal
	for i := range n {
		p := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure,
			Title: fmt.Sprintf("Förslag %d", i+1), Submitter: model.Submitter{Organisation: f.orgs[0].ID}}
		if i == 0 {
			p.Submitter.Person = f.person.ID
		}
		ps = append(ps, p)
	}
	f.do(t, process.SubmitProposals{Proposals: ps})
	return ps
}

// dump reads every table of the read model, as text, sorted.
func dump(t *testing.T, db *sql.DB, p *readmodel.Projector) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range p.Tables() {
		rows, err := db.Query(`SELECT * FROM ` + table)
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			var b strings.Builder
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i], v)
			}
			out[table] = append(out[table], b.String())
		}
		require.NoError(t, rows.Err())
		rows.Close()
		slices.Sort(out[table])
	}
	return out
}

func count(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(query).Scan(&n), query)
	return n
}

// Projected after every command, or rebuilt once from position 0: the
// same rows.
func TestRebuild_GivesTheRowsKeptIncrementally(t *testing.T) {
	for name, dsn := range databases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			store := open(t, dsn(t), nil)
			p, err := readmodel.New(ctx, store, nil)
			require.NoError(t, err)
			f := newFixture(t, store, "Samling i Dalarna")
			_, err = p.CatchUp(ctx)
			require.NoError(t, err)
			assert.Equal(t, 2, count(t, store.DB(), `SELECT count(*) FROM report_organisations`))

			ps := f.proposals(t, 5)
			_, err = p.CatchUp(ctx)
			require.NoError(t, err)
			assert.Equal(t, 5, count(t, store.DB(), `SELECT count(*) FROM report_proposals WHERE disposition IS NULL`))
			m := model.Measure{ID: model.NewID[model.Measure](), Title: "Läxhjälp", Text: "Läxhjälp på biblioteken",
				Sources: []model.ProposalID{ps[0].ID, ps[1].ID}}
			f.do(t, process.CreateMeasure{Measure: m})
			other := newFixture(t, store, "En annan process")
			other.proposals(t, 2)
			pos, err := p.CatchUp(ctx)
			require.NoError(t, err)
			assert.Equal(t, 3, count(t, store.DB(), `SELECT count(*) FROM report_proposals WHERE disposition IS NULL AND process_id = '`+f.id.String()+`'`))
			assert.Equal(t, 2, count(t, store.DB(), `SELECT count(*) FROM report_proposal_measures`))
			assert.Equal(t, 2, count(t, store.DB(), `SELECT count(*) FROM report_processes`))
			assert.Equal(t, 7, count(t, store.DB(), `SELECT count(*) FROM report_proposals`))
			got, err := p.Checkpoint(ctx)
			require.NoError(t, err)
			assert.Equal(t, pos, got)
			incremental := dump(t, store.DB(), p)

			require.NoError(t, p.Rebuild(ctx))
			assert.Zero(t, count(t, store.DB(), `SELECT count(*) FROM report_proposals`), "rebuild starts empty")
			got, err = p.Checkpoint(ctx)
			require.NoError(t, err)
			assert.Zero(t, got)
			_, err = p.CatchUp(ctx)
			require.NoError(t, err)
			assert.Equal(t, incremental, dump(t, store.DB(), p))

			// A fresh projector (another program, a restart) starts where
			// the tables are and has nothing to do.
			again, err := readmodel.New(ctx, store, nil)
			require.NoError(t, err)
			got, err = again.CatchUp(ctx)
			require.NoError(t, err)
			assert.Equal(t, pos, got)
		})
	}
}

// Run follows appends as they happen.
func TestRun_FollowsAppends(t *testing.T) {
	for name, dsn := range databases {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			store := open(t, dsn(t), &sqlstore.Options{PollInterval: 20 * time.Millisecond})
			p, err := readmodel.New(ctx, store, nil)
			require.NoError(t, err)
			done := make(chan error, 1)
			go func() { done <- p.Run(ctx, &process.SubscribeOptions{MinBackoff: 10 * time.Millisecond}) }()
			f := newFixture(t, store, "Samling i Dalarna")
			f.proposals(t, 3)
			require.Eventually(t, func() bool {
				return count(t, store.DB(), `SELECT count(*) FROM report_proposals`) == 3
			}, 10*time.Second, 10*time.Millisecond)
			var version int
			require.NoError(t, store.DB().QueryRow(`SELECT version FROM report_processes`).Scan(&version))
			assert.Equal(t, 5, version)
			cancel()
			assert.ErrorIs(t, <-done, context.Canceled)
		})
	}
}

// Persons follow the export's name policy.
func TestNames_FollowTheExportPolicy(t *testing.T) {
	ctx := context.Background()
	store := open(t, filepath.Join(t.TempDir(), "rm.db"), nil)
	f := newFixture(t, store, "Samling i Dalarna")
	f.proposals(t, 1)
	key := []byte("hemlig nyckel")
	for _, c := range []struct {
		opts       readmodel.Options
		ref, named string
	}{
		{readmodel.Options{Prefix: "omit_"}, f.person.ID.String(), ""},
		{readmodel.Options{Prefix: "pseudo_", Names: export.PseudonymiseNames, Key: key}, model.Pseudonym(key, f.person.ID), ""},
		{readmodel.Options{Prefix: "show_", Names: export.ShowNames}, f.person.ID.String(), f.person.Name},
	} {
		p, err := readmodel.New(ctx, store, &c.opts)
		require.NoError(t, err)
		_, err = p.CatchUp(ctx)
		require.NoError(t, err)
		var ref string
		var name sql.NullString
		require.NoError(t, store.DB().QueryRow(`SELECT person, name FROM `+c.opts.Prefix+`persons`).Scan(&ref, &name))
		assert.Equal(t, c.ref, ref, c.opts.Prefix)
		assert.Equal(t, c.named, name.String, c.opts.Prefix)
		var submitter string
		require.NoError(t, store.DB().QueryRow(`SELECT submitter_person FROM `+c.opts.Prefix+`proposals`).Scan(&submitter))
		assert.Equal(t, c.ref, submitter, "the proposal's submitter is the same reference")
		for table, rows := range dump(t, store.DB(), p) {
			if c.named == "" {
				assert.NotContains(t, strings.Join(rows, "\n"), f.person.Name, "%s names the person", table)
			}
		}
	}

	// Disposal of the person's data takes the name out at the next batch.
	show, err := readmodel.New(ctx, store, &readmodel.Options{Prefix: "show_", Names: export.ShowNames})
	require.NoError(t, err)
	f.do(t, process.DisposePersonalData{Person: f.person.ID, Reference: "KS 2024/12"})
	_, err = show.CatchUp(ctx)
	require.NoError(t, err)
	var name sql.NullString
	require.NoError(t, store.DB().QueryRow(`SELECT name FROM show_persons`).Scan(&name))
	assert.False(t, name.Valid, "a disposed person is not named")
}

func TestNew_RefusesBadOptions(t *testing.T) {
	ctx := context.Background()
	store := open(t, filepath.Join(t.TempDir(), "rm.db"), nil)
	for _, o := range []readmodel.Options{
		{Prefix: "Report"},
		{Prefix: "report; DROP TABLE x"},
		{Prefix: "samling_report_"},
		{Prefix: strings.Repeat("a", 31)},
		{Names: export.PseudonymiseNames},
		{Names: 9},
	} {
		_, err := readmodel.New(ctx, store, &o)
		assert.ErrorIs(t, err, readmodel.ErrInvalidOptions, "%+v", o)
	}
	_, err := readmodel.New(ctx, store, &readmodel.Options{Prefix: "Bad", Names: export.PseudonymiseNames})
	assert.Equal(t, 2, strings.Count(err.Error(), "invalid options"), "every problem reported: %v", err)
	_, err = readmodel.New(ctx, nil, nil)
	assert.ErrorIs(t, err, readmodel.ErrInvalidOptions)
	assert.Zero(t, count(t, store.DB(), `SELECT count(*) FROM sqlite_master WHERE name LIKE 'report%'`), "nothing created")
}

// One tenant's read model is not visible from another's store: on
// PostgreSQL each tenant's tables are in its schema, on SQLite in its
// file.
func TestTenants_ReadModelsApart(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, a, b *sqlstore.Store) {
		fa := newFixture(t, a, "Falun")
		fa.proposals(t, 3)
		fb := newFixture(t, b, "Leksand")
		fb.proposals(t, 1)
		for _, s := range []*sqlstore.Store{a, b} {
			p, err := readmodel.New(ctx, s, nil)
			require.NoError(t, err)
			_, err = p.CatchUp(ctx)
			require.NoError(t, err)
		}
		for _, c := range []struct {
			store     *sqlstore.Store
			own       model.ProcessID
			proposals int
		}{{a, fa.id, 3}, {b, fb.id, 1}} {
			var id string
			require.NoError(t, c.store.DB().QueryRow(`SELECT process_id FROM report_processes`).Scan(&id))
			assert.Equal(t, c.own.String(), id, "each tenant sees its own process only")
			assert.Equal(t, 1, count(t, c.store.DB(), `SELECT count(*) FROM report_processes`))
			assert.Equal(t, c.proposals, count(t, c.store.DB(), `SELECT count(*) FROM report_proposals`))
		}
	}
	t.Run("postgres", func(t *testing.T) {
		url := pg.Database(t)
		a := open(t, url, &sqlstore.Options{Schema: "tenant_falun"})
		b := open(t, url, &sqlstore.Options{Schema: "tenant_leksand"})
		check(t, a, b)
		var schema string
		require.NoError(t, a.DB().QueryRow(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'report_measures'
			AND table_schema = current_schema()`).Scan(&schema))
		assert.Equal(t, "tenant_falun", schema)
		// The other tenant's table is not on this tenant's search path.
		_, err := a.DB().Exec(`SELECT count(*) FROM public.report_measures`)
		assert.Error(t, err, "no read model outside the tenants' schemas")
	})
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		check(t, open(t, filepath.Join(dir, "falun.db"), nil), open(t, filepath.Join(dir, "leksand.db"), nil))
	})
}

// A read model written with another schema version is dropped and built
// again.
func TestNew_RebuildsAnOlderSchema(t *testing.T) {
	ctx := context.Background()
	store := open(t, filepath.Join(t.TempDir(), "rm.db"), nil)
	newFixture(t, store, "Samling i Dalarna").proposals(t, 2)
	p, err := readmodel.New(ctx, store, nil)
	require.NoError(t, err)
	_, err = p.CatchUp(ctx)
	require.NoError(t, err)
	_, err = store.DB().Exec(`UPDATE report_checkpoint SET schema_version = 0`)
	require.NoError(t, err)
	p, err = readmodel.New(ctx, store, nil)
	require.NoError(t, err)
	pos, err := p.Checkpoint(ctx)
	require.NoError(t, err)
	assert.Zero(t, pos)
	assert.Zero(t, count(t, store.DB(), `SELECT count(*) FROM report_proposals`))
	_, err = p.CatchUp(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, count(t, store.DB(), `SELECT count(*) FROM report_proposals`))
}

// Turning names off drops the rows written with names.
func TestNew_RebuildsUnderAnotherNamePolicy(t *testing.T) {
	ctx := context.Background()
	store := open(t, filepath.Join(t.TempDir(), "rm.db"), nil)
	f := newFixture(t, store, "Samling i Dalarna")
	p, err := readmodel.New(ctx, store, &readmodel.Options{Names: export.ShowNames})
	require.NoError(t, err)
	_, err = p.CatchUp(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, count(t, store.DB(), `SELECT count(*) FROM report_persons WHERE name IS NOT NULL`))

	p, err = readmodel.New(ctx, store, nil)
	require.NoError(t, err)
	assert.Zero(t, count(t, store.DB(), `SELECT count(*) FROM report_persons`), "dropped at once")
	_, err = p.CatchUp(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, count(t, store.DB(), `SELECT count(*) FROM report_persons`))
	assert.Zero(t, count(t, store.DB(), `SELECT count(*) FROM report_persons WHERE name IS NOT NULL`))
	var ref string
	require.NoError(t, store.DB().QueryRow(`SELECT person FROM report_persons`).Scan(&ref))
	assert.Equal(t, f.person.ID.String(), ref)
}
