package phase

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidTemplate is returned, inside a [*TemplateError], for every
// problem found in a template.
var ErrInvalidTemplate = errors.New("phase: invalid template")

// The problems a template can have. Each [*TemplateError] unwraps to one of
// these (or to a model error such as model.ErrRequired) and to
// [ErrInvalidTemplate].
var (
	// ErrMalformed is returned when template JSON cannot be decoded.
	ErrMalformed = errors.New("is malformed JSON")
	// ErrTooLarge is returned when a template or a list in it exceeds its limit.
	ErrTooLarge = errors.New("exceeds its size limit")
	// ErrBadName is returned when an ID, trigger or criterion name is too
	// long or holds characters other than letters, digits, '-' and '_'.
	ErrBadName = errors.New("is not a valid name")
	// ErrDuplicatePhase is returned when two phases share an ID.
	ErrDuplicatePhase = errors.New("duplicate phase")
	// ErrUnknownPhase is returned when a transition or the initial phase
	// names a phase the template does not have.
	ErrUnknownPhase = errors.New("unknown phase")
	// ErrUnreachablePhase is returned when no path of transitions leads from
	// the initial phase to a phase.
	ErrUnreachablePhase = errors.New("unreachable phase")
	// ErrDuplicateTransition is returned when the same transition is listed twice.
	ErrDuplicateTransition = errors.New("duplicate transition")
	// ErrAmbiguousTrigger is returned when one trigger leads from one phase
	// to two different phases.
	ErrAmbiguousTrigger = errors.New("ambiguous trigger")
	// ErrDuplicateCriterion is returned when a transition names a criterion twice.
	ErrDuplicateCriterion = errors.New("duplicate criterion")
	// ErrUnknownCriterion is returned by [Build] when a transition names a
	// criterion that is not registered.
	ErrUnknownCriterion = errors.New("unknown criterion")
	// ErrUnknownAllowance is returned by [Build] when a phase allows a
	// command that is not registered and is not one of the [Groups].
	ErrUnknownAllowance = errors.New("unknown command or group")
	// ErrDuplicateAllowance is returned when a phase names an allowance
	// twice.
	ErrDuplicateAllowance = errors.New("duplicate allowance")
)

// TemplateError is one problem found in a template.
type TemplateError struct {
	// Field is the JSON path of the problem, such as "transitions[2].to";
	// empty for the template as a whole.
	Field string
	Err   error
}

// Error returns the field and the problem.
func (e *TemplateError) Error() string {
	if e.Field == "" {
		return "phase: template " + e.Err.Error()
	}
	return "phase: template: " + e.Field + " " + e.Err.Error()
}

// Unwrap returns the specific problem and [ErrInvalidTemplate].
func (e *TemplateError) Unwrap() []error { return []error{e.Err, ErrInvalidTemplate} }

// Run-time errors of a [Machine].
var (
	// ErrTriggerNotPermitted is returned when the current phase has no
	// transition on the trigger.
	ErrTriggerNotPermitted = errors.New("phase: trigger not permitted")
	// ErrCriteriaUnmet is returned, inside an [*UnmetCriteriaError], when a
	// transition exists but some of its criteria do not hold.
	ErrCriteriaUnmet = errors.New("phase: criteria unmet")
)

// TransitionError reports a trigger that the current phase does not permit.
type TransitionError struct {
	From      PhaseID
	Trigger   Trigger
	Permitted []Trigger // the triggers the phase does permit
}

// Error names the trigger, the phase and the triggers it permits.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("phase: trigger %q not permitted in phase %q (permitted: %s)", e.Trigger, e.From, joinNames(e.Permitted))
}

// Unwrap returns [ErrTriggerNotPermitted].
func (e *TransitionError) Unwrap() error { return ErrTriggerNotPermitted }

// UnmetCriteriaError reports a transition refused because criteria do not
// hold; Unmet lists every one of them, in the template's order.
type UnmetCriteriaError struct {
	Transition Transition
	Unmet      []CriterionName
}

// Error names the transition and every unmet criterion.
func (e *UnmetCriteriaError) Error() string {
	return fmt.Sprintf("phase: %q from %q to %q refused, unmet criteria: %s",
		e.Transition.Trigger, e.Transition.From, e.Transition.To, joinNames(e.Unmet))
}

// Unwrap returns [ErrCriteriaUnmet].
func (e *UnmetCriteriaError) Unwrap() error { return ErrCriteriaUnmet }

func joinNames[S ~string](names []S) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}
