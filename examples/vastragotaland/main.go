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
	"fmt"
	"os"

	"github.com/samling-go/samling/examples/internal/scenario"
	"github.com/samling-go/samling/model"
)

func main() {
	seed := flag.Uint64("seed", 2011, "seed for the synthetic proposals, persons and IDs")
	proposals := flag.Int("proposals", 500, "how many synthetic proposals the February 2012 conference yields")
	lang := flag.String("lang", "sv", "language of the output: sv or en")
	db := flag.String("db", "vastragotaland.db", `where to keep the process: a SQLite file, a postgres:// URL, or "memory"`)
	compilation := flag.String("compilation", "", "also write the consultation round's whole compilation, as Markdown in -lang, to this file")
	out := flag.String("out", "", "also write the report, the CSV files, the calendar, the Popolo file and the diagrams into this directory")
	flag.Parse()
	if *lang != string(model.Swedish) && *lang != string(model.English) {
		fmt.Fprintf(os.Stderr, "vastragotaland: -lang must be sv or en, not %q\n", *lang)
		os.Exit(2)
	}
	if err := run(*db, Config{Seed: *seed, Proposals: *proposals}, model.Lang(*lang), *compilation, *out); err != nil {
		fmt.Fprintln(os.Stderr, "vastragotaland:", err)
		os.Exit(1)
	}
}

func run(db string, cfg Config, lang model.Lang, compilation, out string) error {
	ctx := context.Background()
	store, closeStore, err := scenario.Open(ctx, db)
	if err != nil {
		return err
	}
	defer closeStore()
	r, err := Run(ctx, store, cfg)
	if err != nil {
		return err
	}
	return scenario.Output(ctx, r, os.Stdout, lang, compilation, out)
}
