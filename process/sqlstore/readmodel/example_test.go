package readmodel_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/readmodel"
)

func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "readmodel")
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "samling.db"))
	if err != nil {
		panic(err)
	}
	defer store.Close()

	engine, _ := process.New(store, nil)
	id := model.NewID[model.Process]()
	lead := model.Actor{Person: model.NewID[model.Person](), Capacity: model.RoleProjectLead}
	falun, _ := model.MunicipalityOrganisation("2080")
	leksand, _ := model.MunicipalityOrganisation("2029")
	for _, cmd := range []process.Command{
		process.Start{Process: model.Process{ID: id, Name: "Samling för social hållbarhet i Dalarna"}, Template: phase.Dalarna()},
		process.RegisterOrganisation{Organisation: falun},
		process.RegisterOrganisation{Organisation: leksand},
	} {
		if _, err := engine.Execute(ctx, id, lead, cmd); err != nil {
			panic(err)
		}
	}

	// Build the read model (Run would keep it current), then ask in SQL.
	p, err := readmodel.New(ctx, store, nil)
	if err != nil {
		panic(err)
	}
	if _, err := p.CatchUp(ctx); err != nil {
		panic(err)
	}
	rows, err := store.DB().QueryContext(ctx, `SELECT o.name, o.code, o.county_code, p.phase
		FROM report_organisations o JOIN report_processes p ON p.process_id = o.process_id ORDER BY o.code`)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, code, county, ph string
		if err := rows.Scan(&name, &code, &county, &ph); err != nil {
			panic(err)
		}
		fmt.Println(name, code, county, ph)
	}
	// Output:
	// Leksand 2029 20 preparatory
	// Falun 2080 20 preparatory
}
