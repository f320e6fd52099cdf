package process

import (
	"context"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Command is a request to change a process: one of the command types of
// this package, executed with [Engine.Execute]. A command is checked against
// the current state and either becomes events or is refused with an error;
// a refused command writes nothing.
type Command interface {
	// Name returns the command's stable name, such as "submit-proposals".
	Name() string
	// decide checks the command against s, in the request's environment,
	// and returns the events it causes. It must not change s.
	decide(ctx context.Context, s *State, env *env) ([]Payload, error)
	// rule is the default policy's row for the command ([RecordRules]):
	// why person p may not perform it on day today, or "". It is written
	// beside the command, so a command without a rule does not compile.
	rule(r Request, p model.PersonID, today model.Date) string
}

// env is what a command is decided in besides the state: the request's
// time and day, the host's reference formats and the engine's criteria.
// The engine makes one per attempt; nothing of it is written into the
// state, which holds only what the events say.
type env struct {
	at       time.Time       // the request's time, UTC to the microsecond
	today    model.Date      // at's date in the process's time zone
	refs     ReferenceFormat // the host's record-reference formats; nil accepts any
	criteria *registry
}

// check returns the phase.CheckFunc that judges criteria over s on the
// request's day.
func (v *env) check(s *State) phase.CheckFunc {
	return func(name phase.CriterionName) bool {
		c, ok := v.criteria.get(name)
		return ok && c.Met(s, v.today)
	}
}

func one(p Payload) []Payload { return []Payload{p} }
