package process

import (
	"context"
	"time"

	"github.com/samling-go/samling/model"
)

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
	// [StartProcess]. It must not be kept after Authorize returns.
	State *State
	// At is the time the command is performed, from the engine's clock.
	At time.Time
}
