// Package process runs a Samling för social hållbarhet as an event-sourced
// aggregate: every change is a recorded [Event], and a process's [State] is
// only ever the fold of its events.
//
// # Using it
//
// An [Engine] executes commands against processes kept in a [Store]:
//
//	engine, err := process.New(memstore.New(), &process.Options{Clock: clock})
//	res, err := engine.Execute(ctx, id, actor, process.SubmitProposals{Proposals: ps})
//	state, err := engine.Load(ctx, id)
//
// Every command names who performs it and in what capacity (a model.Actor,
// optionally on an authority such as a meeting or a record reference). The
// engine validates the actor, asks the [Authorizer], checks the command
// against the current state, and appends the events it causes at the
// version it read; a refused command writes nothing and returns a typed
// error. Phase transitions ([Advance]) are refused with a
// *phase.UnmetCriteriaError listing every criterion that does not hold.
// A command the current phase does not allow (see phase.Phase.Allows and
// [CommandGroup]) is refused with a [*PhaseError] before it is checked.
//
// # The path of a command
//
//  1. Execute checks the context, the command and the actor.
//  2. It locks the process within this engine and catches the cached state
//     up with the store (a cold cache replays the whole stream, or starts
//     from a snapshot).
//  3. It takes the request's time from the clock and its day in the
//     process's time zone, and the Authorizer decides on both; a refusal
//     becomes a *ForbiddenError.
//  4. The command decides against the state and the request's environment
//     (time, day, the host's reference formats, the criteria), without
//     changing either, and returns event payloads, or an error.
//  5. The events get IDs, versions, the clock's time, the actor and the
//     command's ID, are encoded with their schema version, and are
//     appended at the expected version. On ErrConflict the engine retries
//     from step 2 if Options.Retries allows, and otherwise returns the
//     *ConflictError.
//  6. Only after the append succeeds does each event fold itself into the
//     state. Nothing of the request is written into the state: it holds
//     only what the events say.
//
// # Dates
//
// Every date the process takes from a time is taken in its time zone
// (model.Process.TimeZone, Europe/Stockholm unless the host names another
// when it starts the process; the zone database is embedded): whether an
// answer is late, who holds a role on the day, whether a delegation
// covers it, and the criteria's "today". [State.Today] gives the date of a
// time there; [Criterion].Met and [State.Unmet] take the day as an
// argument, and [Engine.Unmet] asks with the engine's clock.
//
// # Stored events
//
// Each stored event carries its schema version. An event of an older
// version is upcast to the current shape when read, by pure functions
// declared with the event; one of a newer version than this library knows
// is refused with a [*SchemaError], so an instance not yet upgraded says
// so instead of calling the stream corrupt. [EventTypes] and
// [SchemaVersion] list what this release reads and writes.
//
// # Consultation rounds
//
// [DraftRound], [OpenRound], [SubmitResponse], [CloseRound] and
// [CompileRound] run a round of package consultation on a pinned document;
// [ExtendDeadline], [CancelRound] and [ReopenRound] (on a recorded
// decision) complete its lifecycle. [State.Compilation] compiles it,
// [ReviseMeasure] names the answers behind a revision, and
// [State.ResponsesBehind] and [State.Fate] follow them.
//
// # Decisions and meetings
//
// [Decide] records a body's decision at a held meeting when its rule and
// quorum carry it (a *model.RuleError otherwise); [RecordMeeting] keeps the
// minutes, with assignments that [State.Agenda] carries until
// [CompleteAssignment]; [State.Minutes] gathers them, and package export
// renders them. [Invite] and
// [DecideParticipation] record who takes part. [Options].References checks
// record references against the host's formats.
//
// # Commissions, objectives and directives
//
// [CreateObjective] and [PlaceMeasures] put objectives (mål) between
// recommendations and measures, and [State.Structure] returns the
// hierarchy; a pinned document keeps each measure's place
// ([State.DocumentStructure]). [HandOverDocument] records a document handed
// to a body, [State.DocumentChanges] the difference from the document it
// revises. [ApproveMinutes] (justering) sets the day a decision waiting for
// it takes effect ([State.InForce]); a decision's directives are followed
// with [AssignDirective], [CompleteDirective] and [State.Directives]. An
// organisation may be part of another ([State.Within],
// [State.MatrixByOrganisation]). docs/commissions.md explains them.
//
// # Follow-up
//
// [RecordImplementation], [CreateSurvey], [SubmitSurveyAnswer],
// [CodeAnswers], [DefineIndicator] and [RecordObservations] record the
// follow-up of package followup; [State.Matrix], [State.SurveyResults] and
// [State.Observations] read it. Package export takes the record out.
//
// # Who may do what
//
// The engine asks [Options].Authorizer before a command decides anything;
// the default, [RecordRules], enforces the process's own rules from its
// record. A refusal is a [*ForbiddenError] and appends nothing.
//
// # Storage
//
// [Store] is the storage contract: append a batch at an expected version,
// all or nothing; read one stream; read all streams in global order.
// Package memstore is the in-memory implementation and package storetest
// the conformance suite every implementation passes.
//
// # Queries
//
// A loaded [State] answers the read side: the current phase and cycle, the
// timeline of planned versus actual dates, organisations, persons, areas,
// groups and their members on a date, meetings, proposals, measures and
// recommendations, the journey of a proposal and the lineage of a measure,
// consultation rounds with their answers and compilations, and which
// answers changed which measure. [Engine.History] yields the decoded record of who did
// what, when, and on what authority; [Engine.Replay] folds it afresh.
//
// Read types that carry a value type of another package keep its name:
// [Round] is the consultation.Round as the process knows it (with its
// status, answers and steps), and so are [Meeting], [Decision],
// [Assignment], [Delegation] and [Survey] for their model and followup
// values. Each embeds the value, so r.Title reads the same on both, and the
// package name tells them apart at the call site: consultation.Round is
// what is drafted, process.Round what the record holds.
//
// # Adding a command
//
// A command and its events live in the file of their feature (phases.go,
// roster.go, meetings.go, lineage.go, consultation.go, decisions.go,
// delegation.go, participation.go, followup.go, succession.go, structure.go,
// directives.go). In that file:
//
//  1. the command's struct with Name, decide (its checks and the events it
//     causes) and rule (who may, under [RecordRules]);
//  2. each new event's struct with EventType and apply (its fold);
//  3. both added to the feature's register call, the command under its
//     group (what a template's phase allows it by).
//
// The compiler refuses a command without a rule or an event without a
// fold; the policy's table test refuses a command without a case. A new
// table in [State] also needs a line in clone and in the snapshot (with
// snapshotFormat raised); a new field of an existing event needs a new
// schema version with an upcaster (see docs/compatibility.md), and the
// golden archive must still load.
package process
