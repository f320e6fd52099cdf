package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A PostgreSQL store remembers the head of the streams it appended to, so
// that the next append is one statement. What it remembers can go stale
// when another program writes: these appends must still be refused,
// recognised or chained exactly as if the head had been read.
func TestAppend_AfterAnotherProgramWrote(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := open(t, dsn), open(t, dsn) // two programs on one database
		id := model.NewID[model.Process]()
		require.NoError(t, a.Append(ctx, id, 0, records(2)))

		// b appends behind a's back: a's next append at 2 is a conflict
		// that names the version as stored, and writes nothing.
		require.NoError(t, b.Append(ctx, id, 2, records(1)))
		var conflict *process.ConflictError
		require.ErrorAs(t, a.Append(ctx, id, 2, records(1)), &conflict)
		assert.Equal(t, uint64(2), conflict.Expected)
		assert.Equal(t, uint64(3), conflict.Actual)
		require.NoError(t, a.Append(ctx, id, 3, records(1)), "at the stored version, a goes on")

		// A retry of a's acknowledged append is recognised, after b wrote
		// again and after a wrote again.
		retry := records(2)
		require.NoError(t, a.Append(ctx, id, 4, retry))
		require.NoError(t, a.Append(ctx, id, 4, retry))
		require.NoError(t, b.Append(ctx, id, 6, records(1)))
		require.NoError(t, a.Append(ctx, id, 4, retry))
		require.NoError(t, a.Append(ctx, id, 7, records(1)))

		// b rewrites a's last event lawfully and re-seals the chain: the
		// hash a remembers for version 8 is no longer the stored one. a's
		// next append must chain from the stored hash, or Verify breaks.
		db, rebind := rawDB(t, b, dsn)
		_, err := db.ExecContext(ctx, rebind(`UPDATE samling_events SET data = ? WHERE process = ? AND version = 8`), []byte(`{"n":0}`), id.String())
		require.NoError(t, err)
		seal, err := b.Reseal(ctx, id, "Dnr 2026/31")
		require.NoError(t, err)
		require.Equal(t, uint64(8), seal.FromVersion)
		require.NoError(t, a.Append(ctx, id, 8, records(1)))
		require.NoError(t, a.Verify(ctx, id), "the append chained from the re-sealed head")

		var versions []uint64
		for r, err := range a.ReadStream(ctx, id, 0) {
			require.NoError(t, err)
			versions = append(versions, r.Version)
		}
		assert.Equal(t, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}, versions)
	})
}

// Many streams through one store: the remembered heads are bounded, and
// a stream whose head was forgotten appends as before.
func TestAppend_ManyStreams(t *testing.T) {
	ctx := context.Background()
	s := open(t, pg.Database(t))
	ids := make([]model.ProcessID, 5000) // more than the store remembers
	for i := range ids {
		ids[i] = model.NewID[model.Process]()
		require.NoError(t, s.Append(ctx, ids[i], 0, records(1)))
	}
	for _, id := range ids {
		require.NoError(t, s.Append(ctx, id, 1, records(1)))
	}
	for _, id := range ids[:50] {
		require.NoError(t, s.Verify(ctx, id))
	}
}
