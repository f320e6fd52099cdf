-- The event streams. Every guarantee of the storage contract that a table
-- can hold is held here, not only checked by the code that writes:
--   position  grows and is never reused (AUTOINCREMENT): the global order;
--   id        is unique: an event is stored once, retries are recognised;
--   (process, version) is unique: one winner per version;
--   prev_version must name the event before it in the same stream, so
--             versions are contiguous from 1.
CREATE TABLE samling_events (
    position     INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT    NOT NULL,
    process      TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    prev_version INTEGER,
    type         TEXT    NOT NULL CHECK (type <> ''),
    occurred_at  INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
    data         BLOB    NOT NULL,
    hash         BLOB    NOT NULL, -- process.ChainHash over the event and the one before
    CONSTRAINT samling_events_id UNIQUE (id),
    CONSTRAINT samling_events_stream UNIQUE (process, version),
    -- NULL must not slip through: a CHECK passes when its expression is NULL.
    CONSTRAINT samling_events_contiguous CHECK ((version = 1 AND prev_version IS NULL) OR (version > 1 AND prev_version IS NOT NULL AND prev_version = version - 1)),
    CONSTRAINT samling_events_previous FOREIGN KEY (process, prev_version) REFERENCES samling_events (process, version)
);

-- One snapshot per process: an optimisation, never trusted over the events.
CREATE TABLE samling_snapshots (
    process  TEXT    PRIMARY KEY,
    version  INTEGER NOT NULL,
    event    TEXT    NOT NULL,
    data     BLOB    NOT NULL
);
