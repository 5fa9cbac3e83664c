//! Creating, reading, changing and deleting briefs.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::{Library, now, parse_date, parse_timestamp, parse_uuid, timestamp};
use crate::error::{Error, Result};
use crate::model::{Brief, BriefDraft, DeletedBrief, IssueRef, Source, Status};
use crate::validate::{self, ValidBrief};

impl Library {
    pub fn create_brief(&mut self, draft: &BriefDraft) -> Result<Brief> {
        let mut created = self.create_briefs(std::slice::from_ref(draft))?;
        created
            .pop()
            .ok_or_else(|| Error::not_found("brief", "just created"))
    }

    /// Adds several briefs in one transaction: all of them, or none if any is invalid.
    /// With more than one, an error names the brief's index (`briefs[2].headline: …`).
    pub fn create_briefs(&mut self, drafts: &[BriefDraft]) -> Result<Vec<Brief>> {
        let valid = drafts
            .iter()
            .enumerate()
            .map(|(i, draft)| {
                validate::brief(draft).map_err(|e| match e {
                    Error::Invalid { field, message } if drafts.len() > 1 => {
                        Error::invalid(format!("briefs[{i}].{field}"), message)
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let stamp = timestamp(now());
        let tx = self.conn.transaction()?;
        begin_inserts(&tx)?;
        let mut ids = Vec::with_capacity(valid.len());
        for brief in &valid {
            ids.push(insert_brief(&tx, brief, &stamp)?);
        }
        tx.commit()?;
        self.briefs_by_id(&ids)
    }

    /// Replaces a brief's contents with `draft` whatever happened to it since it was read; its
    /// id, creation time and issue stay. For writers that hold no version (scripts, tests):
    /// an editor's save goes through [`Self::update_brief_from`].
    pub fn update_brief(&mut self, id: Uuid, draft: &BriefDraft) -> Result<Brief> {
        self.write_brief(id, None, draft)
    }

    /// Replaces a brief's contents with `draft` only if the brief is still at `base_version`,
    /// the version the edit began from. If another writer (a second window, a `briefdesk`
    /// command) changed it meanwhile, nothing is written and [`Error::ChangedElsewhere`] says
    /// so: the editor chooses, the library never silently drops either change.
    pub fn update_brief_from(
        &mut self,
        id: Uuid,
        base_version: u32,
        draft: &BriefDraft,
    ) -> Result<Brief> {
        self.write_brief(id, Some(base_version), draft)
    }

    fn write_brief(&mut self, id: Uuid, base: Option<u32>, draft: &BriefDraft) -> Result<Brief> {
        let valid = validate::brief(draft)?;
        // IMMEDIATE: the version is read and moved on under one write lock, so two writers that
        // began from the same version cannot both pass the check.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<(u32, String)> = tx
            .query_row(
                "SELECT version, headline FROM briefs WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((version, headline)) = current else {
            return Err(Error::not_found("brief", id));
        };
        if let Some(base) = base.filter(|&base| base != version) {
            return Err(Error::ChangedElsewhere {
                id,
                headline,
                base,
                current: version,
            });
        }
        tx.execute(
            "UPDATE briefs SET headline = ?2, body = ?3, status = ?4, notes = ?5, updated_at = ?6,
                               version = version + 1
             WHERE id = ?1",
            params![
                id.to_string(),
                valid.headline,
                valid.body,
                valid.status.as_str(),
                valid.notes,
                timestamp(now())
            ],
        )?;
        tx.execute("DELETE FROM sources WHERE brief_id = ?1", [id.to_string()])?;
        tx.execute(
            "DELETE FROM brief_tags WHERE brief_id = ?1",
            [id.to_string()],
        )?;
        write_children(&tx, id, &valid)?;
        tx.commit()?;
        self.brief(id)
    }

    /// Deletes a brief, taking it out of its issue; returns it as it was, for [`Self::restore_brief`].
    #[tracing::instrument(skip(self))]
    pub fn delete_brief(&mut self, id: Uuid) -> Result<DeletedBrief> {
        let brief = self.brief(id)?;
        let tx = self.conn.transaction()?;
        let position: Option<u32> = tx
            .query_row(
                "SELECT position FROM issue_briefs WHERE brief_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let section = super::issues::placement(&tx, id)?;
        let deleted = tx.execute("DELETE FROM briefs WHERE id = ?1", [id.to_string()])?;
        if deleted == 0 {
            return Err(Error::not_found("brief", id));
        }
        if let Some((section_id, _)) = section {
            super::issues::renumber(&tx, &section_id)?;
        }
        tx.commit()?;
        Ok(DeletedBrief { brief, position })
    }

    /// Undoes [`Self::delete_brief`]: the brief comes back with its id, timestamps, sources and
    /// tags, and at its old place in its issue if that section still exists (else unassigned).
    pub fn restore_brief(&mut self, deleted: &DeletedBrief) -> Result<Brief> {
        let brief = &deleted.brief;
        let valid = validate::brief_as_stored(&BriefDraft::from(brief))?;
        let tx = self.conn.transaction()?;
        let present: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM briefs WHERE id = ?1)",
            [brief.id.to_string()],
            |r| r.get(0),
        )?;
        if present {
            return Err(Error::Conflict(format!(
                "brief {:?} is already in the library; there is nothing to restore",
                brief.headline
            )));
        }
        begin_inserts(&tx)?;
        insert_brief_as(
            &tx,
            brief.id,
            &valid,
            &timestamp(brief.created_at),
            &timestamp(brief.updated_at),
            // Its old version, not 1: a window still holding an older copy must not pass.
            brief.version,
        )?;
        super::review::write_review(&tx, brief.id, brief.review.as_ref())?;
        if let Some(place) = &brief.issue {
            super::issues::put_back(&tx, brief.id, place, deleted.position)?;
        }
        tx.commit()?;
        self.brief(brief.id)
    }

    pub fn brief(&self, id: Uuid) -> Result<Brief> {
        self.briefs_by_id(&[id])?
            .pop()
            .ok_or_else(|| Error::not_found("brief", id))
    }

    /// Loads whole briefs for `ids`, in the order given; unknown ids are left out.
    pub(crate) fn briefs_by_id(&self, ids: &[Uuid]) -> Result<Vec<Brief>> {
        Library::briefs_by_id_in(&self.conn, ids)
    }

    /// [`Library::briefs_by_id`] on any connection, or inside a transaction.
    pub(crate) fn briefs_by_id_in(conn: &rusqlite::Connection, ids: &[Uuid]) -> Result<Vec<Brief>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let json = serde_json::Value::from(keys.clone()).to_string();
        // One query per table for the whole page, keyed by json_each rather than N round trips.
        let mut rows: HashMap<String, Brief> = HashMap::with_capacity(ids.len());
        let mut stmt = conn.prepare_cached(
            "SELECT b.id, b.headline, b.body, b.status, b.notes, b.created_at, b.updated_at,
                    i.number, s.name, b.version, coalesce(i.status = 'published', 0)
             FROM json_each(?1) j
             JOIN briefs b ON b.id = j.value
             LEFT JOIN issue_briefs ib ON ib.brief_id = b.id
             LEFT JOIN sections s ON s.id = ib.section_id
             LEFT JOIN issues i ON i.id = s.issue_id",
        )?;
        let mut query = stmt.query([&json])?;
        while let Some(r) = query.next()? {
            let id_text: String = r.get(0)?;
            let status_text: String = r.get(3)?;
            let number: Option<u32> = r.get(7)?;
            let section: Option<String> = r.get(8)?;
            let issue_published: bool = r.get(10)?;
            let brief = Brief {
                id: parse_uuid(&id_text, 0)?,
                headline: r.get(1)?,
                body: r.get(2)?,
                sources: Vec::new(),
                tags: Vec::new(),
                status: Status::parse(&status_text).unwrap_or_default(),
                notes: r.get(4)?,
                issue: number.zip(section).map(|(number, section)| IssueRef {
                    number,
                    section,
                    published: issue_published,
                }),
                created_at: parse_timestamp(&r.get::<_, String>(5)?, 5)?,
                updated_at: parse_timestamp(&r.get::<_, String>(6)?, 6)?,
                version: r.get(9)?,
                review: None,
            };
            rows.insert(id_text, brief);
        }
        drop(query);

        let mut stmt = conn.prepare_cached(
            "SELECT s.brief_id, s.outlet, s.date, s.url, s.title
             FROM json_each(?1) j JOIN sources s ON s.brief_id = j.value
             ORDER BY s.brief_id, s.position",
        )?;
        let mut query = stmt.query([&json])?;
        while let Some(r) = query.next()? {
            let brief_id: String = r.get(0)?;
            let date: Option<String> = r.get(2)?;
            let source = Source {
                outlet: r.get(1)?,
                date: date.as_deref().map(|d| parse_date(d, 2)).transpose()?,
                url: r.get(3)?,
                title: r.get(4)?,
            };
            if let Some(brief) = rows.get_mut(&brief_id) {
                brief.sources.push(source);
            }
        }
        drop(query);

        let mut stmt = conn.prepare_cached(
            "SELECT bt.brief_id, t.name
             FROM json_each(?1) j JOIN brief_tags bt ON bt.brief_id = j.value
             JOIN tags t ON t.id = bt.tag_id
             ORDER BY bt.brief_id, t.name COLLATE NOCASE",
        )?;
        let mut query = stmt.query([&json])?;
        while let Some(r) = query.next()? {
            let brief_id: String = r.get(0)?;
            if let Some(brief) = rows.get_mut(&brief_id) {
                brief.tags.push(r.get(1)?);
            }
        }
        drop(query);
        for (id, review) in super::review::reviews_in(conn, &json)? {
            if let Some(brief) = rows.get_mut(&id) {
                brief.review = Some(review);
            }
        }
        Ok(keys.iter().filter_map(|k| rows.remove(k)).collect())
    }

    /// Parses a brief id typed by a person, naming the field on error.
    pub fn parse_brief_id(text: &str) -> Result<Uuid> {
        text.parse::<crate::BriefId>().map(Uuid::from)
    }

    pub(crate) fn require_brief(tx: &Transaction<'_>, id: Uuid) -> Result<String> {
        tx.query_row(
            "SELECT headline FROM briefs WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("brief", id))
    }
}

/// Readies `tx` for [`insert_brief`]: foreign keys are checked at commit, since a brief's
/// sources and tags are written before the brief. Call once per transaction, not per brief:
/// setting the pragma expires every prepared statement.
pub(super) fn begin_inserts(tx: &Transaction<'_>) -> Result<()> {
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    Ok(())
}

/// Stores a new, validated brief in `tx` (readied by [`begin_inserts`]) and returns its id.
///
/// Sources and tag links are written before the brief row, so the search-index triggers find
/// no brief for them and the brief's own insert indexes it once, complete (writing the brief
/// first re-indexed it after every source and tag: ~1.4 ms a brief instead of ~0.1 ms).
pub(super) fn insert_brief(tx: &Transaction<'_>, brief: &ValidBrief, stamp: &str) -> Result<Uuid> {
    let id = Uuid::now_v7();
    insert_brief_as(tx, id, brief, stamp, stamp, 1)?;
    Ok(id)
}

/// [`insert_brief`] keeping a given id and times (a whole-library import, an undone delete).
pub(super) fn insert_brief_as(
    tx: &Transaction<'_>,
    id: Uuid,
    brief: &ValidBrief,
    created: &str,
    updated: &str,
    version: u32,
) -> Result<()> {
    write_children(tx, id, brief)?;
    tx.prepare_cached(
        "INSERT INTO briefs (id, headline, body, status, notes, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id.to_string(),
        brief.headline,
        brief.body,
        brief.status.as_str(),
        brief.notes,
        created,
        updated,
        version
    ])?;
    Ok(())
}

pub(super) fn write_children(tx: &Transaction<'_>, id: Uuid, valid: &ValidBrief) -> Result<()> {
    let key = id.to_string();
    let mut insert_source = tx.prepare_cached(
        "INSERT INTO sources (brief_id, position, outlet, date, url, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, s) in valid.sources.iter().enumerate() {
        insert_source.execute(params![
            key,
            position as i64,
            s.outlet,
            s.date.map(|d| d.to_string()),
            s.url,
            s.title
        ])?;
    }
    let mut link =
        tx.prepare_cached("INSERT INTO brief_tags (brief_id, tag_id) VALUES (?1, ?2)")?;
    for name in &valid.tags {
        let tag_id = super::tags::ensure_tag(tx, name)?;
        link.execute(params![key, tag_id])?;
    }
    Ok(())
}
