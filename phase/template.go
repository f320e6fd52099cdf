package phase

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/samling-go/samling/model"
)

// PhaseID identifies a phase within a template, such as "deepening".
type PhaseID string

// Trigger names a transition's cause within a template, such as "deepen".
type Trigger string

// CriterionName names a criterion a transition requires, such as
// "measures-drafted". What it means is registered in code.
type CriterionName string

// Phase is one phase of a template.
type Phase struct {
	ID   PhaseID     `json:"id"`
	Name model.Label `json:"name"`
	// Planned is when the phase is planned to run; either end may be open.
	// A template meant for many processes leaves it empty and gives Months.
	Planned model.Period `json:"planned,omitzero"`
	// Allows names the commands the phase allows, by group or by name (see
	// [Allowance]); a command outside them is refused. Empty allows every
	// command, so a template that names none keeps running as before.
	// Commands of group [Administration] are allowed in every phase.
	Allows []Allowance `json:"allows,omitempty"`
	// Months is how long the phase is planned to last, in months, counted
	// from the end of the phase before it: a plan relative to the start
	// date that [Template.PlanFrom] turns into dates. 0 when not planned.
	Months int `json:"months,omitempty"`
}

// MaxMonths is the longest a phase may be planned to last, in months.
const MaxMonths = 1200

// Transition lets a trigger move a process from one phase to another once
// every named criterion holds. From and To may be the same phase.
type Transition struct {
	Trigger  Trigger         `json:"trigger"`
	From     PhaseID         `json:"from"`
	To       PhaseID         `json:"to"`
	Criteria []CriterionName `json:"criteria,omitempty"`
	// Label is what the diagrams write on the transition's arrow, such as
	// {SV: "fördjupa", EN: "deepen"}. Optional: without one, the Swedish
	// diagram writes "till" and the target phase's name, the English one
	// the trigger. When given, both forms are required.
	Label model.Label `json:"label,omitzero"`
}

// Template is a process's phases and transitions as data.
type Template struct {
	// ID names the template, such as "vastra-gotaland".
	ID   string      `json:"id"`
	Name model.Label `json:"name"`
	// Initial is the phase a process starts in; returning to it from
	// another phase starts a new cycle.
	Initial     PhaseID      `json:"initial"`
	Phases      []Phase      `json:"phases"`
	Transitions []Transition `json:"transitions"`
}

// Limits on a template, so that a hostile or broken template cannot make the
// library use unbounded memory or time.
const (
	MaxTemplateBytes        = 1 << 20 // the JSON form of one template
	MaxPhases               = 64
	MaxTransitions          = 512
	MaxCriteriaInTransition = 32
	MaxNameLen              = 64 // of an ID, a trigger, a criterion name or an allowance
)

// ParseTemplate reads a template from JSON and validates it with
// [Template.Validate]. Unknown fields, trailing data and input over
// [MaxTemplateBytes] are refused with errors that wrap [ErrInvalidTemplate].
func ParseTemplate(data []byte) (Template, error) {
	if len(data) > MaxTemplateBytes {
		return Template{}, &TemplateError{Field: "", Err: ErrTooLarge}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Template
	if err := dec.Decode(&t); err != nil {
		return Template{}, &TemplateError{Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Template{}, &TemplateError{Err: fmt.Errorf("%w: data after the template", ErrMalformed)}
	}
	if err := t.Validate(); err != nil {
		return Template{}, err
	}
	return t, nil
}

// PlanFrom returns a copy of the template whose phases are dated from
// start: each phase with Months runs from where the phase before it ended,
// for its months, in the template's order. A phase without Months keeps
// its Planned dates (none in the built-in templates), and the next one
// starts where the last dated one ended.
func (t Template) PlanFrom(start model.Date) Template {
	c := t.Clone()
	at := start
	for i, p := range c.Phases {
		if p.Months <= 0 || !at.Valid() {
			continue
		}
		end := model.DateOf(at.Time(time.UTC).AddDate(0, p.Months, 0)).AddDays(-1)
		c.Phases[i].Planned = model.Period{Start: at, End: end}
		at = end.AddDays(1)
	}
	return c
}

// Clone returns a deep copy of the template.
func (t Template) Clone() Template {
	c := t
	c.Phases = append([]Phase(nil), t.Phases...)
	for i, p := range c.Phases {
		c.Phases[i].Allows = append([]Allowance(nil), p.Allows...)
	}
	c.Transitions = make([]Transition, len(t.Transitions))
	for i, tr := range t.Transitions {
		tr.Criteria = append([]CriterionName(nil), tr.Criteria...)
		c.Transitions[i] = tr
	}
	return c
}

// Validate checks the template's structure: names, limits, that every phase
// a transition names exists, that every phase can be reached from the
// initial one, and that no phase has two transitions on the same trigger.
// It reports every problem it finds, joined; each is a [*TemplateError].
// Whether the criteria and the commands it names are known is checked by
// [Build].
func (t Template) Validate() error {
	var errs []error
	add := func(field string, err error) { errs = append(errs, &TemplateError{Field: field, Err: err}) }
	checkName := func(field, s string) {
		switch {
		case s == "":
			add(field, model.ErrRequired)
		case len(s) > MaxNameLen || !isName(s):
			add(field, ErrBadName)
		}
	}
	checkLabel := func(field string, l model.Label) {
		if l.SV == "" {
			add(field+".sv", model.ErrRequired)
		}
		if l.EN == "" {
			add(field+".en", model.ErrRequired)
		}
	}

	checkName("id", t.ID)
	checkLabel("name", t.Name)
	if len(t.Phases) == 0 {
		add("phases", model.ErrRequired)
	}
	if len(t.Phases) > MaxPhases {
		add("phases", ErrTooLarge)
		return errors.Join(errs...)
	}
	if len(t.Transitions) > MaxTransitions {
		add("transitions", ErrTooLarge)
		return errors.Join(errs...)
	}

	phases := make(map[PhaseID]bool, len(t.Phases))
	for i, p := range t.Phases {
		f := fmt.Sprintf("phases[%d]", i)
		checkName(f+".id", string(p.ID))
		if phases[p.ID] {
			add(f+".id", fmt.Errorf("%w: %q", ErrDuplicatePhase, p.ID))
		}
		phases[p.ID] = true
		checkLabel(f+".name", p.Name)
		if err := p.Planned.Validate(); err != nil {
			add(f+".planned", err)
		}
		if p.Months < 0 || p.Months > MaxMonths {
			add(f+".months", model.ErrOutOfRange)
		}
		if len(p.Allows) > MaxAllowances {
			add(f+".allows", ErrTooLarge)
			continue
		}
		allowed := map[Allowance]bool{}
		for j, a := range p.Allows {
			af := fmt.Sprintf("%s.allows[%d]", f, j)
			checkName(af, string(a))
			if allowed[a] {
				add(af, fmt.Errorf("%w: %q", ErrDuplicateAllowance, a))
			}
			allowed[a] = true
		}
	}
	if !phases[t.Initial] {
		add("initial", fmt.Errorf("%w: %q", ErrUnknownPhase, t.Initial))
	}

	type key struct {
		from    PhaseID
		trigger Trigger
	}
	seen := make(map[key]int, len(t.Transitions))
	next := make(map[PhaseID][]PhaseID)
	for i, tr := range t.Transitions {
		f := fmt.Sprintf("transitions[%d]", i)
		checkName(f+".trigger", string(tr.Trigger))
		if tr.Label != (model.Label{}) {
			checkLabel(f+".label", tr.Label)
		}
		for _, end := range []struct {
			field string
			id    PhaseID
		}{{".from", tr.From}, {".to", tr.To}} {
			if !phases[end.id] {
				add(f+end.field, fmt.Errorf("%w: %q", ErrUnknownPhase, end.id))
			}
		}
		if len(tr.Criteria) > MaxCriteriaInTransition {
			add(f+".criteria", ErrTooLarge)
		} else {
			named := map[CriterionName]bool{}
			for j, c := range tr.Criteria {
				checkName(fmt.Sprintf("%s.criteria[%d]", f, j), string(c))
				if named[c] {
					add(fmt.Sprintf("%s.criteria[%d]", f, j), fmt.Errorf("%w: %q", ErrDuplicateCriterion, c))
				}
				named[c] = true
			}
		}
		k := key{tr.From, tr.Trigger}
		if j, dup := seen[k]; dup {
			if t.Transitions[j].To == tr.To {
				add(f, fmt.Errorf("%w: %q from %q is also transitions[%d]", ErrDuplicateTransition, tr.Trigger, tr.From, j))
			} else {
				add(f, fmt.Errorf("%w: %q from %q leads to %q and to %q", ErrAmbiguousTrigger, tr.Trigger, tr.From, t.Transitions[j].To, tr.To))
			}
			continue
		}
		seen[k] = i
		next[tr.From] = append(next[tr.From], tr.To)
	}

	if phases[t.Initial] {
		reached := map[PhaseID]bool{t.Initial: true}
		queue := []PhaseID{t.Initial}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, q := range next[p] {
				if !reached[q] {
					reached[q] = true
					queue = append(queue, q)
				}
			}
		}
		for i, p := range t.Phases {
			if !reached[p.ID] && p.ID != "" {
				add(fmt.Sprintf("phases[%d]", i), fmt.Errorf("%w: %q from %q", ErrUnreachablePhase, p.ID, t.Initial))
			}
		}
	}
	return errors.Join(errs...)
}

// isName reports whether s is made only of ASCII letters, digits, '-' and
// '_', so that IDs are safe in URLs, logs and graph files.
func isName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
