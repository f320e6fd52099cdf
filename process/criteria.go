package process

import (
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

// Criterion gives meaning to a criterion name that templates use: a
// function over the process state on a day (the request's date in the
// process's time zone, for criteria such as "the deadline has passed").
// Met must be a pure function of its arguments: no I/O, no commands, no
// changes.
type Criterion struct {
	Name  phase.CriterionName
	Label model.Label
	Met   func(s *State, today model.Date) bool
	// Description says exactly when the criterion holds, in both
	// languages: what docs/criteria.md lists for the built-in ones.
	Description model.Label
}

// BuiltinCriteria returns the criteria every engine knows, the ones the
// built-in templates name. Hosts add their own in [Options].Criteria.
func BuiltinCriteria() []Criterion {
	cs := builtinCriteria()
	for i := range cs {
		cs[i].Description = criterionDescriptions[cs[i].Name]
	}
	return cs
}

func builtinCriteria() []Criterion {
	return []Criterion{
		{Name: phase.TimePlanSet, Label: model.Label{SV: "Tidsplanen är satt", EN: "The time plan is set"}, Met: timePlanSet},
		groupFormed(phase.SteeringGroupFormed, []model.GroupKind{model.GroupSteering}, "Den politiska styrgruppen är tillsatt", "The political steering group is formed"),
		groupFormed(phase.WorkingGroupFormed, []model.GroupKind{model.GroupWorking, model.GroupThematicWorking, model.GroupTemporaryWorking}, "Arbetsgruppen är tillsatt", "The working group is formed"),
		groupFormed(phase.ReferenceNetworkFormed, []model.GroupKind{model.GroupReferenceNetwork}, "Referensnätverket är tillsatt", "The reference network is formed"),
		groupFormed(phase.ProjectManagementGroupFormed, []model.GroupKind{model.GroupProjectManagement}, "Projektledningsgruppen är tillsatt", "The project management group is formed"),
		groupFormed(phase.TemporaryWorkingGroupFormed, []model.GroupKind{model.GroupTemporaryWorking}, "Den tillfälliga arbetsgruppen är tillsatt", "The temporary working group is formed"),
		{Name: phase.ProposalsReceived, Label: model.Label{SV: "Förslag har kommit in", EN: "Proposals have been received"}, Met: proposalsReceived},
		{Name: phase.MeasuresDrafted, Label: model.Label{SV: "Åtgärder är formulerade", EN: "Measures have been drafted"}, Met: measuresDrafted},
		{Name: phase.ProposalsDisposed, Label: model.Label{SV: "Varje förslag har fått ett besked", EN: "Every proposal has a disposition"}, Met: allDisposed},
		{Name: phase.ConsultationCompiled, Label: model.Label{SV: "Remissomgången är sammanställd", EN: "The consultation round is compiled"}, Met: roundsCompiled},
		{Name: phase.ConsultationAnswered, Label: model.Label{SV: "Alla obligatoriska remissinstanser har svarat eller svarstiden har gått ut", EN: "Every required consultee has answered or the deadline has passed"}, Met: roundsAnswered},
		{Name: phase.RecommendationsWritten, Label: model.Label{SV: "Rekommendationer är skrivna", EN: "Recommendations have been written"}, Met: recommendationsWritten},
		decidedOnDocument(phase.CommitteeApproved, model.GroupCommittee, false, "Nämnden har godkänt förslaget", "The committee has approved the proposal"),
		decidedOnDocument(phase.BoardApprovedAfterRounds, model.GroupBoard, true, "Styrelsen har godkänt förslaget efter remissomgången", "The board has approved the proposal after the consultation round"),
		decidedOnDocument(phase.CouncilAdopted, model.GroupCouncil, false, "Fullmäktige har antagit förslaget", "The council has adopted the proposal"),
		{Name: phase.ParticipationDecided, Label: model.Label{SV: "De inbjudna har beslutat om deltagande", EN: "The invited organisations have decided whether to take part"}, Met: participationDecided},
	}
}

// registry holds the criteria an engine knows, by name.
type registry struct {
	byName map[phase.CriterionName]Criterion
	order  []phase.CriterionName
}

// newRegistry returns the built-in criteria plus extra, refusing unnamed,
// nil or duplicate ones.
func newRegistry(extra []Criterion) (*registry, error) {
	r := &registry{byName: map[phase.CriterionName]Criterion{}}
	var errs []error
	builtin := BuiltinCriteria()
	for i, c := range append(builtin, extra...) {
		field := fmt.Sprintf("Criteria[%d]", i-len(builtin))
		switch {
		case c.Name == "":
			errs = append(errs, fmt.Errorf("%w: %s has no name", ErrInvalidOptions, field))
		case c.Met == nil:
			errs = append(errs, fmt.Errorf("%w: %s (%s) has no Met function", ErrInvalidOptions, field, c.Name))
		case r.byName[c.Name].Met != nil:
			errs = append(errs, fmt.Errorf("%w: %s: criterion %q is already registered", ErrInvalidOptions, field, c.Name))
		default:
			r.byName[c.Name] = c
			r.order = append(r.order, c.Name)
		}
	}
	return r, errors.Join(errs...)
}

func (r *registry) names() []phase.CriterionName { return r.order }

func (r *registry) get(name phase.CriterionName) (Criterion, bool) {
	c, ok := r.byName[name]
	return c, ok
}

// list returns the criteria in registration order.
func (r *registry) list() []Criterion {
	out := make([]Criterion, len(r.order))
	for i, n := range r.order {
		out[i] = r.byName[n]
	}
	return out
}
