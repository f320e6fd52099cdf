package process

import (
	"slices"

	"github.com/samling-go/samling/model"
)

// Disposition returns what became of a proposal, if anything yet.
func (s *State) Disposition(p model.ProposalID) (model.Disposition, bool) {
	d, ok := s.disposition(p)
	d.Measures = slices.Clone(d.Measures)
	return d, ok
}

// Journey is where a proposal went: "where did my proposal go?".
type Journey struct {
	Proposal model.Proposal
	// Steps are its dispositions in order: the first, then every change
	// with its reason. None while it waits.
	Steps []DispositionStep
	// Measures are the measures it is in now, as they read now.
	Measures []model.Measure
}

// Journey returns the journey of a proposal.
func (s *State) Journey(p model.ProposalID) (Journey, bool) {
	prop, ok := s.proposals.get(p)
	if !ok {
		return Journey{}, false
	}
	j := Journey{Proposal: prop}
	steps, _ := s.dispositions.get(p)
	j.Steps = slices.Clone(steps)
	if d, ok := s.disposition(p); ok {
		for _, id := range d.Measures {
			m, _ := s.measures.get(id)
			j.Measures = append(j.Measures, m)
		}
	}
	return j, true
}

// Lineage is why a measure reads as it does: the proposals it was made
// from, every version of its text and what caused it, and the documents
// that pinned it.
type Lineage struct {
	Measure   model.Measure
	Sources   []model.Proposal
	Revisions []Revision
	Documents []model.Document
}

// Lineage returns the lineage of a measure.
func (s *State) Lineage(m model.MeasureID) (Lineage, bool) {
	measure, ok := s.measures.get(m)
	if !ok {
		return Lineage{}, false
	}
	l := Lineage{Measure: measure}
	for _, p := range measure.Sources {
		prop, _ := s.proposals.get(p)
		l.Sources = append(l.Sources, prop)
	}
	revs, _ := s.revisions.get(m)
	l.Revisions = slices.Clone(revs)
	for _, d := range s.documents.all() {
		if slices.ContainsFunc(d.Items, func(it model.DocumentItem) bool { return it.Measure == m }) {
			l.Documents = append(l.Documents, d)
		}
	}
	return l, true
}

// Revision returns one version of a measure's text.
func (s *State) Revision(m model.MeasureID, version int) (Revision, bool) {
	revs, _ := s.revisions.get(m)
	if version < 1 || version > len(revs) {
		return Revision{}, false
	}
	return revs[version-1], true
}

// Diff returns the word-level difference between two versions of a
// measure's text; false when either version does not exist.
func (s *State) Diff(m model.MeasureID, from, to int) ([]model.DiffOp, bool) {
	a, ok1 := s.Revision(m, from)
	b, ok2 := s.Revision(m, to)
	if !ok1 || !ok2 {
		return nil, false
	}
	return model.WordDiff(a.Text, b.Text), true
}

// PinnedMeasure is a measure as a document pinned it.
type PinnedMeasure struct {
	Measure  model.Measure // number, area and sources as now; title and text as pinned
	Revision Revision
}

// Document returns a document version with each measure's title and text
// at the version it pinned.
func (s *State) Document(id model.DocumentID) (model.Document, []PinnedMeasure, bool) {
	d, ok := s.documents.get(id)
	if !ok {
		return model.Document{}, nil, false
	}
	items := make([]PinnedMeasure, len(d.Items))
	for i, it := range d.Items {
		m, _ := s.measures.get(it.Measure)
		rev, _ := s.Revision(it.Measure, it.Version)
		m.Title, m.Text = rev.Title, rev.Text
		items[i] = PinnedMeasure{Measure: m, Revision: rev}
	}
	d.Items = slices.Clone(d.Items)
	return d, items, true
}

// Documents returns the pinned documents in the order they were pinned.
func (s *State) Documents() []model.Document { return s.documents.list() }

// Undisposed returns the proposals without a disposition, in the order
// they were submitted.
func (s *State) Undisposed() []model.Proposal {
	var out []model.Proposal
	for _, p := range s.proposals.all() {
		if _, ok := s.disposition(p.ID); !ok {
			out = append(out, p)
		}
	}
	return out
}

// ProposalCounts counts the proposals of a process.
type ProposalCounts struct {
	Total int
	// ByDisposition counts by current disposition; proposals without one
	// are counted under the zero kind.
	ByDisposition map[model.DispositionKind]int
	// ByArea counts by intervention area; a proposal tagged with two areas
	// counts in both, one with none under the zero ID.
	ByArea map[model.AreaID]int
	// BySubmitterKind counts by the kind of the submitting organisation; a
	// person submitting alone counts under the zero kind.
	BySubmitterKind map[model.OrganisationKind]int
}

// Counts counts the proposals per disposition, area and kind of submitter.
func (s *State) Counts() ProposalCounts {
	c := ProposalCounts{
		Total:           s.proposals.len(),
		ByDisposition:   map[model.DispositionKind]int{},
		ByArea:          map[model.AreaID]int{},
		BySubmitterKind: map[model.OrganisationKind]int{},
	}
	for _, p := range s.proposals.all() {
		d, _ := s.disposition(p.ID)
		c.ByDisposition[d.Kind]++
		if len(p.Areas) == 0 {
			c.ByArea[model.AreaID{}]++
		}
		for _, a := range p.Areas {
			c.ByArea[a]++
		}
		org, _ := s.organisations.get(p.Submitter.Organisation)
		c.BySubmitterKind[org.Kind]++
	}
	return c
}

// allDisposed holds when every proposal has a disposition (and so when there
// are none).
func allDisposed(s *State) bool {
	return s.dispositions.len() == s.proposals.len()
}
