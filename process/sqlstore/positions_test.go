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

// ReadAll reads in pages: across their edges it yields every record once,
// in order, and a reader that stops and goes on from the last position it
// saw gets the rest.
func TestReadAll_AcrossPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const streams, each = 5, 500 // 2 500 records: five pages
		for range streams {
			id := model.NewID[model.Process]()
			for v := uint64(0); v < each; v += 100 {
				require.NoError(t, s.Append(ctx, id, v, records(100)))
			}
		}
		var positions []uint64
		for r, err := range s.ReadAll(ctx, 0) {
			require.NoError(t, err)
			positions = append(positions, r.Position)
		}
		require.Len(t, positions, streams*each)
		for i := 1; i < len(positions); i++ {
			require.Less(t, positions[i-1], positions[i], "in order, each once")
		}

		// Stop after each 300th record, go on from there.
		var resumed []uint64
		for from := uint64(0); ; {
			n := 0
			for r, err := range s.ReadAll(ctx, from) {
				require.NoError(t, err)
				resumed = append(resumed, r.Position)
				from = r.Position + 1
				if n++; n == 300 {
					break
				}
			}
			if n < 300 {
				break
			}
		}
		assert.Equal(t, positions, resumed)
	})
}
