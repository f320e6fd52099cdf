// Package followup is what happens after the decision: how far each
// participating organisation takes each measure (the implementation
// matrix), what the participants say when asked (follow-up surveys), and
// how the figures move (indicators).
//
// The package is pure, like package consultation: [Rollup] sums a matrix
// per measure, organisation or intervention area, [Compile] turns a survey
// and its answers into [Results] (response rate, the distribution and the
// share at each step of each scaled question, choices, themes of the coded
// free-text answers) with a report in Swedish or English. Package process
// records entries, surveys, answers, codings and observations as events.
package followup
