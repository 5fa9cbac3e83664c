-- An import is stored in parts of a few hundred briefs, each its own short transaction, so that
-- an autosave never waits for a whole import. Until its last part commits, what the import has
-- added is listed here, and it is taken away again if the import fails, or if its process died
-- (the next open of the library does it). A finished import leaves no row here.
CREATE TABLE unfinished_imports (
    id          TEXT PRIMARY KEY NOT NULL,
    started_at  TEXT NOT NULL
) WITHOUT ROWID;

-- What an unfinished import added: its briefs, and the tags, sections and issue it created.
CREATE TABLE unfinished_import_rows (
    import_id  TEXT NOT NULL REFERENCES unfinished_imports (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('brief', 'tag', 'section', 'issue')),
    row_id     TEXT NOT NULL,
    PRIMARY KEY (import_id, kind, row_id)
) WITHOUT ROWID;
