package scenariotest

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/samling-go/samling/process/sqlstore/readmodel"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Databases are the SQL store's two dialects, each a function that gives
// a fresh database for one test or benchmark: "sqlite", a file in the
// test's temporary directory, and "postgres", a database on pg's server
// (which the package's TestMain stops).
func Databases(pg *pgtest.OnDemand) map[string]func(testing.TB) string {
	return map[string]func(testing.TB) string{
		"sqlite":   func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "samling.db") },
		"postgres": pg.Database,
	}
}

// ReadModel runs the example into the store at dsn (a SQLite file or a
// PostgreSQL URL), builds its read model from the events, and checks
// that SQL queries on the read model's tables give the figures the
// State's queries give: the measures, the proposals by disposition, each
// round's response rates and stances per measure, the decisions' tallies,
// the matrix's roll-ups per measure, the surveys and the observations.
// It returns the open store (closed when the test ends), the state and
// the projector, for the example's own figures.
func ReadModel(t *testing.T, run Run, seed uint64, dsn string) (*sqlstore.Store, *process.State, *readmodel.Projector) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	r, err := run(ctx, store, seed)
	require.NoError(t, err)
	o := r.Base()
	s, err := o.Engine.Load(ctx, o.Process)
	require.NoError(t, err)
	p, err := readmodel.New(ctx, store, nil)
	require.NoError(t, err)
	_, err = p.CatchUp(ctx)
	require.NoError(t, err)
	CheckReadModel(t, store.DB(), store.Dialect(), s, "report_")
	return store, s, p
}

// CheckReadModel checks the read model with the table prefix in db
// (of the dialect, "sqlite" or "postgres") against the state s, figure
// by figure.
func CheckReadModel(t *testing.T, db *sql.DB, dialect string, s *process.State, prefix string) {
	t.Helper()
	pid := s.Process().ID.String()
	q := func(query string, args ...any) *sql.Rows {
		t.Helper()
		rows, err := db.Query(sqlstore.Rebind(dialect, query), append([]any{pid}, args...)...)
		require.NoError(t, err, query)
		t.Cleanup(func() { rows.Close() })
		return rows
	}
	one := func(dst any, query string, args ...any) {
		t.Helper()
		rows := q(query, args...)
		require.True(t, rows.Next(), query)
		require.NoError(t, rows.Scan(dst), query)
		require.NoError(t, rows.Close())
	}
	T := func(name string) string { return prefix + name }

	var version int64
	var phase string
	rows := q(`SELECT version, phase FROM ` + T("processes") + ` WHERE process_id = ?`)
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(&version, &phase))
	rows.Close()
	assert.Equal(t, int64(s.Version()), version, "the read model holds the last version")
	assert.Equal(t, string(s.Phase().ID), phase)

	var n int
	one(&n, `SELECT count(*) FROM `+T("measures")+` WHERE process_id = ?`)
	assert.Equal(t, len(s.Measures()), n, "measures")
	for _, m := range s.Measures() {
		var title string
		var v int
		one(&title, `SELECT title FROM `+T("measures")+` WHERE process_id = ? AND "number" = ?`, m.Number)
		one(&v, `SELECT version FROM `+T("measures")+` WHERE process_id = ? AND measure_id = ?`, m.ID.String())
		assert.Equal(t, m.Title, title)
		l, _ := s.Lineage(m.ID)
		assert.Equal(t, l.Revisions[len(l.Revisions)-1].Version, v, "measure %d's current version", m.Number)
		var sources int
		one(&sources, `SELECT count(*) FROM `+T("proposal_measures")+` WHERE process_id = ? AND measure_id = ?`, m.ID.String())
		assert.Equal(t, len(m.Sources), sources, "measure %d's sources", m.Number)
	}

	counts := s.Counts()
	byDisposition := map[string]int{}
	rows = q(`SELECT coalesce(disposition, 'none'), count(*) FROM ` + T("proposals") + ` WHERE process_id = ? GROUP BY disposition`)
	for rows.Next() {
		var k string
		require.NoError(t, rows.Scan(&k, &n))
		byDisposition[k] = n
	}
	for _, k := range model.DispositionKinds() {
		assert.Equal(t, counts.ByDisposition[k], byDisposition[k.String()], "proposals %s", k)
	}
	one(&n, `SELECT count(*) FROM `+T("proposals")+` WHERE process_id = ?`)
	assert.Equal(t, len(s.Proposals()), n, "proposals")

	one(&n, `SELECT count(*) FROM `+T("organisations")+` WHERE process_id = ?`)
	assert.Equal(t, len(s.Organisations()), n, "organisations")
	for _, o := range s.Organisations() {
		if o.Kind != model.KindMunicipality {
			continue
		}
		m, _ := model.LookupMunicipality(o.Code)
		var code, county string
		rows := q(`SELECT code, county_code FROM `+T("organisations")+` WHERE process_id = ? AND organisation_id = ?`, o.ID.String())
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&code, &county))
		rows.Close()
		assert.Equal(t, o.Code, code)
		assert.Equal(t, m.County, county)
	}
	members := 0
	for _, g := range s.Groups() {
		members += len(s.Members(g.ID, model.Date{}))
	}
	one(&n, `SELECT count(*) FROM `+T("members")+` WHERE process_id = ?`)
	assert.Equal(t, members, n, "memberships")
	one(&n, `SELECT count(*) FROM `+T("persons")+` WHERE process_id = ? AND name IS NOT NULL`)
	assert.Zero(t, n, "no names by default")

	for _, rd := range s.Rounds() {
		c, ok := s.Compilation(rd.ID)
		require.True(t, ok)
		var required, reqAnswered, all, answered int
		rows := q(`SELECT sum(CASE WHEN required THEN 1 ELSE 0 END), sum(CASE WHEN required AND answered THEN 1 ELSE 0 END),
			count(*), sum(CASE WHEN answered THEN 1 ELSE 0 END) FROM `+T("consultees")+` WHERE process_id = ? AND round_id = ?`, rd.ID.String())
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&required, &reqAnswered, &all, &answered))
		rows.Close()
		assert.Equal(t, c.Required, consultation.Rate{Answered: reqAnswered, Of: required}, "the required consultees' response rate")
		assert.Equal(t, c.All, consultation.Rate{Answered: answered, Of: all}, "all consultees' response rate")
		rows = q(`SELECT required, required_answered, consultees, answered, late FROM `+T("rounds")+` WHERE process_id = ? AND round_id = ?`, rd.ID.String())
		var late int
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&required, &reqAnswered, &all, &answered, &late))
		rows.Close()
		assert.Equal(t, c.Required, consultation.Rate{Answered: reqAnswered, Of: required})
		assert.Equal(t, c.All, consultation.Rate{Answered: answered, Of: all})
		assert.Equal(t, c.Late, late)
		stances := map[string]int{}
		rows = q(`SELECT stance, count(*) FROM `+T("responses")+` WHERE process_id = ? AND round_id = ? AND current GROUP BY stance`, rd.ID.String())
		for rows.Next() {
			var k string
			require.NoError(t, rows.Scan(&k, &n))
			stances[k] = n
		}
		for k, v := range c.Stances {
			assert.Equal(t, v, stances[k.String()], "stance %s on the document", k)
		}
		for _, ms := range c.Measures {
			got := map[string]int{}
			rows := q(`SELECT stance, count(*) FROM `+T("response_stances")+` WHERE process_id = ? AND round_id = ? AND measure_id = ? AND current GROUP BY stance`,
				rd.ID.String(), ms.Measure.String())
			for rows.Next() {
				var k string
				require.NoError(t, rows.Scan(&k, &n))
				got[k] = n
			}
			want := map[string]int{}
			for k, v := range ms.Stances {
				if v > 0 {
					want[k.String()] = v
				}
			}
			assert.Equal(t, want, got, "stances on measure %d", ms.Number)
		}
	}

	one(&n, `SELECT count(*) FROM `+T("decisions")+` WHERE process_id = ?`)
	assert.Equal(t, len(s.Decisions()), n, "decisions")
	for _, d := range s.Decisions() {
		var tally model.Tally
		rows := q(`SELECT members, present, agree, abstain, disagree, block FROM `+T("decisions")+` WHERE process_id = ? AND decision_id = ?`, d.ID.String())
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&tally.Members, &tally.Present, &tally.Agree, &tally.Abstain, &tally.Disagree, &tally.Block))
		rows.Close()
		want := d.Tally
		want.Chair = 0
		assert.Equal(t, want, tally, "decision %s's tally", d.ID)
	}

	matrix := s.Matrix()
	one(&n, `SELECT count(*) FROM `+T("matrix")+` WHERE process_id = ?`)
	assert.Equal(t, len(matrix), n, "matrix entries")
	perMeasure := followup.RollupBy(matrix, func(e followup.Entry) string { return e.Measure.String() })
	rows = q(`SELECT measure_id, count(*), sum(CASE WHEN status = 'implemented' THEN 1 ELSE 0 END), count(degree), coalesce(avg(degree), 0),
		sum(CASE WHEN long_term THEN 1 ELSE 0 END) FROM ` + T("matrix") + ` WHERE process_id = ? GROUP BY measure_id`)
	seen := 0
	for rows.Next() {
		var m string
		var entries, implemented, assessed, longTerm int
		var degree float64
		require.NoError(t, rows.Scan(&m, &entries, &implemented, &assessed, &degree, &longTerm))
		want := perMeasure[m]
		assert.Equal(t, want.Entries, entries)
		assert.Equal(t, want.ByStatus[followup.Implemented], implemented, "implemented of measure %s", m)
		assert.Equal(t, want.Assessed, assessed)
		assert.InDelta(t, want.Degree, degree, 1e-9, "mean degree of measure %s", m)
		assert.Equal(t, want.LongTerm, longTerm)
		seen++
	}
	assert.Equal(t, len(perMeasure), seen)
	byStatus := followup.RollupBy(matrix, func(followup.Entry) bool { return true })[true].ByStatus
	for _, st := range followup.Statuses() {
		one(&n, `SELECT count(*) FROM `+T("matrix")+` WHERE process_id = ? AND status = ?`, st.String())
		assert.Equal(t, byStatus[st], n, "matrix entries %s", st)
	}

	for _, sv := range s.Surveys() {
		res, _ := s.SurveyResults(sv.ID)
		var of, answered int
		rows := q(`SELECT recipients, answered FROM `+T("surveys")+` WHERE process_id = ? AND survey_id = ?`, sv.ID.String())
		require.True(t, rows.Next())
		require.NoError(t, rows.Scan(&of, &answered))
		rows.Close()
		assert.Equal(t, res.Of, of)
		assert.Equal(t, res.Answered, answered)
		for _, qr := range res.Questions {
			if qr.Question.Kind != followup.Scaled || qr.Answered == 0 {
				continue
			}
			var mean float64
			one(&mean, `SELECT mean FROM `+T("survey_questions")+` WHERE process_id = ? AND survey_id = ? AND question = ?`, sv.ID.String(), qr.Question.Key)
			assert.InDelta(t, qr.Mean, mean, 1e-9)
		}
	}
	for _, ind := range s.Indicators() {
		obs := s.Observations(ind.ID)
		sum := 0.0
		for _, o := range obs {
			sum += o.Value
		}
		var got sql.NullFloat64
		one(&n, `SELECT count(*) FROM `+T("observations")+` WHERE process_id = ? AND indicator_id = ?`, ind.ID.String())
		one(&got, `SELECT sum(value) FROM `+T("observations")+` WHERE process_id = ? AND indicator_id = ?`, ind.ID.String())
		assert.Equal(t, len(obs), n)
		assert.InDelta(t, sum, got.Float64, 1e-9*math.Max(1, math.Abs(sum)))
	}
}
