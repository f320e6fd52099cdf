// Package intake reads proposals in bulk, from the CSV files people keep
// in spreadsheets and from JSON, into proposals ready for
// process.SubmitProposals: a conference's ~500 proposals become one
// command and one event.
//
// Reading checks every row against the process it is for (submitters and
// intervention areas must exist there) and validates every proposal. Bad
// rows are reported in one [*Errors]: the first [MaxErrors] problems, each
// a [*RowError] with its line number, and a count of the rest; nothing is
// returned when any row is bad, so nothing is imported.
//
// CSV is UTF-8, with or without a byte-order mark, separated by commas or
// by semicolons as Swedish Excel writes it (the header line decides). The
// first line names the columns; [Columns] maps them.
//
// Limits: at most [MaxBytes] of input, process.MaxProposalsPerCommand
// rows and [MaxAreas] areas a row. Input is read as it is parsed, so a read
// past a limit stops there with [ErrTooLarge] without reading the rest, and
// memory stays within a small multiple of the input. Anything but white
// space after a JSON array is [ErrMalformed].
package intake
