package phase_test

import (
	"context"
	"testing"

	"github.com/samling-go/samling/phase"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func holds(names ...phase.CriterionName) phase.CheckFunc {
	return func(c phase.CriterionName) bool {
		for _, n := range names {
			if n == c {
				return true
			}
		}
		return false
	}
}

func TestMachine_Fire_MovesThroughPhases(t *testing.T) {
	def, err := phase.Build(phase.VastraGotaland(), known)
	require.NoError(t, err)
	current := def.Initial()
	m := def.Machine(&current)
	all := holds(builtinCriteria...)
	for _, trig := range []phase.Trigger{"mobilise", "deepen", "propose", "implement"} {
		_, err := m.Fire(context.Background(), trig, all)
		require.NoError(t, err, trig)
	}
	assert.Equal(t, phase.PhaseID("implementation"), current, "the aggregate's own field moved")
	assert.Empty(t, m.Permitted())
}

func TestMachine_Fire_UnmetCriteria_ListsEveryOne_PhaseUnchanged(t *testing.T) {
	def, _ := phase.Build(phase.VastraGotaland(), known)
	current := phase.PhaseID("anchoring")
	m := def.Machine(&current)
	_, err := m.Fire(context.Background(), "deepen", holds(phase.WorkingGroupFormed))
	var unmet *phase.UnmetCriteriaError
	require.ErrorAs(t, err, &unmet)
	assert.ErrorIs(t, err, phase.ErrCriteriaUnmet)
	assert.Equal(t, []phase.CriterionName{phase.SteeringGroupFormed, phase.ReferenceNetworkFormed, phase.ProposalsReceived}, unmet.Unmet)
	assert.Equal(t, phase.PhaseID("deepening"), unmet.Transition.To)
	assert.Equal(t, phase.PhaseID("anchoring"), current)

	_, err = m.Fire(context.Background(), "deepen", nil)
	require.ErrorAs(t, err, &unmet)
	assert.Len(t, unmet.Unmet, 4, "a nil check holds nothing")
}

func TestMachine_Fire_TriggerNotPermitted(t *testing.T) {
	def, _ := phase.Build(phase.VastraGotaland(), known)
	current := def.Initial()
	_, err := def.Machine(&current).Fire(context.Background(), "implement", holds(builtinCriteria...))
	var te *phase.TransitionError
	require.ErrorAs(t, err, &te)
	assert.ErrorIs(t, err, phase.ErrTriggerNotPermitted)
	assert.Equal(t, []phase.Trigger{"mobilise"}, te.Permitted)
	assert.Equal(t, phase.PhaseID("planning"), current)
}

func TestMachine_Fire_CancelledContext_PhaseUnchanged(t *testing.T) {
	def, _ := phase.Build(phase.VastraGotaland(), known)
	current := def.Initial()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := def.Machine(&current).Fire(ctx, "mobilise", holds(builtinCriteria...))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, phase.PhaseID("planning"), current)
}

func TestMachine_Dalarna_RestartsCycle(t *testing.T) {
	def, _ := phase.Build(phase.Dalarna(), known)
	current := def.Initial()
	m := def.Machine(&current)
	all := holds(builtinCriteria...)
	for _, trig := range []phase.Trigger{"execute", "disseminate", "restart", "execute"} {
		_, err := m.Fire(context.Background(), trig, all)
		require.NoError(t, err, trig)
	}
	assert.Equal(t, phase.PhaseID("execution"), current)
}

func TestMachine_SelfLoop(t *testing.T) {
	tpl := phase.Dalarna()
	tpl.Transitions = append(tpl.Transitions, phase.Transition{Trigger: "workshop", From: "execution", To: "execution"})
	def, err := phase.Build(tpl, known)
	require.NoError(t, err)
	current := phase.PhaseID("execution")
	tr, err := def.Machine(&current).Fire(context.Background(), "workshop", nil)
	require.NoError(t, err)
	assert.Equal(t, tr.From, tr.To)
	assert.Equal(t, phase.PhaseID("execution"), current)
}
