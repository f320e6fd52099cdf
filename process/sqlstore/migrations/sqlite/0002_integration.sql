-- The process index: one row per stream, written by every append in its
-- own transaction (see process.IndexEntry). Times are microseconds since
-- 1970-01-01 UTC, as in samling_events.
CREATE TABLE samling_processes (
    process     TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    template    TEXT    NOT NULL, -- the template's ID
    template_sv TEXT    NOT NULL, -- its name in Swedish
    template_en TEXT    NOT NULL, -- and in English
    phase       TEXT    NOT NULL,
    cycle       INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL
);
CREATE INDEX samling_processes_changed ON samling_processes (changed_at DESC, process DESC);
CREATE INDEX samling_processes_started ON samling_processes (started_at, process);

-- The checkpoint of each named consumer of the global order: the position
-- of the last event it has handled.
CREATE TABLE samling_checkpoints (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
);
