package process

import (
	"context"
)

// Command is a request to change a process: one of the command types of
// this package, executed with [Engine.Execute]. A command is checked against
// the current state and either becomes events or is refused with an error;
// a refused command writes nothing.
type Command interface {
	// Name returns the command's stable name, such as "submit-proposals".
	Name() string
	// decide checks the command against s and returns the events it causes.
	// It must not change s.
	decide(ctx context.Context, s *State) ([]Payload, error)
}

func one(p Payload) []Payload { return []Payload{p} }
