package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/samling-go/samling/consultation"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
)

// problem is an RFC 9457 problem body, with the library's details as
// extension members.
type problem struct {
	Type   string `json:"type,omitempty"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Field is the input at fault (400, 422), such as "Proposals[3].Title".
	Field string `json:"field,omitempty"`
	// ID is the ID, number or code at fault (404, 409, 422).
	ID string `json:"id,omitempty"`
	// Unmet lists the criteria that do not hold (422 of a transition).
	Unmet []phase.CriterionName `json:"unmet,omitempty"`
	// Permitted lists the triggers the current phase has (409).
	Permitted []phase.Trigger `json:"permitted,omitempty"`
	// AllowedIn lists the phases that allow the command (409).
	AllowedIn []phase.PhaseID `json:"allowed_in,omitempty"`
	// Tally is the count of a decision its rule does not carry (422).
	Tally *model.Tally `json:"tally,omitempty"`
	// Command is, in a batch, the name of the command refused.
	Command string `json:"command,omitempty"`
}

// statuses is the table from the library's errors to HTTP statuses,
// first match wins; docs/integration.md has it in words. Each row's match
// uses errors.Is on the sentinel; problemOf then reads the typed error
// for the details.
var statuses = []struct {
	err    error
	status int
	title  string
}{
	{context.Canceled, 499, "the request was cancelled"},
	{context.DeadlineExceeded, http.StatusGatewayTimeout, "the request took too long"},
	{errTooLarge, http.StatusRequestEntityTooLarge, "the request body is too large"},
	{process.ErrTooLarge, http.StatusRequestEntityTooLarge, "too large for one event"},
	{process.ErrNotFound, http.StatusNotFound, "no such process"},
	{process.ErrForbidden, http.StatusForbidden, "forbidden"},
	{process.ErrCommandReused, http.StatusUnprocessableEntity, "the idempotency key was used for another command"},
	{phase.ErrCriteriaUnmet, http.StatusUnprocessableEntity, "the transition's criteria do not hold"},
	{phase.ErrTriggerNotPermitted, http.StatusConflict, "the phase has no such transition"},
	{process.ErrNotInPhase, http.StatusConflict, "the current phase does not allow the command"},
	{consultation.ErrTriggerNotPermitted, http.StatusConflict, "the round's lifecycle does not allow this now"},
	{process.ErrConflict, http.StatusConflict, "another writer came first"},
	{process.ErrAlreadyExists, http.StatusConflict, "already exists"},
	{process.ErrRoleTaken, http.StatusConflict, "the role is taken"},
	{process.ErrAlreadyRecorded, http.StatusConflict, "already recorded"},
	{process.ErrAlreadyDisposed, http.StatusConflict, "already disposed of"},
	{process.ErrNotDisposed, http.StatusConflict, "not disposed of"},
	{process.ErrAlreadyDecided, http.StatusConflict, "already decided"},
	{process.ErrUnknownReference, http.StatusUnprocessableEntity, "the command names something the process does not have"},
	{process.ErrNotConsultee, http.StatusUnprocessableEntity, "not a consultee of the round"},
	{process.ErrRoundNotOpen, http.StatusUnprocessableEntity, "the round is not open"},
	{process.ErrNotInSubject, http.StatusUnprocessableEntity, "not in the decision's subject"},
	{process.ErrNotMember, http.StatusUnprocessableEntity, "not a member of the body"},
	{process.ErrNoRule, http.StatusUnprocessableEntity, "the body has no decision rule"},
	{process.ErrMeetingNotHeld, http.StatusUnprocessableEntity, "the meeting is not held"},
	{process.ErrNotInvited, http.StatusUnprocessableEntity, "not invited"},
	{model.ErrNoQuorum, http.StatusUnprocessableEntity, "no quorum"},
	{model.ErrRuleNotMet, http.StatusUnprocessableEntity, "the decision rule is not met"},
	{process.ErrReferenceFormat, http.StatusBadRequest, "the record reference is not in the host's format"},
	{phase.ErrInvalidTemplate, http.StatusBadRequest, "the template is invalid"},
	{process.ErrInvalidQuery, http.StatusBadRequest, "invalid query"},
	{model.ErrInvalid, http.StatusBadRequest, "invalid input"},
	{errBadJSON, http.StatusBadRequest, "the body is not the JSON expected"},
	{process.ErrNewerSchema, http.StatusServiceUnavailable, "the store holds events of a newer release"},
	{process.ErrOutcomeUnknown, http.StatusServiceUnavailable, "the outcome is unknown: retry with the same Idempotency-Key"},
	{process.ErrUnavailable, http.StatusServiceUnavailable, "the storage is unavailable"},
	{process.ErrReadOnly, http.StatusServiceUnavailable, "the storage is read-only"},
	{process.ErrFull, http.StatusInsufficientStorage, "the storage is full"},
	{process.ErrStorage, http.StatusServiceUnavailable, "the storage failed"},
}

var (
	// errTooLarge marks a body over MaxBody.
	errTooLarge = errors.New("service: request body too large")
	// errBadJSON marks a body that does not decode.
	errBadJSON = errors.New("service: bad JSON")
)

// inputError wraps a JSON decoding error with the field it names.
func inputError(field string, err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fmt.Errorf("%w: %w", errTooLarge, err)
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		field += "." + typeErr.Field
	}
	return &fieldProblem{field: field, err: fmt.Errorf("%w: %w", errBadJSON, err)}
}

// fieldProblem is a JSON error with the input's path.
type fieldProblem struct {
	field string
	err   error
}

func (e *fieldProblem) Error() string { return e.field + ": " + e.err.Error() }
func (e *fieldProblem) Unwrap() error { return e.err }

// problemOf maps err to its problem.
func problemOf(err error) problem {
	p := problem{Status: http.StatusInternalServerError, Title: "internal error"}
	for _, row := range statuses {
		if errors.Is(err, row.err) {
			p.Status, p.Title = row.status, row.title
			break
		}
	}
	if p.Status != http.StatusInternalServerError {
		p.Detail = err.Error()
	}
	var (
		field   *model.FieldError
		ref     *process.ReferenceError
		unmet   *phase.UnmetCriteriaError
		trans   *phase.TransitionError
		inPhase *process.PhaseError
		rule    *model.RuleError
		batch   *process.BatchError
		fp      *fieldProblem
	)
	switch {
	case errors.As(err, &unmet):
		p.Unmet = unmet.Unmet
	case errors.As(err, &trans):
		p.Permitted = trans.Permitted
	case errors.As(err, &inPhase):
		p.AllowedIn = inPhase.AllowedIn
	case errors.As(err, &rule):
		t := rule.Tally
		p.Tally = &t
	}
	switch {
	case errors.As(err, &ref):
		p.Field, p.ID = ref.Field, ref.ID
	case errors.As(err, &field):
		p.Field = field.Field
	case errors.As(err, &fp):
		p.Field = fp.field
	}
	if errors.As(err, &batch) {
		p.Command = batch.Command
	}
	return p
}

// fail answers with err's problem, logging what maps to 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	if p.Status >= 500 {
		s.log.Printf("service: %s %s: %v", r.Method, r.URL.Path, err)
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}
