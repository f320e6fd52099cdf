package process

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Administration, Start{}, PlanPhase{}, Advance{}),
		eventsOf(event[Started](upcastProcessStartedV1, upcastProcessStartedV2, sameShape), event[PhasePlanned](sameShape), event[PhaseChanged]()),
	)
}

// Start starts a process from a template. The process's ID names its
// event stream; starting one that exists returns [ErrAlreadyExists].
type Start struct {
	Process  model.Process
	Template phase.Template
}

// PlanPhase sets a phase's planned dates in one cycle, replacing the
// template's (in the first cycle) or the earlier plan of that cycle. Cycle
// 0 is the current cycle; planning a later cycle never changes an earlier
// one's plan, and a cycle after the first has no dates until it is
// planned.
type PlanPhase struct {
	Phase   phase.PhaseID
	Planned model.Period
	Cycle   int
}

// Advance fires a phase transition. It is refused with a
// [*phase.UnmetCriteriaError] listing every criterion that does not hold, or
// a [*phase.TransitionError] when the current phase has no such trigger.
type Advance struct {
	Trigger phase.Trigger
}

// Name implements [Command].
func (Start) Name() string { return "start-process" }

// rule implements [Command]: anyone identified starts a process, in their
// own right (RecordRules checks that before any rule, as there is no
// record yet to check against).
func (Start) rule(Request, model.PersonID, model.Date) string { return "" }

// Name implements [Command].
func (PlanPhase) Name() string { return "plan-phase" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (PlanPhase) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (Advance) Name() string { return "advance" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (Advance) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

func (c Start) decide(_ context.Context, _ *State, env *env) ([]Payload, error) {
	errs := []error{c.Process.Validate()}
	if _, err := phase.Build(c.Template, known(env.criteria)); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	p := c.Process
	if p.TimeZone == "" {
		p.TimeZone = model.DefaultTimeZone // recorded, so that the zone never depends on the library's default
	}
	return one(Started{Process: p, Template: c.Template.Clone()}), nil
}

func (c PlanPhase) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	if err := model.Within("Planned", c.Planned.Validate()); err != nil {
		return nil, err
	}
	if _, ok := s.def.Phase(c.Phase); !ok {
		return nil, &ReferenceError{Field: "Phase", ID: string(c.Phase), Err: ErrUnknownReference}
	}
	cycle, err := s.resolveCycle("Cycle", c.Cycle)
	if err != nil {
		return nil, err
	}
	return one(PhasePlanned{Phase: c.Phase, Planned: c.Planned, Cycle: cycle}), nil
}

func (c Advance) decide(ctx context.Context, s *State, env *env) ([]Payload, error) {
	current := s.phase
	tr, err := s.def.Machine(&current).Fire(ctx, c.Trigger, env.check(s))
	if err != nil {
		return nil, err
	}
	cycle := s.cycle
	if tr.To == s.def.Initial() && tr.From != tr.To {
		cycle++ // back to the start from another phase: a new cycle
	}
	return one(PhaseChanged{Trigger: tr.Trigger, From: tr.From, To: current, Cycle: cycle}), nil
}

// timePlanSet holds when every phase has a planned start and end in the
// current cycle.
func timePlanSet(s *State, _ model.Date) bool {
	for _, p := range s.def.Phases() {
		if planned := s.planFor(s.cycle, p.ID); planned.Start.IsZero() || planned.End.IsZero() {
			return false
		}
	}
	return true
}

// Started records the start of a process from a template. Schema version
// 2 recorded the process's time zone, version 3 the commands each phase
// allows (phase.Phase.Allows), version 4 the phases' planned lengths
// (phase.Phase.Months); an older event reads through the upcasters.
type Started struct {
	Process  model.Process  `json:"process"`
	Template phase.Template `json:"template"`
}

// PhasePlanned records a change to a phase's planned dates in a cycle.
// Schema version 2 added the cycle; a version 1 event has none (0), and
// plans the cycle the process was in when it was recorded.
type PhasePlanned struct {
	Phase   phase.PhaseID `json:"phase"`
	Planned model.Period  `json:"planned"`
	Cycle   int           `json:"cycle,omitempty"`
}

// PhaseChanged records a transition from one phase to another. Cycle is the
// cycle the process is in after the transition: it grows by one each time
// the process returns to its template's initial phase from another phase.
type PhaseChanged struct {
	Trigger phase.Trigger `json:"trigger"`
	From    phase.PhaseID `json:"from"`
	To      phase.PhaseID `json:"to"`
	Cycle   int           `json:"cycle"`
}

// EventType implements [Payload].
func (Started) EventType() string { return "process-started" }

// EventType implements [Payload].
func (PhasePlanned) EventType() string { return "phase-planned" }

// EventType implements [Payload].
func (PhaseChanged) EventType() string { return "phase-changed" }

// Process returns the process's ID, name and time zone.
func (s *State) Process() model.Process { return s.process }

// Location returns the process's time zone: the one every date of the
// process is taken in.
func (s *State) Location() *time.Location {
	if s.loc == nil {
		return time.UTC // a state with no events; nothing is dated by it
	}
	return s.loc
}

// Today returns the date of t in the process's time zone: the day a
// deadline, a term or a delegation is judged on.
func (s *State) Today(t time.Time) model.Date { return model.DateOf(t.In(s.Location())) }

// Version returns the version of the last event folded in: the version a
// command on this state expects.
func (s *State) Version() uint64 { return s.version }

// Started returns when the process started.
func (s *State) Started() time.Time { return s.started }

// Template returns the template the process runs.
func (s *State) Template() phase.Template { return s.def.Template() }

// Phase returns the current phase, with its planned dates in the current
// cycle.
func (s *State) Phase() phase.Phase { return s.phaseInfo(s.phase, s.cycle) }

// Cycle returns the current cycle, from 1: it grows each time the process
// returns to its template's initial phase from another phase.
func (s *State) Cycle() int { return s.cycle }

func (s *State) phaseInfo(id phase.PhaseID, cycle int) phase.Phase {
	p, _ := s.def.Phase(id)
	p.Planned = s.planFor(cycle, id)
	return p
}

// Permitted returns the triggers the current phase permits, whether or not
// their criteria hold.
func (s *State) Permitted() []phase.Trigger {
	var out []phase.Trigger
	for _, tr := range s.def.Transitions(s.phase) {
		out = append(out, tr.Trigger)
	}
	return out
}

// Unmet returns the criteria of the transition on trigger that do not hold
// on day today (a date in the process's time zone, see [State.Today]),
// judged with the criteria of the engine that loaded the state: the same
// answer [Advance] gives on that day. It returns an error wrapping
// phase.ErrTriggerNotPermitted when the current phase has no such
// transition. [Engine.Unmet] asks it for the engine's clock's today.
func (s *State) Unmet(trigger phase.Trigger, today model.Date) ([]phase.CriterionName, error) {
	current := s.phase
	v := env{today: today, criteria: s.criteria}
	_, unmet, err := s.def.Machine(&current).Unmet(trigger, v.check(s))
	return unmet, err
}

// TimelineEntry is one line of a process's timeline: a phase with its
// planned dates and, once the process has been there, its actual ones.
type TimelineEntry struct {
	Phase     phase.Phase   `json:"phase"` // with its planned dates in its cycle
	Cycle     int           `json:"cycle"`
	CycleName string        `json:"cycle_name,omitempty"` // the cycle's name, if it has one
	Trigger   phase.Trigger `json:"trigger"`              // what moved the process into the phase; empty at the start
	Entered   time.Time     `json:"entered,omitzero"`     // zero for a phase not yet reached
	Left      time.Time     `json:"left,omitzero"`        // zero for a phase not yet left
}

// Reached reports whether the process has entered the phase.
func (e TimelineEntry) Reached() bool { return !e.Entered.IsZero() }

// Timeline returns the phases planned versus actual: every visit so far in
// order, then the phases of the current cycle not yet reached, in the
// template's order.
func (s *State) Timeline() []TimelineEntry {
	out := make([]TimelineEntry, 0, len(s.timeline)+len(s.plan))
	visited := map[phase.PhaseID]bool{}
	for _, v := range s.timeline {
		out = append(out, TimelineEntry{Phase: s.phaseInfo(v.Phase, v.Cycle), Cycle: v.Cycle, CycleName: s.shape.names[v.Cycle], Trigger: v.Trigger, Entered: v.Entered, Left: v.Left})
		if v.Cycle == s.cycle {
			visited[v.Phase] = true
		}
	}
	for _, p := range s.def.Phases() {
		if !visited[p.ID] {
			out = append(out, TimelineEntry{Phase: s.phaseInfo(p.ID, s.cycle), Cycle: s.cycle, CycleName: s.shape.names[s.cycle]})
		}
	}
	return out
}

// Visit is one stay of the process in a phase: when it entered, when it
// left (zero while it is still there), in which cycle and by which trigger.
type Visit struct {
	Phase   phase.PhaseID `json:"phase"`
	Cycle   int           `json:"cycle"`
	Trigger phase.Trigger `json:"trigger"` // empty for the start of the process
	Entered time.Time     `json:"entered,omitzero"`
	Left    time.Time     `json:"left,omitzero"`
}

// apply implements [Payload].
func (d Started) apply(s *State, e *Event) error {
	if s.def != nil {
		return fmt.Errorf("%w: %s: started twice", ErrCorrupt, e.Process)
	}
	def, err := phase.Build(d.Template, known(s.criteria))
	switch {
	case errors.Is(err, phase.ErrUnknownCriterion):
		// A configuration slip, not a damaged record: the engine lacks a
		// criterion the stored template names.
		return fmt.Errorf("%w: %s: %w", ErrUnknownCriterion, e.Process, err)
	case err != nil:
		return fmt.Errorf("%w: %s: template: %w", ErrCorrupt, e.Process, err)
	}
	loc, err := d.Process.Location()
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrCorrupt, e.Process, err)
	}
	s.process, s.def, s.started, s.starter, s.loc = d.Process, def, e.OccurredAt, e.Actor.Principal(), loc
	s.phase, s.cycle = def.Initial(), 1
	s.plan = make(map[phase.PhaseID]model.Period)
	for _, p := range def.Phases() {
		s.plan[p.ID] = p.Planned
	}
	s.timeline = []Visit{{Phase: s.phase, Cycle: 1, Entered: e.OccurredAt}}
	return nil
}

// apply implements [Payload].
func (d PhasePlanned) apply(s *State, e *Event) error {
	cycle := d.Cycle
	if cycle == 0 {
		cycle = s.cycle // version 1: the cycle of the day
	}
	s.setPlan(cycle, d.Phase, d.Planned)
	return nil
}

// apply implements [Payload].
func (d PhaseChanged) apply(s *State, e *Event) error {
	s.timeline[len(s.timeline)-1].Left = e.OccurredAt
	s.phase, s.cycle = d.To, d.Cycle
	s.timeline = append(s.timeline, Visit{Phase: d.To, Cycle: d.Cycle, Trigger: d.Trigger, Entered: e.OccurredAt})
	return nil
}

// upcastProcessStartedV2 upgrades a process-started event of schema
// version 2, written before a template's phases could name the commands
// they allow, to version 3. The data is unchanged: a phase that names no
// allowances allows every command, as every phase did then. The version
// changes so that a library that does not know allowances refuses the
// events that carry them (a [*SchemaError]) instead of ignoring them.
func upcastProcessStartedV2(data json.RawMessage) (json.RawMessage, error) { return data, nil }

// upcastProcessStartedV1 upgrades a process-started event of schema
// version 1, written before a process recorded its time zone, to version
// 2. A version 1 process took its dates in UTC by accident, not by choice:
// a Swedish process's dates are Swedish, so it runs in
// [model.DefaultTimeZone].
func upcastProcessStartedV1(data json.RawMessage) (json.RawMessage, error) {
	var v1 map[string]json.RawMessage
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	var p map[string]json.RawMessage
	if err := json.Unmarshal(v1["process"], &p); err != nil {
		return nil, fmt.Errorf("process: %w", err)
	}
	if _, ok := p["time_zone"]; ok {
		return nil, errors.New("a version 1 process names no time zone")
	}
	p["time_zone"], _ = json.Marshal(model.DefaultTimeZone)
	var err error
	if v1["process"], err = json.Marshal(p); err != nil {
		return nil, err
	}
	return json.Marshal(v1)
}

// groupOf maps each command's name to its group (see [phase.Groups]): what
// a template's phase allows when it names a group. Each feature's register
// call declares its commands' group.
var groupOf = map[string]phase.Allowance{}

// CommandGroup returns the group of cmd (one of [phase.Groups]): what a
// template's phase names to allow it along with its kin.
func CommandGroup(cmd Command) phase.Allowance { return groupOf[cmd.Name()] }

// known is what the templates a process runs may name: the engine's
// criteria, and this package's commands with their groups.
func known(r *registry) phase.Known {
	return phase.Known{Criteria: r.names(), Commands: groupOf}
}

// PhaseError is a command refused because the current phase does not allow
// it: the command, its group, the phase, and the phases of the template
// that do allow it (empty when none does).
type PhaseError struct {
	Command   string          `json:"command"` // the command's name, such as "submit-proposals"
	Group     phase.Allowance `json:"group"`
	Phase     phase.PhaseID   `json:"phase"`
	AllowedIn []phase.PhaseID `json:"allowed_in"`
}

// Error names the command, the phase and where the command is allowed.
func (e *PhaseError) Error() string {
	where := "no phase of the template"
	if len(e.AllowedIn) > 0 {
		ids := make([]string, len(e.AllowedIn))
		for i, p := range e.AllowedIn {
			ids[i] = string(p)
		}
		where = strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s: %s (%s) in phase %q; allowed in: %s", ErrNotInPhase, e.Command, e.Group, e.Phase, where)
}

// Unwrap returns [ErrNotInPhase].
func (e *PhaseError) Unwrap() error { return ErrNotInPhase }

// allowedInPhase returns a [*PhaseError] when the current phase does not
// allow cmd, and nil otherwise (and for a process not yet started).
func (s *State) allowedInPhase(cmd Command) error {
	if s.def == nil {
		return nil
	}
	name := cmd.Name()
	if s.def.Allows(s.phase, name) {
		return nil
	}
	return &PhaseError{Command: name, Group: groupOf[name], Phase: s.phase, AllowedIn: s.def.AllowedIn(name)}
}

// decideInPhase decides cmd against s when the current phase allows it:
// the engine's one call to decide a command, so that a command outside
// its phase is refused before it checks anything else, and nothing is
// appended.
func (s *State) decideInPhase(ctx context.Context, cmd Command, env *env) ([]Payload, error) {
	if err := s.allowedInPhase(cmd); err != nil {
		return nil, err
	}
	return cmd.decide(ctx, s, env)
}
