//! The feeds inbox in the library: subscriptions, what their fetches brought, and items turned
//! into draft briefs. Fetching is not done here (the core never touches the network): a caller
//! asks for a feed's validators, fetches, and hands back a [`FeedFetch`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;
use uuid::Uuid;

use super::{Library, briefs, now, parse_timestamp, timestamp};
use crate::check::{self, SourceUse, url_key};
use crate::error::{Error, Result};
use crate::model::{Brief, BriefDraft, SourceDraft, Status};
use crate::validate;

/// A subscription, with how its last fetch went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Feed {
    #[ts(type = "number")]
    pub id: i64,
    pub url: String,
    /// The feed's own title (empty until its first fetch).
    pub title: String,
    pub site_url: Option<String>,
    #[ts(type = "string | null")]
    pub fetched_at: Option<DateTime<Utc>>,
    /// Why the last fetch failed; the items from earlier fetches are kept.
    pub error: Option<String>,
    /// The last fetch found no network: "offline, will try again".
    pub offline: bool,
    pub items: u32,
    pub new_items: u32,
}

impl Feed {
    /// The feed's title, or its address before it has one.
    pub fn name(&self) -> &str {
        if self.title.trim().is_empty() {
            &self.url
        } else {
            &self.title
        }
    }
}

/// What became of an item in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FeedItemState {
    New,
    Dismissed,
    Drafted,
}

impl FeedItemState {
    fn as_str(self) -> &'static str {
        match self {
            FeedItemState::New => "new",
            FeedItemState::Dismissed => "dismissed",
            FeedItemState::Drafted => "drafted",
        }
    }

    fn parse(text: &str) -> FeedItemState {
        match text {
            "dismissed" => FeedItemState::Dismissed,
            "drafted" => FeedItemState::Drafted,
            _ => FeedItemState::New,
        }
    }
}

/// An item as the inbox shows it. Title and summary are plain text (markup was removed before
/// they were stored), still to be shown as text, never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedItem {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub feed_id: i64,
    pub feed_title: String,
    pub url: Option<String>,
    pub title: String,
    pub summary: String,
    #[ts(type = "string | null")]
    pub published_at: Option<DateTime<Utc>>,
    pub state: FeedItemState,
    /// The draft brief made from it.
    #[ts(type = "string | null")]
    pub brief_id: Option<Uuid>,
    /// A brief that already cites the same page (the duplicate-source check's reading of a
    /// URL), newest issue first.
    pub used_in: Option<SourceUse>,
}

/// Which items, and which page of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FeedItemQuery {
    /// One feed, or all.
    #[ts(type = "number | null")]
    pub feed: Option<i64>,
    pub only_new: bool,
    /// Words that must all appear in the title or summary (case-insensitive).
    pub text: String,
    pub offset: u32,
    pub limit: u32,
}

impl Default for FeedItemQuery {
    fn default() -> Self {
        FeedItemQuery {
            feed: None,
            only_new: false,
            text: String::new(),
            offset: 0,
            limit: 100,
        }
    }
}

/// One page of items, new ones first, newest first, with the counts of the whole selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedItemPage {
    pub items: Vec<FeedItem>,
    /// Items matching the query (all pages).
    pub total: u32,
    /// Of those, still new.
    pub new_total: u32,
}

/// What to send with a feed's next request so that an unchanged feed answers 304.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedValidators {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// An item as a fetch read it, already reduced to plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomingItem {
    /// The feed's id for the item (its link when it has none).
    pub guid: String,
    pub url: Option<String>,
    pub title: String,
    pub summary: String,
    pub published_at: Option<DateTime<Utc>>,
}

/// How a fetch of a feed went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedFetch {
    /// 304: nothing changed; the items are kept as they are.
    NotModified,
    Fetched {
        title: String,
        site_url: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        items: Vec<IncomingItem>,
    },
    /// The fetch failed; `offline` when the network was not there. Items are untouched.
    Failed { message: String, offline: bool },
}

/// What recording a fetch did, for the fetch's report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeedFetched {
    #[ts(type = "number")]
    pub feed: i64,
    pub title: String,
    pub added: u32,
    pub updated: u32,
    pub not_modified: bool,
    pub error: Option<String>,
    pub offline: bool,
}

/// The most items one page returns.
const MAX_PAGE: u32 = 500;

const FEED_COLUMNS: &str = "f.id, f.url, f.title, f.site_url, f.fetched_at, f.error, f.offline,
    (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id),
    (SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'new')";

fn feed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed {
        id: r.get(0)?,
        url: r.get(1)?,
        title: r.get(2)?,
        site_url: r.get(3)?,
        fetched_at: r
            .get::<_, Option<String>>(4)?
            .map(|t| parse_timestamp(&t, 4))
            .transpose()?,
        error: r.get(5)?,
        offline: r.get(6)?,
        items: r.get(7)?,
        new_items: r.get(8)?,
    })
}

impl Library {
    /// Subscribes to the feed at `url` (an http(s) address); subscribing again to the same
    /// address returns the existing subscription.
    #[instrument(skip(self))]
    pub fn add_feed(&mut self, url: &str, title: Option<&str>) -> Result<Feed> {
        let url = url.trim();
        if url_key(url).is_none() {
            return Err(Error::invalid(
                "url",
                format!("“{url}” is not a web address (http or https)"),
            ));
        }
        self.conn.execute(
            "INSERT INTO feeds (url, title, added_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (url) DO NOTHING",
            params![url, title.unwrap_or("").trim(), timestamp(now())],
        )?;
        let id: i64 = self
            .conn
            .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |r| r.get(0))?;
        self.feed(id)
    }

    pub fn feed(&self, id: i64) -> Result<Feed> {
        self.conn
            .query_row(
                &format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.id = ?1"),
                [id],
                feed_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("feed", id.to_string()))
    }

    /// Every subscription, by title.
    pub fn feeds(&self) -> Result<Vec<Feed>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f
             ORDER BY CASE WHEN f.title = '' THEN f.url ELSE f.title END COLLATE NOCASE, f.id"
        ))?;
        Ok(stmt
            .query_map([], feed_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Unsubscribes from feed `id` and forgets its items (briefs drafted from them stay).
    #[instrument(skip(self))]
    pub fn remove_feed(&mut self, id: i64) -> Result<Feed> {
        let feed = self.feed(id)?;
        // Items go with the feed (ON DELETE CASCADE), in the same statement.
        self.conn.execute("DELETE FROM feeds WHERE id = ?1", [id])?;
        Ok(feed)
    }

    /// What to send with the next request for feed `id`.
    pub fn feed_validators(&self, id: i64) -> Result<FeedValidators> {
        self.conn
            .query_row(
                "SELECT url, etag, last_modified FROM feeds WHERE id = ?1",
                [id],
                |r| {
                    Ok(FeedValidators {
                        url: r.get(0)?,
                        etag: r.get(1)?,
                        last_modified: r.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| Error::not_found("feed", id.to_string()))
    }

    /// Keeps what a fetch of feed `id` brought, in one transaction: new items added, items the
    /// feed still lists updated in place (their state kept), none removed. A failed fetch only
    /// notes its error on the feed.
    #[instrument(skip(self, fetch))]
    pub fn record_feed_fetch(&mut self, id: i64, fetch: &FeedFetch) -> Result<FeedFetched> {
        let feed = self.feed(id)?;
        let stamp = timestamp(now());
        let mut report = FeedFetched {
            feed: id,
            title: feed.name().to_string(),
            ..FeedFetched::default()
        };
        let tx = self.conn.transaction()?;
        match fetch {
            FeedFetch::NotModified => {
                tx.execute(
                    "UPDATE feeds SET fetched_at = ?2, tried_at = ?2, error = NULL, offline = 0
                     WHERE id = ?1",
                    params![id, stamp],
                )?;
                report.not_modified = true;
            }
            FeedFetch::Failed { message, offline } => {
                tx.execute(
                    "UPDATE feeds SET tried_at = ?2, error = ?3, offline = ?4 WHERE id = ?1",
                    params![id, stamp, message, offline],
                )?;
                report.error = Some(message.clone());
                report.offline = *offline;
            }
            FeedFetch::Fetched {
                title,
                site_url,
                etag,
                last_modified,
                items,
            } => {
                tx.execute(
                    "UPDATE feeds SET title = CASE WHEN ?2 = '' THEN title ELSE ?2 END,
                       site_url = coalesce(?3, site_url), etag = ?4, last_modified = ?5,
                       fetched_at = ?6, tried_at = ?6, error = NULL, offline = 0
                     WHERE id = ?1",
                    params![id, title.trim(), site_url, etag, last_modified, stamp],
                )?;
                if !title.trim().is_empty() {
                    report.title = title.trim().to_string();
                }
                let mut find = tx.prepare_cached(
                    "SELECT url, title, summary, published_at FROM feed_items
                     WHERE feed_id = ?1 AND guid = ?2",
                )?;
                let mut insert = tx.prepare_cached(
                    "INSERT INTO feed_items (feed_id, guid, url, url_key, title, summary,
                       published_at, seen_at, sort_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?7, ?8))",
                )?;
                let mut update = tx.prepare_cached(
                    "UPDATE feed_items SET url = ?3, url_key = ?4, title = ?5, summary = ?6,
                       published_at = ?7, sort_at = coalesce(?7, seen_at)
                     WHERE feed_id = ?1 AND guid = ?2",
                )?;
                for item in items {
                    let published = item.published_at.map(timestamp);
                    let key = item.url.as_deref().and_then(url_key);
                    let known = find
                        .query_row(params![id, item.guid], |r| {
                            Ok((
                                r.get::<_, Option<String>>(0)?,
                                r.get::<_, String>(1)?,
                                r.get::<_, String>(2)?,
                                r.get::<_, Option<String>>(3)?,
                            ))
                        })
                        .optional()?;
                    match known {
                        None => {
                            insert.execute(params![
                                id,
                                item.guid,
                                item.url,
                                key,
                                item.title,
                                item.summary,
                                published,
                                stamp
                            ])?;
                            report.added += 1;
                        }
                        Some(old) => {
                            if old
                                != (
                                    item.url.clone(),
                                    item.title.clone(),
                                    item.summary.clone(),
                                    published.clone(),
                                )
                            {
                                update.execute(params![
                                    id,
                                    item.guid,
                                    item.url,
                                    key,
                                    item.title,
                                    item.summary,
                                    published
                                ])?;
                                report.updated += 1;
                            }
                        }
                    }
                }
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// One page of items: new first, then newest first.
    pub fn feed_items(&self, query: &FeedItemQuery) -> Result<FeedItemPage> {
        let mut filter = String::from("1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(feed) = query.feed {
            args.push(feed.into());
            filter.push_str(&format!(" AND i.feed_id = ?{}", args.len()));
        }
        for word in query.text.split_whitespace().take(8) {
            let escaped = word
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(format!("%{escaped}%").into());
            let n = args.len();
            filter.push_str(&format!(
                " AND (lower(i.title) LIKE ?{n} ESCAPE '\\' OR lower(i.summary) LIKE ?{n} ESCAPE '\\')"
            ));
        }
        let (total, new_total): (u32, u32) = self.conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(i.state = 'new'), 0) FROM feed_items i WHERE {filter}"
            ),
            rusqlite::params_from_iter(args.iter()),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if query.only_new {
            filter.push_str(" AND i.state = 'new'");
        }
        let limit = query.limit.clamp(1, MAX_PAGE);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT i.id, i.feed_id, CASE WHEN f.title = '' THEN f.url ELSE f.title END, i.url,
               i.title, i.summary, i.published_at, i.state, i.brief_id
             FROM feed_items i JOIN feeds f ON f.id = i.feed_id
             WHERE {filter}
             ORDER BY i.state <> 'new', i.sort_at DESC, i.id DESC
             LIMIT {limit} OFFSET {}",
            query.offset
        ))?;
        let mut items = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(FeedItem {
                    id: r.get(0)?,
                    feed_id: r.get(1)?,
                    feed_title: r.get(2)?,
                    url: r.get(3)?,
                    title: r.get(4)?,
                    summary: r.get(5)?,
                    published_at: r
                        .get::<_, Option<String>>(6)?
                        .map(|t| parse_timestamp(&t, 6))
                        .transpose()?,
                    state: FeedItemState::parse(&r.get::<_, String>(7)?),
                    brief_id: r
                        .get::<_, Option<String>>(8)?
                        .map(|t| super::parse_uuid(&t, 8))
                        .transpose()?,
                    used_in: None,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.mark_used(&mut items)?;
        Ok(FeedItemPage {
            items,
            total,
            new_total,
        })
    }

    /// Notes on each item the brief that already cites its page, if any: one scan of the
    /// sources for every site on the page, not one per item.
    fn mark_used(&self, items: &mut [FeedItem]) -> Result<()> {
        let keys: Vec<Option<String>> = items
            .iter()
            .map(|i| i.url.as_deref().and_then(url_key))
            .collect();
        let mut hosts: Vec<&str> = keys.iter().flatten().map(|k| check::key_host(k)).collect();
        hosts.sort_unstable();
        hosts.dedup();
        // SQLite allows 32766 parameters; a page holds at most 500 items.
        let candidates = self.source_candidates(&hosts)?;
        // Each page's uses, newest issue first, its key computed once.
        let mut by_key: HashMap<String, Vec<SourceUse>> = HashMap::new();
        for found in candidates {
            if let Some(key) = url_key(&found.url) {
                by_key.entry(key).or_default().push(found);
            }
        }
        for (item, key) in items.iter_mut().zip(keys) {
            item.used_in = key
                .and_then(|k| by_key.get(&k))
                .and_then(|uses| uses.iter().find(|u| item.brief_id != Some(u.id)))
                .cloned();
        }
        Ok(())
    }

    /// Changes what became of item `id` (dismissed, or new again).
    pub fn set_feed_item_state(&mut self, id: i64, state: FeedItemState) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE feed_items SET state = ?2 WHERE id = ?1",
            params![id, state.as_str()],
        )?;
        if changed == 0 {
            return Err(Error::not_found("feed item", id.to_string()));
        }
        Ok(())
    }

    /// Makes a draft brief from item `id`: its title as the headline, and a source with the
    /// item's address and title, the feed's title as the outlet and the item's date; the item
    /// is then "drafted". Drafting it again returns the brief made the first time, if it is
    /// still there. One transaction: the brief and the item's state, or neither.
    #[instrument(skip(self))]
    pub fn draft_from_feed_item(&mut self, id: i64) -> Result<Brief> {
        let row = self
            .conn
            .query_row(
                "SELECT i.url, i.title, i.published_at, i.brief_id,
                   CASE WHEN f.title = '' THEN f.url ELSE f.title END
                 FROM feed_items i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::not_found("feed item", id.to_string()))?;
        let (url, title, published, brief_id, outlet) = row;
        if let Some(existing) = brief_id.as_deref().and_then(|b| Uuid::parse_str(b).ok())
            && let Ok(brief) = self.brief(existing)
        {
            return Ok(brief);
        }
        let date = published
            .as_deref()
            .and_then(|p| DateTime::parse_from_rfc3339(p).ok())
            .map(|t| t.date_naive().to_string());
        let headline = if title.trim().is_empty() {
            url.clone().unwrap_or_else(|| outlet.clone())
        } else {
            title.clone()
        };
        let draft = BriefDraft {
            headline,
            sources: vec![SourceDraft {
                outlet,
                date,
                url,
                title: Some(title).filter(|t| !t.trim().is_empty()),
            }],
            status: Status::Draft,
            ..BriefDraft::default()
        };
        let valid = validate::brief(&draft)?;
        let stamp = timestamp(now());
        let tx = self.conn.transaction()?;
        briefs::begin_inserts(&tx)?;
        let brief_id = briefs::insert_brief(&tx, &valid, &stamp)?;
        tx.execute(
            "UPDATE feed_items SET state = 'drafted', brief_id = ?2 WHERE id = ?1",
            params![id, brief_id.to_string()],
        )?;
        tx.commit()?;
        let brief = self.brief(brief_id)?;
        Ok(brief)
    }
}
