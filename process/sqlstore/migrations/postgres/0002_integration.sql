-- Concurrent appends without one lock for the database. A position is now
-- the appending transaction's ID (pg_current_xact_id(), xid8) shifted left
-- by 20 bits, plus the event's place in that transaction: ordering by
-- position is ordering by (transaction ID, place). A reader of the global
-- order reads only positions below pg_snapshot_xmin(pg_current_snapshot())
-- shifted the same way: every transaction below that ID has ended, so no
-- event can still appear below the bound, and a tailing reader never skips
-- a late commit. Positions written before this migration (1, 2, …) stay as
-- they were and come first; the check below makes sure they cannot collide.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM samling_events WHERE position >= (pg_current_xact_id()::text::bigint << 20)) THEN
        RAISE EXCEPTION 'samling: stored positions reach the transaction-ID range; see docs/storage.md';
    END IF;
END $$;
ALTER TABLE samling_events ALTER COLUMN position DROP IDENTITY;
-- The store writes every position itself. A writer that bypasses it gets
-- one from this default: the right transaction, a place in it from a
-- sequence.
CREATE SEQUENCE samling_events_place;
ALTER TABLE samling_events ALTER COLUMN position SET DEFAULT ((pg_current_xact_id()::text::bigint << 20) | (nextval('samling_events_place') & 1048575));

-- The process index: one row per stream, written by every append in its
-- own transaction (see process.IndexEntry). Times are microseconds since
-- 1970-01-01 UTC, as in samling_events.
CREATE TABLE samling_processes (
    process     TEXT   COLLATE "C" PRIMARY KEY,
    name        TEXT   NOT NULL,
    template    TEXT   NOT NULL, -- the template's ID
    template_sv TEXT   NOT NULL, -- its name in Swedish
    template_en TEXT   NOT NULL, -- and in English
    phase       TEXT   NOT NULL,
    cycle       BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    started_at  BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL
);
CREATE INDEX samling_processes_changed ON samling_processes (changed_at DESC, process DESC);
CREATE INDEX samling_processes_started ON samling_processes (started_at, process);

-- The checkpoint of each named consumer of the global order: the position
-- of the last event it has handled.
CREATE TABLE samling_checkpoints (
    name     TEXT   PRIMARY KEY,
    position BIGINT NOT NULL
);
