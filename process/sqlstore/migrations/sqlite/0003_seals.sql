-- Re-seals of a stream's hash chain after a lawful rewrite of the archive
-- (see Store.Reseal): from which version the chain was computed again, on
-- whose decision, and the head hash before and after, so that the break
-- is on record and tampering after the re-seal is caught like any other.
CREATE TABLE samling_seals (
    process    TEXT    NOT NULL,
    sealed_at  INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
    from_version INTEGER NOT NULL CHECK (from_version >= 1),
    reference  TEXT    NOT NULL CHECK (reference <> ''),
    old_head   BLOB    NOT NULL,
    new_head   BLOB    NOT NULL
);
CREATE INDEX samling_seals_process ON samling_seals (process, sealed_at);
