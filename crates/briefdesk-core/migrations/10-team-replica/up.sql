-- A library that is a team's replica: which server it follows, what it last pulled, and what
-- changed here since the last push. Nothing in these tables is used by a library of one editor.

-- The server this library is a replica of (never a password) and the change number it has pulled
-- everything up to. No row: the library belongs to one editor, and nothing is queued.
CREATE TABLE team_replica (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    server      TEXT NOT NULL,
    pulled_seq  INTEGER NOT NULL DEFAULT 0,
    joined_at   TEXT NOT NULL
);

-- The server's copy each brief was last in step with: its version there and its document. It is
-- the common ancestor when both sides changed the brief (a three-way merge, part by part).
CREATE TABLE team_base (
    brief_id        TEXT PRIMARY KEY NOT NULL,
    server_version  INTEGER NOT NULL,
    doc             TEXT
) WITHOUT ROWID;

-- The outbox: one row per brief changed here since it was last pushed, written by the triggers
-- below in the same transaction as the change, so an acknowledged edit is always queued.
-- `changes` moves on with every change, so a push only clears a row nothing changed since it read.
CREATE TABLE team_outbox (
    brief_id  TEXT PRIMARY KEY NOT NULL,
    changes   INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- Briefs both sides changed in the same part: the server's copy waits here until the editor
-- chooses; until then the brief is not pushed.
CREATE TABLE team_conflicts (
    brief_id        TEXT PRIMARY KEY NOT NULL,
    parts           TEXT NOT NULL,
    their_version   INTEGER NOT NULL,
    their_doc       TEXT,
    found_at        TEXT NOT NULL
) WITHOUT ROWID;

-- Briefs the server refused to take from this library (a change the editor's role does not
-- allow), with its reason. Kept, never dropped: the edit stays here and in the outbox, and is sent
-- again once it changes (`changes` is the outbox's count when it was refused).
CREATE TABLE team_refused (
    brief_id    TEXT PRIMARY KEY NOT NULL,
    changes     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    refused_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Present only while changes pulled from the server are applied, so they are not queued back.
CREATE TABLE team_applying (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
);

CREATE TRIGGER team_queue_brief_insert AFTER INSERT ON briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.id);
END;

CREATE TRIGGER team_queue_brief_update AFTER UPDATE ON briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.id);
END;

CREATE TRIGGER team_queue_brief_delete AFTER DELETE ON briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = OLD.id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (OLD.id);
END;

-- A brief's sources and tags are part of it.
CREATE TRIGGER team_queue_source_insert AFTER INSERT ON sources
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.brief_id);
END;

CREATE TRIGGER team_queue_source_delete AFTER DELETE ON sources
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = OLD.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (OLD.brief_id);
END;

CREATE TRIGGER team_queue_source_update AFTER UPDATE ON sources
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.brief_id);
END;

CREATE TRIGGER team_queue_tag_link AFTER INSERT ON brief_tags
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = NEW.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (NEW.brief_id);
END;

CREATE TRIGGER team_queue_tag_unlink AFTER DELETE ON brief_tags
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1 WHERE brief_id = OLD.brief_id;
    INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (OLD.brief_id);
END;

-- A renamed tag changes every brief that carries it.
CREATE TRIGGER team_queue_tag_rename AFTER UPDATE OF name ON tags
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_outbox SET changes = changes + 1
    WHERE brief_id IN (SELECT brief_id FROM brief_tags WHERE tag_id = NEW.id);
    INSERT OR IGNORE INTO team_outbox (brief_id)
    SELECT brief_id FROM brief_tags WHERE tag_id = NEW.id;
END;
