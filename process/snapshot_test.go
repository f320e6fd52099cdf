package process_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snapshotStore is a memstore that keeps snapshots and counts the streams
// read and the records they yield.
type snapshotStore struct {
	*memstore.Store
	mu      sync.Mutex
	snaps   map[model.ProcessID]process.Snapshot
	read    atomic.Int64
	streams atomic.Int64
	failAt  atomic.Uint64 // a version whose read fails, 0 for none
}

func newSnapshotStore() *snapshotStore {
	return &snapshotStore{Store: memstore.New(), snaps: map[model.ProcessID]process.Snapshot{}}
}

func (s *snapshotStore) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	return func(yield func(process.Record, error) bool) {
		s.streams.Add(1)
		for r, err := range s.Store.ReadStream(ctx, id, from) {
			s.read.Add(1)
			if err == nil && r.Version == s.failAt.Load() {
				err = errReadFailed
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

var errReadFailed = errors.New("read failed")

func (s *snapshotStore) SaveSnapshot(_ context.Context, id model.ProcessID, snap process.Snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.snaps[id]; !ok || snap.Version > old.Version {
		s.snaps[id] = snap
	}
	return nil
}

func (s *snapshotStore) LoadSnapshot(_ context.Context, id model.ProcessID) (process.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap, ok := s.snaps[id]
	if !ok {
		return process.Snapshot{}, process.ErrNotFound
	}
	return snap, nil
}

func (s *snapshotStore) set(id model.ProcessID, change func(*process.Snapshot)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := s.snaps[id]
	change(&snap)
	s.snaps[id] = snap
}

// runSnapshotted runs 35 commands with a snapshot every 10 events and
// returns the store and process.
func runSnapshotted(t *testing.T) (*snapshotStore, model.ProcessID) {
	t.Helper()
	ctx := context.Background()
	store := newSnapshotStore()
	e, err := process.New(store, &process.Options{SnapshotEvery: 10})
	require.NoError(t, err)
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: anyPhase(phase.VastraGotaland().PlanFrom(model.MakeDate(2011, 3, 1)))})
	require.NoError(t, err)
	org := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Borås", Kind: model.KindMunicipality, Code: "1490"}
	_, err = e.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: org})
	require.NoError(t, err)
	for i := range 33 {
		p := model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: fmt.Sprint("Förslag ", i), Submitter: model.Submitter{Organisation: org.ID}}
		_, err = e.Execute(ctx, id, actor, process.SubmitProposals{Proposals: []model.Proposal{p}})
		require.NoError(t, err)
	}
	_, err = e.Execute(ctx, id, actor, process.Advance{Trigger: "mobilise"})
	require.NoError(t, err)
	return store, id
}

func TestSnapshot_LoadReadsOnlyTheTail(t *testing.T) {
	ctx := context.Background()
	store, id := runSnapshotted(t)
	require.Equal(t, uint64(30), store.snaps[id].Version)

	fresh, err := process.New(store, nil)
	require.NoError(t, err)
	store.read.Store(0)
	store.streams.Store(0)
	loaded, err := fresh.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, int64(7), store.read.Load(), "the event at the snapshot's version (30), then 31 to 36")
	assert.Equal(t, int64(1), store.streams.Load(), "in one read: the check of the snapshot folds the tail")

	replayed, err := fresh.Replay(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, view(replayed), view(loaded), "a state from a snapshot equals the fold of the events")
	assert.Equal(t, uint64(36), loaded.Version())
	assert.Equal(t, phase.PhaseID("anchoring"), loaded.Phase().ID)
}

// A read that fails after the snapshot's event fails the load, and the
// next one starts again.
func TestSnapshot_AFailedReadOfTheTailFailsTheLoad(t *testing.T) {
	ctx := context.Background()
	store, id := runSnapshotted(t)
	fresh, err := process.New(store, nil)
	require.NoError(t, err)
	store.failAt.Store(33)
	_, err = fresh.Load(ctx, id)
	assert.ErrorIs(t, err, errReadFailed)
	store.failAt.Store(0)
	loaded, err := fresh.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, uint64(36), loaded.Version())
	replayed, err := fresh.Replay(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, view(replayed), view(loaded))
}

func TestSnapshot_IgnoredWhenItDoesNotMatch(t *testing.T) {
	for name, spoil := range map[string]func(*process.Snapshot){
		"corrupt data":           func(s *process.Snapshot) { s.Data = []byte("{not json") },
		"another history":        func(s *process.Snapshot) { s.Event = model.NewID[process.Event]() },
		"beyond the stream":      func(s *process.Snapshot) { s.Version = 99 },
		"another format":         func(s *process.Snapshot) { s.Data = []byte(`{"format":999}`) },
		"claims another version": func(s *process.Snapshot) { s.Version = 20 },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			store, id := runSnapshotted(t)
			store.set(id, spoil)
			fresh, err := process.New(store, nil)
			require.NoError(t, err)
			store.read.Store(0)
			loaded, err := fresh.Load(ctx, id)
			require.NoError(t, err)
			replayed, err := fresh.Replay(ctx, id)
			require.NoError(t, err)
			assert.Equal(t, view(replayed), view(loaded))
			assert.GreaterOrEqual(t, store.read.Load(), int64(36), "the events were folded from the start")
		})
	}
}

func TestEngine_Snapshot_OnDemand(t *testing.T) {
	ctx := context.Background()
	store := newSnapshotStore()
	e, err := process.New(store, nil)
	require.NoError(t, err)
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	assert.ErrorIs(t, e.Snapshot(ctx, id), process.ErrNotFound)
	_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
	require.NoError(t, err)
	assert.Empty(t, store.snaps, "no snapshots unless asked")
	require.NoError(t, e.Snapshot(ctx, id))
	assert.Equal(t, uint64(1), store.snaps[id].Version)

	plain, err := process.New(memstore.New(), nil)
	require.NoError(t, err)
	assert.NoError(t, plain.Snapshot(ctx, id), "a store without snapshots: nothing to do")
}
