// Package consultation models consultation rounds: the formal remiss, with
// written, registered answers, and the softer samråd, a dialogue whose
// answers may be notes from a meeting.
//
// A [Round] sends a pinned document version (exact measure texts) to named
// consultees, each required or optional, by a deadline that may be
// extended per consultee. Its lifecycle is a state machine: drafted → open
// → closed → compiled, with cancel, and reopening only on a recorded
// decision ([Lifecycle], drawn by [Mermaid]). [Response] values carry an
// overall [Stance] and a stance and comment per measure; a later answer
// from the same organisation supersedes the earlier one, and both are kept.
//
// The package is pure: the deadline queries ([Pending], [DueForReminder],
// [Overdue]) take the day to ask about, and [Compile] turns a round and its
// responses into the compilation (remissammanställning), as a value and as
// Markdown in Swedish or English. Package process records rounds and
// responses as events and supplies the clock.
package consultation
