-- Briefdesk library, schema version 1.
-- Ids are UUID v7 text; positions are gapless 0..n per parent, kept so by the core.

CREATE TABLE briefs (
    id          TEXT PRIMARY KEY NOT NULL,
    headline    TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'published')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX briefs_updated ON briefs (updated_at DESC, id);
CREATE INDEX briefs_status_updated ON briefs (status, updated_at DESC, id);

CREATE TABLE sources (
    brief_id  TEXT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    outlet    TEXT NOT NULL,
    date      TEXT,
    url       TEXT,
    title     TEXT,
    PRIMARY KEY (brief_id, position)
) WITHOUT ROWID;
CREATE INDEX sources_outlet ON sources (outlet COLLATE NOCASE);
CREATE INDEX sources_date ON sources (date);

CREATE TABLE tags (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    colour  TEXT
);

CREATE TABLE brief_tags (
    brief_id  TEXT NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (brief_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX brief_tags_tag ON brief_tags (tag_id, brief_id);

CREATE TABLE issues (
    id          TEXT PRIMARY KEY NOT NULL,
    number      INTEGER NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    date        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    subject     TEXT NOT NULL DEFAULT '',
    preheader   TEXT NOT NULL DEFAULT '',
    intro       TEXT NOT NULL DEFAULT '',
    closing     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE sections (
    id        TEXT PRIMARY KEY NOT NULL,
    issue_id  TEXT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    UNIQUE (issue_id, name)
);
CREATE INDEX sections_issue ON sections (issue_id, position);

-- A brief sits in at most one issue: brief_id is the key.
CREATE TABLE issue_briefs (
    brief_id    TEXT PRIMARY KEY NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    section_id  TEXT NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX issue_briefs_section ON issue_briefs (section_id, position);

CREATE TABLE publication (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT NOT NULL DEFAULT '',
    tagline           TEXT NOT NULL DEFAULT '',
    footer            TEXT NOT NULL DEFAULT '',
    default_template  TEXT NOT NULL DEFAULT 'html'
);
INSERT INTO publication (id) VALUES (1);

-- Full-text index: one row per brief (rowid = briefs.rowid), rebuilt for that brief by triggers.
CREATE VIRTUAL TABLE brief_fts USING fts5 (
    headline, body, sources, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIEW brief_fts_source AS
SELECT b.rowid AS rowid,
       b.headline AS headline,
       b.body AS body,
       coalesce((SELECT group_concat(s.outlet || ' ' || coalesce(s.title, ''), ' ')
                 FROM sources s WHERE s.brief_id = b.id), '') AS sources,
       coalesce((SELECT group_concat(t.name, ' ')
                 FROM brief_tags bt JOIN tags t ON t.id = bt.tag_id
                 WHERE bt.brief_id = b.id), '') AS tags,
       b.id AS id
FROM briefs b;

CREATE TRIGGER briefs_fts_insert AFTER INSERT ON briefs BEGIN
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.id;
END;
CREATE TRIGGER briefs_fts_update AFTER UPDATE OF headline, body ON briefs BEGIN
    DELETE FROM brief_fts WHERE rowid = old.rowid;
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.id;
END;
CREATE TRIGGER briefs_fts_delete AFTER DELETE ON briefs BEGIN
    DELETE FROM brief_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER sources_fts_update AFTER UPDATE ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = old.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = old.brief_id;
END;

CREATE TRIGGER brief_tags_fts_insert AFTER INSERT ON brief_tags BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER brief_tags_fts_delete AFTER DELETE ON brief_tags BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = old.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, headline, body, sources, tags FROM brief_fts_source WHERE id = old.brief_id;
END;
CREATE TRIGGER tags_fts_rename AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM brief_fts WHERE rowid IN (
        SELECT b.rowid FROM briefs b JOIN brief_tags bt ON bt.brief_id = b.id WHERE bt.tag_id = new.id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT f.rowid, f.headline, f.body, f.sources, f.tags FROM brief_fts_source f
    WHERE f.id IN (SELECT brief_id FROM brief_tags WHERE tag_id = new.id);
END;
