-- What a push is sending, written here before the server commits it: each brief's document and
-- the server version it takes if the commit goes through. If the process dies (or the connection
-- drops) between the server's commit and this library recording it, the next pull recognises the
-- server's copy as this library's own, even when the brief was edited again here in between,
-- instead of taking it for someone else's change (a conflict of the editor with themselves).
-- Cleared when the push is recorded or the server's copy has been seen.
CREATE TABLE team_sent (
    brief_id        TEXT PRIMARY KEY NOT NULL,
    server_version  INTEGER NOT NULL,
    doc             TEXT
) WITHOUT ROWID;
