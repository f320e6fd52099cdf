package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/samling-go/samling/process"
)

// events streams every event from position ?from= (or the position after
// the Last-Event-ID header a reconnecting browser sends) as Server-Sent
// Events, until the client goes away:
//
//	id: 17
//	event: proposals-submitted
//	data: {"process":"…","version":3,"position":17,"type":"proposals-submitted","at":"…","command":"…"}
//
// It is a subscription (process.Consume) whose checkpoint is the client's:
// the service stores nothing, and a client that reconnects with the last
// id it saw misses nothing. Each event's id is its position in the global
// order; treat it as an opaque cursor (on PostgreSQL positions have gaps).
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	// The first position to send: ?from= itself, or the one after the
	// Last-Event-ID a reconnecting browser sends.
	field, v, next := "from", r.URL.Query().Get("from"), uint64(0)
	if v == "" {
		field, v, next = "Last-Event-ID", r.Header.Get("Last-Event-ID"), 1
	}
	from := uint64(0)
	if v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.fail(w, r, badParam(field, "a position (a whole number)"))
			return
		}
		from = n + next
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeProblem(w, problem{Status: http.StatusInternalServerError, Title: "streaming unsupported"})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": samling events\n\n")
	flusher.Flush()
	c := &sseConsumer{w: w, flush: flusher, last: max(from, 1) - 1}
	err := process.Consume(r.Context(), s.store, "sse", c, &process.SubscribeOptions{MaxAttempts: 3})
	if r.Context().Err() == nil { // Consume returns only when it fails or the client went away
		s.log.Printf("service: events: %v", err)
		fmt.Fprintf(w, "event: error\ndata: %q\n\n", err.Error())
		flusher.Flush()
	}
}

// sseConsumer writes each batch to the client; its checkpoint lives only
// as long as the connection.
type sseConsumer struct {
	w     http.ResponseWriter
	flush http.Flusher
	last  uint64
}

func (c *sseConsumer) Checkpoint(context.Context) (uint64, error) { return c.last, nil }

func (c *sseConsumer) Handle(ctx context.Context, batch []process.Event, position uint64) error {
	for _, e := range batch {
		data, err := json.Marshal(eventOf(e))
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(c.w, "id: %d\nevent: %s\ndata: %s\n\n", e.Position, e.Data.EventType(), data); err != nil {
			return err
		}
	}
	c.flush.Flush()
	c.last = position
	return ctx.Err()
}
