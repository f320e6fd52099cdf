package process

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Administration, Delegate{}, RevokeDelegation{}),
		eventsOf(event[Delegated](), event[DelegationRevoked]()),
	)
}

// Delegate records a delegation: From lets To perform the named commands
// for them over the period. Each name must be a command's ([Commands]).
// Under [RecordRules] From records it, or a coordinator on a recorded
// decision (the actor's Authority.Decision); From must be able to perform
// each command named on the day, and one recorded under a delegation
// stays within its commands and period. An actor then acts for From by
// setting model.Actor.For, and the rules are applied to From on the day;
// the events record both persons.
type Delegate struct{ Delegation model.Delegation }

// RevokeDelegation ends a delegation on a day (its last).
type RevokeDelegation struct {
	Delegation model.DelegationID
	End        model.Date
}

// Name implements [Command].
func (Delegate) Name() string { return "delegate" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (Delegate) rule(r Request, p model.PersonID, today model.Date) string {
	return delegates(r, p, today)
}

// Name implements [Command].
func (RevokeDelegation) Name() string { return "revoke-delegation" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (RevokeDelegation) rule(r Request, p model.PersonID, today model.Date) string {
	return revokesDelegation(r, p, today)
}

// Delegated records a delegation.
type Delegated struct {
	Delegation model.Delegation `json:"delegation"`
}

// DelegationRevoked records the end of a delegation.
type DelegationRevoked struct {
	Delegation model.DelegationID `json:"delegation"`
	End        model.Date         `json:"end"`
}

// EventType implements [Payload].
func (Delegated) EventType() string { return "delegated" }

// EventType implements [Payload].
func (DelegationRevoked) EventType() string { return "delegation-revoked" }

// Delegation is a delegation as the process knows it.
type Delegation struct {
	model.Delegation
	At time.Time `json:"at,omitzero"`
}

func (c Delegate) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	d := c.Delegation
	if err := d.Validate(); err != nil {
		return nil, model.Within("Delegation", err)
	}
	switch {
	case s.delegations.has(d.ID):
		return nil, taken("Delegation.ID", d.ID)
	case !s.persons.has(d.To) && d.To != s.starter:
		return nil, unknown("Delegation.To", d.To)
	case !s.persons.has(d.From) && d.From != s.starter:
		return nil, unknown("Delegation.From", d.From)
	}
	for i, name := range d.Commands {
		if _, ok := commandByName[name]; !ok {
			return nil, &ReferenceError{Field: fmt.Sprintf("Delegation.Commands[%d]", i), ID: name, Err: ErrUnknownReference}
		}
	}
	d.Commands = slices.Clone(d.Commands)
	return one(Delegated{Delegation: d}), nil
}

func (c RevokeDelegation) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	d, ok := s.delegations.get(c.Delegation)
	switch {
	case c.Delegation.IsZero():
		return nil, &model.FieldError{Field: "Delegation", Err: model.ErrRequired}
	case !c.End.Valid():
		return nil, &model.FieldError{Field: "End", Err: model.ErrOutOfRange}
	case !ok:
		return nil, unknown("Delegation", c.Delegation)
	case !d.Period.End.IsZero() && !d.Period.End.After(c.End):
		return nil, &ReferenceError{Field: "Delegation", ID: c.Delegation.String(), Err: ErrAlreadyRecorded}
	case c.End.Before(d.Period.Start):
		return nil, &model.FieldError{Field: "End", Err: model.ErrDateOrder}
	}
	return one(DelegationRevoked{Delegation: c.Delegation, End: c.End}), nil
}

// Delegations returns the delegations in the order they were recorded.
func (s *State) Delegations() []Delegation { return s.delegations.list() }

// delegated reports whether a delegation from one person to another covers
// a command on a day.
func (s *State) delegated(from, to model.PersonID, command string, day model.Date) bool {
	for _, d := range s.delegations.all() {
		if d.From == from && d.To == to && d.Covers(command, day) {
			return true
		}
	}
	return false
}

// delegates is the rule of [Delegate]: a delegation never gives more than
// its delegator may do. It is recorded by the delegator, or by a
// coordinator on a recorded decision (the actor's Authority.Decision,
// which RecordRules has found in the record); the delegator must be able
// to perform every command it names on the day it is recorded (the rule
// of each command is applied again to them on the day it is used); and a
// delegation recorded under a delegation stays within that one's
// commands and period.
func delegates(r Request, p model.PersonID, day model.Date) string {
	d, s := r.Command.(Delegate).Delegation, r.State
	switch {
	case d.From == p:
	case s.coordinator(p, day) && !r.Actor.Authority.Decision.IsZero():
	case s.coordinator(p, day):
		return "a coordinator records another person's delegation only on a recorded decision (the actor's Authority.Decision)"
	default:
		return "a person delegates only their own rights; a coordinator records another's on a recorded decision"
	}
	for _, name := range d.Commands {
		if !s.may(d.From, name, day) {
			return fmt.Sprintf("person %s may not perform %s on %s, and so does not delegate it", d.From, name, day)
		}
	}
	if !r.Actor.For.IsZero() && !s.withinDelegation(r.Actor.For, r.Actor.Person, d, day) {
		return "a delegation recorded under a delegation stays within its commands and its period"
	}
	return ""
}

// withinDelegation reports whether a delegation from one person to another
// that lets them delegate on day holds every command and the whole period
// of d.
func (s *State) withinDelegation(from, to model.PersonID, d model.Delegation, day model.Date) bool {
	for _, held := range s.delegations.all() {
		if held.From != from || held.To != to || !held.Covers(Delegate{}.Name(), day) || d.Period.Start.Before(held.Period.Start) {
			continue
		}
		if !held.Period.End.IsZero() && (d.Period.End.IsZero() || d.Period.End.After(held.Period.End)) {
			continue
		}
		if !slices.ContainsFunc(d.Commands, func(c string) bool { return !slices.Contains(held.Commands, c) }) {
			return true
		}
	}
	return false
}

func revokesDelegation(r Request, p model.PersonID, day model.Date) string {
	d, ok := r.State.delegations.get(r.Command.(RevokeDelegation).Delegation)
	if !ok || d.From == p || r.State.coordinator(p, day) {
		return ""
	}
	return "a delegation is revoked by the person who gave it, or a coordinator"
}

// apply implements [Payload].
func (d Delegated) apply(s *State, e *Event) error {
	s.delegations.put(d.Delegation.ID, Delegation{Delegation: d.Delegation, At: e.OccurredAt})
	return nil
}

// apply implements [Payload].
func (d DelegationRevoked) apply(s *State, e *Event) error {
	del, ok := s.delegations.get(d.Delegation)
	if !ok {
		return fmt.Errorf("%w: %s: delegation %s not found", ErrCorrupt, e.Process, d.Delegation)
	}
	del.Period.End = d.End
	s.delegations.put(del.ID, del)
	return nil
}
