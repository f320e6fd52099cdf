package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/phase"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/readmodel"
)

// MaxBody is the largest request body the service reads; a larger one is
// refused with 413.
const MaxBody = 8 << 20

// Options tune a Server. Nil means the defaults.
type Options struct {
	// Clock is the engine's clock; nil means the wall clock.
	Clock process.Clock
	// ReadModel keeps the read model's report_ tables current in the
	// background while the server runs.
	ReadModel bool
	// Log receives the errors of the background work and of requests
	// that failed with 500; nil discards them.
	Log *log.Logger
}

// Server is the service's http.Handler.
type Server struct {
	store  *sqlstore.Store
	engine *process.Engine
	clock  process.Clock
	log    *log.Logger
	mux    *http.ServeMux

	stop context.CancelFunc
	wg   sync.WaitGroup
}

// templates are the built-in templates a process can be started from.
var templates = map[string]func() phase.Template{
	phase.VastraGotaland().ID: phase.VastraGotaland,
	phase.Dalarna().ID:        phase.Dalarna,
}

// New returns a server on store, starting the read model's projector
// when the options ask for it. Close stops it.
func New(ctx context.Context, store *sqlstore.Store, opts *Options) (*Server, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Clock == nil {
		o.Clock = process.ClockFunc(time.Now)
	}
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	engine, err := process.New(store, &process.Options{Clock: o.Clock, Retries: 3})
	if err != nil {
		return nil, err
	}
	s := &Server{store: store, engine: engine, clock: o.Clock, log: o.Log, mux: http.NewServeMux(), stop: func() {}}
	if o.ReadModel {
		p, err := readmodel.New(ctx, store, nil)
		if err != nil {
			return nil, err
		}
		bg, cancel := context.WithCancel(context.Background())
		s.stop = cancel
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			err := p.Run(bg, &process.SubscribeOptions{OnError: func(err *process.SubscriptionError) { s.log.Print("service: read model: ", err) }})
			if bg.Err() == nil {
				s.log.Print("service: read model stopped: ", err)
			}
		}()
	}
	s.mux.HandleFunc("GET /processes", s.list)
	s.mux.HandleFunc("POST /processes", s.start)
	s.mux.HandleFunc("GET /processes/{id}", s.get)
	s.mux.HandleFunc("POST /processes/{id}/commands", s.command)
	s.mux.HandleFunc("GET /processes/{id}/export/{file}", s.export)
	s.mux.HandleFunc("GET /events", s.events)
	return s, nil
}

// Close stops the server's background work; the store stays open.
func (s *Server) Close() {
	s.stop()
	s.wg.Wait()
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// list is the start page: the process index, a page at a time.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := process.IndexQuery{Phase: phase.PhaseID(r.URL.Query().Get("phase")), After: process.IndexCursor(r.URL.Query().Get("after"))}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			s.fail(w, r, badParam("limit", "a whole number"))
			return
		}
		q.Limit = n
	}
	if v := r.URL.Query().Get("changed_since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.fail(w, r, badParam("changed_since", "an RFC 3339 time, such as 2026-12-02T08:00:00+01:00"))
			return
		}
		q.ChangedSince = t
	}
	switch v := r.URL.Query().Get("order"); v {
	case "", "changed":
	case "started":
		q.Order = process.ByStarted
	default:
		s.fail(w, r, &model.FieldError{Field: "order", Err: &model.ValueError{Err: model.ErrUnknownValue, Value: v, Allowed: []string{"changed", "started"}}})
		return
	}
	page, err := s.store.ListProcesses(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Processes []indexEntry `json:"processes"`
		Next      string       `json:"next,omitempty"`
	}{Processes: []indexEntry{}, Next: string(page.Next)}
	for _, e := range page.Entries {
		out.Processes = append(out.Processes, entryOf(e))
	}
	writeJSON(w, http.StatusOK, out)
}

// indexEntry is a process on the start page.
type indexEntry struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Template string      `json:"template"`
	Phase    string      `json:"phase"`
	Cycle    int         `json:"cycle"`
	Version  uint64      `json:"version"`
	Started  time.Time   `json:"started"`
	Changed  time.Time   `json:"changed"`
	Names    model.Label `json:"template_name"`
}

func entryOf(e process.IndexEntry) indexEntry {
	return indexEntry{ID: e.Process.String(), Name: e.Name, Template: e.Template, Phase: string(e.Phase),
		Cycle: e.Cycle, Version: e.Version, Started: e.Started, Changed: e.Changed, Names: e.TemplateName}
}

// startRequest is the body of POST /processes.
type startRequest struct {
	Name     string `json:"name"`
	Template string `json:"template"`
	TimeZone string `json:"time_zone,omitempty"`
}

// start starts a process from a built-in template. With an
// Idempotency-Key the process's ID and the command's follow from the
// key, so a retry finds the process it started.
func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	actor, err := actorOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req startRequest
	if err := decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	tpl, ok := templates[req.Template]
	if !ok {
		s.fail(w, r, &model.FieldError{Field: "template", Err: model.ErrUnknownValue})
		return
	}
	id := model.NewID[model.Process]()
	key := r.Header.Get("Idempotency-Key")
	if key != "" {
		id = derive[model.Process]("process", key)
	}
	cmd := process.Command(process.Start{Process: model.Process{ID: id, Name: req.Name, TimeZone: req.TimeZone}, Template: tpl()})
	res, err := s.execute(r.Context(), id, actor, key, cmd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/processes/"+id.String())
	writeJSON(w, http.StatusCreated, resultOf(id, res))
}

// commandRequest is the body of POST /processes/{id}/commands.
type commandRequest struct {
	Command string          `json:"command"`
	Input   json.RawMessage `json:"input"`
}

// command executes the command the body names.
func (s *Server) command(w http.ResponseWriter, r *http.Request) {
	id, err := model.ParseID[model.Process](r.PathValue("id"))
	if err != nil {
		s.fail(w, r, fmt.Errorf("%w: %w", process.ErrNotFound, err))
		return
	}
	actor, err := actorOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var req commandRequest
	if err := decode(w, r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	cmd, err := commandOf(req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.execute(r.Context(), id, actor, r.Header.Get("Idempotency-Key"), cmd)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resultOf(id, res))
}

// commandOf makes the command the request names: a new value of its type,
// filled from the input by encoding/json (unknown fields refused).
func commandOf(req commandRequest) (process.Command, error) {
	if req.Command == "" {
		return nil, &model.FieldError{Field: "command", Err: model.ErrRequired}
	}
	zero, ok := process.CommandByName(req.Command)
	if !ok {
		return nil, &model.FieldError{Field: "command", Err: model.ErrUnknownValue}
	}
	ptr := reflect.New(reflect.TypeOf(zero))
	if len(req.Input) > 0 {
		dec := json.NewDecoder(bytes.NewReader(req.Input))
		dec.DisallowUnknownFields()
		if err := dec.Decode(ptr.Interface()); err != nil {
			return nil, inputError("input", err)
		}
	}
	return ptr.Elem().Interface().(process.Command), nil
}

// execute runs cmd, with the ID derived from the idempotency key if there
// is one.
func (s *Server) execute(ctx context.Context, id model.ProcessID, actor model.Actor, key string, cmd process.Command) (process.Result, error) {
	if key != "" {
		cmd = process.WithID(derive[process.Command]("command", key), cmd)
	}
	return s.engine.Execute(ctx, id, actor, cmd)
}

// derive is the ID a key stands for: the first 16 bytes of the SHA-256 of
// the kind and the key.
func derive[T any](kind, key string) model.ID[T] {
	sum := sha256.Sum256([]byte("samling-service/" + kind + "/" + key))
	var b [16]byte
	copy(b[:], sum[:16])
	return model.IDFromBytes[T](b)
}

// result is what a command appended.
type result struct {
	Process string        `json:"process"`
	Command string        `json:"command"`
	Version uint64        `json:"version"`
	Events  []eventOutput `json:"events"`
}

// eventOutput is an event as the service shows it: its envelope, not its
// payload (which may name persons; read the process for it).
type eventOutput struct {
	Process  string    `json:"process"`
	Version  uint64    `json:"version"`
	Position uint64    `json:"position"`
	Type     string    `json:"type"`
	At       time.Time `json:"at"`
	Command  string    `json:"command"`
}

func eventOf(e process.Event) eventOutput {
	return eventOutput{Process: e.Process.String(), Version: e.Version, Position: e.Position, Type: e.Data.EventType(),
		At: e.OccurredAt, Command: e.Command.String()}
}

func resultOf(id model.ProcessID, res process.Result) result {
	out := result{Process: id.String(), Command: res.Command.String(), Version: res.Version, Events: []eventOutput{}}
	for _, e := range res.Events {
		out.Events = append(out.Events, eventOf(e))
	}
	return out
}

// summary is GET /processes/{id}: the state in figures.
type summary struct {
	ID              string          `json:"id"`
	Name            string          `json:"name"`
	Template        string          `json:"template"`
	Phase           phase.Phase     `json:"phase"`
	Cycle           int             `json:"cycle"`
	Version         uint64          `json:"version"`
	Permitted       []phase.Trigger `json:"permitted"`
	Organisations   int             `json:"organisations"`
	Groups          int             `json:"groups"`
	Proposals       int             `json:"proposals"`
	Undisposed      int             `json:"undisposed"`
	Measures        int             `json:"measures"`
	Rounds          int             `json:"rounds"`
	Decisions       int             `json:"decisions"`
	MatrixEntries   int             `json:"matrix_entries"`
	OpenAssignments int             `json:"open_assignments"`
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	st, ok := s.load(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, summary{
		ID: st.Process().ID.String(), Name: st.Process().Name, Template: st.Template().ID,
		Phase: st.Phase(), Cycle: st.Cycle(), Version: st.Version(), Permitted: nonNil(st.Permitted()),
		Organisations: len(st.Organisations()), Groups: len(st.Groups()), Proposals: len(st.Proposals()),
		Undisposed: len(st.Undisposed()), Measures: len(st.Measures()), Rounds: len(st.Rounds()),
		Decisions: len(st.Decisions()), MatrixEntries: len(st.Matrix()), OpenAssignments: len(st.Assignments(true)),
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// load reads the process named in the path, answering 404 itself.
func (s *Server) load(w http.ResponseWriter, r *http.Request) (*process.State, bool) {
	id, err := model.ParseID[model.Process](r.PathValue("id"))
	if err != nil {
		s.fail(w, r, fmt.Errorf("%w: %w", process.ErrNotFound, err))
		return nil, false
	}
	st, err := s.engine.Load(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return st, true
}

// exports are the files GET /processes/{id}/export/{file} serves, with
// their media types; persons are never named (export.OmitNames).
var exports = map[string]struct {
	mediaType string
	write     writer
}{
	"report.html":         {"text/html; charset=utf-8", timeless(export.HTMLReport)},
	"report.md":           {"text/markdown; charset=utf-8", timeless(export.Report)},
	"samling.xlsx":        {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", timeless(export.Spreadsheet)},
	"popolo.json":         {"application/json", timeless(writePopolo)},
	"proposals.csv":       {"text/csv; charset=utf-8", timeless(export.ProposalsCSV)},
	"measures.csv":        {"text/csv; charset=utf-8", timeless(export.MeasuresCSV)},
	"responses.csv":       {"text/csv; charset=utf-8", timeless(export.ResponsesCSV)},
	"matrix.csv":          {"text/csv; charset=utf-8", timeless(export.MatrixCSV)},
	"recommendations.csv": {"text/csv; charset=utf-8", timeless(export.RecommendationsCSV)},
	"calendar.ics":        {"text/calendar; charset=utf-8", export.Calendar},
	"phases.mmd": {"text/plain; charset=utf-8", timeless(func(w io.Writer, s *process.State, o export.Options) error {
		_, err := io.WriteString(w, export.PhaseGraph(s, o.Lang))
		return err
	})},
	"timeline.mmd": {"text/plain; charset=utf-8", timeless(func(w io.Writer, s *process.State, o export.Options) error {
		_, err := io.WriteString(w, export.Gantt(s, o))
		return err
	})},
}

// writer writes one export; now is the time of writing, which only the
// calendar uses (for its stamp).
type writer func(w io.Writer, s *process.State, o export.Options, now time.Time) error

// timeless is the writer of an export that does not depend on the time of
// writing.
func timeless(write func(io.Writer, *process.State, export.Options) error) writer {
	return func(w io.Writer, s *process.State, o export.Options, _ time.Time) error { return write(w, s, o) }
}

// writePopolo writes the Popolo file (export.PopoloJSON).
func writePopolo(w io.Writer, s *process.State, o export.Options) error {
	b, err := export.PopoloJSON(s, o)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// export serves one export of a process; ?lang=en for English.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	ex, ok := exports[file]
	if !ok {
		writeProblem(w, problem{Status: http.StatusNotFound, Title: "no such export", Detail: "the exports are " + strings.Join(export.Files, ", ")})
		return
	}
	st, ok := s.load(w, r)
	if !ok {
		return
	}
	o := export.Options{Lang: model.Swedish}
	if r.URL.Query().Get("lang") == "en" {
		o.Lang = model.English
	}
	var b bytes.Buffer
	if err := ex.write(&b, st, o, s.clock.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ex.mediaType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	w.Write(b.Bytes())
}

// actorOf reads the actor from the stand-in headers: X-Person (an ID),
// X-Capacity (a role) and X-Organisation (optional).
func actorOf(r *http.Request) (model.Actor, error) {
	var a model.Actor
	person, err := model.ParseID[model.Person](r.Header.Get("X-Person"))
	if err != nil {
		return a, &model.FieldError{Field: "X-Person", Err: model.ErrRequired}
	}
	a.Person = person
	if err := a.Capacity.UnmarshalText([]byte(r.Header.Get("X-Capacity"))); err != nil || a.Capacity == 0 {
		return a, &model.FieldError{Field: "X-Capacity", Err: model.ErrUnknownValue}
	}
	if v := r.Header.Get("X-Organisation"); v != "" {
		org, err := model.ParseID[model.Organisation](v)
		if err != nil {
			return a, badParam("X-Organisation", "an organisation's ID")
		}
		a.Organisation = org
	}
	return a, nil
}

// decode reads a JSON body of at most MaxBody bytes, refusing unknown
// fields.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return inputError("body", err)
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// badParam is the error of a request parameter or header that does not
// parse: a field error (model.ErrInvalid) that says what it should be.
func badParam(field, want string) error {
	return &model.FieldError{Field: field, Err: errors.New("is not " + want)}
}
