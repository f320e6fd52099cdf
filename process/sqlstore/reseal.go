package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// Seal is one re-seal of a stream's hash chain: see [Store.Reseal].
type Seal struct {
	Process     model.ProcessID
	At          time.Time
	FromVersion uint64 // the first event whose hash was computed again
	Reference   string // the decision that allowed the rewrite
	OldHead     []byte // the stream's head hash before
	NewHead     []byte // and after
}

// Reseal computes the hash chain of process id again, from its first
// event, after a lawful rewrite of the archive (a gallringsbeslut carried
// out in the database: docs/personal-data.md), and records the re-seal
// with the decision's reference: from which version the chain changed,
// and the head hash before and after. After it, [Store.Verify] passes
// again, and any later change to an event is a break of its own. A chain
// that verifies needs no re-seal: Reseal returns a Seal with FromVersion 0
// and records nothing.
//
// Run it when nothing writes to the process: an append that read the old
// head while the chain was sealed again would break the chain at once
// (Verify then says so). Publish the new head hash where the database's
// writers cannot reach, as for every head (docs/storage.md).
func (s *Store) Reseal(ctx context.Context, id model.ProcessID, reference string) (Seal, error) {
	if err := model.CheckLine("Reference", reference); err != nil {
		return Seal{}, err
	}
	if reference == "" {
		return Seal{}, &model.FieldError{Field: "Reference", Err: model.ErrRequired}
	}
	if err := s.checkFile("reseal"); err != nil {
		return Seal{}, err
	}
	seal := Seal{Process: id, Reference: reference, At: time.Now().UTC().Truncate(time.Microsecond)}
	defer s.heads.drop(id) // the head hash this store remembers may change
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.rebind(chainQuery), id.String())
		if err != nil {
			return err
		}
		type fix struct {
			version uint64
			hash    []byte
		}
		var (
			fixes     []fix
			prev      []byte
			oldHead   []byte
			n         uint64
			readError error
		)
		for rows.Next() {
			r, _, hash, err := scanLink(rows, id)
			if err != nil {
				readError = err
				break
			}
			n++
			if r.Version != n {
				readError = fmt.Errorf("%w: version %d where %d belongs: a missing event cannot be sealed over", process.ErrCorrupt, r.Version, n)
				break
			}
			want := process.ChainHash(prev, r)
			if !bytes.Equal(want, hash) {
				if seal.FromVersion == 0 {
					seal.FromVersion = r.Version
				}
				fixes = append(fixes, fix{r.Version, want})
			}
			prev, oldHead = want, hash
		}
		rows.Close()
		if readError != nil {
			return readError
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%w: %s", process.ErrNotFound, id)
		}
		seal.OldHead, seal.NewHead = oldHead, prev
		if len(fixes) == 0 {
			return nil
		}
		for _, f := range fixes {
			if _, err := tx.ExecContext(ctx, s.rebind(`UPDATE samling_events SET hash = ? WHERE process = ? AND version = ?`), f.hash, id.String(), int64(f.version)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, s.rebind(`INSERT INTO samling_seals (process, sealed_at, from_version, reference, old_head, new_head) VALUES (?, ?, ?, ?, ?, ?)`),
			id.String(), seal.At.UnixMicro(), int64(seal.FromVersion), reference, seal.OldHead, seal.NewHead)
		return err
	})
	if err != nil {
		return Seal{}, fault(ctx, "reseal", err)
	}
	if seal.FromVersion == 0 {
		seal.OldHead = nil
	}
	return seal, nil
}

// Seals returns the re-seals of process id's chain, oldest first.
func (s *Store) Seals(ctx context.Context, id model.ProcessID) ([]Seal, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT sealed_at, from_version, reference, old_head, new_head FROM samling_seals WHERE process = ? ORDER BY sealed_at`), id.String())
	if err != nil {
		return nil, fault(ctx, "seals", err)
	}
	defer rows.Close()
	var out []Seal
	for rows.Next() {
		var (
			seal       = Seal{Process: id}
			usec, from int64
		)
		if err := rows.Scan(&usec, &from, &seal.Reference, &seal.OldHead, &seal.NewHead); err != nil {
			return nil, fault(ctx, "seals", err)
		}
		seal.At, seal.FromVersion = time.UnixMicro(usec).UTC(), uint64(from)
		out = append(out, seal)
	}
	return out, fault(ctx, "seals", rows.Err())
}
