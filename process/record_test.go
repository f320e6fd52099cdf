package process_test

import (
	"context"
	"errors"
	"iter"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWithID_ExecutesOnceAndReturnsTheFirstResult(t *testing.T) {
	f := newFixture(t)
	key := model.NewID[process.Command]()
	obs := process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Cecilia Ek"}}
	first, err := f.engine.Execute(f.ctx, f.id, f.actor, process.WithID(key, obs))
	require.NoError(t, err)
	require.Len(t, first.Events, 1)
	assert.Equal(t, key, first.Command)
	assert.NotZero(t, first.Events[0].Position, "the result says where the event went")
	before := f.storedCount()

	again, err := f.engine.Execute(f.ctx, f.id, f.actor, process.WithID(key, obs))
	require.NoError(t, err, "a retry of a stored command succeeds")
	assert.Equal(t, first, again, "the same events, versions and positions")
	assert.Equal(t, before, f.storedCount(), "and writes nothing")

	// Another engine on the same store knows it too.
	other, err := process.New(f.store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	again, err = other.Execute(f.ctx, f.id, f.actor, process.WithID(key, obs))
	require.NoError(t, err)
	assert.Equal(t, first, again)

	// The same ID for another command, or another actor, is refused.
	other2 := obs
	other2.Person.Name = "Cecilia Ekström"
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.WithID(key, other2))
	assert.ErrorIs(t, err, process.ErrCommandReused)
	_, err = f.engine.Execute(f.ctx, f.id, model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleOfficial}, process.WithID(key, obs))
	assert.ErrorIs(t, err, process.ErrCommandReused)
	assert.Equal(t, before, f.storedCount())
}

func TestResult_PositionsOnEveryAppend(t *testing.T) {
	f := newFixture(t)
	res := f.do(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn"}})
	var stored []process.Record
	for r, err := range f.store.ReadAll(f.ctx, 0) {
		require.NoError(t, err)
		stored = append(stored, r)
	}
	last := stored[len(stored)-1]
	assert.Equal(t, last.Position, res.Events[0].Position)
	assert.Equal(t, last.ID, res.Events[0].ID)

	// A store that does not report positions: the engine reads them back.
	e, err := process.New(silentStore{f.store}, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	res, err = e.Execute(f.ctx, f.id, f.actor, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Vuxna"}})
	require.NoError(t, err)
	assert.Equal(t, last.Position+1, res.Events[0].Position)
}

// silentStore is a store that does not report positions on append.
type silentStore struct{ process.Store }

func (s silentStore) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	return s.Store.Append(ctx, id, expected, append([]process.Record(nil), records...))
}

// lostAck is a store that writes a batch and then reports the context's
// end, as a PostgreSQL client does when its deadline fires during COMMIT.
type lostAck struct {
	process.Store
	lose int // how many acknowledgements to lose
}

func (s *lostAck) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	err := s.Store.Append(ctx, id, expected, records)
	if err == nil && s.lose > 0 {
		s.lose--
		return context.DeadlineExceeded
	}
	return err
}

func TestOutcomeUnknown_ARetryWithTheIDStoresOnce(t *testing.T) {
	for _, withID := range []bool{true, false} {
		t.Run(map[bool]string{true: "host's ID", false: "engine's ID"}[withID], func(t *testing.T) {
			ctx := context.Background()
			store := &lostAck{Store: memstore.New(), lose: 1}
			e, err := process.New(store, &process.Options{Authorizer: process.AllowAllForTesting})
			require.NoError(t, err)
			id := model.NewID[model.Process]()
			actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
			start := process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()}
			var cmd process.Command = start
			key := model.NewID[process.Command]()
			if withID {
				cmd = process.WithID(key, start)
			}
			_, err = e.Execute(ctx, id, actor, cmd)
			var unknown *process.OutcomeUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.ErrorIs(t, err, process.ErrOutcomeUnknown)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			if withID {
				assert.Equal(t, key, unknown.Command)
			}

			res, err := e.Execute(ctx, id, actor, process.WithID(unknown.Command, start))
			require.NoError(t, err, "the retry finds the command stored")
			assert.Equal(t, unknown.Command, res.Command)
			n := 0
			for _, err := range store.ReadStream(ctx, id, 0) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 1, n, "stored exactly once")
		})
	}
}

// TestText_EveryStringFieldOfEveryCommandIsChecked puts hostile text into
// every string field of every command type, found by reflection over
// process.Commands, and checks each is refused as invalid input with
// nothing appended.
func TestText_EveryStringFieldOfEveryCommandIsChecked(t *testing.T) {
	f := newFixture(t)
	before := f.storedCount()
	hostile := map[string]string{
		"NUL": "a\x00b", "escape": "a\x1b[31mb", "invalid UTF-8": "a\xffb", "C1": "a\u0085b",
		"line separator": "a\u2028b", "too long": strings.Repeat("x", model.MaxTextLen+1),
	}
	fields := 0
	for _, zero := range process.Commands() {
		for _, path := range stringPaths(reflect.TypeOf(zero)) {
			fields++
			for what, text := range hostile {
				cmd := withString(zero, path, text)
				_, err := f.engine.Execute(f.ctx, f.id, f.actor, cmd)
				if !assert.ErrorIs(t, err, model.ErrInvalid, "%s.%s with %s", zero.Name(), strings.Join(path, "."), what) {
					continue
				}
				var fe *model.FieldError
				assert.ErrorAs(t, err, &fe)
			}
		}
	}
	assert.Greater(t, fields, 60, "the walk reached the commands' fields")
	assert.Equal(t, before, f.storedCount(), "nothing appended")

	// A line break where only a line is allowed, and in a note, where it is.
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Anna\n# Rubrik"}})
	assert.ErrorIs(t, err, model.ErrControlChar)
	f.do(process.DisposePersonalData{Person: f.bertil.ID, Reference: "Dnr 2014-01", Note: "Beslut:\n\tgallras"})
}

// TestText_RefusalsNameTheirFields checks the paths of the fields a text
// refusal names, and that one command reports at most 20 of them.
func TestText_RefusalsNameTheirFields(t *testing.T) {
	f := newFixture(t)
	fields := func(err error) []string {
		var out []string
		var walk func(error)
		walk = func(err error) {
			switch e := err.(type) {
			case *model.FieldError:
				out = append(out, e.Field)
			case interface{ Unwrap() []error }:
				for _, inner := range e.Unwrap() {
					walk(inner)
				}
			}
		}
		walk(err)
		return out
	}
	proposal := func(title string) model.Proposal {
		return model.Proposal{ID: model.NewID[model.Proposal](), Kind: model.ProposalMeasure, Title: title, Submitter: model.Submitter{Organisation: f.borås.ID}}
	}
	for name, c := range map[string]struct {
		cmd  process.Command
		want []string
	}{
		"a list's element":   {process.SubmitProposals{Proposals: []model.Proposal{proposal("Läxhjälp"), proposal("a\x00b")}}, []string{"Proposals[1].Title"}},
		"a multi-line field": {process.DisposePersonalData{Person: f.bertil.ID, Reference: "Dnr\n2014", Note: "a\x1bb"}, []string{"Reference", "Note"}},
		"a batch's command": {process.Batch{process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 5, Name: "Barn"}},
			process.RegisterPerson{Person: model.Person{ID: model.NewID[model.Person](), Name: "Anna\x00"}}}, []string{"[1].Person.Name"}},
	} {
		_, err := f.engine.Execute(f.ctx, f.id, f.actor, c.cmd)
		assert.ErrorIs(t, err, model.ErrInvalid, name)
		assert.Equal(t, c.want, fields(err), name)
	}

	var many []model.Proposal
	for range 25 {
		many = append(many, proposal("\x00"))
	}
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.SubmitProposals{Proposals: many})
	got := fields(err)
	require.Len(t, got, 20, "at most 20 text errors from one command")
	assert.Equal(t, "Proposals[0].Title", got[0])
	assert.Equal(t, "Proposals[19].Title", got[19])
}

// stringPaths lists the paths of the string fields reachable from t, one
// element deep into each slice and map.
func stringPaths(t reflect.Type) [][]string {
	var out [][]string
	var walk func(t reflect.Type, path []string, depth int)
	walk = func(t reflect.Type, path []string, depth int) {
		if depth > 6 {
			return
		}
		switch t.Kind() {
		case reflect.String:
			out = append(out, append([]string(nil), path...))
		case reflect.Struct:
			for i := range t.NumField() {
				if fl := t.Field(i); fl.IsExported() {
					walk(fl.Type, append(path, fl.Name), depth+1)
				}
			}
		case reflect.Slice, reflect.Pointer:
			walk(t.Elem(), append(path, "*"), depth+1)
		case reflect.Map:
			walk(t.Elem(), append(path, "*"), depth+1)
		}
	}
	walk(t, nil, 0)
	return out
}

// withString returns a copy of the zero command with text at path, making
// one element of every slice, pointer and map on the way.
func withString(zero process.Command, path []string, text string) process.Command {
	v := reflect.New(reflect.TypeOf(zero)).Elem()
	set(v, path, text)
	return v.Interface().(process.Command)
}

func set(v reflect.Value, path []string, text string) {
	if len(path) == 0 {
		v.SetString(text)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		set(v.FieldByName(path[0]), path[1:], text)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		set(s.Index(0), path[1:], text)
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		set(p.Elem(), path[1:], text)
		v.Set(p)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		e := reflect.New(v.Type().Elem()).Elem()
		set(e, path[1:], text)
		m.SetMapIndex(reflect.New(v.Type().Key()).Elem(), e)
		v.Set(m)
	}
}

func TestBatch_AllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.storedCount()
	g := model.Group{ID: model.NewID[model.Group](), Kind: model.GroupSteering, Name: "Styrgruppen"}
	good := f.membership(f.anna.ID, model.RoleChair, model.MakeDate(2011, 9, 1))
	good.Group = g.ID
	bad := f.membership(model.NewID[model.Person](), model.RoleMember, model.MakeDate(2011, 9, 1))
	bad.Group = g.ID

	// The last member is unknown: the group is not formed either.
	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.Batch{
		process.FormGroup{Group: g}, process.AddMember{Membership: good}, process.AddMember{Membership: bad}})
	var be *process.BatchError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 2, be.Index)
	assert.Equal(t, "add-member", be.Command)
	assert.ErrorIs(t, err, process.ErrUnknownReference)
	assert.Equal(t, before, f.storedCount(), "a batch that fails on its last command writes nothing")
	_, formed := f.state().Group(g.ID)
	assert.False(t, formed)

	// Each command sees the ones before it; all land in one append.
	key := model.NewID[process.Command]()
	res, err := f.engine.Execute(f.ctx, f.id, f.actor, process.WithID(key, process.Batch{process.FormGroup{Group: g}, process.AddMember{Membership: good}}))
	require.NoError(t, err)
	require.Len(t, res.Events, 2)
	assert.Equal(t, key, res.Events[1].Command, "a batch has one identity")
	assert.Len(t, f.state().Members(g.ID, model.Date{}), 1)
	again, err := f.engine.Execute(f.ctx, f.id, f.actor, process.WithID(key, process.Batch{process.FormGroup{Group: g}, process.AddMember{Membership: good}}))
	require.NoError(t, err)
	assert.Equal(t, res, again)

	// Each command is authorized in turn, against the state so far.
	strict, err := process.New(f.store, &process.Options{Clock: f.clock})
	require.NoError(t, err)
	stranger := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleOfficial}
	_, err = strict.Execute(f.ctx, f.id, stranger, process.Batch{process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 9, Name: "a"}}})
	assert.ErrorIs(t, err, process.ErrForbidden)

	_, err = f.engine.Execute(f.ctx, f.id, f.actor, make(process.Batch, process.MaxBatch+1))
	assert.ErrorIs(t, err, process.ErrTooLarge, "more than MaxBatch commands")
	for name, b := range map[string]process.Batch{"empty": {}, "nested": {process.Batch{}}, "start": {process.Start{}}, "nil": {nil}} {
		_, err := f.engine.Execute(f.ctx, f.id, f.actor, b)
		assert.ErrorIs(t, err, model.ErrInvalid, name)
	}
}

func TestEngine_CacheIsBounded(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	e, err := process.New(store, &process.Options{CacheSize: 2, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	var ids []model.ProcessID
	for range 3 {
		id := model.NewID[model.Process]()
		ids = append(ids, id)
		_, err := e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
		require.NoError(t, err)
	}
	assert.Equal(t, 2, process.CachedProcesses(e), "at most CacheSize processes are kept")
	for _, id := range ids {
		s, err := e.Load(ctx, id)
		require.NoError(t, err, "a dropped process is read again from the store")
		assert.Equal(t, id, s.Process().ID)
	}
	assert.Equal(t, 2, process.CachedProcesses(e))
	_, err = e.Load(ctx, model.NewID[model.Process]())
	assert.ErrorIs(t, err, process.ErrNotFound)
	assert.Equal(t, 2, process.CachedProcesses(e), "an unknown ID leaves nothing behind")
}

// TestLocalDates_LateAnswersInSwedishTime answers a remiss at 23:30 and
// 00:30 Swedish time around its deadline, on an ordinary day and on both
// daylight-saving change days of 2013, from clocks in three locations: the
// same instants give the same record everywhere.
func TestLocalDates_LateAnswersInSwedishTime(t *testing.T) {
	cases := []struct {
		name     string
		deadline model.Date
		onTime   time.Time // 23:30 on the deadline day in Stockholm
		late     time.Time // 00:30 the day after in Stockholm
	}{
		{"winter", model.MakeDate(2013, 2, 15), time.Date(2013, 2, 15, 22, 30, 0, 0, time.UTC), time.Date(2013, 2, 15, 23, 30, 0, 0, time.UTC)},
		{"spring change", model.MakeDate(2013, 3, 31), time.Date(2013, 3, 31, 21, 30, 0, 0, time.UTC), time.Date(2013, 3, 31, 22, 30, 0, 0, time.UTC)},
		{"autumn change", model.MakeDate(2013, 10, 27), time.Date(2013, 10, 27, 22, 30, 0, 0, time.UTC), time.Date(2013, 10, 27, 23, 30, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		for _, zone := range []string{"UTC", "America/Los_Angeles", "Asia/Tokyo"} {
			t.Run(c.name+" "+zone, func(t *testing.T) {
				loc, err := time.LoadLocation(zone)
				require.NoError(t, err)
				f := newRoundFixture(t)
				f.clock.set(c.onTime.Add(-48 * time.Hour).In(loc))
				round := f.round
				round.ID, round.Deadline = model.NewID[consultation.Round](), c.deadline
				f.do(process.DraftRound{Round: round})
				f.do(process.OpenRound{Round: round.ID})
				f.round = round // answers go to this round
				f.clock.set(c.onTime.In(loc))
				f.do(process.SubmitResponse{Response: f.answer(f.borås.ID, consultation.Supports)})
				f.clock.set(c.late.In(loc))
				f.do(process.SubmitResponse{Response: f.answer(f.region.ID, consultation.Supports)})
				s := f.state()
				r, ok := s.Round(round.ID)
				require.True(t, ok)
				require.Len(t, r.Responses, 2)
				assert.False(t, r.Responses[0].Late, "23:30 Swedish time on the deadline day is on time")
				assert.True(t, r.Responses[1].Late, "00:30 Swedish time the day after is late")
				assert.Equal(t, c.deadline, s.Today(c.onTime))
				assert.Equal(t, c.deadline.AddDays(1), s.Today(c.late))
			})
		}
	}
}

// fullStore refuses every append as a full disk does.
type fullStore struct{ process.Store }

func (fullStore) Append(context.Context, model.ProcessID, uint64, []process.Record) error {
	return &process.StorageError{Op: "append", Fault: process.ErrFull, Err: errors.New("disk full")}
}

// A read-only or full store wrote nothing: the engine says so, not that
// the outcome is unknown.
func TestOutcome_AFullStoreWroteNothing(t *testing.T) {
	f := newFixture(t)
	e, err := process.New(fullStore{f.store}, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	before := f.storedCount()
	_, err = e.Execute(f.ctx, f.id, f.actor, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 7, Name: "Äldre"}})
	assert.ErrorIs(t, err, process.ErrFull)
	var unknown *process.OutcomeUnknownError
	assert.False(t, errors.As(err, &unknown), "nothing was written, and the engine says so")
	assert.Equal(t, before, f.storedCount())
}

// CheckRetry, the stores' one reading of an append whose IDs they hold.
func TestCheckRetry_EveryReading(t *testing.T) {
	id, other := model.NewID[model.Process](), model.NewID[model.Process]()
	a, b := model.NewID[process.Event](), model.NewID[process.Event]()
	records := []process.Record{{ID: a}, {ID: b}}
	for name, c := range map[string]struct {
		stored    map[process.EventID]process.StoredAt
		retry     bool
		duplicate bool
	}{
		"none stored":           {stored: nil},
		"all where they belong": {stored: map[process.EventID]process.StoredAt{a: {id, 3}, b: {id, 4}}, retry: true},
		"some stored":           {stored: map[process.EventID]process.StoredAt{a: {id, 3}}, duplicate: true},
		"at another version":    {stored: map[process.EventID]process.StoredAt{a: {id, 3}, b: {id, 5}}, duplicate: true},
		"in another stream":     {stored: map[process.EventID]process.StoredAt{a: {other, 3}, b: {other, 4}}, duplicate: true},
	} {
		retry, err := process.CheckRetry(id, 2, records, c.stored)
		assert.Equal(t, c.retry, retry, name)
		if c.duplicate {
			assert.ErrorIs(t, err, process.ErrDuplicateEvent, name)
		} else {
			assert.NoError(t, err, name)
		}
	}
}

func TestCheckBatch_RefusesWhatNoStoreMayWrite(t *testing.T) {
	a := model.NewID[process.Event]()
	assert.NoError(t, process.CheckBatch([]process.Record{{ID: a, Type: "x"}}))
	for name, records := range map[string][]process.Record{
		"no ID":       {{Type: "x"}},
		"no type":     {{ID: a}},
		"repeated ID": {{ID: a, Type: "x"}, {ID: a, Type: "x"}},
	} {
		assert.ErrorIs(t, process.CheckBatch(records), process.ErrInvalidRecord, name)
	}
}

// raceStore runs before, once, inside the next append: another writer
// that gets there between the engine's read and its append.
type raceStore struct {
	process.Store
	before func()
}

func (s *raceStore) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	if f := s.before; f != nil {
		s.before = nil
		f()
	}
	return s.Store.Append(ctx, id, expected, records)
}

// Another engine stores the same command, with the same ID, after this
// engine read the stream: the store takes this engine's append as a
// retry and writes nothing, and the engine reports and folds the events
// as stored (the other engine's time), not the ones it proposed.
func TestWithID_AnotherEngineStoredItFirst(t *testing.T) {
	f := newFixture(t)
	key := model.NewID[process.Command]()
	cmd := process.WithID(key, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 4, Name: "Äldre"}})
	race := &raceStore{Store: f.store}
	late := &manualClock{}
	late.set(f.clock.Now().Add(time.Hour))
	e, err := process.New(race, &process.Options{Clock: late, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	_, err = e.Load(f.ctx, f.id) // read the stream before the other writer
	require.NoError(t, err)
	var first process.Result
	race.before = func() { first = f.do(cmd) }

	res, err := e.Execute(f.ctx, f.id, f.actor, cmd)
	require.NoError(t, err)
	assert.Equal(t, first, res, "the events as the other engine stored them")
	var stored []process.Event
	for ev, err := range e.History(f.ctx, f.id, first.Events[0].Version) {
		require.NoError(t, err)
		stored = append(stored, ev)
	}
	assert.Equal(t, first.Events, stored)

	loaded, err := e.Load(f.ctx, f.id)
	require.NoError(t, err)
	replayed, err := e.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, view(replayed), view(loaded))
	again, err := e.Execute(f.ctx, f.id, f.actor, cmd)
	require.NoError(t, err)
	assert.Equal(t, first, again)
}

// blindStore reports no positions on append, and cannot read a stream
// after an append until told to again.
type blindStore struct {
	process.Store
	blind bool
}

func (s *blindStore) Append(ctx context.Context, id model.ProcessID, expected uint64, records []process.Record) error {
	err := s.Store.Append(ctx, id, expected, append([]process.Record(nil), records...))
	s.blind = err == nil
	return err
}

func (s *blindStore) ReadStream(ctx context.Context, id model.ProcessID, from uint64) iter.Seq2[process.Record, error] {
	if s.blind {
		return func(yield func(process.Record, error) bool) { yield(process.Record{}, errors.New("connection lost")) }
	}
	return s.Store.ReadStream(ctx, id, from)
}

// A command with the host's ID whose events cannot be read back after an
// append that reported no positions: the outcome is unknown, and a retry
// with the ID finds the events stored.
func TestWithID_EventsNotReadBackLeaveTheOutcomeUnknown(t *testing.T) {
	f := newFixture(t)
	store := &blindStore{Store: f.store}
	e, err := process.New(store, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	key := model.NewID[process.Command]()
	cmd := process.WithID(key, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 8, Name: "Vuxna"}})
	before := f.storedCount()
	_, err = e.Execute(f.ctx, f.id, f.actor, cmd)
	var unknown *process.OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, key, unknown.Command)

	store.blind = false
	res, err := e.Execute(f.ctx, f.id, f.actor, cmd)
	require.NoError(t, err, "the retry finds the command stored")
	assert.Equal(t, before+1, f.storedCount(), "stored once")
	assert.NotZero(t, res.Events[0].Position)
}

// When the other engine's copy of the command landed after yet another
// command, the store refuses this engine's append as a duplicate; the
// engine reads on, and finds the command stored.
func TestWithID_AnotherEngineStoredItFirstAfterAnother(t *testing.T) {
	f := newFixture(t)
	key := model.NewID[process.Command]()
	cmd := process.WithID(key, process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 4, Name: "Äldre"}})
	race := &raceStore{Store: f.store}
	e, err := process.New(race, &process.Options{Clock: f.clock, Authorizer: process.AllowAllForTesting})
	require.NoError(t, err)
	_, err = e.Load(f.ctx, f.id)
	require.NoError(t, err)
	var first process.Result
	race.before = func() {
		f.do(process.DefineArea{Area: model.Area{ID: model.NewID[model.Area](), Number: 5, Name: "Vuxna"}})
		first = f.do(cmd)
	}
	before := f.storedCount()

	res, err := e.Execute(f.ctx, f.id, f.actor, cmd)
	require.NoError(t, err)
	assert.Equal(t, first, res)
	assert.Equal(t, before+2, f.storedCount(), "the other engine's two commands, and nothing of this one's")
}
