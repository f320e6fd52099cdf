package consultation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/qmuntal/stateless"
	"github.com/samling-go/samling/model"
)

// Status is where a round is in its lifecycle.
type Status uint8

// The statuses of a round.
const (
	Drafted   Status = iota + 1 // utkast
	Open                        // utskickad: answers are taken
	Closed                      // stängd: no more answers
	Compiled                    // sammanställd
	Cancelled                   // avbruten
)

var statuses = []model.Label{
	{},
	{SV: "utkast", EN: "drafted"},
	{SV: "öppen", EN: "open"},
	{SV: "stängd", EN: "closed"},
	{SV: "sammanställd", EN: "compiled"},
	{SV: "avbruten", EN: "cancelled"},
}

// String returns the English name, such as "compiled".
func (s Status) String() string {
	if s == 0 || int(s) >= len(statuses) {
		return fmt.Sprintf("unknown(%d)", uint8(s))
	}
	return statuses[s].EN
}

// Label returns the Swedish and English names of the status.
func (s Status) Label() model.Label {
	if s == 0 || int(s) >= len(statuses) {
		return model.Label{}
	}
	return statuses[s]
}

// Trigger moves a round from one status to another.
type Trigger string

// The triggers of a round's lifecycle.
const (
	TriggerOpen    Trigger = "open"
	TriggerClose   Trigger = "close"
	TriggerCompile Trigger = "compile"
	TriggerCancel  Trigger = "cancel"
	// TriggerReopen opens a closed or compiled round again; package process
	// requires a recorded decision for it.
	TriggerReopen Trigger = "reopen"
)

// Transition is one step of the lifecycle.
type Transition struct {
	Trigger  Trigger
	From, To Status
}

var lifecycle = []Transition{
	{TriggerOpen, Drafted, Open},
	{TriggerClose, Open, Closed},
	{TriggerCompile, Closed, Compiled},
	{TriggerCancel, Drafted, Cancelled},
	{TriggerCancel, Open, Cancelled},
	{TriggerCancel, Closed, Cancelled},
	{TriggerReopen, Closed, Open},
	{TriggerReopen, Compiled, Open},
}

// Lifecycle returns the transitions of a round's lifecycle.
func Lifecycle() []Transition { return append([]Transition(nil), lifecycle...) }

// ErrTriggerNotPermitted is returned, inside a [*TransitionError], when a
// round's status has no transition on the trigger: closing a round twice,
// compiling an open one.
var ErrTriggerNotPermitted = errors.New("consultation: not permitted in this status")

// TransitionError reports a trigger a round's status does not permit.
type TransitionError struct {
	Round   RoundID
	Status  Status
	Trigger Trigger
}

// Error names the round, its status and the trigger.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("consultation: cannot %s round %s: it is %s", e.Trigger, e.Round, e.Status)
}

// Unwrap returns [ErrTriggerNotPermitted].
func (e *TransitionError) Unwrap() error { return ErrTriggerNotPermitted }

// Fire moves *status along the transition on trigger, through a state
// machine built for this one round with its state stored in *status. It
// checks the context first and refuses, leaving *status as it was, with a
// [*TransitionError] when the status has no such transition.
func Fire(ctx context.Context, round RoundID, status *Status, trigger Trigger) (Transition, error) {
	if err := ctx.Err(); err != nil {
		return Transition{}, err
	}
	var tr Transition
	found := false
	for _, t := range lifecycle {
		if t.From == *status && t.Trigger == trigger {
			tr, found = t, true
		}
	}
	if !found {
		return Transition{}, &TransitionError{Round: round, Status: *status, Trigger: trigger}
	}
	sm := stateless.NewStateMachineWithExternalStorage(
		func(context.Context) (stateless.State, error) { return *status, nil },
		func(_ context.Context, s stateless.State) error { *status = s.(Status); return nil },
		stateless.FiringImmediate)
	for _, t := range lifecycle {
		sm.Configure(t.From).Permit(t.Trigger, t.To)
	}
	if err := sm.FireCtx(ctx, trigger); err != nil {
		return Transition{}, fmt.Errorf("consultation: %s round %s: %w", trigger, round, err)
	}
	return tr, nil
}

// Mermaid draws the lifecycle as a Mermaid state diagram in lang.
func Mermaid(lang model.Lang) string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	fmt.Fprintf(&b, "    [*] --> %s\n", Drafted)
	for s := Drafted; s <= Cancelled; s++ {
		fmt.Fprintf(&b, "    state \"%s\" as %s\n", s.Label().In(lang), s)
	}
	for _, t := range lifecycle {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", t.From, t.To, t.Trigger)
	}
	fmt.Fprintf(&b, "    %s --> [*]\n    %s --> [*]\n", Compiled, Cancelled)
	return b.String()
}
