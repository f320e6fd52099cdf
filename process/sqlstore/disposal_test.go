package sqlstore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A snapshot taken before a disposal of personal data held the name; the
// disposal replaces it at once with one that does not.
func TestDisposal_ReplacesTheSnapshotThatHeldTheName(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		store := open(t, dsn)
		e, err := process.New(store, &process.Options{Authorizer: process.AllowAllForTesting, SnapshotEvery: 1})
		require.NoError(t, err)
		id := model.NewID[model.Process]()
		actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		do := func(c process.Command) {
			t.Helper()
			_, err := e.Execute(ctx, id, actor, c)
			require.NoError(t, err, c.Name())
		}
		do(process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
		const name = "Marielle Welander"
		person := model.Person{ID: model.NewID[model.Person](), Name: name}
		do(process.RegisterPerson{Person: person})
		snap, err := store.LoadSnapshot(ctx, id)
		require.NoError(t, err)
		require.True(t, bytes.Contains(snap.Data, []byte(name)), "the snapshot before the disposal holds the name")

		// Snapshots every 1000 events from here: the disposal still replaces it.
		e, err = process.New(store, &process.Options{Authorizer: process.AllowAllForTesting, SnapshotEvery: 1000})
		require.NoError(t, err)
		_, err = e.Execute(ctx, id, actor, process.DisposePersonalData{Person: person.ID, Reference: "Dnr 2026/1"})
		require.NoError(t, err)
		snap, err = store.LoadSnapshot(ctx, id)
		require.NoError(t, err)
		assert.False(t, bytes.Contains(snap.Data, []byte(name)), "no snapshot holds the name after the disposal")
		assert.Equal(t, uint64(3), snap.Version)
	})
}
