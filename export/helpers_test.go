package export_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/require"
)

// recording is a process a test records command by command in memory, as
// a project lead whom every check allows: these tests are about what is
// exported, not about who may record it.
type recording struct {
	t      *testing.T
	engine *process.Engine
	id     model.ProcessID
	actor  model.Actor
}

// record starts a recording on clock (the wall clock when nil).
func record(t *testing.T, clock process.Clock) *recording {
	t.Helper()
	engine, err := process.New(memstore.New(), &process.Options{Clock: clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	return &recording{t: t, engine: engine, id: model.NewID[model.Process](),
		actor: model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}}
}

// do executes c, which must be accepted.
func (r *recording) do(c process.Command) {
	r.t.Helper()
	_, err := r.engine.Execute(context.Background(), r.id, r.actor, c)
	require.NoError(r.t, err, c.Name())
}

// state loads the process as recorded so far.
func (r *recording) state() *process.State {
	r.t.Helper()
	s, err := r.engine.Load(context.Background(), r.id)
	require.NoError(r.t, err)
	return s
}
