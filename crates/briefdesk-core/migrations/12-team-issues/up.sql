-- A team replica's issues (with their sections and the order of briefs in them), tag colours and
-- the publication settings sync like briefs: queued by triggers in the changing transaction,
-- pushed against the server's version, merged part by part when both sides changed.

-- The server's copy each issue was last in step with (the common ancestor of a merge).
CREATE TABLE team_issue_base (
    issue_id        TEXT PRIMARY KEY NOT NULL,
    server_version  INTEGER NOT NULL,
    doc             TEXT
) WITHOUT ROWID;

-- Issues changed here since their last push. `refused_changes` and `reason`: the server refused
-- the change as it was at that count (kept here, offered again once the issue changes).
CREATE TABLE team_issue_outbox (
    issue_id         TEXT PRIMARY KEY NOT NULL,
    changes          INTEGER NOT NULL DEFAULT 1,
    refused_changes  INTEGER,
    reason           TEXT
) WITHOUT ROWID;

-- Tags created, recoloured, renamed or deleted here since the last push, by name.
CREATE TABLE team_tag_outbox (
    name     TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
    changes  INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- The publication settings: their server version and copy last in step, and changes since.
CREATE TABLE team_publication (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    server_version  INTEGER NOT NULL,
    doc             TEXT,
    changes         INTEGER NOT NULL DEFAULT 0
);

-- A replica joined before this migration: its issues and settings were uploaded or downloaded
-- whole and never changed on the server since (it could not sync them), so version 1.
INSERT INTO team_issue_base (issue_id, server_version, doc)
SELECT id, 1, NULL FROM issues WHERE EXISTS (SELECT 1 FROM team_replica);
INSERT INTO team_publication (id, server_version, doc)
SELECT 1, 1, NULL WHERE EXISTS (SELECT 1 FROM team_replica);

CREATE TRIGGER team_queue_issue_insert AFTER INSERT ON issues
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = NEW.id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (NEW.id);
END;

CREATE TRIGGER team_queue_issue_update AFTER UPDATE ON issues
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = NEW.id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (NEW.id);
END;

CREATE TRIGGER team_queue_issue_delete AFTER DELETE ON issues
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = OLD.id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (OLD.id);
END;

-- Sections and the briefs placed in them are part of their issue.
CREATE TRIGGER team_queue_section_insert AFTER INSERT ON sections
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = NEW.issue_id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (NEW.issue_id);
END;

CREATE TRIGGER team_queue_section_update AFTER UPDATE ON sections
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = NEW.issue_id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (NEW.issue_id);
END;

CREATE TRIGGER team_queue_section_delete AFTER DELETE ON sections
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = OLD.issue_id;
    INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (OLD.issue_id);
END;

CREATE TRIGGER team_queue_placement_insert AFTER INSERT ON issue_briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1
    WHERE issue_id IN (SELECT issue_id FROM sections WHERE id = NEW.section_id);
    INSERT OR IGNORE INTO team_issue_outbox (issue_id)
    SELECT issue_id FROM sections WHERE id = NEW.section_id;
END;

CREATE TRIGGER team_queue_placement_update AFTER UPDATE ON issue_briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1
    WHERE issue_id IN (SELECT issue_id FROM sections WHERE id IN (NEW.section_id, OLD.section_id));
    INSERT OR IGNORE INTO team_issue_outbox (issue_id)
    SELECT issue_id FROM sections WHERE id IN (NEW.section_id, OLD.section_id);
END;

-- Also when a brief deleted here leaves its issue (the cascade fires this trigger).
CREATE TRIGGER team_queue_placement_delete AFTER DELETE ON issue_briefs
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_issue_outbox SET changes = changes + 1
    WHERE issue_id IN (SELECT issue_id FROM sections WHERE id = OLD.section_id);
    INSERT OR IGNORE INTO team_issue_outbox (issue_id)
    SELECT issue_id FROM sections WHERE id = OLD.section_id;
END;

-- A tag made by tagging a brief travels with that brief; one made with a colour is queued.
CREATE TRIGGER team_queue_tag_insert AFTER INSERT ON tags
WHEN NEW.colour IS NOT NULL
    AND EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_tag_outbox SET changes = changes + 1 WHERE name = NEW.name;
    INSERT OR IGNORE INTO team_tag_outbox (name) VALUES (NEW.name);
END;

-- A rename is the old name gone and the new one made; a recolour changes one name.
CREATE TRIGGER team_queue_tag_update AFTER UPDATE ON tags
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_tag_outbox SET changes = changes + 1 WHERE name IN (NEW.name, OLD.name);
    INSERT OR IGNORE INTO team_tag_outbox (name) VALUES (NEW.name);
    INSERT OR IGNORE INTO team_tag_outbox (name) VALUES (OLD.name);
END;

-- A tag merged into another, or removed.
CREATE TRIGGER team_queue_tag_delete AFTER DELETE ON tags
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_tag_outbox SET changes = changes + 1 WHERE name = OLD.name;
    INSERT OR IGNORE INTO team_tag_outbox (name) VALUES (OLD.name);
END;

CREATE TRIGGER team_queue_publication AFTER UPDATE ON publication
WHEN EXISTS (SELECT 1 FROM team_replica) AND NOT EXISTS (SELECT 1 FROM team_applying)
BEGIN
    UPDATE team_publication SET changes = changes + 1;
END;
