package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Verify implements [process.Verifier]: it reads the whole stream in
// version order, recomputes each event's chained hash from the stored hash
// before it, and reports every event that does not match, or whose version
// is not the next one, each as a [*process.TamperError]. Because each link
// is checked against the stored hash before it, one rewritten event is one
// break, and a later change elsewhere is a break of its own.
func (s *Store) Verify(ctx context.Context, id model.ProcessID) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(chainQuery), id.String())
	if err != nil {
		return fault(ctx, "verify", err)
	}
	defer rows.Close()
	var (
		prev   []byte
		want   uint64 = 1
		breaks []error
	)
	for rows.Next() {
		r, eid, hash, err := scanLink(rows, id)
		if err != nil {
			return fault(ctx, "verify", err)
		}
		fail := func(reason string) {
			breaks = append(breaks, &process.TamperError{Process: id, Version: want, Event: r.ID, Reason: reason})
		}
		switch {
		case r.ID.String() != eid:
			fail("its ID is malformed")
		case r.Version != want:
			fail(fmt.Sprintf("the stream holds version %d where this version belongs", r.Version))
			want = r.Version // go on from what is there
		case !bytes.Equal(process.ChainHash(prev, r), hash):
			fail("its content or its place in the chain does not match its hash")
		}
		prev, want = hash, want+1
	}
	if err := rows.Err(); err != nil {
		return fault(ctx, "verify", err)
	}
	return errors.Join(breaks...)
}

// chainQuery reads a stream's events (?) in version order, as the chain's
// checks need them: Verify and Reseal, each row read by scanLink.
const chainQuery = `SELECT id, version, type, occurred_at, data, hash FROM samling_events WHERE process = ? ORDER BY version`

// scanLink reads a row of chainQuery: the event as a record of stream id
// (with a zero ID if the stored one is malformed), the ID as stored, and
// the stored hash.
func scanLink(rows *sql.Rows, id model.ProcessID) (r process.Record, eid string, hash []byte, err error) {
	var version, usec int64
	if err := rows.Scan(&eid, &version, &r.Type, &usec, &r.Data, &hash); err != nil {
		return r, "", nil, err
	}
	r.ID, _ = model.ParseID[process.Event](eid)
	r.Process, r.Version, r.OccurredAt = id, uint64(version), time.UnixMicro(usec)
	return r, eid, hash, nil
}
