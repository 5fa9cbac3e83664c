-- A team's Briefdesk library on PostgreSQL, schema version 1.
--
-- Briefs, issues, tags and the publication settings are stored as the documents Briefdesk's
-- whole-library export writes (crates/briefdesk-core/src/format/library.rs), so the server keeps
-- exactly what a replica holds and a newer Briefdesk can read what an older one wrote.
--
-- Every row that syncs carries `seq`, the change number of the transaction that last wrote it.
-- Writers take one transaction-level advisory lock before they draw a number and hold it to
-- commit, so numbers become visible in the order they were drawn: a replica that has read every
-- row with seq <= N can never later meet a row numbered N or less committed late.

CREATE SEQUENCE briefdesk.change_seq;

CREATE TABLE briefdesk.members (
    login         text PRIMARY KEY,
    display_name  text NOT NULL,
    role          text NOT NULL CHECK (role IN ('contributor', 'editor', 'admin')),
    added_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE briefdesk.publication (
    id   integer PRIMARY KEY CHECK (id = 1),
    doc  jsonb NOT NULL,
    seq  bigint NOT NULL
);

CREATE TABLE briefdesk.tags (
    name     text PRIMARY KEY,
    colour   text,
    seq      bigint NOT NULL,
    deleted  boolean NOT NULL DEFAULT false
);
-- Tag names are unique whatever their case, as in the local library.
CREATE UNIQUE INDEX tags_name_nocase ON briefdesk.tags (lower(name));
CREATE INDEX tags_seq ON briefdesk.tags (seq);

CREATE TABLE briefdesk.briefs (
    id          uuid PRIMARY KEY,
    doc         jsonb NOT NULL,
    version     bigint NOT NULL,
    author      text NOT NULL,
    updated_by  text NOT NULL,
    seq         bigint NOT NULL,
    deleted     boolean NOT NULL DEFAULT false
);
CREATE INDEX briefs_seq ON briefdesk.briefs (seq);

CREATE TABLE briefdesk.issues (
    id          uuid PRIMARY KEY,
    number      integer NOT NULL,
    doc         jsonb NOT NULL,
    updated_by  text NOT NULL,
    seq         bigint NOT NULL,
    deleted     boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX issues_number ON briefdesk.issues (number) WHERE NOT deleted;
CREATE INDEX issues_seq ON briefdesk.issues (seq);
