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
//
// # The path of a command
//
//  1. Execute checks the context, the command and the actor.
//  2. It locks the process within this engine and catches the cached state
//     up with the store (a cold cache replays the whole stream).
//  3. The Authorizer decides; a refusal becomes a *ForbiddenError.
//  4. The command decides against the state, without changing it, and
//     returns event payloads, or an error.
//  5. The events get IDs, versions, the clock's time, the actor and the
//     command's ID, are encoded, and are appended at the expected version.
//     On ErrConflict the engine retries from step 2 if Options.Retries
//     allows, and otherwise returns the *ConflictError.
//  6. Only after the append succeeds are the events folded into the state.
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
// [CompleteAssignment]; [State.Minutes] renders them. [Invite] and
// [DecideParticipation] record who takes part. [Options].References checks
// record references against the host's formats.
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
package process
