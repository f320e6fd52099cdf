package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// After one event is rewritten (as an archive rewrite for erasure does), a
// later tampered event is still reported: Verify reports every break, each
// checked against the stored hash before it.
func TestVerify_ReportsEveryBreak(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(6)))
		db, rebind := rawDB(t, s, dsn)
		for _, v := range []int{2, 5} {
			_, err := db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = ?`), []byte(`{"n":0}`), id.String(), v)
			require.NoError(t, err)
		}
		err := s.Verify(ctx, id)
		assert.ErrorIs(t, err, process.ErrTampered)
		breaks := process.TamperErrors(err)
		require.Len(t, breaks, 2, "both rewritten events, and nothing else")
		assert.Equal(t, uint64(2), breaks[0].Version)
		assert.Equal(t, uint64(5), breaks[1].Version)
	})
}

// After a lawful rewrite of one event, Reseal computes the chain again and
// records it; Verify passes, and a later change is caught.
func TestReseal_AfterALawfulRewriteTamperingIsStillCaught(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(5)))
		db, rebind := rawDB(t, s, dsn)
		seal, err := s.Reseal(ctx, id, "Dnr 2026/12")
		require.NoError(t, err)
		assert.Zero(t, seal.FromVersion, "a chain that verifies needs no re-seal")

		// The archive rewrites event 2, as a disposal decision allows.
		_, err = db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = 2`), []byte(`{"n":0}`), id.String())
		require.NoError(t, err)
		require.ErrorIs(t, s.Verify(ctx, id), process.ErrTampered)
		_, err = s.Reseal(ctx, id, "")
		require.ErrorIs(t, err, model.ErrRequired, "a re-seal names the decision behind it")

		seal, err = s.Reseal(ctx, id, "Dnr 2026/12")
		require.NoError(t, err)
		assert.Equal(t, uint64(2), seal.FromVersion)
		assert.NotEqual(t, seal.OldHead, seal.NewHead)
		require.NoError(t, s.Verify(ctx, id), "the re-sealed chain verifies")
		seals, err := s.Seals(ctx, id)
		require.NoError(t, err)
		require.Len(t, seals, 1)
		assert.Equal(t, "Dnr 2026/12", seals[0].Reference)

		// Tampering after the re-seal is caught, and appends go on.
		require.NoError(t, s.Append(ctx, id, 5, records(1)))
		require.NoError(t, s.Verify(ctx, id))
		_, err = db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = 4`), []byte(`{"n":9}`), id.String())
		require.NoError(t, err)
		breaks := process.TamperErrors(s.Verify(ctx, id))
		require.Len(t, breaks, 1)
		assert.Equal(t, uint64(4), breaks[0].Version)
		_, err = s.Reseal(ctx, model.NewID[model.Process](), "Dnr 2026/12")
		assert.ErrorIs(t, err, process.ErrNotFound)
	})
}

// An event deleted around every check leaves a gap: Verify reports it as
// one break at the missing version, and Reseal refuses to seal over it.
func TestVerifyAndReseal_AGapInTheStream(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, id, 0, records(5)))
		deleteAroundTheConstraints(t, s, dsn, `DELETE FROM samling_events WHERE process = ? AND version = 3`, id.String())

		breaks := process.TamperErrors(s.Verify(ctx, id))
		require.Len(t, breaks, 1, "the gap, and nothing after it")
		assert.Equal(t, uint64(3), breaks[0].Version)
		assert.Contains(t, breaks[0].Reason, "version 4")
		_, err := s.Reseal(ctx, id, "Dnr 2026/12")
		assert.ErrorIs(t, err, process.ErrCorrupt)
		seals, err := s.Seals(ctx, id)
		require.NoError(t, err)
		assert.Empty(t, seals, "a refused re-seal records nothing")
	})
}

// deleteAroundTheConstraints runs query with the database's foreign keys
// off, as a writer that skips them could; on PostgreSQL that takes a
// superuser, and the test is skipped without one.
func deleteAroundTheConstraints(t *testing.T, s *sqlstore.Store, dsn, query string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if s.Dialect() != "postgres" {
		db, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=foreign_keys(OFF)")
		require.NoError(t, err)
		defer db.Close()
		_, err = db.ExecContext(ctx, query, args...)
		require.NoError(t, err)
		return
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	require.NoError(t, err)
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		t.Skipf("turning the foreign keys off takes a superuser: %v", err)
	}
	_, err = tx.ExecContext(ctx, sqlstore.Rebind(s.Dialect(), query), args...)
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
}
