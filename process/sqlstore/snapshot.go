package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
)

// SaveSnapshot implements [process.Snapshotter]; a snapshot older than the
// one stored is dropped.
func (s *Store) SaveSnapshot(ctx context.Context, id model.ProcessID, snap process.Snapshot) error {
	if err := s.checkFile("save snapshot"); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, s.rebind(`INSERT INTO samling_snapshots (process, version, event, data) VALUES (?, ?, ?, ?)
		ON CONFLICT (process) DO UPDATE SET version = excluded.version, event = excluded.event, data = excluded.data
		WHERE excluded.version > samling_snapshots.version`),
		id.String(), bound(snap.Version), snap.Event.String(), snap.Data)
	if err != nil {
		return fault(ctx, "save snapshot", err)
	}
	return nil
}

// LoadSnapshot implements [process.Snapshotter].
func (s *Store) LoadSnapshot(ctx context.Context, id model.ProcessID) (process.Snapshot, error) {
	var (
		snap    process.Snapshot
		version int64
		event   string
	)
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT version, event, data FROM samling_snapshots WHERE process = ?`), id.String()).Scan(&version, &event, &snap.Data)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return process.Snapshot{}, fmt.Errorf("%w: no snapshot of %s", process.ErrNotFound, id)
	case err != nil:
		return process.Snapshot{}, fault(ctx, "load snapshot", err)
	}
	snap.Version = uint64(version)
	if snap.Event, err = model.ParseID[process.Event](event); err != nil {
		return process.Snapshot{}, fmt.Errorf("%w: snapshot of %s names event %q", process.ErrCorrupt, id, event)
	}
	return snap, nil
}
