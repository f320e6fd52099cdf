package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
)

// TestConstraint_NamesWhatSQLiteRefused checks the mapping from SQLite's
// constraint messages to the constraints of the schema, which Append uses
// to tell a duplicate event from a conflict. (PostgreSQL reports the
// constraint's name itself.)
func TestConstraint_NamesWhatSQLiteRefused(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	insert := func(id string, version int64, prev any) error {
		_, err := s.db.ExecContext(ctx, `INSERT INTO samling_events (id, process, version, prev_version, type, occurred_at, data, hash) VALUES (?, 'p', ?, ?, 'x', 0, x'00', x'00')`, id, version, prev)
		return err
	}
	if err := insert("a", 1, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		err     error
		violate string
	}{
		{"same id", insert("a", 2, int64(1)), "samling_events_id"},
		{"same version", insert("b", 1, nil), "samling_events_stream"},
		{"no previous event", insert("c", 3, int64(2)), "samling_events_previous"},
		{"not contiguous", insert("d", 2, int64(5)), "samling_events_contiguous"},
	} {
		if got := constraint(c.err); got != c.violate {
			t.Errorf("%s: constraint(%v) = %q, want %q", c.name, c.err, got, c.violate)
		}
	}
	if got := constraint(context.Canceled); got != "" {
		t.Errorf("a non-constraint error maps to %q", got)
	}
}
