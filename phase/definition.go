package phase

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Definition is a validated template, ready to run. It is immutable and safe
// for concurrent use; make one per template and a [Machine] per aggregate.
type Definition struct {
	template    Template
	phases      map[PhaseID]int
	transitions map[PhaseID][]Transition // by From, in template order
	groups      map[string]Allowance     // the group of each known command
}

// Build validates t (see [Template.Validate]) and checks that every
// criterion it names is in known.Criteria and every command its phases
// allow by name is in known.Commands. It reports every problem, joined.
func Build(t Template, known Known) (*Definition, error) {
	errs := []error{t.Validate()}
	registered := make(map[CriterionName]bool, len(known.Criteria))
	for _, c := range known.Criteria {
		registered[c] = true
	}
	for i, tr := range t.Transitions {
		for j, c := range tr.Criteria {
			if !registered[c] {
				errs = append(errs, &TemplateError{
					Field: fmt.Sprintf("transitions[%d].criteria[%d]", i, j),
					Err:   fmt.Errorf("%w: %q", ErrUnknownCriterion, c),
				})
			}
		}
	}
	errs = append(errs, checkAllowances(t, known.Commands)...)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	t = t.Clone()
	d := &Definition{template: t, phases: map[PhaseID]int{}, transitions: map[PhaseID][]Transition{}, groups: maps.Clone(known.Commands)}
	for i, p := range t.Phases {
		d.phases[p.ID] = i
	}
	for _, tr := range t.Transitions {
		d.transitions[tr.From] = append(d.transitions[tr.From], tr)
	}
	return d, nil
}

// Template returns a copy of the template the definition was built from.
func (d *Definition) Template() Template { return d.template.Clone() }

// Initial returns the phase a process starts in.
func (d *Definition) Initial() PhaseID { return d.template.Initial }

// Phase returns the phase with the ID.
func (d *Definition) Phase(id PhaseID) (Phase, bool) {
	i, ok := d.phases[id]
	if !ok {
		return Phase{}, false
	}
	return d.template.Phases[i], true
}

// Phases returns the phases in the template's order.
func (d *Definition) Phases() []Phase { return slices.Clone(d.template.Phases) }

// Transitions returns the transitions that leave the phase, in the
// template's order.
func (d *Definition) Transitions(from PhaseID) []Transition {
	out := slices.Clone(d.transitions[from])
	for i := range out {
		out[i].Criteria = slices.Clone(out[i].Criteria)
	}
	return out
}

// transition returns the transition on trigger from the phase.
func (d *Definition) transition(from PhaseID, trigger Trigger) (Transition, bool) {
	for _, tr := range d.transitions[from] {
		if tr.Trigger == trigger {
			return tr, true
		}
	}
	return Transition{}, false
}

// triggers returns the triggers permitted in the phase.
func (d *Definition) triggers(from PhaseID) []Trigger {
	var out []Trigger
	for _, tr := range d.transitions[from] {
		out = append(out, tr.Trigger)
	}
	return out
}
