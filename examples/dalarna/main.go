// Command dalarna runs Dalarna's Samling för social hållbarhet, 2014–2016,
// on the library, end to end and into a new cycle, and prints what
// happened, ending with the minutes of the Leksand meeting of 16 September
// 2014.
//
// Real, from the county council's proposal, the Leksand minutes and the
// final report: the three phases and their planned dates, the county's 15
// municipalities (from Statistics Sweden's table), the county council and
// the organisations the proposal names, the project management group and
// the temporary working group, the four intervention areas and the goals,
// the samråd of January–February 2015, the invitation of February 2015 and
// the participation decisions by April, the six workshops with their
// months, the two recommendations, the dissemination and the next step,
// and the Leksand meeting with its attendees, agenda, assignment and
// statistics, whose table of discharge-ready days is also recorded as two
// indicators. Synthetic, deterministically from -seed, and said so in the
// output: the persons of the process, the samråd's answers and its two
// dialogue meetings, who joins or declines, record references, head counts
// and every day within a month.
//
// The process is kept in the database named by -db: by default the SQLite
// file dalarna.db in the working directory, or a postgres:// URL, or
// "memory" for none. A second run against the same database prints what the
// first stored, or finishes an interrupted run.
//
//	go run ./examples/dalarna            # Swedish
//	go run ./examples/dalarna -lang en   # English
//	go run ./examples/dalarna -compilation samrad.md
//	go run ./examples/dalarna -out utdata    # report, CSV, calendar, Popolo, diagrams
package main

import (
	"context"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/process"
)

func main() {
	scenario.Main("dalarna", "dalarna.db", 2014, func(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error) {
		return Run(ctx, store, seed)
	})
}
