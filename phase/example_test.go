package phase_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/samling-go/samling/phase"
)

func ExampleMachine_Fire() {
	def, err := phase.Build(phase.Dalarna(), phase.Known{
		Criteria: []phase.CriterionName{
			phase.ProjectManagementGroupFormed, phase.TemporaryWorkingGroupFormed, phase.ConsultationCompiled, phase.RecommendationsWritten,
			phase.ParticipationDecided,
		},
		// The commands Dalarna's phases allow by name, with their groups.
		Commands: map[string]phase.Allowance{"define-indicator": phase.FollowUp, "record-observations": phase.FollowUp},
	})
	if err != nil {
		panic(err)
	}
	current := def.Initial()
	m := def.Machine(&current)

	// Only the project management group has been formed so far.
	formed := func(c phase.CriterionName) bool { return c == phase.ProjectManagementGroupFormed }
	_, err = m.Fire(context.Background(), "execute", formed)
	var unmet *phase.UnmetCriteriaError
	if errors.As(err, &unmet) {
		fmt.Println("refused, unmet:", unmet.Unmet)
	}

	all := func(phase.CriterionName) bool { return true }
	if _, err := m.Fire(context.Background(), "execute", all); err != nil {
		panic(err)
	}
	fmt.Println("now in", current)
	// Output:
	// refused, unmet: [temporary-working-group-formed consultation-compiled participation-decided]
	// now in execution
}
