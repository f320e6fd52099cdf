package phase

import "github.com/samling-go/samling/model"

// Builder makes a template in a few lines, in the order one would describe
// it: its phases (the first is the initial one), then its transitions.
//
//	t, err := phase.NewBuilder("network", model.Label{SV: "Nätverk", EN: "Network"}).
//		Phase("plan", model.Label{SV: "Planering", EN: "Planning"}, 3).
//		Phase("work", model.Label{SV: "Arbete", EN: "Work"}, 12).
//		Transition("start", "plan", "work", phase.TimePlanSet).
//		Template()
//
// The same template as JSON is what [ParseTemplate] reads:
//
//	{"id": "network", "name": {"sv": "Nätverk", "en": "Network"}, "initial": "plan",
//	 "phases": [{"id": "plan", "name": {"sv": "Planering", "en": "Planning"}, "months": 3},
//	            {"id": "work", "name": {"sv": "Arbete", "en": "Work"}, "months": 12}],
//	 "transitions": [{"trigger": "start", "from": "plan", "to": "work", "criteria": ["time-plan-set"]}]}
type Builder struct{ t Template }

// NewBuilder starts a template with an ID and a name.
func NewBuilder(id string, name model.Label) *Builder {
	return &Builder{t: Template{ID: id, Name: name}}
}

// Phase adds a phase planned to last months (0: not planned); the first
// phase added is the initial one.
func (b *Builder) Phase(id PhaseID, name model.Label, months int) *Builder {
	if len(b.t.Phases) == 0 {
		b.t.Initial = id
	}
	b.t.Phases = append(b.t.Phases, Phase{ID: id, Name: name, Months: months})
	return b
}

// Transition adds a transition on trigger from one phase to another, once
// every criterion holds.
func (b *Builder) Transition(trigger Trigger, from, to PhaseID, criteria ...CriterionName) *Builder {
	b.t.Transitions = append(b.t.Transitions, Transition{Trigger: trigger, From: from, To: to, Criteria: append([]CriterionName(nil), criteria...)})
	return b
}

// Template returns the template, checked with [Template.Validate].
func (b *Builder) Template() (Template, error) {
	t := b.t.Clone()
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}
