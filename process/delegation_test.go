package process_test

import (
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDisposePersonalData_RecordedNeverSilent(t *testing.T) {
	f := newFixture(t)
	before := f.storedCount()
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.DisposePersonalData{Person: f.anna.ID})
	require.ErrorIs(t, err, model.ErrRequired, "the disposal decision's reference")
	assert.Equal(t, before, f.storedCount())

	f.do(process.DisposePersonalData{Person: f.anna.ID, Reference: "Gallringsbeslut RS 2020-00012", Note: "Efter tio år"})
	s := f.state()
	p, ok := s.Person(f.anna.ID)
	require.True(t, ok, "the person stays, by ID")
	assert.Equal(t, process.DisposedName, p.Name)
	assert.Empty(t, p.Party)
	require.Len(t, s.Disposals(), 1)
	assert.Equal(t, "Gallringsbeslut RS 2020-00012", s.Disposals()[0].Reference)

	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.DisposePersonalData{Person: f.anna.ID, Reference: "x"})
	assert.ErrorIs(t, err, process.ErrAlreadyRecorded)
	replayed, err := f.engine.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, s, replayed)
}

func TestDelegate_Refusals(t *testing.T) {
	f := newFixture(t)
	d := model.Delegation{ID: model.NewID[model.Delegation](), From: f.anna.ID, To: f.bertil.ID, Commands: []string{"record-meeting"},
		Period: model.Period{Start: model.MakeDate(2013, 1, 1), End: model.MakeDate(2013, 1, 31)}}
	for name, c := range map[string]struct {
		cmd  process.Command
		want error
	}{
		"to oneself":         {process.Delegate{Delegation: func() model.Delegation { x := d; x.To = x.From; return x }()}, model.ErrNotAllowed},
		"no commands":        {process.Delegate{Delegation: func() model.Delegation { x := d; x.Commands = nil; return x }()}, model.ErrRequired},
		"to an unknown one":  {process.Delegate{Delegation: func() model.Delegation { x := d; x.To = model.NewID[model.Person](); return x }()}, process.ErrUnknownReference},
		"revoke an unknown":  {process.RevokeDelegation{Delegation: model.NewID[model.Delegation](), End: model.MakeDate(2013, 1, 2)}, process.ErrUnknownReference},
		"ends before starts": {process.Delegate{Delegation: func() model.Delegation { x := d; x.Period.End = model.MakeDate(2012, 1, 1); return x }()}, model.ErrDateOrder},
	} {
		f.refused(name, c.cmd, c.want, "")
	}
	f.do(process.Delegate{Delegation: d})
	f.do(process.RevokeDelegation{Delegation: d.ID, End: model.MakeDate(2013, 1, 10)})
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.RevokeDelegation{Delegation: d.ID, End: model.MakeDate(2013, 1, 20)})
	assert.ErrorIs(t, err, process.ErrAlreadyRecorded, "a later end does not extend a revoked delegation")
	assert.Equal(t, model.MakeDate(2013, 1, 10), f.state().Delegations()[0].Period.End)
	_, err = f.engine.Execute(f.ctx, f.id, model.Actor{Person: f.anna.ID, Capacity: model.RoleOfficial, For: f.anna.ID}, process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "X"}})
	assert.ErrorIs(t, err, model.ErrNotAllowed, "acting for oneself")
}
