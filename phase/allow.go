package phase

import (
	"fmt"
	"slices"
)

// Allowance names what a phase allows: a group of commands, such as
// [Proposals], or one command by its name, such as "submit-proposals". The
// names of the commands and the group each belongs to are the process
// package's (see [Known]); the groups are declared here, so that a template
// can name them.
type Allowance string

// The groups of commands. Every command of the package that runs a process
// belongs to exactly one of them.
const (
	// Roster: organisations, persons, areas, groups and their members.
	Roster Allowance = "roster"
	// Meetings: planning and recording meetings, and their assignments.
	Meetings Allowance = "meetings"
	// Proposals: submitting proposals and disposing of them.
	Proposals Allowance = "proposals"
	// Measures: measures and recommendations, their revisions, numbers and
	// grouping, and pinned documents.
	Measures Allowance = "measures"
	// Consultation: consultation rounds and their answers.
	Consultation Allowance = "consultation"
	// Decisions: a body's decisions.
	Decisions Allowance = "decisions"
	// Participation: invitations and each organisation's decision to take
	// part.
	Participation Allowance = "participation"
	// FollowUp: implementation status, surveys and indicators.
	FollowUp Allowance = "follow-up"
	// Administration: what runs the process itself (planning and advancing
	// its phases, delegations, the disposal of personal data). It is
	// allowed in every phase, whatever the phase names: without it a phase
	// could not be left, nor the law's erasure obeyed.
	Administration Allowance = "administration"
)

// Groups returns the groups of commands, in the order above.
func Groups() []Allowance {
	return []Allowance{Roster, Meetings, Proposals, Measures, Consultation, Decisions, Participation, FollowUp, Administration}
}

// IsGroup reports whether a is one of the [Groups].
func (a Allowance) IsGroup() bool { return slices.Contains(Groups(), a) }

// MaxAllowances is how many allowances one phase may name.
const MaxAllowances = 64

// Known is what a template's names refer to, registered in code by the
// package that runs the process: the criteria its transitions may require,
// and the commands its phases may allow by name, each with its group.
type Known struct {
	Criteria []CriterionName
	// Commands maps the name of every command to its group, one of
	// [Groups].
	Commands map[string]Allowance
}

// Allows reports whether the phase allows the command named command: when
// the phase names no allowances (everything is allowed), when it names the
// command or its group, and always for a command of group
// [Administration]. A phase the definition does not have allows nothing.
func (d *Definition) Allows(id PhaseID, command string) bool {
	i, ok := d.phases[id]
	if !ok {
		return false
	}
	allows := d.template.Phases[i].Allows
	if len(allows) == 0 {
		return true
	}
	group := d.groups[command]
	if group == Administration {
		return true
	}
	for _, a := range allows {
		if a == Allowance(command) || (a == group && group != "") {
			return true
		}
	}
	return false
}

// AllowedIn returns the phases that allow the command, in the template's
// order.
func (d *Definition) AllowedIn(command string) []PhaseID {
	var out []PhaseID
	for _, p := range d.template.Phases {
		if d.Allows(p.ID, command) {
			out = append(out, p.ID)
		}
	}
	return out
}

// Group returns the group of the command named command, as the definition
// was built to know it, and whether it knows the command.
func (d *Definition) Group(command string) (Allowance, bool) {
	g, ok := d.groups[command]
	return g, ok
}

// checkAllowances reports each allowance of the template that is neither a
// group nor a command in known. That each command's group is one of
// [Groups] is the registering package's promise (the process package tests
// its own), not checked here.
func checkAllowances(t Template, known map[string]Allowance) []error {
	var errs []error
	for i, p := range t.Phases {
		for j, a := range p.Allows {
			if !a.IsGroup() {
				if _, ok := known[string(a)]; !ok {
					errs = append(errs, &TemplateError{
						Field: fmt.Sprintf("phases[%d].allows[%d]", i, j),
						Err:   fmt.Errorf("%w: %q", ErrUnknownAllowance, a),
					})
				}
			}
		}
	}
	return errs
}
