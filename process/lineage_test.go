package process_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineageFixture is a process with ten proposals and two measures made
// from the first three.
type lineageFixture struct {
	*fixture
	props    []model.Proposal
	m1, m2   model.Measure
	meeting  model.Meeting
	forward  model.OrganisationID
	pending  []model.ProposalID // proposals 3..9, without a disposition
	document model.DocumentID
}

func newLineageFixture(t *testing.T) *lineageFixture {
	f := &lineageFixture{fixture: newFixture(t)}
	for i := range 10 {
		f.props = append(f.props, f.proposal(fmt.Sprint("Förslag ", i)))
	}
	f.do(process.SubmitProposals{Proposals: f.props})
	f.meeting = model.Meeting{ID: model.NewID[model.Meeting](), Kind: model.MeetingGroup, Title: "Arbetsgruppens möte", Date: model.MakeDate(2012, 4, 10)}
	f.do(process.PlanMeeting{Meeting: f.meeting})
	f.m1 = model.Measure{ID: model.NewID[model.Measure](), Number: 1, Title: "Läxhjälp", Text: "Kommunerna ska erbjuda läxhjälp",
		Sources: []model.ProposalID{f.props[0].ID, f.props[1].ID}, Level: model.LevelMunicipality, Responsible: []model.OrganisationID{f.borås.ID}}
	f.m2 = model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "Familjecentraler", Sources: []model.ProposalID{f.props[2].ID}}
	f.do(process.CreateMeasure{Measure: f.m1})
	f.do(process.CreateMeasure{Measure: f.m2})
	f.forward = f.region.ID
	for _, p := range f.props[3:] {
		f.pending = append(f.pending, p.ID)
	}
	f.document = model.NewID[model.Document]()
	return f
}

func TestCreateMeasure_DisposesItsSources(t *testing.T) {
	f := newLineageFixture(t)
	s := f.state()
	d, ok := s.Disposition(f.props[0].ID)
	require.True(t, ok)
	assert.Equal(t, model.DispositionMerged, d.Kind, "two sources are merged")
	d, _ = s.Disposition(f.props[2].ID)
	assert.Equal(t, model.DispositionAdopted, d.Kind, "one source is adopted as the measure")
	m, _ := s.Measure(f.m1.ID)
	assert.Equal(t, []model.ProposalID{f.props[0].ID, f.props[1].ID}, m.Sources)
	assert.Len(t, s.Undisposed(), 7)
}

func TestLineage_Flow(t *testing.T) {
	f := newLineageFixture(t)
	p := f.pending
	f.do(process.DisposeProposals{Dispositions: []model.Disposition{
		{Proposal: p[0], Kind: model.DispositionMerged, Measures: []model.MeasureID{f.m1.ID}},
		{Proposal: p[1], Kind: model.DispositionMerged, Measures: []model.MeasureID{f.m1.ID, f.m2.ID}}, // split
		{Proposal: p[2], Kind: model.DispositionRejected, Reason: "Ligger utanför samlingens uppdrag"},
		{Proposal: p[3], Kind: model.DispositionForwarded, Reason: "Regionens ansvar", ForwardedTo: f.forward},
		{Proposal: p[4], Kind: model.DispositionWithdrawn, Reason: "Återtaget av Borås"},
	}})
	f.do(process.ChangeDisposition{Disposition: model.Disposition{Proposal: p[2], Kind: model.DispositionMerged, Measures: []model.MeasureID{f.m2.ID}}, Reason: "Omprövat vid arbetsgruppens möte"})
	f.do(process.PinDocument{Document: f.document, Title: "Åtgärdsförslag, december 2012"})
	f.do(process.ReviseMeasure{Measure: f.m1.ID, Text: "Kommunerna och regionen ska erbjuda avgiftsfri läxhjälp", Cause: model.Cause{Meeting: f.meeting.ID, Reference: "Remissvar från Borås"}})
	f.do(process.RenumberMeasure{Measure: f.m2.ID, Number: 12})
	rec := model.Recommendation{ID: model.NewID[model.Recommendation](), Number: 1, Title: "Goda uppväxtvillkor"}
	f.do(process.CreateRecommendation{Recommendation: rec})
	f.do(process.GroupMeasures{Recommendation: rec.ID, Measures: []model.MeasureID{f.m1.ID, f.m2.ID}})
	s := f.state()

	j, ok := s.Journey(p[2])
	require.True(t, ok)
	require.Len(t, j.Steps, 2, "the rejection stays on record")
	assert.Equal(t, model.DispositionRejected, j.Steps[0].Disposition.Kind)
	assert.Equal(t, "Omprövat vid arbetsgruppens möte", j.Steps[1].ChangeReason)
	require.Len(t, j.Measures, 1)
	assert.Equal(t, 12, j.Measures[0].Number)

	l, ok := s.Lineage(f.m1.ID)
	require.True(t, ok)
	var sources []string
	for _, src := range l.Sources {
		sources = append(sources, src.Title)
	}
	assert.Equal(t, []string{"Förslag 0", "Förslag 1", "Förslag 3", "Förslag 4"}, sources)
	require.Len(t, l.Revisions, 2)
	assert.Equal(t, "Remissvar från Borås", l.Revisions[1].Cause.Reference)
	assert.Equal(t, rec.ID, l.Measure.Recommendation)
	require.Len(t, l.Documents, 1)
	diff, ok := s.Diff(f.m1.ID, 1, 2)
	require.True(t, ok)
	assert.Equal(t, "Kommunerna {+och regionen+} ska erbjuda {+avgiftsfri+} läxhjälp", model.FormatDiff(diff))

	m2, _ := s.Measure(f.m2.ID)
	assert.ElementsMatch(t, []model.ProposalID{f.props[2].ID, p[1], p[2]}, m2.Sources, "a split proposal is a source of both")

	doc, items, ok := s.Document(f.document)
	require.True(t, ok)
	assert.Equal(t, "Åtgärdsförslag, december 2012", doc.Title)
	require.Len(t, items, 2)
	assert.Equal(t, "Kommunerna ska erbjuda läxhjälp", items[0].Measure.Text, "the document keeps the text it pinned")
	assert.Equal(t, 1, items[0].Revision.Version)

	c := s.Counts()
	assert.Equal(t, 10, c.Total)
	assert.Equal(t, map[model.DispositionKind]int{
		model.DispositionMerged: 5, model.DispositionAdopted: 1, model.DispositionForwarded: 1, model.DispositionWithdrawn: 1, 0: 2,
	}, c.ByDisposition, "proposals 0, 1, 3, 4, 5 merged; 2 adopted; 8 and 9 waiting")
	assert.Equal(t, 10, c.BySubmitterKind[model.KindMunicipality])
	assert.Equal(t, 10, c.ByArea[model.AreaID{}])
	require.Len(t, s.Undisposed(), 2)
	assert.Equal(t, p[5], s.Undisposed()[0].ID)

}

func TestLineage_CriterionEveryProposalDisposed(t *testing.T) {
	f := newLineageFixture(t)
	f.do(process.Advance{Trigger: "mobilise"})
	for _, k := range []model.GroupKind{model.GroupSteering, model.GroupReferenceNetwork} {
		g := model.Group{ID: model.NewID[model.Group](), Kind: k, Name: k.Label().SV}
		f.do(process.FormGroup{Group: g})
		f.do(process.AddMember{Membership: model.Membership{ID: model.NewID[model.Membership](), Group: g.ID, Member: model.Member{Person: f.anna.ID}, Role: model.RoleMember, Period: model.Period{Start: model.MakeDate(2011, 9, 1)}}})
	}
	f.do(process.AddMember{Membership: f.membership(f.bertil.ID, model.RoleMember, model.MakeDate(2011, 9, 1))})
	f.do(process.Advance{Trigger: "deepen"})
	unmet, err := f.engine.Unmet(f.ctx, f.id, "propose")
	require.NoError(t, err)
	assert.Equal(t, []phase.CriterionName{phase.ProposalsDisposed}, unmet)
	var rest []model.Disposition
	for _, p := range f.pending {
		rest = append(rest, model.Disposition{Proposal: p, Kind: model.DispositionRejected, Reason: "Dubblett"})
	}
	f.do(process.DisposeProposals{Dispositions: rest})
	f.do(process.Advance{Trigger: "propose"})
}

func TestLineage_InvalidInput_TypedErrorAndNothingWritten(t *testing.T) {
	f := newLineageFixture(t)
	merged := func(p model.ProposalID, m ...model.MeasureID) model.Disposition {
		return model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: m}
	}
	tests := []struct {
		name  string
		cmd   process.Command
		want  error
		field string
	}{
		{"merge a proposal that has a disposition", process.DisposeProposals{Dispositions: []model.Disposition{merged(f.props[0].ID, f.m2.ID)}}, process.ErrAlreadyDisposed, "Dispositions[0].Proposal"},
		{"merge into an unknown measure", process.DisposeProposals{Dispositions: []model.Disposition{merged(f.pending[0], model.NewID[model.Measure]())}}, process.ErrUnknownReference, "Dispositions[0].Measures"},
		{"merge an unknown proposal", process.DisposeProposals{Dispositions: []model.Disposition{merged(model.NewID[model.Proposal](), f.m1.ID)}}, process.ErrUnknownReference, "Dispositions[0].Proposal"},
		{"the same proposal twice in a batch", process.DisposeProposals{Dispositions: []model.Disposition{merged(f.pending[0], f.m1.ID), merged(f.pending[0], f.m2.ID)}}, process.ErrAlreadyDisposed, "Dispositions[1].Proposal"},
		{"reject without a reason", process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.pending[0], Kind: model.DispositionRejected}}}, model.ErrRequired, "Dispositions[0].Reason"},
		{"forward to an unknown organisation", process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.pending[0], Kind: model.DispositionForwarded, Reason: "r", ForwardedTo: model.NewID[model.Organisation]()}}}, process.ErrUnknownReference, "Dispositions[0].ForwardedTo"},
		{"no dispositions", process.DisposeProposals{}, model.ErrRequired, "Dispositions"},
		{"change a disposition without a reason", process.ChangeDisposition{Disposition: merged(f.props[0].ID, f.m2.ID)}, model.ErrRequired, "Reason"},
		{"change a proposal without a disposition", process.ChangeDisposition{Disposition: merged(f.pending[0], f.m2.ID), Reason: "r"}, process.ErrNotDisposed, "Disposition.Proposal"},
		{"change to the same disposition", process.ChangeDisposition{Disposition: merged(f.props[0].ID, f.m1.ID), Reason: "r"}, process.ErrAlreadyRecorded, "Disposition"},
		{"a revision with no reason", process.ReviseMeasure{Measure: f.m1.ID, Text: "Ny text"}, model.ErrRequired, "Cause.Cause"},
		{"a revision caused by an unknown meeting", process.ReviseMeasure{Measure: f.m1.ID, Text: "Ny text", Cause: model.Cause{Meeting: model.NewID[model.Meeting]()}}, process.ErrUnknownReference, "Cause.Meeting"},
		{"a revision that changes nothing", process.ReviseMeasure{Measure: f.m1.ID, Text: f.m1.Text, Cause: model.Cause{Note: "n"}}, process.ErrAlreadyRecorded, "Text"},
		{"a revision of an unknown measure", process.ReviseMeasure{Measure: model.NewID[model.Measure](), Text: "t", Cause: model.Cause{Note: "n"}}, process.ErrUnknownReference, "Measure"},
		{"a duplicate measure number", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 2, Title: "T"}}, process.ErrAlreadyExists, "Measure.Number"},
		{"a measure from a disposed proposal", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 3, Title: "T", Sources: []model.ProposalID{f.props[0].ID}}}, process.ErrAlreadyDisposed, "Measure.Sources"},
		{"a measure for an unknown organisation", process.CreateMeasure{Measure: model.Measure{ID: model.NewID[model.Measure](), Number: 3, Title: "T", Responsible: []model.OrganisationID{model.NewID[model.Organisation]()}}}, process.ErrUnknownReference, "Measure.Responsible"},
		{"renumber to a taken number", process.RenumberMeasure{Measure: f.m1.ID, Number: 2}, process.ErrAlreadyExists, "Number"},
		{"renumber to the same number", process.RenumberMeasure{Measure: f.m1.ID, Number: 1}, process.ErrAlreadyRecorded, "Number"},
		{"group under an unknown recommendation", process.GroupMeasures{Recommendation: model.NewID[model.Recommendation](), Measures: []model.MeasureID{f.m1.ID}}, process.ErrUnknownReference, "Recommendation"},
		{"pin a document without a title", process.PinDocument{Document: f.document}, model.ErrRequired, "Title"},
		{"pin an unknown measure", process.PinDocument{Document: f.document, Title: "T", Measures: []model.MeasureID{model.NewID[model.Measure]()}}, process.ErrUnknownReference, "Measures"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.storedCount()
			_, err := f.engine.Execute(f.ctx, f.id, f.actor, tt.cmd)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, tt.field, errorField(err), err.Error())
			assert.Equal(t, before, f.storedCount(), "nothing is written")
		})
	}
}

// TestLineage_RandomSequences_NothingLost runs random merges, splits,
// rejections and changes, and after each checks that no proposal is lost,
// that every source of a measure is a proposal whose disposition names the
// measure, and at the end that the fold of the stored events equals the
// state built step by step.
func TestLineage_RandomSequences_NothingLost(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 42))
			f := newLineageFixture(t)
			measures := []model.MeasureID{f.m1.ID, f.m2.ID}
			for i := 3; i <= 6; i++ {
				m := model.Measure{ID: model.NewID[model.Measure](), Number: i, Title: fmt.Sprint("Åtgärd ", i)}
				f.do(process.CreateMeasure{Measure: m})
				measures = append(measures, m.ID)
			}
			var more []model.Proposal
			for i := range 40 {
				more = append(more, f.proposal(fmt.Sprint("Extra ", i)))
			}
			f.do(process.SubmitProposals{Proposals: more})
			all := append(append([]model.Proposal{}, f.props...), more...)
			pick := func(n int) []model.MeasureID {
				perm := rng.Perm(len(measures))[:n]
				out := make([]model.MeasureID, n)
				for i, j := range perm {
					out[i] = measures[j]
				}
				return out
			}
			random := func(p model.ProposalID) model.Disposition {
				switch rng.IntN(4) {
				case 0:
					return model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: pick(1)}
				case 1:
					return model.Disposition{Proposal: p, Kind: model.DispositionMerged, Measures: pick(2 + rng.IntN(2))}
				case 2:
					return model.Disposition{Proposal: p, Kind: model.DispositionAdopted, Measures: pick(1)}
				default:
					return model.Disposition{Proposal: p, Kind: model.DispositionRejected, Reason: "slump"}
				}
			}
			for step := range 60 {
				p := all[rng.IntN(len(all))].ID
				s := f.state()
				var err error
				if _, done := s.Disposition(p); done {
					_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.ChangeDisposition{Disposition: random(p), Reason: fmt.Sprint("steg ", step)})
					if err != nil {
						require.ErrorIs(t, err, process.ErrAlreadyRecorded, "the only refusal a random change may get")
					}
				} else {
					_, err = f.engine.Execute(f.ctx, f.id, f.actor, process.DisposeProposals{Dispositions: []model.Disposition{random(p)}})
					require.NoError(t, err)
				}
				checkNothingLost(t, f.state(), all)
			}
			live := f.state()
			replayed, err := f.engine.Replay(f.ctx, f.id)
			require.NoError(t, err)
			assert.Equal(t, live, replayed, "the fold of the events equals the state built step by step")
		})
	}
}

func checkNothingLost(t *testing.T, s *process.State, all []model.Proposal) {
	t.Helper()
	require.Len(t, s.Proposals(), len(all), "no proposal is lost")
	for _, p := range all {
		j, ok := s.Journey(p.ID)
		require.True(t, ok)
		if len(j.Steps) > 0 {
			d := j.Steps[len(j.Steps)-1].Disposition
			for _, m := range d.Measures {
				measure, _ := s.Measure(m)
				require.Contains(t, measure.Sources, p.ID, "a proposal merged into a measure is one of its sources")
			}
		}
	}
	for _, m := range s.Measures() {
		seen := map[model.ProposalID]bool{}
		for _, src := range m.Sources {
			require.False(t, seen[src], "a source is listed once")
			seen[src] = true
			d, ok := s.Disposition(src)
			require.True(t, ok, "every source of a measure is reachable")
			require.Contains(t, d.Measures, m.ID)
		}
	}
}

func TestLineage_SurvivesSnapshot(t *testing.T) {
	f := newLineageFixture(t)
	f.do(process.DisposeProposals{Dispositions: []model.Disposition{{Proposal: f.pending[0], Kind: model.DispositionMerged, Measures: []model.MeasureID{f.m1.ID, f.m2.ID}}}})
	f.do(process.ReviseMeasure{Measure: f.m1.ID, Text: "Ny text", Cause: model.Cause{Note: strings.Repeat("n", 3)}})
	f.do(process.PinDocument{Document: f.document, Title: "D"})
	snapStore := newSnapshotStore()
	for r, err := range f.store.ReadAll(f.ctx, 0) {
		require.NoError(t, err)
		require.NoError(t, snapStore.Append(f.ctx, f.id, r.Version-1, []process.Record{r}))
	}
	e, err := process.New(snapStore, nil)
	require.NoError(t, err)
	require.NoError(t, e.Snapshot(f.ctx, f.id))
	fresh, err := process.New(snapStore, nil)
	require.NoError(t, err)
	loaded, err := fresh.Load(f.ctx, f.id)
	require.NoError(t, err)
	live := f.state()
	for _, m := range live.Measures() {
		a, _ := live.Lineage(m.ID)
		b, _ := loaded.Lineage(m.ID)
		assert.Equal(t, a, b)
	}
	a, _ := live.Journey(f.pending[0])
	b, _ := loaded.Journey(f.pending[0])
	assert.Equal(t, a, b)
}
