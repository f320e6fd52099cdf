// Package intake reads proposals in bulk, from the CSV files people keep
// in spreadsheets and from JSON, into proposals ready for
// process.SubmitProposals: a conference's ~500 proposals become one
// command and one event.
//
// Reading checks every row against the process it is for (submitters and
// intervention areas must exist there) and validates every proposal. Every
// bad row is reported, as a [*RowError] with its line number, and nothing
// is returned when any row is bad, so nothing is imported.
//
// CSV is UTF-8, with or without a byte-order mark, separated by commas or
// by semicolons as Swedish Excel writes it (the header line decides). The
// first line names the columns; [Columns] maps them.
//
// Limits: at most [MaxBytes] of input and process.MaxProposalsPerCommand
// rows.
package intake
