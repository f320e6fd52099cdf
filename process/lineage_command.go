package process

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
)

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

// GroupMeasures places measures under a recommendation.
type GroupMeasures struct {
	Recommendation model.RecommendationID
	Measures       []model.MeasureID
}

// PinDocument records a named document version: the given measures (all
// current measures, when none are given) at their current text versions.
// Consultation rounds and decisions refer to it, and it never changes.
type PinDocument struct {
	Document model.DocumentID
	Title    string
	Measures []model.MeasureID
}

// Name implements [Command].
func (DisposeProposals) Name() string { return "dispose-proposals" }

// Name implements [Command].
func (ChangeDisposition) Name() string { return "change-disposition" }

// Name implements [Command].
func (ReviseMeasure) Name() string { return "revise-measure" }

// Name implements [Command].
func (RenumberMeasure) Name() string { return "renumber-measure" }

// Name implements [Command].
func (GroupMeasures) Name() string { return "group-measures" }

// Name implements [Command].
func (PinDocument) Name() string { return "pin-document" }

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

func (c DisposeProposals) decide(_ context.Context, s *State) ([]Payload, error) {
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

func (c ChangeDisposition) decide(_ context.Context, s *State) ([]Payload, error) {
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

func (c ReviseMeasure) decide(_ context.Context, s *State) ([]Payload, error) {
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

func (c RenumberMeasure) decide(_ context.Context, s *State) ([]Payload, error) {
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

func (c GroupMeasures) decide(_ context.Context, s *State) ([]Payload, error) {
	switch {
	case c.Recommendation.IsZero():
		return nil, &model.FieldError{Field: "Recommendation", Err: model.ErrRequired}
	case len(c.Measures) == 0:
		return nil, &model.FieldError{Field: "Measures", Err: model.ErrRequired}
	case !s.recommendations.has(c.Recommendation):
		return nil, unknown("Recommendation", c.Recommendation)
	}
	seen := map[model.MeasureID]bool{}
	for _, m := range c.Measures {
		switch {
		case !s.measures.has(m):
			return nil, unknown("Measures", m)
		case seen[m]:
			return nil, &model.FieldError{Field: "Measures", Err: model.ErrDuplicate}
		}
		seen[m] = true
	}
	return one(MeasuresGrouped{Recommendation: c.Recommendation, Measures: slices.Clone(c.Measures)}), nil
}

func (c PinDocument) decide(_ context.Context, s *State) ([]Payload, error) {
	var v []error
	if c.Document.IsZero() {
		v = append(v, &model.FieldError{Field: "Document", Err: model.ErrRequired})
	}
	if c.Title == "" {
		v = append(v, &model.FieldError{Field: "Title", Err: model.ErrRequired})
	}
	if err := errors.Join(v...); err != nil {
		return nil, err
	}
	if s.documents.has(c.Document) {
		return nil, taken("Document", c.Document)
	}
	ids := c.Measures
	if len(ids) == 0 {
		for _, m := range s.Measures() {
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil, &model.FieldError{Field: "Measures", Err: model.ErrRequired}
	}
	doc := model.Document{ID: c.Document, Title: c.Title, Items: make([]model.DocumentItem, 0, len(ids))}
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
		doc.Items = append(doc.Items, model.DocumentItem{Measure: id, Version: len(revs)})
	}
	return one(DocumentPinned{Document: doc}), nil
}
