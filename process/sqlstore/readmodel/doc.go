// Package readmodel keeps relational tables for reporting tools (Excel,
// Power BI, Metabase, plain SQL) current from the events of a
// sqlstore.Store, in the store's own database: one row per process,
// organisation, person, group membership, proposal, measure, round,
// consultee, response and stance per measure, decision, matrix entry,
// survey question and observation, in SQLite or PostgreSQL.
//
//	p, err := readmodel.New(ctx, store, nil) // tables report_processes, report_measures, …
//	go p.Run(ctx, nil)                       // follows every append until ctx is done
//
// # How it works
//
// A Projector is a process.Consumer: it reads the global order from its
// checkpoint and, for each batch, folds every process the batch touches
// (with a process.Engine, which keeps the folded states in memory) and
// rewrites that process's rows in every table, in one transaction with
// the checkpoint. The rows are therefore always the current State of the
// process as the library itself answers it (the same queries: Counts,
// Lineage, Compilation's rules for the latest answer per organisation,
// RollupBy's matrix) and never a second implementation of the fold: a
// new event type needs no change here, only a new column does. Rows of a
// process already at the batch's version are left alone, so a rebuild
// writes each process once.
//
// The tables are disposable: Rebuild drops them and starts again from
// position 0, and New does so by itself when they were written by a
// release with another SchemaVersion. They hold no data the events do
// not; never write to them.
//
// Persons follow the name policy of package export (Options.Names): by
// ID with no name (the default), by pseudonym, or by name. docs/integration.md
// documents every table and column, for readers who know SQL and not Go.
//
// # Tenants
//
// The tables are created through the store's connections, so they live
// where its own tables do: in the tenant's schema on PostgreSQL (with
// sqlstore.Options.Schema), in the tenant's file on SQLite. A prefix
// (Options.Prefix, default "report_") keeps them apart from the host's
// own tables and lets several read models, say one with names and one
// without, share a database.
//
// # Why a package of its own, and here
//
// A read model has its own vocabulary (tables, columns, a checkpoint, a
// rebuild) and its own dependencies (the SQL store's transactions and
// dialects, export's name policy), which belong neither in process (no
// SQL) nor in export (files, not a database kept current). It sits under
// process/sqlstore because it writes through a *sqlstore.Store's
// database, in the same transaction as its checkpoint; a host with
// another database can still use it as a model, or write its own
// process.Consumer.
//
// # Cost
//
// Rewriting Västra Götaland's process (500 proposals, 44 measures, a remiss
// of 54 consultees, a matrix of 764 entries: about 2 300 rows) takes about
// 20 ms on SQLite and 55 ms on PostgreSQL on a 2-core machine
// (BenchmarkReadModel_Rebuild in examples/vastragotaland); a batch costs
// that for each process it touches, whatever the number of its events.
package readmodel
