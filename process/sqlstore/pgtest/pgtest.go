// Package pgtest gives tests a PostgreSQL database: the server named by the
// environment variable SAMLING_POSTGRES_URL, or else a throw-away server
// started from the installed PostgreSQL binaries, with its own data
// directory and socket, stopped when the tests end.
//
// A test package starts it once in TestMain and asks for a fresh database
// per test:
//
//	var pg *pgtest.Server
//
//	func TestMain(m *testing.M) {
//		var stop func()
//		pg, stop = pgtest.Start()
//		code := m.Run()
//		stop()
//		os.Exit(code)
//	}
//
//	func TestSomething(t *testing.T) {
//		url := pg.Database(t) // skips, saying why, when there is no PostgreSQL
//	}
//
// With neither a URL nor the binaries, Database skips the test with a
// message that says how to run it; when the environment variable CI is
// "true" it fails instead, because CI installs PostgreSQL and must never
// skip these tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvFsync names the environment variable that, set to "on", makes the
// throw-away server durable (fsync on), for benchmarks that should pay
// what production pays. By default it runs with fsync off: faster, and
// enough for tests that do not kill the server.
const EnvFsync = "SAMLING_PGTEST_FSYNC"

// EnvURL names the environment variable with the URL of a PostgreSQL
// server to test against, as postgres://user:password@host:port/database.
// The user must be allowed to create databases.
const EnvURL = "SAMLING_POSTGRES_URL"

// Server is a PostgreSQL server for tests.
type Server struct {
	url string // the server's admin URL; "" when there is none
	why string // why there is none
}

// Start returns the server for this test binary, and a function that
// stops it if Start started it. It never fails: when no server can be had,
// the reason is kept and reported by [Server.Database].
func Start() (*Server, func()) {
	if u := os.Getenv(EnvURL); u != "" {
		return &Server{url: u}, func() {}
	}
	bin, err := binaries()
	if err != nil {
		return &Server{why: err.Error()}, func() {}
	}
	s, stop, err := startServer(bin)
	if err != nil {
		return &Server{why: "starting a throw-away server from " + bin + " failed: " + err.Error()}, func() {}
	}
	return s, stop
}

// Database creates a new, empty database on the server and returns its
// URL; it is dropped when the test ends. Without a server it skips the
// test (or, with CI=true, fails it), saying how to run it.
func (s *Server) Database(t testing.TB) string {
	t.Helper()
	if s.url == "" {
		msg := "PostgreSQL tests need a server: set " + EnvURL + "=postgres://user@host/db, or install PostgreSQL " +
			"(apt-get install postgresql) so the tests can start a throw-away one (" + s.why + ")"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	admin, err := sql.Open("pgx", s.url)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "samling_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", s.url)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatalf("pgtest: %s is not a URL: %v", EnvURL, err)
	}
	u.Path = "/" + name
	return u.String()
}

// binaries finds the directory of initdb and pg_ctl.
func binaries() (string, error) {
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(found))) // the newest version first
	dirs = append(dirs, found...)
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
				return d, nil
			}
		}
	}
	return "", errors.New("no PostgreSQL binaries (initdb, pg_ctl) found")
}

// startServer initialises a data directory and starts a server listening
// only on a socket in that directory.
func startServer(bin string) (*Server, func(), error) {
	dir, err := os.MkdirTemp("", "samling-pg-")
	if err != nil {
		return nil, nil, err
	}
	data := filepath.Join(dir, "data")
	// PostgreSQL refuses to run as root: run it as the postgres user then.
	runAs, owner := []string(nil), "postgres"
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, errors.New("running as root and there is no postgres user to run the server as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		runAs = []string{"runuser", "-u", "postgres", "--"}
	} else if u, err := user.Current(); err == nil {
		owner = u.Username
	}
	run := func(name string, args ...string) error {
		cmd := append(append([]string{}, runAs...), append([]string{filepath.Join(bin, name)}, args...)...)
		out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if err := run("initdb", "-D", data, "-U", owner, "--auth=trust", "--no-sync", "-E", "UTF8"); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	fsync := "off"
	if os.Getenv(EnvFsync) == "on" {
		fsync = "on"
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c fsync=%s -c max_connections=200", dir, fsync)
	if err := run("pg_ctl", "-D", data, "-o", opts, "-w", "-t", "60", "-l", filepath.Join(dir, "log"), "start"); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	stop := func() {
		run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
		os.RemoveAll(dir)
	}
	u := url.URL{Scheme: "postgres", User: url.User(owner), Path: "/postgres", RawQuery: "host=" + url.QueryEscape(dir)}
	return &Server{url: u.String()}, stop, nil
}

// OnDemand is a server started only when a test first asks it for a
// database, for a test binary whose PostgreSQL tests are few among many:
// declare one, and call Stop from TestMain after m.Run. The zero value is
// ready to use.
type OnDemand struct {
	once   sync.Once
	server *Server
	stop   func()
}

// Database starts the server if this is the first call, then returns a
// new database as [Server.Database] does.
func (o *OnDemand) Database(t testing.TB) string {
	o.once.Do(func() { o.server, o.stop = Start() })
	return o.server.Database(t)
}

// Stop stops the server if Database started it.
func (o *OnDemand) Stop() {
	if o.stop != nil {
		o.stop()
	}
}
