-- The feeds inbox: subscriptions and the items they brought, kept so the inbox reads offline.
-- A feed remembers its validators (ETag, Last-Modified) for conditional requests, and how its
-- last fetch went: an error or "offline" is shown on the feed and never touches its items.
CREATE TABLE feeds (
    id             INTEGER PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL DEFAULT '',
    site_url       TEXT,
    etag           TEXT,
    last_modified  TEXT,
    added_at       TEXT NOT NULL,
    -- When the feed last answered (200 or 304), and when it was last asked.
    fetched_at     TEXT,
    tried_at       TEXT,
    error          TEXT,
    offline        INTEGER NOT NULL DEFAULT 0
);

-- One row per item a feed ever listed; an item that leaves the feed stays. `guid` is the
-- feed's own id for the item (or one derived from its link), so a changed item is updated in
-- place, never duplicated. Summaries are plain text: markup is removed before they are stored.
-- `url_key` is the duplicate-source check's form of the item's link.
CREATE TABLE feed_items (
    id            INTEGER PRIMARY KEY,
    feed_id       INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid          TEXT NOT NULL,
    url           TEXT,
    url_key       TEXT,
    title         TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    published_at  TEXT,
    seen_at       TEXT NOT NULL,
    -- The inbox's order: the publication time, or when the item was first seen without one.
    sort_at       TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'dismissed', 'drafted')),
    brief_id      TEXT,
    UNIQUE (feed_id, guid)
);
-- The inbox's order (new first, newest first), over all feeds and per feed.
CREATE INDEX feed_items_inbox ON feed_items (state <> 'new', sort_at DESC, id DESC);
CREATE INDEX feed_items_feed ON feed_items (feed_id, state <> 'new', sort_at DESC, id DESC);
