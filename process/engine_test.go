package process_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExecute_EventsCarryActorTimeAndCause(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2012, time.February, 9, 13, 0, 0, 0, time.UTC)
	f.clock.set(at)
	meeting := model.NewID[model.Meeting]()
	actor := f.actor.On(model.Authority{Meeting: meeting, Reference: "RS 2012-00042"})
	f.do(process.PlanMeeting{Meeting: model.Meeting{ID: meeting, Kind: model.MeetingConference, Title: "Konferens", Date: model.DateOf(at)}})
	res, err := f.engine.Execute(f.ctx, f.id, actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("A"), f.proposal("B")}})
	require.NoError(t, err)
	require.Len(t, res.Events, 1, "a batch of proposals is one event")
	assert.Equal(t, res.Version, res.Events[0].Version)

	var got []process.Event
	for ev, err := range f.engine.History(f.ctx, f.id, res.Version) {
		require.NoError(t, err)
		got = append(got, ev)
	}
	require.Len(t, got, 1)
	ev := got[0]
	assert.Equal(t, actor, ev.Actor)
	assert.Equal(t, "RS 2012-00042", ev.Actor.Authority.Reference)
	assert.True(t, at.Equal(ev.OccurredAt))
	assert.Equal(t, res.Events[0].Command, ev.Command)
	assert.False(t, ev.Command.IsZero(), "every event names the command that caused it")
	assert.Equal(t, res.Events[0].Data, ev.Data, "the decoded payload equals the one appended")
	assert.NotZero(t, ev.Position)
}

func TestReplay_ReproducesState(t *testing.T) {
	f := newFixture(t)
	day := model.MakeDate(2011, 9, 1)
	f.do(process.AddMember{Membership: f.membership(f.anna.ID, model.RoleChair, day)})
	m := f.membership(f.bertil.ID, model.RoleMember, day)
	f.do(process.AddMember{Membership: m})
	f.do(process.EndMembership{Membership: m.ID, End: model.MakeDate(2012, 6, 30)})
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn och unga"}
	f.do(process.DefineArea{Area: area})
	meeting := model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingConference, Title: "Konferens", Date: model.MakeDate(2012, 2, 9)}
	f.do(process.PlanMeeting{Meeting: meeting})
	f.clock.reach(meeting.Date)
	f.do(process.RecordMeeting{Meeting: meeting.ID, HeadCount: 300})
	p := f.proposal("Läxhjälp")
	p.Areas, p.Meeting = []model.AreaID{area.ID}, meeting.ID
	f.do(process.SubmitProposals{Proposals: []model.Proposal{p}})
	f.do(process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp för alla", Sources: []model.ProposalID{p.ID}, Area: area.ID}})
	f.do(process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Stärk skolan"}})
	f.clock.set(time.Date(2011, 9, 1, 9, 0, 0, 0, time.UTC))
	f.do(process.Advance{Trigger: "mobilise"})
	f.do(process.PlanPhase{Phase: "deepening", Planned: model.Period{Start: model.MakeDate(2012, 3, 1), End: model.MakeDate(2012, 12, 15)}})

	live := f.state()
	replayed, err := f.engine.Replay(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, live, replayed)

	fresh, err := process.New(f.store, &process.Options{Clock: f.clock})
	require.NoError(t, err)
	loaded, err := fresh.Load(f.ctx, f.id)
	require.NoError(t, err)
	assert.Equal(t, view(live), view(loaded), "a new engine over the same store folds the same state")
}

// stateView is everything the read-side queries of a state answer.
type stateView struct {
	Process         model.Process
	Version         uint64
	Started         time.Time
	Template        phase.Template
	Phase           phase.Phase
	Cycle           int
	Timeline        []process.TimelineEntry
	Organisations   []model.Organisation
	Persons         []model.Person
	Areas           []model.Area
	Groups          []model.Group
	Members         [][]model.Membership
	Meetings        []process.Meeting
	Proposals       []model.Proposal
	Measures        []model.Measure
	Recommendations []model.Recommendation
}

func view(s *process.State) stateView {
	v := stateView{
		Process: s.Process(), Version: s.Version(), Started: s.Started(), Template: s.Template(),
		Phase: s.Phase(), Cycle: s.Cycle(), Timeline: s.Timeline(), Organisations: s.Organisations(),
		Persons: s.Persons(), Areas: s.Areas(), Groups: s.Groups(), Meetings: s.Meetings(),
		Proposals: s.Proposals(), Measures: s.Measures(), Recommendations: s.Recommendations(),
	}
	for _, g := range s.Groups() {
		v.Members = append(v.Members, s.Members(g.ID, model.Date{}))
	}
	return v
}

func TestAdvance_UnmetCriteria_ListedAndNothingAppended(t *testing.T) {
	f := newFixture(t)
	f.do(process.Advance{Trigger: "mobilise"})
	f.do(process.AddMember{Membership: f.membership(f.anna.ID, model.RoleChair, model.MakeDate(2011, 9, 1))})
	before := f.storedCount()

	_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.Advance{Trigger: "deepen"})
	var unmet *phase.UnmetCriteriaError
	require.ErrorAs(t, err, &unmet)
	assert.ErrorIs(t, err, phase.ErrCriteriaUnmet)
	assert.Equal(t, []phase.CriterionName{phase.SteeringGroupFormed, phase.ReferenceNetworkFormed, phase.ProposalsReceived}, unmet.Unmet)
	assert.Equal(t, before, f.storedCount(), "a refused transition appends nothing")
	assert.Equal(t, phase.PhaseID("anchoring"), f.state().Phase().ID)

	got, err := f.engine.Unmet(f.ctx, f.id, "deepen")
	require.NoError(t, err)
	assert.Equal(t, unmet.Unmet, got)

	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.Advance{Trigger: "implement"})
	assert.ErrorIs(t, err, phase.ErrTriggerNotPermitted)
	assert.Equal(t, before, f.storedCount())
}

func TestTimeline_PlannedVersusActual(t *testing.T) {
	f := newFixture(t)
	entered := time.Date(2011, 9, 5, 9, 0, 0, 0, time.UTC)
	f.clock.set(entered)
	f.do(process.Advance{Trigger: "mobilise"})
	tl := f.state().Timeline()
	require.Len(t, tl, 5)
	assert.Equal(t, phase.PhaseID("planning"), tl[0].Phase.ID)
	assert.True(t, tl[0].Left.Equal(entered))
	assert.Equal(t, phase.PhaseID("anchoring"), tl[1].Phase.ID)
	assert.Equal(t, phase.Trigger("mobilise"), tl[1].Trigger)
	assert.True(t, tl[1].Reached())
	assert.True(t, tl[1].Left.IsZero())
	assert.Equal(t, model.MakeDate(2011, 9, 1), tl[1].Phase.Planned.Start)
	assert.False(t, tl[2].Reached())
	assert.Equal(t, "Fördjupningsfas", tl[2].Phase.Name.SV)
}

func TestDalarna_RestartStartsNewCycle(t *testing.T) {
	ctx := context.Background()
	e, err := process.New(memstore.New(), nil)
	require.NoError(t, err)
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	exec := func(c process.Command) {
		t.Helper()
		_, err := e.Execute(ctx, id, actor, c)
		require.NoError(t, err, c.Name())
	}
	tpl := phase.Dalarna() // without the samråd, which this test is not about
	tpl.Transitions[0].Criteria = []phase.CriterionName{phase.ProjectManagementGroupFormed, phase.TemporaryWorkingGroupFormed}
	exec(process.Start{Process: model.Process{ID: id, Name: "Dalarna"}, Template: tpl})
	person := model.Person{ID: model.NewID[model.Person](), Name: "Cecilia"}
	exec(process.RegisterPerson{Person: person})
	for _, k := range []model.GroupKind{model.GroupProjectManagement, model.GroupTemporaryWorking} {
		g := model.Group{ID: model.NewID[model.Group](), Kind: k, Name: k.Label().SV}
		exec(process.FormGroup{Group: g})
		exec(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: g.ID, Member: model.Member{Person: person.ID}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2014, 11, 1)}}})
	}
	exec(process.Advance{Trigger: "execute"})
	exec(process.CreateRecommendation{Recommendation: model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Regional samverkansstruktur"}})
	exec(process.Advance{Trigger: "disseminate"})
	exec(process.Advance{Trigger: "restart"})
	s, err := e.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Cycle())
	assert.Equal(t, phase.PhaseID("preparatory"), s.Phase().ID)
	tl := s.Timeline()
	assert.Equal(t, 2, tl[len(tl)-3].Cycle, "the new cycle's preparatory visit")
	assert.Len(t, tl, 6, "four visits, then execution and dissemination of cycle 2 not yet reached")
}

func TestAdvance_SelfLoopOnInitialPhase_SameCycle(t *testing.T) {
	ctx := context.Background()
	e, err := process.New(memstore.New(), nil)
	require.NoError(t, err)
	tpl := phase.Dalarna()
	tpl.Transitions = append(tpl.Transitions, phase.Transition{Trigger: "workshop", From: "preparatory", To: "preparatory"})
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.NoError(t, err)
	_, err = e.Execute(ctx, id, actor, process.Advance{Trigger: "workshop"})
	require.NoError(t, err)
	s, err := e.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 1, s.Cycle(), "staying in the initial phase is no new cycle")
	assert.Len(t, s.Timeline(), 4, "two visits to preparatory, then execution and dissemination")
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	day := model.MakeDate(2011, 9, 1)
	chair := f.membership(f.anna.ID, model.RoleChair, day)
	f.do(process.AddMember{Membership: chair})
	f.do(process.EndMembership{Membership: chair.ID, End: model.MakeDate(2012, 12, 31)})
	f.do(process.AddMember{Membership: f.membership(f.bertil.ID, model.RoleChair, model.MakeDate(2013, 1, 1))})
	s := f.state()

	assert.Len(t, s.Members(f.working.ID, model.MakeDate(2012, 6, 1)), 1)
	assert.Equal(t, f.anna.ID, s.Members(f.working.ID, model.MakeDate(2012, 6, 1))[0].Member.Person)
	assert.Equal(t, f.bertil.ID, s.Members(f.working.ID, model.MakeDate(2013, 6, 1))[0].Member.Person)
	assert.Len(t, s.Members(f.working.ID, model.Date{}), 2)

	names := []string{}
	for _, o := range s.Organisations() {
		names = append(names, o.Name)
	}
	assert.Equal(t, []string{"Borås", "Västra Götalandsregionen"}, names)
	_, ok := s.OrganisationByCode(model.KindRegion, "1490")
	assert.False(t, ok)
	o, ok := s.OrganisationByCode(model.KindMunicipality, "1490")
	require.True(t, ok)
	assert.Equal(t, f.borås.ID, o.ID)
	assert.Equal(t, []model.Group{f.working}, s.Groups())
	assert.Equal(t, []phase.Trigger{"mobilise"}, s.Permitted())
	assert.Equal(t, "Samling för social hållbarhet", s.Process().Name)
}

func TestLoad_IsASnapshot(t *testing.T) {
	f := newFixture(t)
	before := f.state()
	f.do(process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Ny")}})
	assert.Empty(t, before.Proposals(), "a loaded state does not change with later commands")
	assert.Len(t, f.state().Proposals(), 1)
}

func TestSubmitProposals_CallerCannotChangeRecord(t *testing.T) {
	f := newFixture(t)
	area := model.Area{ID: model.NewID[model.Area](), Number: 1, Name: "Barn"}
	other := model.Area{ID: model.NewID[model.Area](), Number: 2, Name: "Miljö"}
	f.do(process.DefineArea{Area: area})
	f.do(process.DefineArea{Area: other})
	ps := []model.Proposal{f.proposal("Läxhjälp")}
	ps[0].Areas = []model.AreaID{area.ID}
	f.do(process.SubmitProposals{Proposals: ps})
	ps[0].Title = "ändrad"
	ps[0].Areas[0] = other.ID
	got := f.state().Proposals()[0]
	assert.Equal(t, "Läxhjälp", got.Title)
	assert.Equal(t, []model.AreaID{area.ID}, got.Areas)
}

func TestConflict_ReturnedOrRetried(t *testing.T) {
	f := newFixture(t)
	other, err := process.New(f.store, nil)
	require.NoError(t, err)
	// Warm both engines' caches, then let the other engine write first.
	_ = f.state()
	_, err = other.Execute(f.ctx, f.id, f.actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Först")}})
	require.NoError(t, err)

	// f's engine catches up before deciding, so a plain write never conflicts.
	f.do(process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Sedan")}})

	// A store that lets another writer in between read and append does.
	racy := &interleavingStore{Store: f.store, other: other, id: f.id, actor: f.actor, proposal: f.proposal}
	strict, err := process.New(racy, nil)
	require.NoError(t, err)
	_, err = strict.Execute(f.ctx, f.id, f.actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Krock")}})
	var ce *process.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.ErrorIs(t, err, process.ErrConflict)

	patient, err := process.New(racy, &process.Options{Retries: 3})
	require.NoError(t, err)
	racy.remaining = 2
	res, err := patient.Execute(f.ctx, f.id, f.actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal("Till slut")}})
	require.NoError(t, err)
	s := f.state()
	assert.Equal(t, s.Version(), res.Version)
	assert.Equal(t, "Till slut", s.Proposals()[len(s.Proposals())-1].Title)
}

// interleavingStore lets another engine append just before each of the next
// `remaining` appends (always, when remaining is 0 and never set), so that
// they conflict.
type interleavingStore struct {
	process.Store
	other     *process.Engine
	id        model.ProcessID
	actor     model.Actor
	proposal  func(string) model.Proposal
	remaining int
	used      bool
}

func (s *interleavingStore) Append(ctx context.Context, id model.ProcessID, expected uint64, rs []process.Record) error {
	if !s.used || s.remaining > 0 {
		s.used = true
		if s.remaining > 0 {
			s.remaining--
		}
		if _, err := s.other.Execute(ctx, s.id, s.actor, process.SubmitProposals{Proposals: []model.Proposal{s.proposal("emellan")}}); err != nil {
			return err
		}
	}
	return s.Store.Append(ctx, id, expected, rs)
}

func TestExecute_ConcurrentCommandsOnOneProcess(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.engine.Execute(f.ctx, f.id, f.actor, process.SubmitProposals{Proposals: []model.Proposal{f.proposal(fmt.Sprint(i))}})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Len(t, f.state().Proposals(), 32)
}

func TestAuthorizer_RefusesAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	store := memstore.New()
	var logged strings.Builder
	deny := process.AuthorizerFunc(func(_ context.Context, r process.Request) error {
		if r.Command.Name() == "submit-proposals" {
			return errors.New("only the secretary submits proposals")
		}
		return nil
	})
	e, err := process.New(store, &process.Options{Authorizer: deny, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	require.NoError(t, err)
	id := model.NewID[model.Process]()
	actor := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: phase.Dalarna()})
	require.NoError(t, err)
	org := model.Organisation{ID: model.NewID[model.Organisation](), Name: "Falun", Kind: model.KindMunicipality, Code: "2080"}
	_, err = e.Execute(ctx, id, actor, process.RegisterOrganisation{Organisation: org})
	require.NoError(t, err)

	_, err = e.Execute(ctx, id, actor, process.SubmitProposals{Proposals: []model.Proposal{{ID: model.NewID[model.Proposal](), Kind: model.ProposalSituation, Title: "T", Submitter: model.Submitter{Organisation: org.ID}}}})
	var fe *process.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.ErrorIs(t, err, process.ErrForbidden)
	assert.Equal(t, "submit-proposals", fe.Command)
	assert.Equal(t, "only the secretary submits proposals", fe.Rule)
	s, err := e.Load(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), s.Version())
	assert.Contains(t, logged.String(), "command refused")
	assert.Contains(t, logged.String(), actor.Person.String())
	assert.NotContains(t, logged.String(), "Falun", "no names in the log")
}

func TestNew_InvalidOptions(t *testing.T) {
	_, err := process.New(nil, &process.Options{
		Retries:   -1,
		CacheSize: -1,
		Criteria:  []process.Criterion{{Name: phase.TimePlanSet, Met: func(*process.State, model.Date) bool { return true }}, {Name: "x"}, {Met: func(*process.State, model.Date) bool { return true }}},
	})
	require.ErrorIs(t, err, process.ErrInvalidOptions)
	for _, want := range []string{"store is nil", "Retries is negative", "CacheSize is negative",
		"Criteria[0]: criterion \"time-plan-set\" is already registered", "Criteria[1] (x) has no Met function", "Criteria[2] has no name"} {
		assert.ErrorContains(t, err, want)
	}
}

func TestCustomCriterion(t *testing.T) {
	ctx := context.Background()
	budget := process.Criterion{
		Name:  "budget-approved",
		Label: model.Label{SV: "Budgeten är godkänd", EN: "The budget is approved"},
		Met:   func(s *process.State, _ model.Date) bool { return len(s.Meetings()) > 0 },
	}
	tpl := phase.Dalarna()
	tpl.Transitions[0].Criteria = []phase.CriterionName{"budget-approved"}
	store := memstore.New()
	id, actor := model.NewID[model.Process](), model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}

	plain, err := process.New(store, nil)
	require.NoError(t, err)
	_, err = plain.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.ErrorIs(t, err, phase.ErrUnknownCriterion, "an engine refuses a template naming criteria it does not know")

	e, err := process.New(store, &process.Options{Criteria: []process.Criterion{budget}})
	require.NoError(t, err)
	_, err = e.Execute(ctx, id, actor, process.Start{Process: model.Process{ID: id, Name: "P"}, Template: tpl})
	require.NoError(t, err)
	_, err = e.Execute(ctx, id, actor, process.Advance{Trigger: "execute"})
	require.ErrorIs(t, err, phase.ErrCriteriaUnmet)
	_, err = e.Execute(ctx, id, actor, process.PlanMeeting{Meeting: model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingWorkshop, Title: "Budget", Date: model.MakeDate(2015, 1, 1)}})
	require.NoError(t, err)
	_, err = e.Execute(ctx, id, actor, process.Advance{Trigger: "execute"})
	require.NoError(t, err)

	_, err = plain.Load(ctx, id)
	assert.ErrorIs(t, err, process.ErrUnknownCriterion, "an engine without the criterion cannot fold the process and says so")
	assert.NotErrorIs(t, err, process.ErrCorrupt, "a configuration slip is not reported as a damaged record")
	assert.ErrorContains(t, err, "budget-approved")
}

func TestDecode_Corrupt(t *testing.T) {
	f := newFixture(t)
	var rec process.Record
	for r, err := range f.store.ReadStream(f.ctx, f.id, 2) {
		require.NoError(t, err)
		rec = r
		break
	}
	for name, change := range map[string]func(*process.Record){
		"unknown type":   func(r *process.Record) { r.Type = "martian-landed" },
		"not json":       func(r *process.Record) { r.Data = []byte("{") },
		"unknown field":  func(r *process.Record) { r.Data = []byte(`{"actor":{},"data":{},"extra":1}`) },
		"wrong data":     func(r *process.Record) { r.Data = []byte(`{"data":{"organisation":{"kind":"castle"}}}`) },
		"empty data":     func(r *process.Record) { r.Data = nil },
		"payload is nul": func(r *process.Record) { r.Data = []byte(`{"data":7}`) },
	} {
		t.Run(name, func(t *testing.T) {
			r := rec
			change(&r)
			_, err := process.Decode(r)
			assert.ErrorIs(t, err, process.ErrCorrupt)
		})
	}
}

func TestNotFoundAndAlreadyStarted(t *testing.T) {
	f := newFixture(t)
	_, err := f.engine.Load(f.ctx, model.NewID[model.Process]())
	assert.ErrorIs(t, err, process.ErrNotFound)
	_, err = f.engine.Replay(f.ctx, model.NewID[model.Process]())
	assert.ErrorIs(t, err, process.ErrNotFound)
	_, err = f.engine.Execute(f.ctx, model.NewID[model.Process](), f.actor, process.Advance{Trigger: "mobilise"})
	assert.ErrorIs(t, err, process.ErrNotFound)
	_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.Start{Process: model.Process{ID: f.id, Name: "igen"}, Template: phase.Dalarna()})
	assert.ErrorIs(t, err, process.ErrAlreadyExists)
}
