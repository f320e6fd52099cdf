package process

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
)

// Errors of consultation commands, matched with errors.Is; each comes in a
// [*ReferenceError] naming the field. Lifecycle refusals (closing twice,
// compiling an open round) are consultation.ErrTriggerNotPermitted.
var (
	// ErrNotConsultee is returned when an organisation that is not among a
	// round's consultees answers it or gets an extension.
	ErrNotConsultee = errors.New("process: not a consultee of the round")
	// ErrRoundNotOpen is returned when an answer comes to a round that is
	// not open. A round still open takes answers after the deadline, as late.
	ErrRoundNotOpen = errors.New("process: round is not open")
	// ErrNotInSubject is returned when an answer takes a stance on a
	// measure the round did not send out.
	ErrNotInSubject = errors.New("process: measure not sent out in the round")
)

// DraftRound drafts a consultation round on a pinned document; the round's
// Items are copied from the document, so what is sent out never changes.
type DraftRound struct{ Round consultation.Round }

// OpenRound sends a drafted round out: answers are taken from now on.
type OpenRound struct{ Round consultation.RoundID }

// CloseRound closes an open round: no more answers.
type CloseRound struct{ Round consultation.RoundID }

// CompileRound marks a closed round compiled; its compilation is
// [State.Compilation].
type CompileRound struct{ Round consultation.RoundID }

// CancelRound cancels a round that is not compiled, for the reason given.
type CancelRound struct {
	Round  consultation.RoundID
	Reason string
}

// ReopenRound opens a closed or compiled round again. It needs the
// decision behind it: Cause names the meeting or the record reference.
type ReopenRound struct {
	Round consultation.RoundID
	Cause model.Cause
}

// ExtendDeadline gives one consultee a later deadline.
type ExtendDeadline struct {
	Round        consultation.RoundID
	Organisation model.OrganisationID
	Deadline     model.Date
}

// SubmitResponse records an answer to an open round. It arrives now (the
// engine's clock); after the consultee's deadline it is kept and marked
// late. A second answer from the same organisation supersedes the first,
// and both are kept. An organisation may answer consultation.NoAnswer.
type SubmitResponse struct{ Response consultation.Response }

// Name implements [Command].
func (DraftRound) Name() string { return "draft-round" }

// Name implements [Command].
func (OpenRound) Name() string { return "open-round" }

// Name implements [Command].
func (CloseRound) Name() string { return "close-round" }

// Name implements [Command].
func (CompileRound) Name() string { return "compile-round" }

// Name implements [Command].
func (CancelRound) Name() string { return "cancel-round" }

// Name implements [Command].
func (ReopenRound) Name() string { return "reopen-round" }

// Name implements [Command].
func (ExtendDeadline) Name() string { return "extend-deadline" }

// Name implements [Command].
func (SubmitResponse) Name() string { return "submit-response" }

func (c DraftRound) decide(_ context.Context, s *State) ([]Payload, error) {
	r := c.Round
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if s.rounds.has(r.ID) {
		return nil, taken("Round.ID", r.ID)
	}
	doc, ok := s.documents.get(r.Document)
	if !ok {
		return nil, unknown("Round.Document", r.Document)
	}
	for i, con := range r.Consultees {
		if !s.organisations.has(con.Organisation) {
			return nil, unknown(fmt.Sprintf("Round.Consultees[%d].Organisation", i), con.Organisation)
		}
	}
	r.Items = slices.Clone(doc.Items)
	r.Consultees = slices.Clone(r.Consultees)
	return one(RoundDrafted{Round: r}), nil
}

// move fires a lifecycle trigger on a round.
func (s *State) move(ctx context.Context, id consultation.RoundID, trigger consultation.Trigger, cause model.Cause) ([]Payload, error) {
	if id.IsZero() {
		return nil, &model.FieldError{Field: "Round", Err: model.ErrRequired}
	}
	r, ok := s.rounds.get(id)
	if !ok {
		return nil, unknown("Round", id)
	}
	status := r.Status
	tr, err := consultation.Fire(ctx, id, &status, trigger)
	if err != nil {
		return nil, err
	}
	return one(RoundMoved{Round: id, Trigger: trigger, From: tr.From, To: tr.To, Cause: cause}), nil
}

func (c OpenRound) decide(ctx context.Context, s *State) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerOpen, model.Cause{})
}

func (c CloseRound) decide(ctx context.Context, s *State) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerClose, model.Cause{})
}

func (c CompileRound) decide(ctx context.Context, s *State) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerCompile, model.Cause{})
}

func (c CancelRound) decide(ctx context.Context, s *State) ([]Payload, error) {
	if c.Reason == "" {
		return nil, &model.FieldError{Field: "Reason", Err: model.ErrRequired}
	}
	return s.move(ctx, c.Round, consultation.TriggerCancel, model.Cause{Note: c.Reason})
}

func (c ReopenRound) decide(ctx context.Context, s *State) ([]Payload, error) {
	if err := model.Within("Cause", c.Cause.Validate()); err != nil {
		return nil, err
	}
	if !c.Cause.Meeting.IsZero() && !s.meetings.has(c.Cause.Meeting) {
		return nil, unknown("Cause.Meeting", c.Cause.Meeting)
	}
	return s.move(ctx, c.Round, consultation.TriggerReopen, c.Cause)
}

func (c ExtendDeadline) decide(_ context.Context, s *State) ([]Payload, error) {
	r, ok := s.rounds.get(c.Round)
	switch {
	case c.Round.IsZero():
		return nil, &model.FieldError{Field: "Round", Err: model.ErrRequired}
	case !c.Deadline.Valid():
		return nil, &model.FieldError{Field: "Deadline", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Round", c.Round)
	case r.Status == consultation.Compiled || r.Status == consultation.Cancelled:
		return nil, &ReferenceError{Field: "Round", ID: fmt.Sprintf("%s (%s)", c.Round, r.Status), Err: ErrRoundNotOpen}
	}
	if _, ok := r.Consultee(c.Organisation); !ok {
		return nil, &ReferenceError{Field: "Organisation", ID: c.Organisation.String(), Err: ErrNotConsultee}
	}
	if !c.Deadline.After(r.DeadlineFor(c.Organisation)) {
		return nil, &model.FieldError{Field: "Deadline", Err: model.ErrDateOrder}
	}
	return one(DeadlineExtended{Round: c.Round, Organisation: c.Organisation, Deadline: c.Deadline}), nil
}

func (c SubmitResponse) decide(_ context.Context, s *State) ([]Payload, error) {
	resp := c.Response
	if err := resp.Validate(); err != nil {
		return nil, model.Within("Response", err)
	}
	r, ok := s.rounds.get(resp.Round)
	switch {
	case !ok:
		return nil, unknown("Response.Round", resp.Round)
	case r.Status != consultation.Open:
		return nil, &ReferenceError{Field: "Response.Round", ID: fmt.Sprintf("%s (%s)", resp.Round, r.Status), Err: ErrRoundNotOpen}
	case !resp.RespondedBy.IsZero() && !s.persons.has(resp.RespondedBy):
		return nil, unknown("Response.RespondedBy", resp.RespondedBy)
	}
	if _, ok := r.Consultee(resp.Organisation); !ok {
		return nil, &ReferenceError{Field: "Response.Organisation", ID: resp.Organisation.String(), Err: ErrNotConsultee}
	}
	for _, rs := range s.rounds.all() {
		for _, earlier := range rs.Responses {
			if earlier.ID == resp.ID {
				return nil, taken("Response.ID", resp.ID)
			}
		}
	}
	for i, it := range resp.Items {
		if !r.Covers(it.Measure) {
			return nil, &ReferenceError{Field: fmt.Sprintf("Response.Items[%d].Measure", i), ID: it.Measure.String(), Err: ErrNotInSubject}
		}
	}
	resp.Items = slices.Clone(resp.Items)
	return one(ResponseReceived{Response: resp}), nil
}

// response finds a response by ID in any round.
func (s *State) response(id consultation.ResponseID) (consultation.Response, bool) {
	for _, r := range s.rounds.all() {
		for _, resp := range r.Responses {
			if resp.ID == id {
				return resp, true
			}
		}
	}
	return consultation.Response{}, false
}
