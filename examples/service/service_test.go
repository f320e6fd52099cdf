package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/examples/internal/scenario/scenariotest"
	"github.com/samling-go/samling/export"
	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// client talks to a test server as one actor.
type client struct {
	t      *testing.T
	url    string
	person model.PersonID
}

// The PostgreSQL server starts with the first test that needs one.
var pg pgtest.OnDemand

func TestMain(m *testing.M) {
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

// databases are the service's two stores, a fresh database per test.
var databases = scenariotest.Databases(&pg)

func newService(t *testing.T) (*client, *sqlstore.Store) {
	return newServiceOn(t, filepath.Join(t.TempDir(), "service.db"))
}

func newServiceOn(t *testing.T, dsn string) (*client, *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	clock := process.ClockFunc(func() time.Time { return time.Date(2014, 11, 3, 9, 0, 0, 0, time.UTC) })
	srv, err := New(ctx, store, &Options{Clock: clock, ReadModel: true})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	return &client{t: t, url: hs.URL, person: model.NewID[model.Person]()}, store
}

// do sends a request and decodes the JSON answer into out (if not nil),
// returning the status.
func (c *client) do(method, path, key string, body any, out any) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.url+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("X-Person", c.person.String())
	req.Header.Set("X-Capacity", "project-lead")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	if resp.StatusCode >= 400 {
		assert.Equal(c.t, "application/problem+json", resp.Header.Get("Content-Type"), string(b))
	}
	if out != nil {
		require.NoError(c.t, json.Unmarshal(b, out), string(b))
	}
	return resp.StatusCode
}

// send sends a request with an empty JSON body and the headers given,
// decoding the problem it answers with.
func send(t *testing.T, method, url string, headers map[string]string, p *problem) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(`{}`))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.NoError(t, json.NewDecoder(resp.Body).Decode(p))
	return resp.StatusCode
}

func (c *client) command(id, key, name string, input any, out any) int {
	c.t.Helper()
	return c.do("POST", "/processes/"+id+"/commands", key, map[string]any{"command": name, "input": input}, out)
}

func TestService_EndToEnd(t *testing.T) {
	for name, dsn := range databases {
		t.Run(name, func(t *testing.T) { endToEnd(t, dsn(t)) })
	}
}

func endToEnd(t *testing.T, dsn string) {
	c, store := newServiceOn(t, dsn)

	// Start a process; the retry with the same key starts nothing new.
	var started, again result
	require.Equal(t, http.StatusCreated, c.do("POST", "/processes", "start-1", startRequest{Name: "Samling i Dalarna", Template: "dalarna"}, &started))
	require.Equal(t, http.StatusCreated, c.do("POST", "/processes", "start-1", startRequest{Name: "Samling i Dalarna", Template: "dalarna"}, &again))
	assert.Equal(t, started, again, "the retry returns the first result")
	assert.Equal(t, uint64(1), started.Version)
	id := started.Process

	// The start page lists it, from the index.
	var page struct {
		Processes []indexEntry `json:"processes"`
		Next      string       `json:"next"`
	}
	require.Equal(t, http.StatusOK, c.do("GET", "/processes?limit=10", "", nil, &page))
	require.Len(t, page.Processes, 1)
	assert.Equal(t, "Samling i Dalarna", page.Processes[0].Name)
	assert.Equal(t, "preparatory", page.Processes[0].Phase)

	// A command named in the body, retried with its key.
	falun, _ := model.MunicipalityOrganisation("2080")
	var reg, reg2 result
	require.Equal(t, http.StatusOK, c.command(id, "reg-falun", "register-organisation", map[string]any{"Organisation": falun}, &reg))
	require.Equal(t, http.StatusOK, c.command(id, "reg-falun", "register-organisation", map[string]any{"Organisation": falun}, &reg2))
	assert.Equal(t, reg, reg2)
	assert.Equal(t, uint64(2), reg.Version)
	require.Len(t, reg.Events, 1)
	assert.Equal(t, "organisation-registered", reg.Events[0].Type)

	var sum summary
	require.Equal(t, http.StatusOK, c.do("GET", "/processes/"+id, "", nil, &sum))
	assert.Equal(t, 1, sum.Organisations)
	assert.Equal(t, uint64(2), sum.Version, "the retry wrote nothing")

	// The read model follows, in the same database.
	require.Eventually(t, func() bool {
		var n int
		return store.DB().QueryRow(`SELECT count(*) FROM report_organisations WHERE code = '2080'`).Scan(&n) == nil && n == 1
	}, 10*time.Second, 20*time.Millisecond)

	// Exports.
	resp, err := http.Get(c.url + "/processes/" + id + "/export/report.html")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Contains(t, string(body), "Samling i Dalarna")
	var popolo map[string]any
	resp, err = http.Get(c.url + "/processes/" + id + "/export/popolo.json")
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&popolo))
	resp.Body.Close()
	assert.NotEmpty(t, popolo["organizations"])
	resp, err = http.Get(c.url + "/processes/" + id + "/export/samling.xlsx")
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.True(t, bytes.HasPrefix(body, []byte("PK")), "an xlsx file is a zip")
	// Every export the library writes is served.
	for _, file := range export.Files {
		resp, err = http.Get(c.url + "/processes/" + id + "/export/" + file)
		require.NoError(t, err)
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, file)
		assert.NotEmpty(t, body, file)
	}
}

func TestService_ErrorsMapped(t *testing.T) {
	c, _ := newService(t)
	var started result
	require.Equal(t, http.StatusCreated, c.do("POST", "/processes", "", startRequest{Name: "Samling i Dalarna", Template: "dalarna"}, &started))
	id := started.Process
	for _, tc := range []struct {
		name   string
		status int
		send   func(p *problem) int
		check  func(t *testing.T, p problem)
	}{
		{"unknown process", 404, func(p *problem) int {
			return c.do("GET", "/processes/"+model.NewID[model.Process]().String(), "", nil, p)
		}, nil},
		{"unknown export", 404, func(p *problem) int { return c.do("GET", "/processes/"+id+"/export/secret.txt", "", nil, p) }, nil},
		{"unknown template", 400, func(p *problem) int {
			return c.do("POST", "/processes", "", startRequest{Name: "x", Template: "nowhere"}, p)
		}, func(t *testing.T, p problem) { assert.Equal(t, "template", p.Field) }},
		{"unknown command", 400, func(p *problem) int { return c.command(id, "", "fly-to-the-moon", nil, p) },
			func(t *testing.T, p problem) { assert.Equal(t, "command", p.Field) }},
		{"unknown field", 400, func(p *problem) int {
			return c.command(id, "", "register-organisation", map[string]any{"Organisaton": 1}, p)
		}, func(t *testing.T, p problem) { assert.Equal(t, "input", p.Field) }},
		{"invalid input names the field", 400, func(p *problem) int {
			return c.command(id, "", "register-organisation", map[string]any{"Organisation": model.Organisation{ID: model.NewID[model.Organisation](), Kind: model.KindMunicipality, Code: "2080"}}, p)
		}, func(t *testing.T, p problem) {
			assert.Equal(t, "Organisation.Name", p.Field, "the library names the field")
		}},
		{"unmet criteria listed", 422, func(p *problem) int { return c.command(id, "", "advance", map[string]any{"Trigger": "execute"}, p) },
			func(t *testing.T, p problem) { assert.NotEmpty(t, p.Unmet) }},
		{"no such transition", 409, func(p *problem) int { return c.command(id, "", "advance", map[string]any{"Trigger": "fly"}, p) },
			func(t *testing.T, p problem) { assert.NotEmpty(t, p.Permitted) }},
		{"forbidden", 403, func(p *problem) int {
			other := &client{t: t, url: c.url, person: model.NewID[model.Person]()}
			falun, _ := model.MunicipalityOrganisation("2080")
			return other.command(id, "", "register-organisation", map[string]any{"Organisation": falun}, p)
		}, nil},
		{"a key reused for another command", 422, func(p *problem) int {
			falun, _ := model.MunicipalityOrganisation("2080")
			leksand, _ := model.MunicipalityOrganisation("2029")
			require.Equal(t, 200, c.command(id, "k", "register-organisation", map[string]any{"Organisation": falun}, nil))
			return c.command(id, "k", "register-organisation", map[string]any{"Organisation": leksand}, p)
		}, nil},
		{"already exists", 409, func(p *problem) int {
			falun, _ := model.MunicipalityOrganisation("2080")
			return c.command(id, "", "register-organisation", map[string]any{"Organisation": falun}, p)
		}, func(t *testing.T, p problem) { assert.NotEmpty(t, p.Field) }},
		{"no actor", 400, func(p *problem) int {
			return send(t, "POST", c.url+"/processes", nil, p)
		}, func(t *testing.T, p problem) { assert.Equal(t, "X-Person", p.Field) }},
		{"a capacity that is no role", 400, func(p *problem) int {
			return send(t, "POST", c.url+"/processes", map[string]string{"X-Person": c.person.String(), "X-Capacity": "emperor"}, p)
		}, func(t *testing.T, p problem) { assert.Equal(t, "X-Capacity", p.Field) }},
		{"an organisation that is no ID", 400, func(p *problem) int {
			return send(t, "POST", c.url+"/processes", map[string]string{"X-Person": c.person.String(), "X-Capacity": "project-lead", "X-Organisation": "Falun"}, p)
		}, func(t *testing.T, p problem) {
			assert.Equal(t, "X-Organisation", p.Field)
			assert.Contains(t, p.Detail, "an organisation's ID")
		}},
		{"no command named", 400, func(p *problem) int { return c.command(id, "", "", nil, p) },
			func(t *testing.T, p problem) { assert.Equal(t, "command", p.Field) }},
		{"a command for an ID that does not parse", 404, func(p *problem) int {
			return c.command("not-an-id", "", "register-organisation", nil, p)
		}, nil},
		{"a Last-Event-ID that is no number", 400, func(p *problem) int {
			return send(t, "GET", c.url+"/events", map[string]string{"Last-Event-ID": "yesterday"}, p)
		}, func(t *testing.T, p problem) { assert.Equal(t, "Last-Event-ID", p.Field) }},
		{"unknown order", 400, func(p *problem) int { return c.do("GET", "/processes?order=newest", "", nil, p) },
			func(t *testing.T, p problem) {
				assert.Equal(t, "order", p.Field)
				assert.Contains(t, p.Detail, "started", "the allowed values are listed")
			}},
		{"a date where a time belongs", 400, func(p *problem) int { return c.do("GET", "/processes?changed_since=2026-12-02", "", nil, p) },
			func(t *testing.T, p problem) {
				assert.Equal(t, "changed_since", p.Field)
				assert.Contains(t, p.Detail, "RFC 3339")
			}},
		{"a position that is no number", 400, func(p *problem) int { return c.do("GET", "/events?from=abc", "", nil, p) },
			func(t *testing.T, p problem) { assert.Equal(t, "from", p.Field) }},
		{"too large", 413, func(p *problem) int {
			return c.command(id, "", "submit-proposals", map[string]any{"Proposals": []string{strings.Repeat("x", MaxBody)}}, p)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p problem
			assert.Equal(t, tc.status, tc.send(&p))
			assert.Equal(t, tc.status, p.Status)
			assert.NotEmpty(t, p.Title)
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

// The events feed delivers what is stored, then each new event as it is
// appended.
func TestService_EventsFeed(t *testing.T) {
	for name, dsn := range databases {
		t.Run(name, func(t *testing.T) { eventsFeed(t, dsn(t)) })
	}
}

func eventsFeed(t *testing.T, dsn string) {
	c, _ := newServiceOn(t, dsn)
	var started result
	require.Equal(t, http.StatusCreated, c.do("POST", "/processes", "", startRequest{Name: "Samling i Dalarna", Template: "dalarna"}, &started))

	next := subscribe(t, c.url+"/events?from=0", nil)
	event, first := next()
	assert.Equal(t, "process-started", event)
	assert.Equal(t, started.Process, first.Process)

	falun, _ := model.MunicipalityOrganisation("2080")
	var reg result
	require.Equal(t, http.StatusOK, c.command(started.Process, "", "register-organisation", map[string]any{"Organisation": falun}, &reg))
	event, data := next()
	assert.Equal(t, "organisation-registered", event)
	assert.Equal(t, reg.Events[0], data, "the feed's event is the command's")

	// A browser that reconnects sends the last id it saw, and is sent what
	// came after it.
	next = subscribe(t, c.url+"/events", map[string]string{"Last-Event-ID": strconv.FormatUint(first.Position, 10)})
	event, data = next()
	assert.Equal(t, "organisation-registered", event)
	assert.Equal(t, reg.Events[0], data, "the event after the last one seen, and not that one again")
}

// subscribe opens the events feed at url, with the headers given, and
// returns a function that reads its next event.
func subscribe(t *testing.T, url string, headers map[string]string) func() (event string, data eventOutput) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	lines := bufio.NewScanner(resp.Body)
	return func() (event string, data eventOutput) {
		t.Helper()
		for lines.Scan() {
			line := lines.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &data))
				return event, data
			}
		}
		t.Fatalf("the feed ended: %v", lines.Err())
		return
	}
}

// The start page walks the index a page at a time.
func TestService_StartPagePages(t *testing.T) {
	c, _ := newService(t)
	for i := range 3 {
		require.Equal(t, http.StatusCreated, c.do("POST", "/processes", "", startRequest{Name: "Samling " + string(rune('A'+i)), Template: "dalarna"}, nil))
	}
	type page struct {
		Processes []indexEntry `json:"processes"`
		Next      string       `json:"next"`
	}
	var first, second page
	require.Equal(t, http.StatusOK, c.do("GET", "/processes?limit=2&order=started", "", nil, &first))
	require.Len(t, first.Processes, 2)
	require.NotEmpty(t, first.Next)
	require.Equal(t, http.StatusOK, c.do("GET", "/processes?limit=2&order=started&after="+first.Next, "", nil, &second))
	require.Len(t, second.Processes, 1)
	var names []string
	for _, e := range append(first.Processes, second.Processes...) {
		names = append(names, e.Name)
	}
	assert.ElementsMatch(t, []string{"Samling A", "Samling B", "Samling C"}, names)
	var p problem
	assert.Equal(t, http.StatusBadRequest, c.do("GET", "/processes?limit=5000", "", nil, &p), "more than the index allows")
	assert.Equal(t, http.StatusBadRequest, c.do("GET", "/processes?limit=x", "", nil, &p))
	assert.Equal(t, "limit", p.Field)
}
