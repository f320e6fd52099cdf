package process_test

import (
	"context"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandOverCoordination_TheStarterStopsAndTheReceiverCoordinatesOverTheTerm(t *testing.T) {
	f := newPolicyFixture(t)
	area := func(n int) process.Command {
		return process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: n, Name: "Område"}}
	}
	receiver := model.Actor{Person: f.member.Person, Capacity: model.RoleProjectLead}

	// Without a hand-over the starter would coordinate for ever; the
	// starter's role has no end on 2030-01-01 until it is handed over.
	f.clock.set(time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC))
	f.as(f.coordinator, area(1))
	f.clock.set(time.Date(2013, 1, 14, 9, 0, 0, 0, time.UTC))

	before := f.stored()
	feb30 := model.Date{Year: 2013, Month: time.February, Day: 30}
	for name, c := range map[string]struct {
		cmd   process.HandOverCoordination
		err   error
		field string
	}{
		"to nobody":                    {process.HandOverCoordination{On: model.MakeDate(2013, 2, 1)}, model.ErrRequired, "To"},
		"on no real day":               {process.HandOverCoordination{To: f.member.Person, On: feb30}, model.ErrOutOfRange, "On"},
		"ending on no real day":        {process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1), End: feb30}, model.ErrOutOfRange, "End"},
		"in the past":                  {process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 1, 1)}, model.ErrDateOrder, "On"},
		"on the day the process began": {process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 1, 14)}, model.ErrDateOrder, "On"},
		"to nobody known":              {process.HandOverCoordination{To: model.NewID[model.Person](), On: model.MakeDate(2013, 2, 1)}, process.ErrUnknownReference, "To"},
		"ending before it starts":      {process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1), End: model.MakeDate(2013, 1, 31)}, model.ErrDateOrder, "End"},
		"to the holder":                {process.HandOverCoordination{To: f.coordinator.Person, On: model.MakeDate(2013, 2, 1)}, process.ErrAlreadyRecorded, "To"},
	} {
		_, err := f.engine.Execute(bg(), f.id, f.coordinator, c.cmd)
		assert.ErrorIs(t, err, c.err, name)
		assert.Equal(t, c.field, errorField(err), name)
		assert.NotErrorIs(t, err, process.ErrForbidden, name)
	}
	assert.Equal(t, before, f.stored(), "nothing appended")

	f.as(f.coordinator, process.HandOverCoordination{To: f.member.Person, On: model.MakeDate(2013, 2, 1), End: model.MakeDate(2013, 12, 31)})
	f.refused(receiver, area(2), "the receiver before the hand-over")

	f.clock.set(time.Date(2013, 1, 31, 22, 30, 0, 0, time.UTC)) // 23:30 on 31 January in Sweden
	f.as(f.coordinator, area(3))
	f.clock.set(time.Date(2013, 1, 31, 23, 30, 0, 0, time.UTC)) // 00:30 on 1 February in Sweden
	f.refused(f.coordinator, area(4), "the starter once the role is handed over")
	f.as(receiver, area(5))

	state, err := f.engine.Load(bg(), f.id)
	require.NoError(t, err)
	assert.Equal(t, []process.CoordinationTerm{
		{Person: f.coordinator.Person, Period: model.Period{Start: model.MakeDate(2013, 1, 14), End: model.MakeDate(2013, 1, 31)}},
		{Person: f.member.Person, Period: model.Period{Start: model.MakeDate(2013, 2, 1), End: model.MakeDate(2013, 12, 31)}},
	}, state.Coordination())

	// The receiver's term ends like any other.
	f.clock.set(time.Date(2014, 1, 2, 9, 0, 0, 0, time.UTC))
	f.refused(receiver, area(6), "the receiver after the term")
	f.refused(f.coordinator, area(7), "the starter, still")
	f.refused(f.coordinator, process.HandOverCoordination{To: f.coordinator.Person, On: model.MakeDate(2014, 1, 2)}, "taking back a role no longer held")
}

func TestHandOverCoordination_SurvivesASnapshot(t *testing.T) {
	ctx := context.Background()
	store := newSnapshotStore()
	clock := &manualClock{now: time.Date(2013, 1, 14, 9, 0, 0, 0, time.UTC)}
	e, err := process.New(store, &process.Options{Clock: clock})
	require.NoError(t, err)
	id, starter := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	next := model.Person{ID: model.NewID[model.Person](), Name: "Nästa"}
	for _, c := range []process.Command{
		process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()},
		process.RegisterPerson{Person: next},
		process.HandOverCoordination{To: next.ID, On: model.MakeDate(2013, 2, 1)},
	} {
		_, err := e.Execute(ctx, id, starter, c)
		require.NoError(t, err, c.Name())
	}
	want, err := e.Load(ctx, id)
	require.NoError(t, err)
	require.NoError(t, e.Snapshot(ctx, id))
	fresh, err := process.New(store, &process.Options{Clock: clock})
	require.NoError(t, err)
	got, err := fresh.Load(ctx, id)
	require.NoError(t, err)
	assert.Len(t, got.Coordination(), 2)
	assert.Equal(t, want.Coordination(), got.Coordination())
	assert.Equal(t, "Europe/Stockholm", got.Location().String(), "a snapshot keeps the process's time zone")
}
