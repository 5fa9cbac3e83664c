-- Schema version 6: search in every script, with English word forms, without a second copy.
--
-- The full-text index becomes contentless (content=''): it stores the index only, not a copy of
-- every brief's text (the library was 3.5x its text; see docs/search.md), and snippets are cut
-- by the core from `briefs` itself. contentless_delete=1 lets the triggers delete a brief's row
-- by its rowid alone. The porter tokenizer matches English word forms ("sanctioned" finds
-- "sanctions"). Chinese, Japanese and Korean runs are indexed as bigrams by the core's SQL
-- function briefdesk_index_text(), which every connection of the library registers.

DROP TRIGGER briefs_fts_insert;
DROP TRIGGER briefs_fts_update;
DROP TRIGGER briefs_fts_delete;
DROP TRIGGER sources_fts_insert;
DROP TRIGGER sources_fts_update;
DROP TRIGGER sources_fts_delete;
DROP TRIGGER brief_tags_fts_insert;
DROP TRIGGER brief_tags_fts_delete;
DROP TRIGGER tags_fts_rename;
DROP TABLE brief_fts;

CREATE VIRTUAL TABLE brief_fts USING fts5 (
    headline, body, sources, tags,
    content = '', contentless_delete = 1,
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO brief_fts (rowid, headline, body, sources, tags)
SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
       briefdesk_index_text(sources), briefdesk_index_text(tags)
FROM brief_fts_source;

-- A brief's row is built from brief_fts_source (its headline, body, sources and tags).
CREATE TRIGGER briefs_fts_insert AFTER INSERT ON briefs BEGIN
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = new.id;
END;
CREATE TRIGGER briefs_fts_update AFTER UPDATE OF headline, body ON briefs BEGIN
    DELETE FROM brief_fts WHERE rowid = old.rowid;
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = new.id;
END;
CREATE TRIGGER briefs_fts_delete AFTER DELETE ON briefs BEGIN
    DELETE FROM brief_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER sources_fts_update AFTER UPDATE ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = old.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = old.brief_id;
END;

CREATE TRIGGER brief_tags_fts_insert AFTER INSERT ON brief_tags BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = new.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = new.brief_id;
END;
CREATE TRIGGER brief_tags_fts_delete AFTER DELETE ON brief_tags BEGIN
    DELETE FROM brief_fts WHERE rowid = (SELECT rowid FROM briefs WHERE id = old.brief_id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id = old.brief_id;
END;
CREATE TRIGGER tags_fts_rename AFTER UPDATE OF name ON tags BEGIN
    DELETE FROM brief_fts WHERE rowid IN (
        SELECT b.rowid FROM briefs b JOIN brief_tags bt ON bt.brief_id = b.id WHERE bt.tag_id = new.id);
    INSERT INTO brief_fts (rowid, headline, body, sources, tags)
    SELECT rowid, briefdesk_index_text(headline), briefdesk_index_text(body),
           briefdesk_index_text(sources), briefdesk_index_text(tags)
    FROM brief_fts_source WHERE id IN (SELECT brief_id FROM brief_tags WHERE tag_id = new.id);
END;
