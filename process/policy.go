package process

import (
	"context"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
)

// RecordRules is the default policy: it enforces the process's own rules
// from its record, on the day of the command, so that a member whose term
// has ended is refused. docs/authorization.md has the table; in short:
//
//   - Anyone identified starts a process and becomes its first coordinator.
//     Coordinators are that person and whoever holds the role of project
//     lead or secretary in a steering, working, project management or
//     temporary working group on the day. They run the process: register,
//     form, plan, draft, revise, pin, advance, open and close rounds,
//     invite.
//   - A group's minutes (RecordMeeting of a meeting it holds) and a body's
//     decisions (Decide) are recorded by its secretary on the meeting's
//     day; only its members take positions (Decide checks that).
//   - An organisation's representative (a person registered with it, or
//     one it named when it decided to take part) answers a consultation
//     for it and for no other, and records its participation decision. A
//     coordinator may register an answer signed by the organisation's
//     representative (RespondedBy), enter a samråd's notes, and register a
//     participation decision under the organisation's record reference.
//   - A proposal is withdrawn only by its submitter (the person, or a
//     representative of the organisation) or by a coordinator acting on a
//     recorded decision (the actor's Authority).
//   - An assignment is completed by its assignee or by the group's
//     secretary.
//   - An organisation reports its own implementation of the measures and
//     answers a follow-up survey for itself; a coordinator may register
//     either. Surveys, codings and indicators are a coordinator's.
//   - An actor may act for another person (model.Actor.For) only under a
//     delegation from them that covers the command on the day; the rules
//     are then applied to the person delegating.
//
// Hosts may wrap it (check their own rules first, then call it) or replace
// it through [Options].Authorizer.
var RecordRules Authorizer = AuthorizerFunc(recordRules)

// AllowAllForTesting allows every command to every identified actor and
// checks no rule at all. It exists for tests of other things than
// authorization, and its name says so; a host that decides everything
// behind its own login and wants no rules of the process enforced writes an
// [Authorizer] that says as much.
var AllowAllForTesting Authorizer = AuthorizerFunc(func(context.Context, Request) error { return nil })

func recordRules(_ context.Context, r Request) error {
	name := r.Command.Name()
	refuse := func(why string) error { return &ForbiddenError{Actor: r.Actor, Command: name, Rule: why} }
	if _, ok := r.Command.(Start); ok {
		if !r.Actor.For.IsZero() {
			return refuse("a process is started in one's own right, not under a delegation")
		}
		return nil
	}
	if r.State == nil {
		return refuse("no process to check the rules against")
	}
	today := r.Today
	if !r.Actor.For.IsZero() && !r.State.delegated(r.Actor.For, r.Actor.Person, name, today) {
		return refuse(fmt.Sprintf("no delegation from person %s covers %s on %s", r.Actor.For, name, today))
	}
	if why := r.Command.rule(r, r.Actor.Principal(), today); why != "" {
		return refuse(why)
	}
	return nil
}

// Authorizer decides whether an actor may perform a command on a process.
// The engine asks it after validating the actor and before the command is
// checked or anything is recorded. A refusal is an error: one wrapping
// [ErrForbidden] is returned as it is; any other is wrapped in a
// [*ForbiddenError] whose Rule is the error's text.
//
// Authorize is called with the engine's lock on the process held: it must
// not execute commands itself.
type Authorizer interface {
	Authorize(ctx context.Context, r Request) error
}

// AuthorizerFunc adapts a function to an [Authorizer].
type AuthorizerFunc func(ctx context.Context, r Request) error

// Authorize implements [Authorizer].
func (f AuthorizerFunc) Authorize(ctx context.Context, r Request) error { return f(ctx, r) }

// Request is what an [Authorizer] decides on.
type Request struct {
	Process model.ProcessID
	Actor   model.Actor
	Command Command
	// State is the process as the command will see it; nil for
	// [Start]. It must not be kept after Authorize returns.
	State *State
	// At is the time the command is performed, from the engine's clock.
	At time.Time
	// Today is At's date in the process's time zone: the day terms,
	// memberships and delegations are judged on.
	Today model.Date
}
