package process_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startedV1 is a process-started event as the library wrote it before
// events carried a schema version and a process its time zone.
func startedV1(t *testing.T, id model.ProcessID) process.Record {
	t.Helper()
	tpl, err := json.Marshal(phase.Dalarna())
	require.NoError(t, err)
	data := `{"actor":{"person":"01a20000-0000-7000-8000-000000000000","capacity":"project-lead"},` +
		`"command":"01a20000-0000-7000-8000-000000000001",` +
		`"data":{"process":{"id":"` + id.String() + `","name":"Samling i Dalarna"},"template":` + string(tpl) + `}}`
	return process.Record{ID: model.NewID[process.Event](), Process: id, Version: 1, Type: "process-started",
		OccurredAt: time.Date(2014, 9, 1, 8, 0, 0, 0, time.UTC), Data: []byte(data)}
}

func TestDecode_UpcastsAnOlderSchemaVersion(t *testing.T) {
	id := model.NewID[model.Process]()
	ev, err := process.Decode(startedV1(t, id))
	require.NoError(t, err)
	started := ev.Data.(process.Started)
	assert.Equal(t, model.DefaultTimeZone, started.Process.TimeZone, "version 1 processes run in Swedish time")
	assert.Equal(t, "Samling i Dalarna", started.Process.Name)

	v, ok := process.SchemaVersion("process-started")
	require.True(t, ok)
	want := v

	// Written again, the event carries the current version and decodes in
	// one pass to the same payload.
	again, err := process.Decode(process.EncodeForTest(t, ev))
	require.NoError(t, err)
	assert.Equal(t, ev.Data, again.Data)
	var head struct{ V int }
	require.NoError(t, json.Unmarshal(process.EncodeForTest(t, ev).Data, &head))
	assert.Equal(t, want, head.V)
}

func TestDecode_RefusesANewerSchemaVersionByName(t *testing.T) {
	r := startedV1(t, model.NewID[model.Process]())
	r.Data = []byte(`{"v":99,"actor":{"person":"01a20000-0000-7000-8000-000000000000","capacity":"official"},"data":{"process":{"id":"` +
		r.Process.String() + `","name":"P","time_zone":"Europe/Stockholm","colour":"blue"},"template":{}}}`)
	_, err := process.Decode(r)
	var se *process.SchemaError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, process.ErrNewerSchema)
	assert.NotErrorIs(t, err, process.ErrCorrupt, "a rolling upgrade is not damage")
	assert.Equal(t, 99, se.Schema)
	known, _ := process.SchemaVersion("process-started")
	assert.Equal(t, known, se.Known)
	assert.Contains(t, err.Error(), "upgrade the library")
}

func TestDecode_RefusesUnknownFieldsAndTrailingDataAtTheSameVersion(t *testing.T) {
	for name, data := range map[string]string{
		"unknown field":    `{"v":1,"data":{"area":{"id":"01a20000-0000-7000-8000-000000000002","number":1,"name":{"sv":"a","en":"a"}},"colour":"blue"}}`,
		"trailing data":    `{"v":1,"data":{"area":{"id":"01a20000-0000-7000-8000-000000000002","number":1,"name":{"sv":"a","en":"a"}}}} {}`,
		"negative version": `{"v":-1,"data":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			r := process.Record{ID: model.NewID[process.Event](), Process: model.NewID[model.Process](), Version: 2,
				Type: "area-defined", OccurredAt: time.Now().UTC(), Data: []byte(data)}
			_, err := process.Decode(r)
			assert.ErrorIs(t, err, process.ErrCorrupt)
		})
	}
}

// TestLoad_NewerSchemaVersion_Memory: an engine reading a stream that a
// newer release wrote to says so; memstore here, the SQL stores in
// sqlstore's tests.
func TestLoad_NewerSchemaVersion_Memory(t *testing.T) {
	AssertNewerSchemaRefused(t, memstore.New())
}

// AssertNewerSchemaRefused appends a version 1 start and then an event of
// a future schema version, and checks that Load upcasts the first and
// refuses the second with a *SchemaError.
func AssertNewerSchemaRefused(t *testing.T, store process.Store) {
	ctx := context.Background()
	id := model.NewID[model.Process]()
	require.NoError(t, store.Append(ctx, id, 0, []process.Record{startedV1(t, id)}))
	e, err := process.New(store, nil)
	require.NoError(t, err)
	s, err := e.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, model.DefaultTimeZone, s.Process().TimeZone)
	assert.Equal(t, "Europe/Stockholm", s.Location().String())

	future := process.Record{ID: model.NewID[process.Event](), Process: id, Version: 2, Type: "area-defined",
		OccurredAt: time.Date(2014, 9, 2, 8, 0, 0, 0, time.UTC),
		Data:       []byte(`{"v":7,"actor":{"person":"01a20000-0000-7000-8000-000000000000","capacity":"official"},"data":{"area":{"shape":"new"}}}`)}
	require.NoError(t, store.Append(ctx, id, 1, []process.Record{future}))
	_, err = e.Load(ctx, id)
	var se *process.SchemaError
	require.ErrorAs(t, err, &se)
	assert.False(t, errors.Is(err, process.ErrCorrupt))
	assert.Equal(t, "area-defined", se.Type)
	assert.Equal(t, 7, se.Schema)
}
