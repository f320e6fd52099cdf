package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
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
