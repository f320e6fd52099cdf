// Command vastragotaland runs Västra Götaland's Samling för social
// hållbarhet, 2011–2013, on the library and prints its timeline.
//
// The phases, the groups, the 49 municipalities (from Statistics Sweden's
// table), the conferences of February and November 2012, the remiss to the
// municipalities and the working group's organisations, the public health
// committee's unanimous approval of December 2012, the regional board's
// approval after the remiss and the regional council's adoption on 24
// September 2013 are the real ones. The proposals, the persons, the measure
// texts, the remiss's dates and answers, attendance and record references
// are not in the public record: they are generated, deterministically from
// -seed, and the output says so; so is the follow-up of 2014 in the
// implementation phase (how far each municipality has come with each
// measure, and a survey). -compilation writes the remiss's whole
// compilation as Markdown; -out writes the report, the CSV files, the
// calendar, the Popolo file and the diagrams into a directory.
//
// The process is kept in the database named by -db: by default the SQLite
// file vastragotaland.db in the working directory, or a postgres:// URL, or
// "memory" for none. Run it again against the same database and it finds
// the process it stored and prints it, or finishes an interrupted run,
// instead of storing it twice.
//
//	go run ./examples/vastragotaland            # Swedish
//	go run ./examples/vastragotaland -lang en   # English
//	go run ./examples/vastragotaland -compilation remiss.md
//	go run ./examples/vastragotaland -out utdata
package main

import (
	"context"
	"flag"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/process"
)

func main() {
	proposals := flag.Int("proposals", 500, "how many synthetic proposals the February 2012 conference yields")
	scenario.Main("vastragotaland", "vastragotaland.db", 2011, func(ctx context.Context, store process.Store, seed uint64) (scenario.Result, error) {
		return Run(ctx, store, Config{Seed: seed, Proposals: *proposals})
	})
}
