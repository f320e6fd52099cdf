// Package sqlstore is the durable [process.Store]: SQLite as the embedded
// default (one file, no server, pure Go through modernc.org/sqlite) and
// PostgreSQL for production (through github.com/jackc/pgx). Both pass the
// conformance suite in package storetest, and both are also a
// [process.Verifier] (every event's hash is chained to the one before it)
// and a [process.Snapshotter].
//
//	store, err := sqlstore.Open(ctx, "samling.db")                     // SQLite
//	store, err := sqlstore.Open(ctx, "postgres://user@host/db")        // PostgreSQL
//	defer store.Close()
//
// Open applies the schema migrations shipped in the package, in a
// transaction, and records them in the table samling_schema; every table
// of the store is named samling_…, so it can share a database with the
// host's own tables.
//
// # What the database enforces
//
// Versions are unique per stream and must follow the one before
// (a foreign key from (process, version-1) to (process, version)); event
// IDs are unique. A violation is mapped to process.ErrConflict or
// process.ErrDuplicateEvent, so the guarantees hold even against a writer
// that skipped the checks.
//
// SQLite runs in WAL mode with synchronous=FULL, so an acknowledged append
// survives the process being killed, and writers take the write lock at the
// start of their transaction (BEGIN IMMEDIATE) and wait for it (a busy
// timeout) instead of failing with "database is locked".
//
// PostgreSQL appends to different streams run concurrently: an event's
// position is its transaction's ID (xid8) and its place in the
// transaction, and a global read stops below the oldest transaction still
// running, so a reader of the global order never skips an event that
// commits late (see [Store.ReadAll] and docs/storage.md).
//
// # For integration
//
// Both dialects are a [process.Indexer] (the table samling_processes,
// written in each append's transaction), a [process.Checkpointer] (the
// table samling_checkpoints) and a [process.Notifier] (LISTEN/NOTIFY on
// PostgreSQL, polling on SQLite). [Store.Subscribe] hands a subscription's
// handler the transaction that also saves its checkpoint. On PostgreSQL
// each tenant can have a schema of its own ([Options].Schema, with
// [OpenWith]); on SQLite a file of its own. See docs/integration.md.
//
// # Faults
//
// A failure of the database is a [*process.StorageError] matching
// process.ErrStorage and, where the store can tell, process.ErrUnavailable,
// ErrReadOnly or ErrFull; a cancelled call returns the context's error.
// Before each write a SQLite store checks that its path still names the
// file it opened, and refuses with ErrUnavailable if the file (or its
// directory) was removed or replaced, instead of acknowledging writes
// into a file nobody can open again. See docs/storage.md.
package sqlstore
