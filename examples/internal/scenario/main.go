package scenario

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Main is an example program's main: it defines the flags every example
// shares (-seed, -lang, -db, -compilation, -out) next to any the program
// defined before calling it, parses them, opens the store, runs the
// example and prints it, writing the compilation and the exports when
// asked. It exits with 2 for a bad flag and 1 for a failed run.
func Main(name, db string, seed uint64, run func(ctx context.Context, store process.Store, seed uint64) (Result, error)) {
	seedFlag := flag.Uint64("seed", seed, "seed for everything synthetic, IDs included")
	lang := flag.String("lang", "sv", "language of the output: sv or en")
	dbFlag := flag.String("db", db, `where to keep the process: a SQLite file, a postgres:// URL, or "memory"`)
	compilation := flag.String("compilation", "", "also write the consultation round's whole compilation, as Markdown in -lang, to this file")
	out := flag.String("out", "", "also write the report, the CSV files, the calendar, the Popolo file and the diagrams into this directory")
	flag.Parse()
	if *lang != string(model.Swedish) && *lang != string(model.English) {
		fmt.Fprintf(os.Stderr, "%s: -lang must be sv or en, not %q\n", name, *lang)
		os.Exit(2)
	}
	err := func() error {
		ctx := context.Background()
		store, closeStore, err := Open(ctx, *dbFlag)
		if err != nil {
			return err
		}
		defer closeStore()
		r, err := run(ctx, store, *seedFlag)
		if err != nil {
			return err
		}
		return output(ctx, r, os.Stdout, model.Lang(*lang), *compilation, *out)
	}()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
