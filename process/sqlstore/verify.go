package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Verify implements [process.Verifier]: it reads the stream in version
// order, recomputes each event's chained hash and returns a
// [*process.TamperError] for the first event that does not match, or whose
// version is not the next one.
func (s *Store) Verify(ctx context.Context, id model.ProcessID) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, version, type, occurred_at, data, hash FROM samling_events WHERE process = ? ORDER BY version`), id.String())
	if err != nil {
		return fault(ctx, "verify", err)
	}
	defer rows.Close()
	var prev []byte
	var want uint64 = 1
	for rows.Next() {
		var (
			r             process.Record
			eid           string
			version, usec int64
			hash          []byte
		)
		if err := rows.Scan(&eid, &version, &r.Type, &usec, &r.Data, &hash); err != nil {
			return fault(ctx, "verify", err)
		}
		r.ID, _ = model.ParseID[process.Event](eid)
		r.Process, r.Version, r.OccurredAt = id, uint64(version), time.UnixMicro(usec)
		fail := func(reason string) error {
			return &process.TamperError{Process: id, Version: want, Event: r.ID, Reason: reason}
		}
		switch {
		case r.ID.String() != eid:
			return fail("its ID is malformed")
		case r.Version != want:
			return fail(fmt.Sprintf("the stream holds version %d where this version belongs", r.Version))
		case !bytes.Equal(process.ChainHash(prev, r), hash):
			return fail("its content or its place in the chain does not match its hash")
		}
		prev, want = hash, want+1
	}
	return fault(ctx, "verify", rows.Err())
}
