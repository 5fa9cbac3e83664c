-- The readable text of a source's page as it was fetched, so the editor can read it offline and
-- the checks can look for a brief's quotations in it. Keyed by the page (the same key as the
-- duplicate-source check), not by a source row: a brief's sources are rewritten on every save,
-- and a page cited by two briefs is kept once. The text is deflate-compressed UTF-8.
CREATE TABLE source_snapshots (
    url_key     TEXT PRIMARY KEY NOT NULL,
    url         TEXT NOT NULL,
    fetched_at  TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    text        BLOB NOT NULL
) WITHOUT ROWID;
