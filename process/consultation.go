package process

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Consultation, DraftRound{}, OpenRound{}, CloseRound{}, CompileRound{}, CancelRound{}, ReopenRound{}, ExtendDeadline{}, SubmitResponse{}),
		eventsOf(event[RoundDrafted](), event[RoundMoved](), event[DeadlineExtended](), event[ResponseReceived]()),
	)
}

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

// rule implements [Command]: the default policy's check ([RecordRules]).
func (DraftRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (OpenRound) Name() string { return "open-round" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (OpenRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (CloseRound) Name() string { return "close-round" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CloseRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (CompileRound) Name() string { return "compile-round" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CompileRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (CancelRound) Name() string { return "cancel-round" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (CancelRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (ReopenRound) Name() string { return "reopen-round" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (ReopenRound) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (ExtendDeadline) Name() string { return "extend-deadline" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (ExtendDeadline) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (SubmitResponse) Name() string { return "submit-response" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (SubmitResponse) rule(r Request, p model.PersonID, today model.Date) string {
	return submitsResponse(r, p, today)
}

func (c DraftRound) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	r := c.Round
	if err := r.Validate(); err != nil {
		return nil, model.Within("Round", err)
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

func (c OpenRound) decide(ctx context.Context, s *State, _ *env) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerOpen, model.Cause{})
}

func (c CloseRound) decide(ctx context.Context, s *State, _ *env) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerClose, model.Cause{})
}

func (c CompileRound) decide(ctx context.Context, s *State, _ *env) ([]Payload, error) {
	return s.move(ctx, c.Round, consultation.TriggerCompile, model.Cause{})
}

func (c CancelRound) decide(ctx context.Context, s *State, _ *env) ([]Payload, error) {
	if c.Reason == "" {
		return nil, &model.FieldError{Field: "Reason", Err: model.ErrRequired}
	}
	return s.move(ctx, c.Round, consultation.TriggerCancel, model.Cause{Note: c.Reason})
}

func (c ReopenRound) decide(ctx context.Context, s *State, _ *env) ([]Payload, error) {
	if err := model.Within("Cause", c.Cause.Validate()); err != nil {
		return nil, err
	}
	if !c.Cause.Meeting.IsZero() && !s.meetings.has(c.Cause.Meeting) {
		return nil, unknown("Cause.Meeting", c.Cause.Meeting)
	}
	return s.move(ctx, c.Round, consultation.TriggerReopen, c.Cause)
}

func (c ExtendDeadline) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	r, ok := s.rounds.get(c.Round)
	switch {
	case c.Round.IsZero():
		return nil, &model.FieldError{Field: "Round", Err: model.ErrRequired}
	case !c.Deadline.Valid():
		return nil, &model.FieldError{Field: "Deadline", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Round", c.Round)
	case r.Status == consultation.Compiled || r.Status == consultation.Cancelled:
		return nil, &ReferenceError{Field: "Round", ID: c.Round.String(), Detail: "the round is " + r.Status.String(), Err: ErrRoundNotOpen}
	}
	if _, ok := r.Consultee(c.Organisation); !ok {
		return nil, &ReferenceError{Field: "Organisation", ID: c.Organisation.String(), Err: ErrNotConsultee}
	}
	if !c.Deadline.After(r.DeadlineFor(c.Organisation)) {
		return nil, &model.FieldError{Field: "Deadline", Err: model.ErrDateOrder}
	}
	return one(DeadlineExtended{Round: c.Round, Organisation: c.Organisation, Deadline: c.Deadline}), nil
}

func (c SubmitResponse) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	resp := c.Response
	if err := resp.Validate(); err != nil {
		return nil, model.Within("Response", err)
	}
	r, ok := s.rounds.get(resp.Round)
	switch {
	case !ok:
		return nil, unknown("Response.Round", resp.Round)
	case r.Status != consultation.Open:
		return nil, &ReferenceError{Field: "Response.Round", ID: resp.Round.String(), Detail: "the round is " + r.Status.String(), Err: ErrRoundNotOpen}
	case !resp.RespondedBy.IsZero() && !s.persons.has(resp.RespondedBy):
		return nil, unknown("Response.RespondedBy", resp.RespondedBy)
	}
	if _, ok := r.Consultee(resp.Organisation); !ok {
		return nil, &ReferenceError{Field: "Response.Organisation", ID: resp.Organisation.String(), Err: ErrNotConsultee}
	}
	if _, dup := s.response(resp.ID); dup {
		return nil, taken("Response.ID", resp.ID)
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

// Round returns a consultation round with its status and every answer.
func (s *State) Round(id consultation.RoundID) (Round, bool) {
	r, ok := s.rounds.get(id)
	r.Responses = slices.Clone(r.Responses)
	r.Steps = slices.Clone(r.Steps)
	return r, ok
}

// Rounds returns the consultation rounds in the order they were drafted.
func (s *State) Rounds() []Round { return s.rounds.list() }

// Compilation compiles a round from its answers, naming organisations and
// measures as the process does; the measure titles are the ones the round
// sent out. It can be asked for at any status.
func (s *State) Compilation(id consultation.RoundID) (consultation.Compilation, bool) {
	r, ok := s.rounds.get(id)
	if !ok {
		return consultation.Compilation{}, false
	}
	pinned := map[model.MeasureID]int{}
	for _, it := range r.Items {
		pinned[it.Measure] = it.Version
	}
	return consultation.Compile(r.Round, r.Responses, consultation.Names{
		Organisation: func(o model.OrganisationID) string {
			org, _ := s.organisations.get(o)
			return org.Name
		},
		Measure: func(m model.MeasureID) (int, string) {
			measure, _ := s.measures.get(m)
			rev, _ := s.Revision(m, pinned[m])
			return measure.Number, rev.Title
		},
	}), true
}

// ResponsesBehind returns the answers that caused revisions of a measure,
// in the order of the revisions: "which answers changed measure 12?".
func (s *State) ResponsesBehind(m model.MeasureID) []consultation.Response {
	var out []consultation.Response
	seen := map[consultation.ResponseID]bool{}
	revs, _ := s.revisions.get(m)
	for _, rev := range revs {
		for _, id := range rev.Responses {
			if resp, ok := s.response(id); ok && !seen[id] {
				out = append(out, resp)
				seen[id] = true
			}
		}
	}
	return out
}

// RevisionRef names one version of one measure.
type RevisionRef struct {
	Measure model.MeasureID `json:"measure"`
	Version int             `json:"version"`
}

// Fate returns the revisions an answer caused: "what became of Borås's
// comment?". None means it changed no text (yet).
func (s *State) Fate(id consultation.ResponseID) []RevisionRef {
	var out []RevisionRef
	for _, m := range s.measures.all() {
		revs, _ := s.revisions.get(m.ID)
		for _, rev := range revs {
			if slices.Contains(rev.Responses, id) {
				out = append(out, RevisionRef{Measure: m.ID, Version: rev.Version})
			}
		}
	}
	return out
}

// Response returns an answer by ID, from whichever round it belongs to.
func (s *State) Response(id consultation.ResponseID) (consultation.Response, bool) {
	return s.response(id)
}

// roundsCompiled holds when there is a round and every round that was not
// cancelled is compiled.
func roundsCompiled(s *State, _ model.Date) bool {
	any := false
	for _, r := range s.rounds.all() {
		switch r.Status {
		case consultation.Cancelled:
		case consultation.Compiled:
			any = true
		default:
			return false
		}
	}
	return any
}

// roundsAnswered holds when, in every open round, each required consultee
// has answered or its deadline has passed, as of today.
func roundsAnswered(s *State, today model.Date) bool {
	for _, r := range s.rounds.all() {
		if r.Status == consultation.Open && !consultation.AnsweredOrPast(r.Round, r.Responses, today) {
			return false
		}
	}
	return true
}

// RoundDrafted records a consultation round drafted on a pinned document.
type RoundDrafted struct {
	Round consultation.Round `json:"round"`
}

// RoundMoved records a step of a round's lifecycle. Cause is given for a
// cancellation (its reason) and a reopening (the decision behind it).
type RoundMoved struct {
	Round   consultation.RoundID `json:"round"`
	Trigger consultation.Trigger `json:"trigger"`
	From    consultation.Status  `json:"from"`
	To      consultation.Status  `json:"to"`
	Cause   model.Cause          `json:"cause,omitzero"`
}

// DeadlineExtended records a consultee's later deadline.
type DeadlineExtended struct {
	Round        consultation.RoundID `json:"round"`
	Organisation model.OrganisationID `json:"organisation"`
	Deadline     model.Date           `json:"deadline"`
}

// ResponseReceived records an answer to a round. When it arrived is the
// event's time; whether it was late, and which earlier answer of the same
// organisation it supersedes, follow from the record.
type ResponseReceived struct {
	Response consultation.Response `json:"response"`
}

// EventType implements [Payload].
func (RoundDrafted) EventType() string { return "round-drafted" }

// EventType implements [Payload].
func (RoundMoved) EventType() string { return "round-moved" }

// EventType implements [Payload].
func (DeadlineExtended) EventType() string { return "deadline-extended" }

// EventType implements [Payload].
func (ResponseReceived) EventType() string { return "response-received" }

func submitsResponse(r Request, p model.PersonID, day model.Date) string {
	resp := r.Command.(SubmitResponse).Response
	s := r.State
	switch {
	case s.represents(p, resp.Organisation):
		return ""
	case !s.coordinator(p, day):
		return "only a representative of the organisation answers for it"
	case !resp.RespondedBy.IsZero() && s.represents(resp.RespondedBy, resp.Organisation):
		return "" // a coordinator registers an answer the organisation's representative signed
	}
	if round, ok := s.rounds.get(resp.Round); ok && round.Kind == consultation.Samrad {
		return "" // a coordinator enters a samråd's notes
	}
	return "a coordinator registers a remiss answer only when it names the organisation's representative who signed it (RespondedBy)"
}

// Round is a consultation round as the process knows it: the round, where
// it is in its lifecycle, and every answer in the order received (a later
// answer of an organisation supersedes its earlier one; both are kept).
type Round struct {
	consultation.Round
	Status    consultation.Status     `json:"status"`
	Responses []consultation.Response `json:"responses"`
	// Steps are the lifecycle's steps so far, with when each was taken:
	// when the round was sent out, closed, compiled.
	Steps []RoundStep `json:"steps"`
}

// RoundStep is one step of a round's lifecycle.
type RoundStep struct {
	Trigger consultation.Trigger `json:"trigger"`
	From    consultation.Status  `json:"from"`
	To      consultation.Status  `json:"to"`
	Cause   model.Cause          `json:"cause"` // the decision behind a reopening; the reason for a cancellation
	At      time.Time            `json:"at,omitzero"`
}

// At returns when the round last entered status, and whether it has.
func (r Round) At(status consultation.Status) (time.Time, bool) {
	for i := len(r.Steps) - 1; i >= 0; i-- {
		if r.Steps[i].To == status {
			return r.Steps[i].At, true
		}
	}
	return time.Time{}, false
}

// apply implements [Payload].
func (d RoundDrafted) apply(s *State, e *Event) error {
	s.rounds.put(d.Round.ID, Round{Round: d.Round, Status: consultation.Drafted})
	return nil
}

// apply implements [Payload].
func (d RoundMoved) apply(s *State, e *Event) error {
	r, ok := s.rounds.get(d.Round)
	if !ok {
		return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
	}
	r.Status = d.To
	r.Steps = append(r.Steps, RoundStep{Trigger: d.Trigger, From: d.From, To: d.To, Cause: d.Cause, At: e.OccurredAt})
	s.rounds.put(r.ID, r)
	return nil
}

// apply implements [Payload].
func (d DeadlineExtended) apply(s *State, e *Event) error {
	r, ok := s.rounds.get(d.Round)
	if !ok {
		return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Round)
	}
	r.Consultees = slices.Clone(r.Consultees)
	for i := range r.Consultees {
		if r.Consultees[i].Organisation == d.Organisation {
			r.Consultees[i].Deadline = d.Deadline
		}
	}
	s.rounds.put(r.ID, r)
	return nil
}

// apply implements [Payload].
func (d ResponseReceived) apply(s *State, e *Event) error {
	r, ok := s.rounds.get(d.Response.Round)
	if !ok {
		return fmt.Errorf("%w: %s: round %s not found", ErrCorrupt, e.Process, d.Response.Round)
	}
	resp := d.Response
	resp.Received = e.OccurredAt
	resp.Late = s.Today(e.OccurredAt).After(r.DeadlineFor(resp.Organisation))
	resp.Supersedes = consultation.ResponseID{}
	for _, earlier := range r.Responses {
		if earlier.Organisation == resp.Organisation {
			resp.Supersedes = earlier.ID
		}
	}
	r.Responses = append(r.Responses, resp)
	s.rounds.put(r.ID, r)
	return nil
}
