package process

import (
	"cmp"
	"context"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Proposals, SubmitProposals{}, DisposeProposals{}, ChangeDisposition{}),
		commands(phase.Measures, CreateMeasure{}, CreateRecommendation{}, ReviseMeasure{}, RenumberMeasure{}, GroupMeasures{}, PinDocument{}),
		eventsOf(event[ProposalsDisposed](), event[DispositionChanged](), event[MeasureRevised](), event[MeasureRenumbered](), event[MeasuresGrouped](sameShape), event[DocumentPinned](sameShape), event[ProposalsSubmitted](), event[MeasureCreated](sameShape), event[RecommendationCreated]()),
	)
}

// Disposition returns what became of a proposal, if anything yet.
func (s *State) Disposition(p model.ProposalID) (model.Disposition, bool) {
	d, ok := s.disposition(p)
	d.Measures = slices.Clone(d.Measures)
	return d, ok
}

// Journey is where a proposal went: "where did my proposal go?".
type Journey struct {
	Proposal model.Proposal `json:"proposal"`
	// Steps are its dispositions in order: the first, then every change
	// with its reason. None while it waits.
	Steps []DispositionStep `json:"steps"`
	// Measures are the measures it is in now, as they read now.
	Measures []model.Measure `json:"measures"`
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
	Measure   model.Measure    `json:"measure"`
	Sources   []model.Proposal `json:"sources"`
	Revisions []Revision       `json:"revisions"`
	Documents []model.Document `json:"documents"`
	// Groupings are the measure's placings under recommendations, first
	// first: each move from one to another with its cause.
	Groupings []Grouping `json:"groupings"`
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
	l.Groupings = slices.Clone(s.shape.movesOf(m))
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
	// Measure has its title, text, number, recommendation, objective and
	// area as pinned; its sources as now.
	Measure  model.Measure `json:"measure"`
	Revision Revision      `json:"revision"`
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
		m.Number, m.Recommendation, m.Objective, m.Area = it.Number, it.Recommendation, it.Objective, it.Area
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
	Total int `json:"total"`
	// ByDisposition counts by current disposition; proposals without one
	// are counted under the zero kind.
	ByDisposition map[model.DispositionKind]int `json:"by_disposition"`
	// ByArea counts by intervention area; a proposal tagged with two areas
	// counts in both, one with none under the zero ID.
	ByArea map[model.AreaID]int `json:"by_area"`
	// BySubmitterKind counts by the kind of the submitting organisation; a
	// person submitting alone counts under the zero kind.
	BySubmitterKind map[model.OrganisationKind]int `json:"by_submitter_kind"`
}

// NoneKey is the key under which the JSON form of [ProposalCounts] counts
// what its maps count under the zero key: the proposals without a
// disposition, without an area, or submitted by a person alone. Every
// other key is the key's own text form ("merged", an area's ID,
// "municipality").
const NoneKey = "none"

// proposalCountsJSON is the JSON form of ProposalCounts.
type proposalCountsJSON struct {
	Total           int            `json:"total"`
	ByDisposition   map[string]int `json:"by_disposition"`
	ByArea          map[string]int `json:"by_area"`
	BySubmitterKind map[string]int `json:"by_submitter_kind"`
}

// MarshalJSON implements [json.Marshaler]: the maps are keyed by their
// keys' text forms, and the zero key by [NoneKey], so that no key is
// empty.
func (c ProposalCounts) MarshalJSON() ([]byte, error) {
	var out proposalCountsJSON
	var err [3]error
	out.Total = c.Total
	out.ByDisposition, err[0] = textKeys(c.ByDisposition)
	out.ByArea, err[1] = textKeys(c.ByArea)
	out.BySubmitterKind, err[2] = textKeys(c.BySubmitterKind)
	if err := errors.Join(err[:]...); err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

// UnmarshalJSON implements [json.Unmarshaler], the inverse of MarshalJSON.
func (c *ProposalCounts) UnmarshalJSON(data []byte) error {
	var in proposalCountsJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	var err [3]error
	c.Total = in.Total
	c.ByDisposition, err[0] = fromTextKeys[model.DispositionKind](in.ByDisposition)
	c.ByArea, err[1] = fromTextKeys[model.AreaID](in.ByArea)
	c.BySubmitterKind, err[2] = fromTextKeys[model.OrganisationKind](in.BySubmitterKind)
	return errors.Join(err[:]...)
}

func textKeys[K interface {
	comparable
	encoding.TextMarshaler
}](m map[K]int) (map[string]int, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]int, len(m))
	for k, n := range m {
		b, err := k.MarshalText()
		if err != nil {
			return nil, err
		}
		key := string(b)
		if key == "" {
			key = NoneKey
		}
		out[key] = n
	}
	return out, nil
}

func fromTextKeys[K comparable, PK interface {
	*K
	encoding.TextUnmarshaler
}](m map[string]int) (map[K]int, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[K]int, len(m))
	for key, n := range m {
		var k K
		if key != NoneKey {
			if err := PK(&k).UnmarshalText([]byte(key)); err != nil {
				return nil, err
			}
		}
		out[k] = n
	}
	return out, nil
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
func allDisposed(s *State, _ model.Date) bool {
	return s.dispositions.len() == s.proposals.len()
}

// MaxProposalsPerCommand is the most proposals one [SubmitProposals] may
// carry; a conference's harvest of ~500 fits many times over.
const MaxProposalsPerCommand = 10_000

// SubmitProposals submits one or many proposals as one event: the ~500
// proposals of a conference are one append, not 500. Nothing is recorded
// unless every proposal is valid.
type SubmitProposals struct{ Proposals []model.Proposal }

// CreateMeasure drafts a numbered measure. Its Sources, if any, are
// proposals without a disposition, which it disposes of in the same
// command: one source is adopted as the measure, several are merged into
// it. Proposals merged or split into it later come with [DisposeProposals].
//
// A Measure.Number of 0 means the next free number: one more than the
// highest of the process's measures, decided against the state the command
// is checked on and recorded in the same event. Two such creations racing
// on one store conflict there, and with [Options].Retries the second is
// decided again and gets the number after. [Result].Events holds the
// number given.
type CreateMeasure struct{ Measure model.Measure }

// CreateRecommendation writes a numbered recommendation. A
// Recommendation.Number of 0 means the next free number, as for
// [CreateMeasure].
type CreateRecommendation struct{ Recommendation model.Recommendation }

// Name implements [Command].
func (SubmitProposals) Name() string { return "submit-proposals" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (SubmitProposals) rule(r Request, p model.PersonID, today model.Date) string {
	return submitsProposals(r, p, today)
}

// Name implements [Command].
func (CreateMeasure) Name() string { return "create-measure" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CreateMeasure) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (CreateRecommendation) Name() string { return "create-recommendation" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CreateRecommendation) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

func (c SubmitProposals) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	switch {
	case len(c.Proposals) == 0:
		return nil, &model.FieldError{Field: "Proposals", Err: model.ErrRequired}
	case len(c.Proposals) > MaxProposalsPerCommand:
		return nil, fmt.Errorf("%w: %d proposals in one command, at most %d", ErrTooLarge, len(c.Proposals), MaxProposalsPerCommand)
	}
	var errs []error
	seen := make(map[model.ProposalID]bool, len(c.Proposals))
	for i, p := range c.Proposals {
		field := fmt.Sprintf("Proposals[%d]", i)
		if err := p.Validate(); err != nil {
			errs = append(errs, model.Within(field, err))
			continue
		}
		if s.proposals.has(p.ID) || seen[p.ID] {
			errs = append(errs, taken(field+".ID", p.ID))
		}
		seen[p.ID] = true
		if !p.Submitter.Person.IsZero() && !s.persons.has(p.Submitter.Person) {
			errs = append(errs, unknown(field+".Submitter.Person", p.Submitter.Person))
		}
		if !p.Submitter.Organisation.IsZero() && !s.organisations.has(p.Submitter.Organisation) {
			errs = append(errs, unknown(field+".Submitter.Organisation", p.Submitter.Organisation))
		}
		if !p.Meeting.IsZero() && !s.meetings.has(p.Meeting) {
			errs = append(errs, unknown(field+".Meeting", p.Meeting))
		}
		for _, a := range p.Areas {
			if !s.areas.has(a) {
				errs = append(errs, unknown(field+".Areas", a))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Copy, so that a caller reusing its slices cannot reach the record.
	proposals := make([]model.Proposal, len(c.Proposals))
	for i, p := range c.Proposals {
		p.Areas = slices.Clone(p.Areas)
		proposals[i] = p
	}
	return one(ProposalsSubmitted{Proposals: proposals}), nil
}

func (c CreateMeasure) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m := c.Measure
	if m.Number == 0 {
		m.Number = nextNumber(s.measures.all(), func(m model.Measure) int { return m.Number })
	}
	if err := m.Validate(); err != nil {
		return nil, model.Within("Measure", err)
	}
	switch {
	case s.measures.has(m.ID):
		return nil, taken("Measure.ID", m.ID)
	case !m.Area.IsZero() && !s.areas.has(m.Area):
		return nil, unknown("Measure.Area", m.Area)
	case !m.Recommendation.IsZero() && !s.recommendations.has(m.Recommendation):
		return nil, unknown("Measure.Recommendation", m.Recommendation)
	}
	if err := s.placeMeasure(&m); err != nil {
		return nil, err
	}
	for _, other := range s.measures.all() {
		if other.Number == m.Number {
			return nil, taken("Measure.Number", m.Number)
		}
	}
	for _, o := range m.Responsible {
		if !s.organisations.has(o) {
			return nil, unknown("Measure.Responsible", o)
		}
	}
	kind := model.DispositionAdopted
	if len(m.Sources) > 1 {
		kind = model.DispositionMerged
	}
	dispositions := make([]model.Disposition, len(m.Sources))
	for i, p := range m.Sources {
		if !s.proposals.has(p) {
			return nil, unknown("Measure.Sources", p)
		}
		if _, done := s.disposition(p); done {
			return nil, &ReferenceError{Field: "Measure.Sources", ID: p.String(), Err: ErrAlreadyDisposed}
		}
		dispositions[i] = model.Disposition{Proposal: p, Kind: kind, Measures: []model.MeasureID{m.ID}}
	}
	m.Sources = slices.Clone(m.Sources)
	m.Responsible = slices.Clone(m.Responsible)
	if len(dispositions) == 0 {
		return one(MeasureCreated{Measure: m}), nil
	}
	return []Payload{MeasureCreated{Measure: m}, ProposalsDisposed{Dispositions: dispositions}}, nil
}

func (c CreateRecommendation) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	r := c.Recommendation
	if r.Number == 0 {
		r.Number = nextNumber(s.recommendations.all(), func(r model.Recommendation) int { return r.Number })
	}
	if err := r.Validate(); err != nil {
		return nil, model.Within("Recommendation", err)
	}
	if s.recommendations.has(r.ID) {
		return nil, taken("Recommendation.ID", r.ID)
	}
	for _, other := range s.recommendations.all() {
		if other.Number == r.Number {
			return nil, taken("Recommendation.Number", r.Number)
		}
	}
	return one(RecommendationCreated{Recommendation: r}), nil
}

// nextNumber returns one more than the highest number among items: the
// next free number of a measure or a recommendation.
func nextNumber[T any](items []T, number func(T) int) int {
	n := 0
	for _, it := range items {
		n = max(n, number(it))
	}
	return n + 1
}

func proposalsReceived(s *State, _ model.Date) bool { return s.proposals.len() > 0 }

func measuresDrafted(s *State, _ model.Date) bool { return s.measures.len() > 0 }

func recommendationsWritten(s *State, _ model.Date) bool { return s.recommendations.len() > 0 }

// ProposalsSubmitted records one or many proposals arriving together, such
// as the harvest of a conference.
type ProposalsSubmitted struct {
	Proposals []model.Proposal `json:"proposals"`
}

// MeasureCreated records a measure drafted from proposals.
type MeasureCreated struct {
	Measure model.Measure `json:"measure"`
}

// RecommendationCreated records a recommendation.
type RecommendationCreated struct {
	Recommendation model.Recommendation `json:"recommendation"`
}

// ProposalsDisposed records what became of one or many proposals: the
// triage of a conference's harvest is one event.
type ProposalsDisposed struct {
	Dispositions []model.Disposition `json:"dispositions"`
}

// DispositionChanged records a new disposition for a proposal that had one,
// and why.
type DispositionChanged struct {
	Disposition model.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
}

// MeasureRevised records a new version of a measure's title and text, and
// what caused it.
type MeasureRevised struct {
	Measure   model.MeasureID           `json:"measure"`
	Version   int                       `json:"version"`
	Title     string                    `json:"title"`
	Text      string                    `json:"text"`
	Cause     model.Cause               `json:"cause"`
	Responses []consultation.ResponseID `json:"responses,omitempty"`
}

// MeasureRenumbered records a measure's new number.
type MeasureRenumbered struct {
	Measure model.MeasureID `json:"measure"`
	Number  int             `json:"number"`
}

// MeasuresGrouped records measures placed under a recommendation, and why:
// the cause is required when a measure moves from another recommendation.
// Schema version 2 added the cause; a version 1 event has none, and reads
// as a grouping without one.
type MeasuresGrouped struct {
	Recommendation model.RecommendationID `json:"recommendation"`
	Measures       []model.MeasureID      `json:"measures"`
	Cause          model.Cause            `json:"cause,omitzero"`
}

// DocumentPinned records a named document version: free sections, and
// measures at exact text versions. Schema version 2 added the sections; a
// version 1 event has none, so it reads as it is.
type DocumentPinned struct {
	Document model.Document `json:"document"`
}

// EventType implements [Payload].
func (ProposalsDisposed) EventType() string { return "proposals-disposed" }

// EventType implements [Payload].
func (DispositionChanged) EventType() string { return "disposition-changed" }

// EventType implements [Payload].
func (MeasureRevised) EventType() string { return "measure-revised" }

// EventType implements [Payload].
func (MeasureRenumbered) EventType() string { return "measure-renumbered" }

// EventType implements [Payload].
func (MeasuresGrouped) EventType() string { return "measures-grouped" }

// EventType implements [Payload].
func (DocumentPinned) EventType() string { return "document-pinned" }

// EventType implements [Payload].
func (ProposalsSubmitted) EventType() string { return "proposals-submitted" }

// EventType implements [Payload].
func (MeasureCreated) EventType() string { return "measure-created" }

// EventType implements [Payload].
func (RecommendationCreated) EventType() string { return "recommendation-created" }

// MaxDispositionsPerCommand is the most dispositions one [DisposeProposals]
// may carry.
const MaxDispositionsPerCommand = 10_000

// DisposeProposals records what became of one or many proposals, as one
// event: merged into measures (into several: split across them), adopted
// as a measure, rejected, forwarded or withdrawn. A proposal that already
// has a disposition is refused with [ErrAlreadyDisposed]; change it with
// [ChangeDisposition]. Nothing is recorded unless every disposition holds.
type DisposeProposals struct{ Dispositions []model.Disposition }

// ChangeDisposition gives a proposal that has a disposition a new one, for
// the reason given (required). The earlier disposition stays on record.
type ChangeDisposition struct {
	Disposition model.Disposition
	Reason      string
}

// ReviseMeasure records a new version of a measure's text (and title, if
// Title is set), for the cause given: the consultation responses behind
// it, the meeting that agreed it, a decision by reference, a note; at
// least one. Every earlier version stays on record.
type ReviseMeasure struct {
	Measure model.MeasureID
	Title   string // empty keeps the current title
	Text    string
	Cause   model.Cause
	// Responses are the consultation responses that caused the revision;
	// with them, Cause may be left empty.
	Responses []consultation.ResponseID
}

// RenumberMeasure gives a measure a new number, not taken by another.
type RenumberMeasure struct {
	Measure model.MeasureID
	Number  int
}

// GroupMeasures places measures under a recommendation. Moving a measure
// that is already under another recommendation needs a Cause (the meeting
// that agreed it, a decision by reference, a note), and the move appears
// in the measure's [Lineage]; placing a measure for the first time may
// give one. It takes a
// measure out of any objective it was under; [PlaceMeasures] places it
// under an objective.
type GroupMeasures struct {
	Recommendation model.RecommendationID
	Measures       []model.MeasureID
	Cause          model.Cause
}

// PinDocument records a named document version: its free Sections (a
// plan's "content and goals", a memo), then the given measures at their
// current text versions. With neither sections nor measures it pins every
// current measure; with sections only, it pins no measures. Consultation
// rounds and decisions refer to it, and it never changes.
type PinDocument struct {
	Document model.DocumentID
	Title    string
	Sections []model.Section
	Measures []model.MeasureID
	// Date, Authors, Recipient and Revises give the document its life
	// (see [model.Document]); all optional.
	Date      model.Date
	Authors   []model.Author
	Recipient model.GroupID
	Revises   model.DocumentID
}

// Name implements [Command].
func (DisposeProposals) Name() string { return "dispose-proposals" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DisposeProposals) rule(r Request, p model.PersonID, today model.Date) string {
	return disposesProposals(r, p, today)
}

// Name implements [Command].
func (ChangeDisposition) Name() string { return "change-disposition" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (ChangeDisposition) rule(r Request, p model.PersonID, today model.Date) string {
	return changesDisposition(r, p, today)
}

// Name implements [Command].
func (ReviseMeasure) Name() string { return "revise-measure" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (ReviseMeasure) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (RenumberMeasure) Name() string { return "renumber-measure" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RenumberMeasure) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (GroupMeasures) Name() string { return "group-measures" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (GroupMeasures) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (PinDocument) Name() string { return "pin-document" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (PinDocument) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// checkDisposition checks a disposition against the state: its proposal,
// measures and recipient exist. field prefixes the errors.
func (s *State) checkDisposition(field string, d model.Disposition) error {
	if err := d.Validate(); err != nil {
		return model.Within(field, err)
	}
	var errs []error
	if !s.proposals.has(d.Proposal) {
		errs = append(errs, unknown(field+".Proposal", d.Proposal))
	}
	for _, m := range d.Measures {
		if !s.measures.has(m) {
			errs = append(errs, unknown(field+".Measures", m))
		}
	}
	if !d.ForwardedTo.IsZero() && !s.organisations.has(d.ForwardedTo) {
		errs = append(errs, unknown(field+".ForwardedTo", d.ForwardedTo))
	}
	return errors.Join(errs...)
}

// disposition returns a proposal's current disposition.
func (s *State) disposition(p model.ProposalID) (model.Disposition, bool) {
	steps, ok := s.dispositions.get(p)
	if !ok || len(steps) == 0 {
		return model.Disposition{}, false
	}
	return steps[len(steps)-1].Disposition, true
}

func (c DisposeProposals) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	switch {
	case len(c.Dispositions) == 0:
		return nil, &model.FieldError{Field: "Dispositions", Err: model.ErrRequired}
	case len(c.Dispositions) > MaxDispositionsPerCommand:
		return nil, fmt.Errorf("%w: %d dispositions in one command, at most %d", ErrTooLarge, len(c.Dispositions), MaxDispositionsPerCommand)
	}
	var errs []error
	seen := make(map[model.ProposalID]bool, len(c.Dispositions))
	out := make([]model.Disposition, len(c.Dispositions))
	for i, d := range c.Dispositions {
		field := fmt.Sprintf("Dispositions[%d]", i)
		if err := s.checkDisposition(field, d); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, done := s.disposition(d.Proposal); done || seen[d.Proposal] {
			errs = append(errs, &ReferenceError{Field: field + ".Proposal", ID: d.Proposal.String(), Err: ErrAlreadyDisposed})
		}
		seen[d.Proposal] = true
		d.Measures = slices.Clone(d.Measures)
		out[i] = d
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return one(ProposalsDisposed{Dispositions: out}), nil
}

func (c ChangeDisposition) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	var v []error
	if err := s.checkDisposition("Disposition", c.Disposition); err != nil {
		v = append(v, err)
	}
	if c.Reason == "" {
		v = append(v, &model.FieldError{Field: "Reason", Err: model.ErrRequired})
	}
	if err := errors.Join(v...); err != nil {
		return nil, err
	}
	current, ok := s.disposition(c.Disposition.Proposal)
	switch {
	case !ok:
		return nil, &ReferenceError{Field: "Disposition.Proposal", ID: c.Disposition.Proposal.String(), Err: ErrNotDisposed}
	case sameDisposition(current, c.Disposition):
		return nil, &ReferenceError{Field: "Disposition", ID: c.Disposition.Proposal.String(), Err: ErrAlreadyRecorded}
	}
	d := c.Disposition
	d.Measures = slices.Clone(d.Measures)
	return one(DispositionChanged{Disposition: d, Reason: c.Reason}), nil
}

func sameDisposition(a, b model.Disposition) bool {
	return a.Kind == b.Kind && slices.Equal(a.Measures, b.Measures) && a.Reason == b.Reason && a.ForwardedTo == b.ForwardedTo
}

func (c ReviseMeasure) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m, ok := s.measures.get(c.Measure)
	switch {
	case c.Measure.IsZero():
		return nil, &model.FieldError{Field: "Measure", Err: model.ErrRequired}
	case !ok:
		return nil, unknown("Measure", c.Measure)
	}
	if err := model.Within("Cause", c.Cause.Validate()); err != nil && len(c.Responses) == 0 {
		return nil, err
	}
	if !c.Cause.Meeting.IsZero() && !s.meetings.has(c.Cause.Meeting) {
		return nil, unknown("Cause.Meeting", c.Cause.Meeting)
	}
	for _, r := range c.Responses {
		if _, ok := s.response(r); !ok {
			return nil, unknown("Responses", r)
		}
	}
	title := c.Title
	if title == "" {
		title = m.Title
	}
	next := m
	next.Title, next.Text = title, c.Text
	if err := next.Validate(); err != nil {
		return nil, err
	}
	if title == m.Title && c.Text == m.Text {
		return nil, &ReferenceError{Field: "Text", ID: c.Measure.String(), Err: ErrAlreadyRecorded}
	}
	revs, _ := s.revisions.get(c.Measure)
	return one(MeasureRevised{Measure: c.Measure, Version: len(revs) + 1, Title: title, Text: c.Text, Cause: c.Cause, Responses: slices.Clone(c.Responses)}), nil
}

func (c RenumberMeasure) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	m, ok := s.measures.get(c.Measure)
	switch {
	case c.Measure.IsZero():
		return nil, &model.FieldError{Field: "Measure", Err: model.ErrRequired}
	case c.Number < 1:
		return nil, &model.FieldError{Field: "Number", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Measure", c.Measure)
	case m.Number == c.Number:
		return nil, &ReferenceError{Field: "Number", ID: fmt.Sprint(c.Number), Err: ErrAlreadyRecorded}
	}
	for _, other := range s.measures.all() {
		if other.Number == c.Number {
			return nil, taken("Number", c.Number)
		}
	}
	return one(MeasureRenumbered{Measure: c.Measure, Number: c.Number}), nil
}

func (c GroupMeasures) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	switch {
	case c.Recommendation.IsZero():
		return nil, &model.FieldError{Field: "Recommendation", Err: model.ErrRequired}
	case len(c.Measures) == 0:
		return nil, &model.FieldError{Field: "Measures", Err: model.ErrRequired}
	case !s.recommendations.has(c.Recommendation):
		return nil, unknown("Recommendation", c.Recommendation)
	}
	given := c.Cause != model.Cause{}
	if given {
		if err := model.Within("Cause", c.Cause.Validate()); err != nil {
			return nil, err
		}
		if !c.Cause.Meeting.IsZero() && !s.meetings.has(c.Cause.Meeting) {
			return nil, unknown("Cause.Meeting", c.Cause.Meeting)
		}
	}
	seen := map[model.MeasureID]bool{}
	for i, id := range c.Measures {
		m, ok := s.measures.get(id)
		switch {
		case !ok:
			return nil, unknown("Measures", id)
		case seen[id]:
			return nil, &model.FieldError{Field: "Measures", Err: model.ErrDuplicate}
		case m.Recommendation == c.Recommendation:
			return nil, &ReferenceError{Field: fmt.Sprintf("Measures[%d]", i), ID: id.String(), Err: ErrAlreadyRecorded}
		case !m.Recommendation.IsZero() && !given:
			return nil, &model.FieldError{Field: "Cause", Err: model.ErrRequired} // a move between recommendations says why
		}
		seen[id] = true
	}
	return one(MeasuresGrouped{Recommendation: c.Recommendation, Measures: slices.Clone(c.Measures), Cause: c.Cause}), nil
}

func (c PinDocument) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	var v []error
	if c.Document.IsZero() {
		v = append(v, &model.FieldError{Field: "Document", Err: model.ErrRequired})
	}
	if c.Title == "" {
		v = append(v, &model.FieldError{Field: "Title", Err: model.ErrRequired})
	}
	v = append(v, model.ValidateSections("Sections", c.Sections))
	if err := errors.Join(v...); err != nil {
		return nil, err
	}
	if s.documents.has(c.Document) {
		return nil, taken("Document", c.Document)
	}
	ids := c.Measures
	if len(ids) == 0 && len(c.Sections) == 0 {
		for _, m := range s.Measures() {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 && len(c.Sections) == 0 {
		return nil, &model.FieldError{Field: "Measures", Err: model.ErrRequired}
	}
	doc := model.Document{ID: c.Document, Title: c.Title, Sections: slices.Clone(c.Sections), Items: make([]model.DocumentItem, 0, len(ids))}
	seen := map[model.MeasureID]bool{}
	for _, id := range ids {
		revs, ok := s.revisions.get(id)
		switch {
		case !ok:
			return nil, unknown("Measures", id)
		case seen[id]:
			return nil, &model.FieldError{Field: "Measures", Err: model.ErrDuplicate}
		}
		seen[id] = true
		doc.Items = append(doc.Items, s.pinnedItem(id, len(revs)))
	}
	if err := s.documentLife(c, &doc); err != nil {
		return nil, err
	}
	return one(DocumentPinned{Document: doc}), nil
}

func submitsProposals(r Request, p model.PersonID, day model.Date) string {
	return coordinatorOrOwn(r, p, day, r.Command.(SubmitProposals).Proposals, func(prop model.Proposal) bool {
		return prop.Submitter.Person == p || r.State.represents(p, prop.Submitter.Organisation)
	}, "a participant submits only their own proposals or their organisation's; a coordinator submits any")
}

// coordinatorOrOwn allows a coordinator, or anyone to whom every item of a
// command is their own.
func coordinatorOrOwn[T any](r Request, p model.PersonID, day model.Date, items []T, own func(T) bool, why string) string {
	if r.State.coordinator(p, day) {
		return ""
	}
	for _, it := range items {
		if !own(it) {
			return why
		}
	}
	return ""
}

// withdraws reports whether p may withdraw a proposal: its submitter, or a
// coordinator on a recorded decision.
func withdraws(r Request, p model.PersonID, day model.Date, proposal model.ProposalID) string {
	prop, ok := r.State.proposals.get(proposal)
	switch {
	case !ok, prop.Submitter.Person == p, r.State.represents(p, prop.Submitter.Organisation):
		return ""
	case r.State.coordinator(p, day) && r.Actor.Authority != (model.Authority{}):
		return ""
	}
	return "a proposal is withdrawn only by its submitter, or by a coordinator on a recorded decision (the actor's Authority)"
}

func disposesProposals(r Request, p model.PersonID, day model.Date) string {
	coordinator := r.State.coordinator(p, day)
	for _, d := range r.Command.(DisposeProposals).Dispositions {
		switch {
		case d.Kind == model.DispositionWithdrawn:
			if why := withdraws(r, p, day, d.Proposal); why != "" {
				return why
			}
		case !coordinator:
			return coordinates(r, p, day)
		}
	}
	return ""
}

func changesDisposition(r Request, p model.PersonID, day model.Date) string {
	d := r.Command.(ChangeDisposition).Disposition
	if d.Kind == model.DispositionWithdrawn {
		return withdraws(r, p, day, d.Proposal)
	}
	return coordinates(r, p, day)
}

// Proposal returns the proposal with the ID.
func (s *State) Proposal(id model.ProposalID) (model.Proposal, bool) { return s.proposals.get(id) }

// Proposals returns the proposals in the order they were submitted.
func (s *State) Proposals() []model.Proposal { return s.proposals.list() }

// Measure returns the measure with the ID.
func (s *State) Measure(id model.MeasureID) (model.Measure, bool) { return s.measures.get(id) }

// Measures returns the measures by number.
func (s *State) Measures() []model.Measure {
	out := s.measures.list()
	slices.SortStableFunc(out, func(a, b model.Measure) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// Recommendations returns the recommendations by number.
func (s *State) Recommendations() []model.Recommendation {
	out := s.recommendations.list()
	slices.SortStableFunc(out, func(a, b model.Recommendation) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// DispositionStep is one disposition a proposal has had: the first, or a
// change with its reason.
type DispositionStep struct {
	Disposition model.Disposition `json:"disposition"`
	// ChangeReason says why the disposition changed; empty for the first.
	ChangeReason string `json:"change_reason,omitempty"`
	// At is when it was recorded, and Version the event that recorded it.
	At      time.Time `json:"at,omitzero"`
	Version uint64    `json:"version"`
}

// Revision is one version of a measure's title and text.
type Revision struct {
	Version int         `json:"version"` // from 1, the text the measure was created with
	Title   string      `json:"title"`
	Text    string      `json:"text"`
	Cause   model.Cause `json:"cause"` // why the text changed; zero for version 1
	// Responses are the consultation responses that caused the change.
	Responses []consultation.ResponseID `json:"responses"`
	At        time.Time                 `json:"at,omitzero"`
	Event     uint64                    `json:"event"` // the version of the event that recorded it
}

// dispose records a disposition of a proposal and moves the proposal
// between the sources of the measures it leaves and enters. Slices shared
// with snapshots are replaced, never changed in place.
func (s *State) dispose(d model.Disposition, reason string, e *Event) error {
	if !s.proposals.has(d.Proposal) {
		return fmt.Errorf("%w: %s: proposal %s not found", ErrCorrupt, e.Process, d.Proposal)
	}
	for _, id := range d.Measures {
		if !s.measures.has(id) {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, id)
		}
	}
	steps, _ := s.dispositions.get(d.Proposal)
	if n := len(steps); n > 0 {
		for _, id := range steps[n-1].Disposition.Measures {
			m, _ := s.measures.get(id)
			m.Sources = slices.DeleteFunc(slices.Clone(m.Sources), func(p model.ProposalID) bool { return p == d.Proposal })
			s.measures.put(id, m)
		}
	}
	for _, id := range d.Measures {
		m, _ := s.measures.get(id)
		m.Sources = append(slices.Clip(m.Sources), d.Proposal)
		s.measures.put(id, m)
	}
	s.dispositions.put(d.Proposal, append(slices.Clip(steps), DispositionStep{Disposition: d, ChangeReason: reason, At: e.OccurredAt, Version: e.Version}))
	return nil
}

// apply implements [Payload].
func (d ProposalsSubmitted) apply(s *State, e *Event) error {
	for _, p := range d.Proposals {
		s.proposals.put(p.ID, p)
	}
	return nil
}

// apply implements [Payload].
func (d MeasureCreated) apply(s *State, e *Event) error {
	m := d.Measure
	m.Sources = nil // filled by the dispositions that name the measure
	s.measures.put(m.ID, m)
	s.revisions.put(m.ID, []Revision{{Version: 1, Title: m.Title, Text: m.Text, At: e.OccurredAt, Event: e.Version}})
	return nil
}

// apply implements [Payload].
func (d RecommendationCreated) apply(s *State, e *Event) error {
	s.recommendations.put(d.Recommendation.ID, d.Recommendation)
	return nil
}

// apply implements [Payload].
func (d ProposalsDisposed) apply(s *State, e *Event) error {
	for _, disp := range d.Dispositions {
		if err := s.dispose(disp, "", e); err != nil {
			return err
		}
	}
	return nil
}

// apply implements [Payload].
func (d DispositionChanged) apply(s *State, e *Event) error {
	return s.dispose(d.Disposition, d.Reason, e)
}

// apply implements [Payload].
func (d MeasureRevised) apply(s *State, e *Event) error {
	m, ok := s.measures.get(d.Measure)
	if !ok {
		return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
	}
	m.Title, m.Text = d.Title, d.Text
	s.measures.put(m.ID, m)
	revs, _ := s.revisions.get(m.ID)
	s.revisions.put(m.ID, append(slices.Clip(revs), Revision{Version: d.Version, Title: d.Title, Text: d.Text, Cause: d.Cause, Responses: d.Responses, At: e.OccurredAt, Event: e.Version}))
	return nil
}

// apply implements [Payload].
func (d MeasureRenumbered) apply(s *State, e *Event) error {
	m, ok := s.measures.get(d.Measure)
	if !ok {
		return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, d.Measure)
	}
	m.Number = d.Number
	s.measures.put(m.ID, m)
	return nil
}

// apply implements [Payload].
func (d MeasuresGrouped) apply(s *State, e *Event) error {
	if !s.recommendations.has(d.Recommendation) {
		return fmt.Errorf("%w: %s: recommendation %s not found", ErrCorrupt, e.Process, d.Recommendation)
	}
	for _, id := range d.Measures {
		m, ok := s.measures.get(id)
		if !ok {
			return fmt.Errorf("%w: %s: measure %s not found", ErrCorrupt, e.Process, id)
		}
		s.shape.moves.put(id, append(slices.Clip(s.shape.movesOf(id)), Grouping{From: m.Recommendation, To: d.Recommendation, Cause: d.Cause, At: e.OccurredAt, Event: e.Version}))
		m.Recommendation, m.Objective = d.Recommendation, model.ObjectiveID{} // directly under the recommendation
		s.measures.put(id, m)
	}
	return nil
}

// apply implements [Payload].
func (d DocumentPinned) apply(s *State, e *Event) error {
	s.documents.put(d.Document.ID, s.withStructure(d.Document))
	return nil
}
