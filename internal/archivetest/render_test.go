package archivetest_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/followup"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// folded is the canonical rendering of a folded process: everything the
// State's queries say about it, each collection sorted by its ID (or its
// natural key) so that the rendering depends on the record, not on the
// order a query happens to return.
type folded struct {
	Process         model.Process
	Started         time.Time
	Version         uint64
	Template        phase.Template
	Phase           phase.PhaseID
	Cycle           int
	Permitted       []phase.Trigger
	Timeline        []process.TimelineEntry
	Cycles          []process.Cycle
	Predecessor     *model.ProcessID
	Organisations   []model.Organisation
	Participants    []model.OrganisationID
	Participation   map[string]model.Participation
	Invitations     []process.Invitation
	Persons         []person
	Disposals       []process.Disposal
	Areas           []model.Area
	Groups          []group
	Meetings        []meeting
	Assignments     []process.Assignment
	Proposals       []proposal
	Counts          process.ProposalCounts
	Measures        []measure
	Recommendations []model.Recommendation
	Documents       []document
	Rounds          []round
	Decisions       []process.Decision
	Delegations     []process.Delegation
	Matrix          []followup.Entry
	Surveys         []survey
	Indicators      []indicator
	// The structures of issue 19 (generation 2 on), empty before.
	Objectives []model.Objective     `json:",omitempty"`
	Structure  *process.Structure    `json:",omitempty"`
	Directives []process.Directive   `json:",omitempty"`
	Approvals  []process.Approval    `json:",omitempty"`
	HandOvers  []model.HandOver      `json:",omitempty"`
	InForce    map[string]model.Date `json:",omitempty"` // the day each decision takes effect
}

type person struct {
	model.Person
	Disposed bool
}

type group struct {
	model.Group
	// Members are the members on each day a meeting of the process was
	// held or planned, and on the day of the last event.
	Members map[string][]model.Membership
}

type meeting struct {
	process.Meeting
	Agenda  []process.AgendaEntry
	Minutes *process.Minutes
}

type proposal struct {
	model.Proposal
	Disposition *model.Disposition
	// Steps are the proposal's journey: its dispositions in order.
	Steps []process.DispositionStep
}

type measure struct {
	model.Measure
	Revisions []process.Revision
	// Documents are the documents of its lineage, Behind the responses
	// that changed it; by ID, since both are rendered in full elsewhere.
	Documents []model.DocumentID
	Behind    []consultation.ResponseID
	Groupings []process.Grouping
}

type document struct {
	model.Document
	Pinned []process.PinnedMeasure
}

type round struct {
	process.Round
	Compilation *consultation.Compilation
	Fates       map[string][]process.RevisionRef
}

type survey struct {
	process.Survey
	Results *followup.Results
}

type indicator struct {
	followup.Indicator
	Observations []followup.Observation
}

// sortedBy returns xs sorted by key, stably.
func sortedBy[T any, K cmp.Ordered](xs []T, key func(T) K) []T {
	out := slices.Clone(xs)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

func ptr[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// renderState returns the canonical JSON of s, indented, ending in a
// newline.
func renderState(s *process.State) ([]byte, error) {
	f := folded{
		Process:         s.Process(),
		Started:         s.Started(),
		Version:         s.Version(),
		Template:        s.Template(),
		Phase:           s.Phase().ID,
		Cycle:           s.Cycle(),
		Permitted:       sortedBy(s.Permitted(), func(t phase.Trigger) phase.Trigger { return t }),
		Timeline:        s.Timeline(),
		Cycles:          s.Cycles(),
		Predecessor:     ptr(s.Predecessor()),
		Organisations:   sortedBy(s.Organisations(), func(o model.Organisation) string { return o.ID.String() }),
		Participants:    sortedBy(s.Participants(), model.OrganisationID.String),
		Participation:   map[string]model.Participation{},
		Invitations:     sortedBy(s.Invitations(), func(i process.Invitation) string { return i.Organisation.String() }),
		Disposals:       sortedBy(s.Disposals(), func(d process.Disposal) string { return d.Person.String() }),
		Areas:           sortedBy(s.Areas(), func(a model.Area) int { return a.Number }),
		Assignments:     sortedBy(s.Assignments(false), func(a process.Assignment) string { return a.ID.String() }),
		Counts:          s.Counts(),
		Recommendations: sortedBy(s.Recommendations(), func(r model.Recommendation) string { return r.ID.String() }),
		Decisions:       sortedBy(s.Decisions(), func(d process.Decision) string { return d.ID.String() }),
		Delegations:     sortedBy(s.Delegations(), func(d process.Delegation) string { return d.ID.String() }),
		Matrix:          sortedBy(s.Matrix(), func(e followup.Entry) string { return e.Measure.String() + "/" + e.Organisation.String() }),
	}
	for _, o := range f.Organisations {
		if p, ok := s.Participation(o.ID); ok {
			f.Participation[o.ID.String()] = p
		}
	}
	for _, p := range sortedBy(s.Persons(), func(p model.Person) string { return p.ID.String() }) {
		f.Persons = append(f.Persons, person{Person: p, Disposed: s.PersonDisposed(p.ID)})
	}
	// The days on which to list each group's members: every meeting's
	// date and the day of the last event.
	days := []model.Date{model.MakeDate(lastEvent(s).UTC().Date())}
	meetings := sortedBy(s.Meetings(), func(m process.Meeting) string { return m.ID.String() })
	for _, m := range meetings {
		days = append(days, m.Date)
	}
	for _, g := range sortedBy(s.Groups(), func(g model.Group) string { return g.ID.String() }) {
		gr := group{Group: g, Members: map[string][]model.Membership{}}
		for _, d := range days {
			if ms := s.Members(g.ID, d); len(ms) > 0 {
				gr.Members[d.String()] = sortedBy(ms, func(m model.Membership) string { return m.ID.String() })
			}
		}
		f.Groups = append(f.Groups, gr)
	}
	for _, m := range meetings {
		f.Meetings = append(f.Meetings, meeting{Meeting: m, Agenda: s.Agenda(m.ID), Minutes: ptr(s.Minutes(m.ID))})
	}
	for _, p := range sortedBy(s.Proposals(), func(p model.Proposal) string { return p.ID.String() }) {
		pr := proposal{Proposal: p, Disposition: ptr(s.Disposition(p.ID))}
		if j, ok := s.Journey(p.ID); ok {
			pr.Steps = j.Steps
		}
		f.Proposals = append(f.Proposals, pr)
	}
	for _, m := range sortedBy(s.Measures(), func(m model.Measure) string { return m.ID.String() }) {
		mr := measure{Measure: m}
		if l, ok := s.Lineage(m.ID); ok {
			for _, d := range l.Documents {
				mr.Documents = append(mr.Documents, d.ID)
			}
			mr.Groupings = l.Groupings
		}
		for _, r := range s.ResponsesBehind(m.ID) {
			mr.Behind = append(mr.Behind, r.ID)
		}
		for v := 1; ; v++ {
			r, ok := s.Revision(m.ID, v)
			if !ok {
				break
			}
			mr.Revisions = append(mr.Revisions, r)
		}
		f.Measures = append(f.Measures, mr)
	}
	for _, d := range sortedBy(s.Documents(), func(d model.Document) string { return d.ID.String() }) {
		_, pinned, _ := s.Document(d.ID)
		f.Documents = append(f.Documents, document{Document: d, Pinned: pinned})
	}
	for _, r := range sortedBy(s.Rounds(), func(r process.Round) string { return r.ID.String() }) {
		rr := round{Round: r, Compilation: ptr(s.Compilation(r.ID)), Fates: map[string][]process.RevisionRef{}}
		for _, resp := range r.Responses {
			if fate := s.Fate(resp.ID); len(fate) > 0 {
				rr.Fates[resp.ID.String()] = fate
			}
		}
		f.Rounds = append(f.Rounds, rr)
	}
	for _, sv := range sortedBy(s.Surveys(), func(sv process.Survey) string { return sv.ID.String() }) {
		f.Surveys = append(f.Surveys, survey{Survey: sv, Results: ptr(s.SurveyResults(sv.ID))})
	}
	for _, i := range sortedBy(s.Indicators(), func(i followup.Indicator) string { return i.ID.String() }) {
		f.Indicators = append(f.Indicators, indicator{Indicator: i, Observations: s.Observations(i.ID)})
	}
	if objectives := s.Objectives(); len(objectives) > 0 {
		f.Objectives = objectives
		st := s.Structure()
		f.Structure = &st
	}
	f.Directives = sortedBy(s.Directives(), func(d process.Directive) string { return d.ID.String() })
	for _, m := range meetings {
		if a, ok := s.Approval(m.ID); ok {
			f.Approvals = append(f.Approvals, a)
		}
	}
	for _, d := range f.Documents {
		f.HandOvers = append(f.HandOvers, s.HandOvers(d.ID)...)
	}
	for _, d := range f.Decisions {
		if day, ok := s.TakesEffect(d.ID); ok && d.Effect != model.EffectAtOnce {
			if f.InForce == nil {
				f.InForce = map[string]model.Date{}
			}
			f.InForce[d.ID.String()] = day
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// lastEvent is the time of the latest thing the state records.
func lastEvent(s *process.State) time.Time {
	last := s.Started()
	for _, e := range s.Timeline() {
		last = later(last, e.Entered, e.Left)
	}
	for _, d := range s.Decisions() {
		last = later(last, d.At)
	}
	for _, r := range s.Rounds() {
		for _, st := range r.Steps {
			last = later(last, st.At)
		}
	}
	return last
}

func later(t time.Time, others ...time.Time) time.Time {
	for _, o := range others {
		if o.After(t) {
			t = o
		}
	}
	return t
}

// renderReport returns the Markdown report of s, in Swedish and then in
// English, with the default policy for names.
func renderReport(s *process.State) ([]byte, error) {
	var buf bytes.Buffer
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		if err := export.Report(&buf, s, export.Options{Lang: lang}); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}
