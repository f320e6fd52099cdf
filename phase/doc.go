// Package phase describes the phases of a process as data and runs them as a
// state machine.
//
// A [Template] names the phases (with Swedish and English names, and
// planned dates or planned lengths in months that [Template.PlanFrom]
// dates from a start), the transitions between them, and for each transition the named
// criteria that must hold before it may fire ("every proposal has a
// disposition", "the council has adopted"), and for each phase the commands
// it allows ([Phase].Allows: by group, such as [Proposals], or by a
// command's name; a phase that names none allows every command, and the
// [Administration] group is allowed everywhere). Templates read from and write to
// JSON ([ParseTemplate], [encoding/json]) and are drawn as Mermaid or DOT
// graphs ([Mermaid], [DOT]). Two templates are built in: [VastraGotaland]
// (five phases, 2011–2013) and [Dalarna] (three phases, 2014–2016, where
// dissemination may start a new preparatory cycle).
//
// [Build] validates a template once (unknown and unreachable phases,
// duplicate and ambiguous triggers, unknown criteria and commands, limits on size: every
// problem is reported, none panics) and returns an immutable [Definition].
// A [Machine] is made from a definition for one aggregate, with its state
// stored in the aggregate's own field. [Machine.Fire] checks the context,
// evaluates every criterion of the transition and refuses with an
// [*UnmetCriteriaError] that lists each unmet one; only then does the
// underlying state machine (github.com/qmuntal/stateless, which this package
// keeps to itself) move.
//
// What a criterion means is code, not data: the package that owns the
// process state registers the criteria (see package process) and passes a
// [CheckFunc] to Fire. Likewise the commands: that package names them and
// their groups in [Known], and refuses a command its current phase does
// not allow ([Definition.Allows], [Definition.AllowedIn]).
package phase
