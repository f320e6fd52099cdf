package process

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
)

func init() {
	register(
		commands(phase.Administration, NameCycle{}, NamePredecessor{}),
		eventsOf(event[CycleNamed](), event[PredecessorNamed]()),
	)
}

// shapeState is what the state knows of a process's shape beyond its
// phases: the names and plans of its cycles, the process it continues,
// and how its measures moved between recommendations.
type shapeState struct {
	names       map[int]string                         // by cycle
	plans       map[int]map[phase.PhaseID]model.Period // cycles from 2 on; cycle 1 is State.plan
	predecessor model.ProcessID
	moves       table[model.MeasureID, []Grouping]
}

func (sh shapeState) clone() shapeState {
	c := sh
	c.names = maps.Clone(sh.names)
	if sh.plans != nil {
		c.plans = make(map[int]map[phase.PhaseID]model.Period, len(sh.plans))
		for k, v := range sh.plans {
			c.plans[k] = maps.Clone(v)
		}
	}
	c.moves = sh.moves.clone()
	return c
}

func (sh *shapeState) movesOf(m model.MeasureID) []Grouping {
	g, _ := sh.moves.get(m)
	return g
}

// Grouping is one placing of a measure under a recommendation: from the
// one it was under (zero the first time), why, and when.
type Grouping struct {
	From  model.RecommendationID `json:"from,omitzero"`
	To    model.RecommendationID `json:"to"`
	Cause model.Cause            `json:"cause,omitzero"` // required for a move, optional the first time
	At    time.Time              `json:"at"`
	Event uint64                 `json:"event"` // the version of the event that recorded it
}

// MaxCycle is the highest cycle a command may name.
const MaxCycle = 10_000

// NameCycle names a cycle of the process (its Title), such as "Steg 2:
// genomförande 2017–2019": the current one, or (Cycle > 0) any other, including one not
// yet begun. Naming it again renames it.
type NameCycle struct {
	Cycle int // 0 for the current cycle
	Title string
}

// NamePredecessor records that the process continues another one, such as
// the earlier Samling of the same region; [Engine.Succession] follows the
// chain both ways. A process names one predecessor, once.
type NamePredecessor struct {
	Predecessor model.ProcessID
	Note        string
}

// Name implements [Command].
func (NameCycle) Name() string { return "name-cycle" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (NameCycle) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// Name implements [Command].
func (NamePredecessor) Name() string { return "name-predecessor" }

// rule implements [Command]: the default policy's check ([RecordRules]).
func (NamePredecessor) rule(r Request, p model.PersonID, today model.Date) string {
	return coordinates(r, p, today)
}

// resolveCycle returns the cycle a command names: the current one for 0.
func (s *State) resolveCycle(field string, n int) (int, error) {
	switch {
	case n == 0:
		return s.cycle, nil
	case n < 0 || n > MaxCycle:
		return 0, &model.FieldError{Field: field, Err: model.ErrOutOfRange}
	}
	return n, nil
}

func (c NameCycle) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	n, err := s.resolveCycle("Cycle", c.Cycle)
	if err != nil {
		return nil, err
	}
	if err := model.CheckText("Title", c.Title, true); err != nil {
		return nil, err
	}
	title := strings.TrimSpace(c.Title)
	if s.shape.names[n] == title {
		return nil, &ReferenceError{Field: "Title", ID: title, Err: ErrAlreadyRecorded}
	}
	return one(CycleNamed{Cycle: n, Name: title}), nil
}

func (c NamePredecessor) decide(_ context.Context, s *State, _ *env) ([]Payload, error) {
	switch {
	case c.Predecessor.IsZero():
		return nil, &model.FieldError{Field: "Predecessor", Err: model.ErrRequired}
	case c.Predecessor == s.process.ID:
		return nil, &model.FieldError{Field: "Predecessor", Err: model.ErrNotAllowed} // a process does not continue itself
	case !s.shape.predecessor.IsZero():
		return nil, &ReferenceError{Field: "Predecessor", ID: s.shape.predecessor.String(), Err: ErrAlreadyRecorded}
	}
	if err := model.CheckText("Note", c.Note, false); err != nil {
		return nil, err
	}
	return one(PredecessorNamed{Predecessor: c.Predecessor, Note: c.Note}), nil
}

// CycleNamed records a cycle's name.
type CycleNamed struct {
	Cycle int    `json:"cycle"`
	Name  string `json:"name"`
}

// PredecessorNamed records the process this one continues.
type PredecessorNamed struct {
	Predecessor model.ProcessID `json:"predecessor"`
	Note        string          `json:"note,omitempty"`
}

// EventType implements [Payload].
func (CycleNamed) EventType() string { return "cycle-named" }

// EventType implements [Payload].
func (PredecessorNamed) EventType() string { return "predecessor-named" }

// apply implements [Payload].
func (d CycleNamed) apply(s *State, _ *Event) error {
	if s.shape.names == nil {
		s.shape.names = map[int]string{}
	}
	s.shape.names[d.Cycle] = d.Name
	return nil
}

// apply implements [Payload].
func (d PredecessorNamed) apply(s *State, _ *Event) error {
	s.shape.predecessor = d.Predecessor
	return nil
}

// planFor returns a phase's planned dates in a cycle: the first cycle's
// start from the template's, every later cycle's only from [PlanPhase]
// for that cycle.
func (s *State) planFor(cycle int, id phase.PhaseID) model.Period {
	if cycle <= 1 {
		return s.plan[id]
	}
	return s.shape.plans[cycle][id]
}

// setPlan records a phase's planned dates in a cycle.
func (s *State) setPlan(cycle int, id phase.PhaseID, p model.Period) {
	if cycle <= 1 {
		s.plan[id] = p
		return
	}
	if s.shape.plans == nil {
		s.shape.plans = map[int]map[phase.PhaseID]model.Period{}
	}
	if s.shape.plans[cycle] == nil {
		s.shape.plans[cycle] = map[phase.PhaseID]model.Period{}
	}
	s.shape.plans[cycle][id] = p
}

// Cycle is one cycle of a process: its number, its name if it has one, and
// its own plan (the template's phases with the dates planned for this
// cycle).
type Cycle struct {
	Number int           `json:"number"`
	Name   string        `json:"name,omitempty"`
	Phases []phase.Phase `json:"phases"`
}

// Cycles returns every cycle the process has reached, been planned for
// or named, in order: each with its own plan.
func (s *State) Cycles() []Cycle {
	last := s.cycle
	for n := range s.shape.names {
		last = max(last, n)
	}
	for n := range s.shape.plans {
		last = max(last, n)
	}
	out := make([]Cycle, 0, last)
	for n := 1; n <= last; n++ {
		out = append(out, s.CycleInfo(n))
	}
	return out
}

// CycleInfo returns cycle n with its name and plan.
func (s *State) CycleInfo(n int) Cycle {
	c := Cycle{Number: n, Name: s.shape.names[n]}
	if s.def == nil {
		return c
	}
	for _, p := range s.def.Phases() {
		p.Planned = s.planFor(n, p.ID)
		c.Phases = append(c.Phases, p)
	}
	return c
}

// CycleName returns the name of cycle n, or "" when it has none.
func (s *State) CycleName(n int) string { return s.shape.names[n] }

// Predecessor returns the process this one continues, if it names one.
func (s *State) Predecessor() (model.ProcessID, bool) {
	return s.shape.predecessor, !s.shape.predecessor.IsZero()
}

// Succession is the chain of processes one process belongs to: the ones it
// continues, oldest first, and the ones that continue it, in the order
// they named their predecessor (a successor's successors after it).
type Succession struct {
	Predecessors []model.ProcessID
	Successors   []model.ProcessID
}

// Chain returns the whole chain, oldest first, with id in its place.
func (c Succession) Chain(id model.ProcessID) []model.ProcessID {
	out := slices.Clone(c.Predecessors)
	out = append(out, id)
	return append(out, c.Successors...)
}

// Succession follows the chain of processes through [NamePredecessor]
// both ways from process id: back by loading each predecessor, and forward
// by reading every stream's record of the named predecessors (a pass over
// the store's whole record, [Store].ReadAll; for a few processes a host
// calls it once and keeps the answer). A predecessor not in the store ends
// the chain there; a chain that loops ends before the loop. It returns
// [ErrNotFound] when id is not in the store, and any other error loading
// a process of the chain or reading the store.
func (e *Engine) Succession(ctx context.Context, id model.ProcessID) (Succession, error) {
	s, err := e.Load(ctx, id)
	if err != nil {
		return Succession{}, err
	}
	seen := map[model.ProcessID]bool{id: true}
	var out Succession
	for p, ok := s.Predecessor(); ok && !seen[p]; {
		seen[p] = true
		out.Predecessors = append(out.Predecessors, p)
		prev, err := e.Load(ctx, p)
		if errors.Is(err, ErrNotFound) {
			break // a predecessor kept elsewhere ends the chain here
		}
		if err != nil {
			return Succession{}, err
		}
		p, ok = prev.Predecessor()
	}
	slices.Reverse(out.Predecessors)

	next := map[model.ProcessID][]model.ProcessID{}
	for r, err := range e.store.ReadAll(ctx, 0) {
		if err != nil {
			return Succession{}, err
		}
		if r.Type != (PredecessorNamed{}).EventType() {
			continue
		}
		ev, err := Decode(r)
		if err != nil {
			return Succession{}, fmt.Errorf("process: succession: %w", err)
		}
		d := ev.Data.(PredecessorNamed)
		next[d.Predecessor] = append(next[d.Predecessor], r.Process)
	}
	var walk func(model.ProcessID)
	walk = func(p model.ProcessID) {
		for _, n := range next[p] {
			if !seen[n] {
				seen[n] = true
				out.Successors = append(out.Successors, n)
				walk(n)
			}
		}
	}
	walk(id)
	return out, nil
}

// shapeSnapshot is the encoded form of a shapeState.
type shapeSnapshot struct {
	Names       map[int]string                         `json:"names,omitempty"`
	Plans       map[int]map[phase.PhaseID]model.Period `json:"plans,omitempty"`
	Predecessor model.ProcessID                        `json:"predecessor,omitzero"`
	Moves       []measureGroupings                     `json:"moves,omitempty"`
}

// measureGroupings are a measure's groupings in a snapshot.
type measureGroupings struct {
	Measure   model.MeasureID `json:"measure"`
	Groupings []Grouping      `json:"groupings"`
}

func (sh shapeState) snapshot() shapeSnapshot {
	out := shapeSnapshot{Names: sh.names, Plans: sh.plans, Predecessor: sh.predecessor}
	for id, i := range sh.moves.index {
		out.Moves = append(out.Moves, measureGroupings{Measure: id, Groupings: sh.moves.items[i]})
	}
	slices.SortFunc(out.Moves, func(a, b measureGroupings) int { return sh.moves.index[a.Measure] - sh.moves.index[b.Measure] })
	return out
}

func (snap shapeSnapshot) restore() shapeState {
	sh := shapeState{names: snap.Names, plans: snap.Plans, predecessor: snap.Predecessor}
	for _, m := range snap.Moves {
		sh.moves.put(m.Measure, m.Groupings)
	}
	return sh
}
