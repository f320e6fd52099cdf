package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
)

// A host tells storage faults from refusals with errors.Is: here the
// directory of the SQLite file is removed under a running engine, and the
// next command is refused instead of being acknowledged into nothing.
func Example_storageFaults() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "samling-example-")
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "samling.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	engine, _ := process.New(store, nil)
	id := model.NewID[model.Process]()
	secretary := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleSecretary}
	_, err = engine.Execute(ctx, id, secretary, process.Start{Process: model.Process{ID: id, Name: "Dalarna"}, Template: phase.Dalarna()})
	fmt.Println("started:", err == nil)

	os.RemoveAll(dir) // a clean-up job takes the wrong directory
	o, _ := model.MunicipalityOrganisation("2080")
	_, err = engine.Execute(ctx, id, secretary, process.RegisterOrganisation{Organisation: o})
	switch {
	case errors.Is(err, process.ErrUnavailable):
		fmt.Println("storage unavailable: retry later, alert if it lasts")
	case errors.Is(err, process.ErrReadOnly), errors.Is(err, process.ErrFull):
		fmt.Println("storage refuses writes: alert an operator")
	case errors.Is(err, process.ErrStorage):
		fmt.Println("storage failed: log the error, alert")
	case err != nil:
		fmt.Println("refused:", err)
	}
	var se *process.StorageError
	if errors.As(err, &se) {
		fmt.Println("while:", se.Op)
	}
	// Output:
	// started: true
	// storage unavailable: retry later, alert if it lasts
	// while: append
}
