package archivetest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/memstore"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/samling-go/samling/process/sqlstore/pgtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	var stop func()
	pg, stop = pgtest.Start()
	code := m.Run()
	stop()
	os.Exit(code)
}

var update = flag.Bool("update", false, "rewrite the renderings of each archived process (never the archive itself)")

// archive is the directory of the archive's generations, each written once
// by the library of its day and never rewritten.
const archive = "../../testdata/archive"

// generations lists the archive's generations; a new one is added beside
// the others when the stored format moves (docs/compatibility.md).
var generations = []string{"gen1", "gen2"}

// eventTypes are the stored type names of every event this library writes,
// from the process package's own registry: a new event type fails the
// archive test until a generation holds it.
var eventTypes = process.EventTypes()

// line is one record of a generation's dump, samling.jsonl.
type line struct {
	ID         process.EventID `json:"id"`
	Process    model.ProcessID `json:"process"`
	Version    uint64          `json:"version"`
	Type       string          `json:"type"`
	OccurredAt time.Time       `json:"occurred_at"`
	Data       json.RawMessage `json:"data"`
}

// readDump returns the records of a dump in its order, and the processes in
// the order they first appear.
func readDump(t *testing.T, path string) ([]process.Record, []model.ProcessID) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var (
		records   []process.Record
		processes []model.ProcessID
		versions  = map[model.ProcessID]uint64{}
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, process.MaxRecordBytes+1<<20)
	for n := 1; sc.Scan(); n++ {
		var l line
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&l), "%s line %d", path, n)
		if _, ok := versions[l.Process]; !ok {
			processes = append(processes, l.Process)
		}
		versions[l.Process]++
		require.Equal(t, versions[l.Process], l.Version, "%s line %d: versions run from 1 without a gap", path, n)
		records = append(records, process.Record{ID: l.ID, Process: l.Process, Version: l.Version, Type: l.Type, OccurredAt: l.OccurredAt, Data: l.Data})
	}
	require.NoError(t, sc.Err())
	return records, processes
}

// copyFile copies the archive's database, so that opening it (which may
// migrate it and writes its WAL) leaves the committed file untouched.
func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, b, 0o644))
}

// renderings loads the process id and renders its state and its report.
func renderings(t *testing.T, store process.Store, id model.ProcessID) (state, report []byte) {
	t.Helper()
	engine, err := process.New(store, nil)
	require.NoError(t, err)
	s, err := engine.Load(context.Background(), id)
	require.NoError(t, err)
	state, err = renderState(s)
	require.NoError(t, err)
	report, err = renderReport(s)
	require.NoError(t, err)
	return state, report
}

// appendDump appends the records of each process to store, one batch per
// process.
func appendDump(t *testing.T, store process.Store, records []process.Record, processes []model.ProcessID) {
	for _, id := range processes {
		var stream []process.Record
		for _, r := range records {
			if r.Process == id {
				stream = append(stream, r)
			}
		}
		require.NoError(t, store.Append(context.Background(), id, 0, stream))
	}
}

func TestArchive_LoadsAsRendered(t *testing.T) {
	seen := map[string]bool{}
	for _, gen := range generations {
		t.Run(gen, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(archive, gen)
			records, processes := readDump(t, filepath.Join(dir, "samling.jsonl"))
			require.NotEmpty(t, processes)

			// Every record decodes on its own, with the current code.
			for _, r := range records {
				seen[r.Type] = true
				_, err := process.Decode(r)
				assert.NoError(t, err, "%s: %s version %d (%s)", gen, r.Process, r.Version, r.Type)
			}

			// The dump, into memory, one append per process.
			mem := memstore.New()
			appendDump(t, mem, records, processes)

			// The database, copied; it holds the same records as the dump.
			db := filepath.Join(t.TempDir(), "samling.db")
			copyFile(t, filepath.Join(dir, "samling.db"), db)
			sql, err := sqlstore.Open(ctx, db)
			require.NoError(t, err)
			t.Cleanup(func() { sql.Close() })
			var stored []process.Record
			for r, err := range sql.ReadAll(ctx, 0) {
				require.NoError(t, err)
				stored = append(stored, r)
			}
			require.Len(t, stored, len(records), "the database and the dump hold the same records")
			for i, r := range stored {
				d := records[i]
				assert.True(t, r.ID == d.ID && r.Process == d.Process && r.Version == d.Version && r.Type == d.Type &&
					r.OccurredAt.Equal(d.OccurredAt) && string(r.Data) == string(d.Data),
					"%s: record %d differs between the database and the dump", gen, i)
			}
			for _, id := range processes {
				assert.NoError(t, sql.Verify(ctx, id), "the hash chain of %s still holds", id)
			}

			for _, id := range processes {
				t.Run(id.String(), func(t *testing.T) {
					var want [2][]byte
					for i, store := range []process.Store{mem, sql} {
						state, report := renderings(t, store, id)
						if i == 0 {
							want = [2][]byte{state, report}
							compareGolden(t, filepath.Join(dir, id.String(), "state.json"), state)
							compareGolden(t, filepath.Join(dir, id.String(), "report.md"), report)
							continue
						}
						assert.Equal(t, string(want[0]), string(state), "the state read from SQLite is the one read from the dump")
						assert.Equal(t, string(want[1]), string(report), "the report from SQLite is the one from the dump")
					}
				})
			}
		})
	}
	var missing []string
	for _, typ := range eventTypes {
		if !seen[typ] {
			missing = append(missing, typ)
		}
	}
	assert.Empty(t, missing, "event types no generation of the archive holds: write them into a new generation (docs/compatibility.md)")
	var unknown []string
	for typ := range seen {
		if !slices.Contains(eventTypes, typ) {
			unknown = append(unknown, typ)
		}
	}
	assert.Empty(t, unknown, "the archive holds event types this test's list lacks")
}

// compareGolden compares got with the committed file, or rewrites the file
// with -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no rendering: run go test ./internal/archivetest -update once, and review it")
	if string(want) != string(got) {
		n, w, g := firstDiff(want, got)
		t.Errorf("%s: the archive no longer reads as it did; first difference, line %d:\n  was: %s\n  now: %s\n"+
			"if the change of meaning is intended, rerun with -update and say why in CHANGELOG.md", path, n, w, g)
	}
}

// firstDiff returns the number of the first line where a and b differ, and
// that line of each.
func firstDiff(a, b []byte) (int, string, string) {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || i >= len(al) || i >= len(bl) {
			return i + 1, x, y
		}
	}
	return 0, "", ""
}

// The message of a rendering that no longer matches names the first line
// that differs, also when one rendering only ends sooner.
func TestFirstDiff(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		line int
		was  string
		now  string
	}{
		{"a\nb\nc\n", "a\nB\nc\n", 2, "b", "B"},
		{"a\nb\n", "a\nb\nc\n", 3, "", "c"},
		{"a\nb\nc", "a\nb", 3, "c", ""},
	} {
		line, was, now := firstDiff([]byte(tc.a), []byte(tc.b))
		assert.Equal(t, tc.line, line, "%q against %q", tc.a, tc.b)
		assert.Equal(t, tc.was, was)
		assert.Equal(t, tc.now, now)
	}
}

// TestArchive_LoadsOnPostgreSQL writes each generation's dump into a fresh
// PostgreSQL database, as a host moving its record there would, and reads
// it back as the committed renderings say.
func TestArchive_LoadsOnPostgreSQL(t *testing.T) {
	for _, gen := range generations {
		t.Run(gen, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(archive, gen)
			records, processes := readDump(t, filepath.Join(dir, "samling.jsonl"))
			store, err := sqlstore.Open(ctx, pg.Database(t))
			require.NoError(t, err)
			t.Cleanup(func() { store.Close() })
			appendDump(t, store, records, processes)
			for _, id := range processes {
				state, report := renderings(t, store, id)
				want, err := os.ReadFile(filepath.Join(dir, id.String(), "state.json"))
				require.NoError(t, err)
				assert.Equal(t, string(want), string(state), "%s: the state read from PostgreSQL", id)
				want, err = os.ReadFile(filepath.Join(dir, id.String(), "report.md"))
				require.NoError(t, err)
				assert.Equal(t, string(want), string(report), "%s: the report from PostgreSQL", id)
			}
		})
	}
}
