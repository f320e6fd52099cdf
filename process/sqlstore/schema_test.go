package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An engine reading, from SQLite or PostgreSQL, a stream that a newer
// release wrote to refuses the new event by name, not as corrupt; and a
// version 1 start written before schema versions existed is upcast.
func TestLoad_SchemaVersions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		store := open(t, dsn)
		id := model.NewID[model.Process]()
		e, err := process.New(store, nil)
		require.NoError(t, err)
		actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
		_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
		require.NoError(t, err)

		// The same start as version 1 wrote it, in a second stream.
		old := model.NewID[model.Process]()
		var v1 []byte
		for r, err := range store.ReadStream(ctx, id, 1) {
			require.NoError(t, err)
			v1 = []byte(`{"actor":{"person":"` + actor.Person.String() + `","capacity":"project-lead"},"command":"01a20000-0000-7000-8000-000000000001","data":{"process":{"id":"` +
				old.String() + `","name":"Old"},"template":` + templateOf(t, r) + `}}`)
		}
		require.NoError(t, store.Append(ctx, old, 0, []process.Record{{ID: model.NewID[process.Event](), Process: old, Version: 1,
			Type: "process-started", OccurredAt: time.Date(2014, 9, 1, 8, 0, 0, 0, time.UTC), Data: v1}}))
		s, err := e.Load(ctx, old)
		require.NoError(t, err)
		assert.Equal(t, model.DefaultTimeZone, s.Process().TimeZone)

		future := process.Record{ID: model.NewID[process.Event](), Process: id, Version: 2, Type: "area-defined",
			OccurredAt: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
			Data:       []byte(`{"v":9,"actor":{"person":"` + actor.Person.String() + `","capacity":"official"},"data":{"area":{"shape":"new"}}}`)}
		require.NoError(t, store.Append(ctx, id, 1, []process.Record{future}))
		_, err = e.Load(ctx, id)
		var se *process.SchemaError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, process.ErrNewerSchema)
		assert.NotErrorIs(t, err, process.ErrCorrupt)
		assert.Equal(t, 9, se.Schema)
	})
}

// templateOf returns the template of a stored process-started record.
func templateOf(t *testing.T, r process.Record) string {
	t.Helper()
	ev, err := process.Decode(r)
	require.NoError(t, err)
	b, err := json.Marshal(ev.Data.(process.Started).Template)
	require.NoError(t, err)
	return string(b)
}
