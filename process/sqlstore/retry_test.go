package sqlstore_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetry_UnderRandomDeadlines executes commands under random deadlines
// (see below), each retried with its command ID until it succeeds, and then
// checks that every command is stored exactly once: a deadline that fires
// during COMMIT is an outcome the retry resolves, never a second copy.
func TestRetry_UnderRandomDeadlines(t *testing.T) {
	const commands = 150
	forEachDialect(t, func(t *testing.T, dsn string) {
		store := open(t, dsn)
		e, err := process.New(store, &process.Options{Authorizer: process.AllowAllForTesting})
		require.NoError(t, err)
		ctx := context.Background()
		id := model.NewID[model.Process]()
		actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "Retries"}, Template: phase.Dalarna()})
		require.NoError(t, err)

		rng := rand.New(rand.NewPCG(1, 2))
		keys := make(map[process.CommandID]bool, commands)
		var attempts, unknown, cancelled int
		for i := range commands {
			key := model.NewID[process.Command]()
			keys[key] = true
			cmd := process.WithID(key, process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Person " + string(rune('A'+i%26))}})
			for try := 0; ; try++ {
				require.Less(t, try, 200, "command %d never succeeded", i)
				attempts++
				// The first attempt gets 0–1.5 ms (about what a command
				// takes here, so deadlines fire at every step, COMMIT
				// included); retries get 0–20 ms.
				limit := 20_000
				if try == 0 {
					limit = 1_500
				}
				dctx, cancel := context.WithTimeout(ctx, time.Duration(rng.IntN(limit))*time.Microsecond)
				_, err := e.Execute(dctx, id, actor, cmd)
				cancel()
				if err == nil {
					break
				}
				var ou *process.OutcomeUnknownError
				switch {
				case errors.As(err, &ou):
					unknown++
					require.Equal(t, key, ou.Command)
				case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
					cancelled++
				default:
					require.NoError(t, err, "only deadlines may fail a command here")
				}
			}
		}
		seen := map[process.CommandID]int{}
		n := 0
		for ev, err := range e.History(ctx, id, 0) {
			require.NoError(t, err)
			n++
			seen[ev.Command]++
		}
		for key := range keys {
			assert.Equal(t, 1, seen[key], "command %s stored exactly once", key)
		}
		assert.Equal(t, commands+1, n)
		t.Logf("%d commands in %d attempts: %d outcomes unknown, %d refused by the deadline before anything was sent; each stored once",
			commands, attempts, unknown, cancelled)
	})
}
