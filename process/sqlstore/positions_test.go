package sqlstore_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Append writes each record's version and global position into the
// records it was given, as stored: the engine's Result needs them.
func TestAppend_ReportsPositions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		id := model.NewID[model.Process]()
		for _, n := range []int{3, 1, 700} { // 700 records take two INSERTs
			rs := records(n)
			var expected uint64
			for r, err := range s.ReadStream(ctx, id, 0) {
				require.NoError(t, err)
				expected = r.Version
			}
			require.NoError(t, s.Append(ctx, id, expected, rs))
			stored := map[process.EventID]process.Record{}
			for r, err := range s.ReadStream(ctx, id, expected+1) {
				require.NoError(t, err)
				stored[r.ID] = r
			}
			for _, r := range rs {
				require.NotZero(t, r.Position)
				assert.Equal(t, stored[r.ID].Position, r.Position)
				assert.Equal(t, stored[r.ID].Version, r.Version)
			}
		}
	})
}
