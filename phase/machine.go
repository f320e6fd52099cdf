package phase

import (
	"context"
	"fmt"

	"github.com/qmuntal/stateless"
)

// CheckFunc reports whether the named criterion holds for the aggregate
// being moved. It must not fire transitions itself.
type CheckFunc func(CriterionName) bool

// Machine moves one aggregate through the phases of a [Definition]. It keeps
// no state of its own: it reads and writes the aggregate's phase through the
// pointer it was made with. A Machine is not safe for concurrent use; make
// one per aggregate and command.
type Machine struct {
	def   *Definition
	phase *PhaseID
	sm    *stateless.StateMachine
}

// Machine returns a machine whose current phase is *phase. The pointer must
// stay valid while the machine is used; [Machine.Fire] writes the new phase
// through it.
func (d *Definition) Machine(phase *PhaseID) *Machine {
	m := &Machine{def: d, phase: phase}
	m.sm = stateless.NewStateMachineWithExternalStorage(m.readPhase, m.writePhase, stateless.FiringImmediate)
	for _, p := range d.template.Phases {
		m.sm.Configure(p.ID)
	}
	for _, tr := range d.template.Transitions {
		if tr.From == tr.To {
			m.sm.Configure(tr.From).PermitReentry(tr.Trigger)
		} else {
			m.sm.Configure(tr.From).Permit(tr.Trigger, tr.To)
		}
	}
	return m
}

func (m *Machine) readPhase(context.Context) (stateless.State, error) { return *m.phase, nil }

func (m *Machine) writePhase(_ context.Context, s stateless.State) error {
	*m.phase = s.(PhaseID)
	return nil
}

// Phase returns the current phase.
func (m *Machine) Phase() PhaseID { return *m.phase }

// Permitted returns the triggers the current phase permits, whether or not
// their criteria hold.
func (m *Machine) Permitted() []Trigger { return m.def.triggers(*m.phase) }

// Unmet returns the criteria of the transition on trigger that do not hold
// now, without firing it. It returns a [*TransitionError] when the current
// phase has no such transition.
func (m *Machine) Unmet(trigger Trigger, check CheckFunc) (Transition, []CriterionName, error) {
	tr, ok := m.def.transition(*m.phase, trigger)
	if !ok {
		return Transition{}, nil, &TransitionError{From: *m.phase, Trigger: trigger, Permitted: m.Permitted()}
	}
	var unmet []CriterionName
	for _, c := range tr.Criteria {
		if check == nil || !check(c) {
			unmet = append(unmet, c)
		}
	}
	return tr, unmet, nil
}

// Fire moves the aggregate along the transition on trigger. It refuses,
// leaving the phase as it was, when ctx is done, when the current phase has
// no transition on trigger ([*TransitionError]), or when any criterion of
// the transition does not hold ([*UnmetCriteriaError], listing every unmet
// criterion; a nil check holds none). It returns the transition taken.
func (m *Machine) Fire(ctx context.Context, trigger Trigger, check CheckFunc) (Transition, error) {
	if err := ctx.Err(); err != nil {
		return Transition{}, err
	}
	tr, unmet, err := m.Unmet(trigger, check)
	if err != nil {
		return Transition{}, err
	}
	if len(unmet) > 0 {
		return Transition{}, &UnmetCriteriaError{Transition: tr, Unmet: unmet}
	}
	if err := m.sm.FireCtx(ctx, trigger); err != nil {
		return Transition{}, fmt.Errorf("phase: fire %q from %q: %w", trigger, tr.From, err)
	}
	return tr, nil
}
