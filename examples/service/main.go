// Command service is a small JSON web service around the library: what a
// case-management system embeds, in a few hundred lines of net/http.
//
//	go run ./examples/service                          # SQLite file service.db, on :8080
//	go run ./examples/service -db postgres://…/samling -addr :9000
//
// The routes:
//
//	GET  /processes?limit=&after=&phase=&changed_since=&order=   the process index, a page at a time
//	POST /processes                                              start a process from a built-in template
//	GET  /processes/{id}                                         the state of a process, summarised
//	POST /processes/{id}/commands                                execute a command, named in the body
//	GET  /processes/{id}/export/{file}                           report.html, samling.xlsx, popolo.json, measures.csv, …
//	GET  /events?from=N                                          every event from position N, as Server-Sent Events
//
// A command's body names it and gives its fields as JSON, the fields of
// the library's command type (process.CommandByName):
//
//	{"command": "register-organisation", "input": {"Organisation": {"id": "…", "name": "Falun", "kind": "municipality", "code": "2080"}}}
//
// A request with an Idempotency-Key header is performed once: the
// command's ID is derived from the key (process.WithID), so a retry after
// a lost answer returns the first result and writes nothing. Errors are
// JSON problem bodies (RFC 9457) whose status follows the table in
// problems.go and docs/integration.md.
//
// Who is asking is the host's concern, and this service does not
// authenticate anyone: it takes the actor from the headers X-Person (a
// person's ID) and X-Capacity (the role they act in, such as
// "project-lead"), and optionally X-Organisation. That is a stand-in for
// the host's own sign-in; never expose it as it is. The library's policy
// (process.RecordRules) then decides what that actor may do.
//
// Beside the events the service keeps the read model of package readmodel
// in the same database (tables report_…), current within moments of each
// command, for reporting tools; -readmodel=false turns it off.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/samling-go/samling/process/sqlstore"
)

func main() {
	db := flag.String("db", "service.db", "the store: a SQLite file or a postgres:// URL")
	addr := flag.String("addr", ":8080", "the address to listen on")
	readModel := flag.Bool("readmodel", true, "keep the read model's report_ tables current")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := serve(ctx, *db, *addr, *readModel); err != nil {
		fmt.Fprintln(os.Stderr, "service:", err)
		os.Exit(1)
	}
}

func serve(ctx context.Context, db, addr string, readModel bool) error {
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	srv, err := New(ctx, store, &Options{ReadModel: readModel, Log: log.Default()})
	if err != nil {
		return err
	}
	hs := &http.Server{Addr: addr, Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	log.Printf("service: listening on %s, store %s", addr, store.Dialect())
	if err := hs.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
