//! Snapshots of sources' pages (their readable text, kept compressed) and the outlet a domain
//! was last cited under: what filling a source from its URL needs from the library.

use std::io::{Read, Write};

use chrono::{DateTime, NaiveDate, Utc};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use tracing::instrument;
use ts_rs::TS;
use uuid::Uuid;

use super::{Library, now, parse_timestamp, timestamp};
use crate::check::{key_host, url_key};
use crate::error::{Error, Result};
use crate::model::{Brief, BriefDraft, SourceDraft};

/// What a fetched page said about itself, for filling a source (see [`Library::fill_source`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageFacts {
    pub outlet: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// The charset the page was read in.
    pub encoding: String,
    /// Its readable text, kept as the snapshot.
    pub text: String,
}

/// A page's readable text as fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Snapshot {
    pub url: String,
    #[ts(type = "string")]
    pub fetched_at: DateTime<Utc>,
    /// The charset the page was read in.
    pub encoding: String,
    pub text: String,
}

impl Library {
    /// Keeps `text` as the snapshot of the page at `url`, replacing an older one of the same
    /// page. Refused for an address that is not http(s).
    #[instrument(skip(self, text))]
    pub fn save_snapshot(&mut self, url: &str, encoding: &str, text: &str) -> Result<Snapshot> {
        let key = url_key(url)
            .ok_or_else(|| Error::invalid("url", format!("“{url}” is not a web address")))?;
        let mut deflate = DeflateEncoder::new(Vec::new(), Compression::default());
        let packed = deflate
            .write_all(text.as_bytes())
            .and_then(|()| deflate.finish())
            .map_err(|source| Error::Io {
                context: "cannot compress the page's text".into(),
                source,
            })?;
        let fetched_at = now();
        self.conn.execute(
            "INSERT INTO source_snapshots (url_key, url, fetched_at, encoding, text)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (url_key) DO UPDATE SET url = excluded.url,
               fetched_at = excluded.fetched_at, encoding = excluded.encoding, text = excluded.text",
            rusqlite::params![key, url, timestamp(fetched_at), encoding, packed],
        )?;
        Ok(Snapshot {
            url: url.to_string(),
            fetched_at,
            encoding: encoding.to_string(),
            text: text.to_string(),
        })
    }

    /// The snapshot of the page at `url` (any address of the same page), if one was kept.
    pub fn snapshot(&self, url: &str) -> Result<Option<Snapshot>> {
        let Some(key) = url_key(url) else {
            return Ok(None);
        };
        let row = self
            .conn
            .query_row(
                "SELECT url, fetched_at, encoding, text FROM source_snapshots WHERE url_key = ?1",
                [key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        parse_timestamp(&r.get::<_, String>(1)?, 1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Vec<u8>>(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((url, fetched_at, encoding, packed)) = row else {
            return Ok(None);
        };
        let mut text = String::new();
        DeflateDecoder::new(packed.as_slice())
            .read_to_string(&mut text)
            .map_err(|source| Error::Io {
                context: format!("the kept text of {url} is damaged"),
                source,
            })?;
        Ok(Some(Snapshot {
            url,
            fetched_at,
            encoding,
            text,
        }))
    }

    /// The outlet of the source most recently saved with an address on `url`'s site (the same
    /// host, `www.` aside): "the outlet this library last used for that domain".
    pub fn last_outlet_for_site(&self, url: &str) -> Result<Option<String>> {
        let Some(key) = url_key(url) else {
            return Ok(None);
        };
        let host = key_host(&key);
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.outlet, s.url FROM sources s JOIN briefs b ON b.id = s.brief_id
             WHERE s.url LIKE '%' || ?1 || '%' AND s.outlet <> ''
             ORDER BY b.updated_at DESC, b.id DESC LIMIT 200",
        )?;
        let rows = stmt.query_map([host], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (outlet, other) = row?;
            // LIKE only narrows: "rfa.org" is inside "notrfa.org/…" too.
            if url_key(&other).is_some_and(|k| key_host(&k) == host) {
                return Ok(Some(outlet));
            }
        }
        Ok(None)
    }

    /// Fills what is empty in the source of brief `id` that cites `url` (any address of the
    /// same page) from `facts`, never changing what the editor wrote, and keeps the page's text
    /// as its snapshot. A brief citing no such page gets it as a new source when the page named
    /// its outlet. Returns the brief and what was filled (`source` when one was added, then
    /// `outlet`, `date`, `title`).
    #[instrument(skip(self, facts))]
    pub fn fill_source(
        &mut self,
        id: Uuid,
        url: &str,
        facts: &PageFacts,
    ) -> Result<(Brief, Vec<&'static str>)> {
        let key = url_key(url)
            .ok_or_else(|| Error::invalid("url", format!("“{url}” is not a web address")))?;
        let brief = self.brief(id)?;
        let mut draft = BriefDraft::from(&brief);
        let position = draft
            .sources
            .iter()
            .position(|s| s.url.as_deref().and_then(url_key).as_deref() == Some(key.as_str()));
        let mut added = false;
        let position = match position {
            Some(p) => p,
            None => {
                let outlet = facts.outlet.clone().ok_or_else(|| {
                    Error::invalid(
                        "sources",
                        format!("the brief cites no source at {url}, and the page names no outlet to add one with"),
                    )
                })?;
                added = true;
                draft.sources.push(SourceDraft {
                    outlet,
                    date: None,
                    url: Some(url.to_string()),
                    title: None,
                });
                draft.sources.len() - 1
            }
        };
        let source = &mut draft.sources[position];
        let mut filled = if added { vec!["source"] } else { Vec::new() };
        if source.outlet.trim().is_empty()
            && let Some(outlet) = &facts.outlet
        {
            source.outlet = outlet.clone();
            filled.push("outlet");
        }
        if source.date.as_deref().is_none_or(|d| d.trim().is_empty())
            && let Some(date) = facts.date
        {
            source.date = Some(date.to_string());
            filled.push("date");
        }
        if source.title.as_deref().is_none_or(|t| t.trim().is_empty())
            && let Some(title) = &facts.title
        {
            source.title = Some(title.clone());
            filled.push("title");
        }
        self.save_snapshot(url, &facts.encoding, &facts.text)?;
        let brief = if filled.is_empty() {
            brief
        } else {
            // From the version read above: an edit made meanwhile is reported, not overwritten.
            self.update_brief_from(id, brief.version, &draft)?
        };
        Ok((brief, filled))
    }
}
