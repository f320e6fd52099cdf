package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/samling-go/samling/model"
	"github.com/samling-go/samling/process"
	"github.com/samling-go/samling/process/sqlstore"
	"github.com/stretchr/testify/require"
)

const (
	crashChildEnv = "SAMLING_CRASH_CHILD" // the SQLite file the child appends to
	crashStream   = "0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b"
)

// batchMark is what each crash-test record carries, to find partial batches.
type batchMark struct {
	Batch string `json:"batch"`
	Size  int    `json:"size"`
}

// crashChild appends batches to the stream in a loop and, after each
// acknowledged append, prints the version it reached. It runs until killed.
func crashChild() {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, os.Getenv(crashChildEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	id, _ := model.ParseID[model.Process](crashStream)
	var version uint64
	for r, err := range s.ReadStream(ctx, id, 0) {
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		version = r.Version
	}
	for {
		size := 1 + rand.IntN(8)
		batch := model.NewID[process.Event]().String()
		data, _ := json.Marshal(batchMark{Batch: batch, Size: size})
		rs := make([]process.Record, size)
		for i := range rs {
			rs[i] = process.Record{ID: model.NewID[process.Event](), Type: "crash-test", OccurredAt: time.Now(), Data: data}
		}
		if err := s.Append(ctx, id, version, rs); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		version += uint64(size)
		fmt.Println("acked", version) // os.Stdout is unbuffered: the parent sees it at once
	}
}

// TestCrash_SQLite kills a child process that appends in a loop with
// SIGKILL at random moments, and checks after each kill that every append
// it was told had succeeded is stored, that no batch is partial, and that
// versions are contiguous.
func TestCrash_SQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts and kills child processes; skipped with -short")
	}
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "crash.db")
	id, _ := model.ParseID[model.Process](crashStream)
	const kills = 8
	for round := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+file)
		out, err := cmd.StdoutPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())

		acked := make(chan uint64, 1)
		go func() {
			var last uint64
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				line := sc.Text()
				if v, ok := strings.CutPrefix(line, "acked "); ok {
					last, _ = strconv.ParseUint(v, 10, 64)
				} else {
					t.Errorf("child: %s", line)
				}
			}
			acked <- last
		}()
		time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
		cmd.Wait()
		last := <-acked

		s, err := sqlstore.Open(ctx, file)
		require.NoError(t, err)
		batches := map[string][]uint64{}
		sizes := map[string]int{}
		var version uint64
		for r, err := range s.ReadStream(ctx, id, 0) {
			require.NoError(t, err)
			require.Equal(t, version+1, r.Version, "round %d: versions are contiguous", round)
			version = r.Version
			var m batchMark
			require.NoError(t, json.Unmarshal(r.Data, &m))
			batches[m.Batch] = append(batches[m.Batch], r.Version)
			sizes[m.Batch] = m.Size
		}
		require.NoError(t, s.Verify(ctx, id), "round %d: the hash chain holds", round)
		require.NoError(t, s.Close())
		require.GreaterOrEqual(t, version, last, "round %d: every acknowledged append is stored (acked %d, stored %d)", round, last, version)
		for b, vs := range batches {
			require.Len(t, vs, sizes[b], "round %d: batch %s is partial", round, b)
		}
		t.Logf("round %d: killed after %d acknowledged versions; %d stored", round, last, version)
	}
}
