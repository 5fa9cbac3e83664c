//! A team replica's issues (each with its sections and the order of briefs in them), tag colours
//! and publication settings (migration 11). They are queued by triggers like briefs, pushed
//! against the server's version, and merged part by part when both sides changed:
//! - an issue is one document; its fields (number, title, date, status, subject, …) merge one by
//!   one, each section's name merges on its own, each brief's section merges on its own, and
//!   each section's order takes the side that changed it. Where both sides changed the same field
//!   or the same section's order, this library's side (the later push) wins: one editor at a time
//!   composes an issue (the composing lease), so that is an editor overriding their own team's
//!   stale copy, not two people racing;
//! - a tag is its name and colour; the later push wins;
//! - the publication settings merge field by field, the later push winning a field both changed.
//!
//! The network side is in the `briefdesk-team` crate.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::{Library, issues, tags, timestamp};
use crate::error::{Error, Result};
use crate::format::library::{DumpIssue, DumpSection};
use crate::model::Publication;
use crate::validate;

/// An issue changed here since it was last pushed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingIssue {
    pub id: Uuid,
    /// As it is now; `None` when it was deleted here.
    pub doc: Option<DumpIssue>,
    /// The server's version it was changed from; `None` for an issue the server never had.
    pub base_version: Option<i64>,
    pub changes: i64,
}

/// An issue the server accepted from a push.
#[derive(Debug, Clone, PartialEq)]
pub struct PushedIssue {
    pub id: Uuid,
    pub changes: i64,
    pub version: i64,
    pub doc: Option<DumpIssue>,
}

/// An issue as the server holds it, from a pull.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerIssue {
    pub id: Uuid,
    pub version: i64,
    /// `None`: deleted on the server.
    pub doc: Option<DumpIssue>,
}

/// A tag created, recoloured, renamed away or deleted here since the last push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTag {
    pub name: String,
    /// `None`: no tag has this name here any more (renamed, merged or removed).
    pub colour: Option<Option<String>>,
    pub changes: i64,
}

/// A tag as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTag {
    pub name: String,
    pub colour: Option<String>,
    pub deleted: bool,
}

/// The publication settings, changed here since the last push.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingPublication {
    pub doc: Publication,
    pub base_version: i64,
    pub changes: i64,
}

/// The publication settings as the server holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerPublication {
    pub version: i64,
    pub doc: Publication,
}

/// What applying a pull's issues, tags and settings did (counted into the pull's report).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestReport {
    pub applied: usize,
    pub merged: usize,
    pub restored: usize,
}

/// Everything but briefs that a pull brings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PulledRest {
    pub issues: Vec<ServerIssue>,
    pub tags: Vec<ServerTag>,
    pub publication: Option<ServerPublication>,
}

/// An issue change the server refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedIssue {
    pub id: Uuid,
    /// Its number here (0 when it was deleted here).
    pub number: u32,
    pub reason: String,
}

impl Library {
    /// The issues changed here since their last push, but those the server refused that have
    /// not changed since.
    pub fn pending_issues(&self) -> Result<Vec<PendingIssue>> {
        let queued: Vec<(String, i64, Option<i64>, bool)> = self
            .conn
            .prepare(
                "SELECT o.issue_id, o.changes, b.server_version,
                        EXISTS (SELECT 1 FROM issues i WHERE i.id = o.issue_id)
                 FROM team_issue_outbox o LEFT JOIN team_issue_base b ON b.issue_id = o.issue_id
                 WHERE o.refused_changes IS NOT o.changes ORDER BY o.issue_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        queued
            .into_iter()
            .map(|(key, changes, base_version, exists)| {
                Ok(PendingIssue {
                    id: super::parse_uuid(&key, 0)?,
                    doc: if exists {
                        Some(issues::issue_doc(&self.conn, &key)?)
                    } else {
                        None
                    },
                    base_version,
                    changes,
                })
            })
            .collect()
    }

    /// Records the issues the server accepted: their new bases, and their outbox entries
    /// cleared unless they changed again since the push read them.
    pub fn record_pushed_issues(&mut self, pushed: &[PushedIssue]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for p in pushed {
            set_issue_base(&tx, p.id, p.version, p.doc.as_ref())?;
            tx.execute(
                "DELETE FROM team_issue_outbox WHERE issue_id = ?1 AND changes = ?2",
                params![p.id.to_string(), p.changes],
            )?;
            tx.execute(
                "UPDATE team_issue_outbox SET refused_changes = NULL, reason = NULL
                 WHERE issue_id = ?1",
                [p.id.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records issue changes the server refused: kept here and queued, offered again once the
    /// issue changes.
    pub fn record_refused_issues(&mut self, refused: &[(Uuid, i64, String)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, changes, reason) in refused {
            tx.execute(
                "UPDATE team_issue_outbox SET refused_changes = ?2, reason = ?3 WHERE issue_id = ?1",
                params![id.to_string(), changes, reason],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The issue changes the server refused, with why.
    pub fn refused_issues(&self) -> Result<Vec<RefusedIssue>> {
        Ok(self
            .conn
            .prepare(
                "SELECT o.issue_id, coalesce(i.number, 0), o.reason FROM team_issue_outbox o
                 LEFT JOIN issues i ON i.id = o.issue_id
                 WHERE o.refused_changes = o.changes ORDER BY o.issue_id",
            )?
            .query_map([], |r| {
                Ok(RefusedIssue {
                    id: super::parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    number: r.get(1)?,
                    reason: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The tags created, recoloured, renamed or deleted here since the last push.
    pub fn pending_tags(&self) -> Result<Vec<PendingTag>> {
        Ok(self
            .conn
            .prepare(
                "SELECT coalesce(t.name, o.name), o.changes, t.id IS NOT NULL, t.colour
                 FROM team_tag_outbox o LEFT JOIN tags t ON t.name = o.name ORDER BY o.name",
            )?
            .query_map([], |r| {
                let exists: bool = r.get(2)?;
                Ok(PendingTag {
                    name: r.get(0)?,
                    changes: r.get(1)?,
                    colour: if exists { Some(r.get(3)?) } else { None },
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Clears the tags the server took, unless they changed again since the push read them.
    pub fn record_pushed_tags(&mut self, pushed: &[PendingTag]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for tag in pushed {
            tx.execute(
                "DELETE FROM team_tag_outbox WHERE name = ?1 AND changes = ?2",
                params![tag.name, tag.changes],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The publication settings, if they changed here since the last push.
    pub fn pending_publication(&self) -> Result<Option<PendingPublication>> {
        let row: Option<(i64, i64)> = self
            .conn
            .query_row(
                "SELECT server_version, changes FROM team_publication WHERE changes > 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(base_version, changes)| {
            Ok(PendingPublication {
                doc: self.publication()?,
                base_version,
                changes,
            })
        })
        .transpose()
    }

    /// Records the publication settings the server took at `version`.
    pub fn record_pushed_publication(
        &mut self,
        pushed: &PendingPublication,
        version: i64,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE team_publication SET server_version = ?1, doc = ?2",
            params![version, to_text(&pushed.doc, "publication")?],
        )?;
        tx.execute(
            "UPDATE team_publication SET changes = 0 WHERE changes = ?1",
            [pushed.changes],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Records, when a library becomes a replica, each issue's and the publication settings' base:
/// what they hold now, at the server version `versions` gives (issues by id, the publication
/// settings under the nil id), or 1, the version an upload or a join writes.
pub(super) fn become_replica(tx: &Transaction<'_>, versions: &HashMap<Uuid, i64>) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM issues")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for key in ids {
        let doc = issues::issue_doc(tx, &key)?;
        let version = versions.get(&doc.id).copied().unwrap_or(1);
        set_issue_base(tx, doc.id, version, Some(&doc))?;
    }
    let publication = read_publication(tx)?;
    tx.execute(
        "INSERT OR REPLACE INTO team_publication (id, server_version, doc, changes)
         VALUES (1, ?1, ?2, 0)",
        params![
            versions.get(&Uuid::nil()).copied().unwrap_or(1),
            to_text(&publication, "publication")?
        ],
    )?;
    Ok(())
}

/// Forgets everything about the team's issues, tags and settings (leaving a team).
pub(super) fn leave(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM team_issue_base; DELETE FROM team_issue_outbox; DELETE FROM team_tag_outbox;
         DELETE FROM team_publication;",
    )?;
    Ok(())
}

/// Applies what a pull brought besides briefs, in the pull's transaction, after its briefs (so
/// the briefs an issue places are here).
pub(super) fn apply_pulled(tx: &Transaction<'_>, rest: &PulledRest) -> Result<RestReport> {
    let mut report = RestReport::default();
    let report = &mut report;
    if let Some(theirs) = &rest.publication {
        apply_publication(tx, theirs, report)?;
    }
    for tag in &rest.tags {
        apply_tag(tx, tag, report)?;
    }
    for issue in &rest.issues {
        apply_issue(tx, issue, report)?;
    }
    Ok(*report)
}

fn apply_publication(
    tx: &Transaction<'_>,
    theirs: &ServerPublication,
    report: &mut RestReport,
) -> Result<()> {
    let row: Option<(i64, Option<String>, i64)> = tx
        .query_row(
            "SELECT server_version, doc, changes FROM team_publication WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (base_version, base, changes) = row.unwrap_or((0, None, 0));
    if base_version >= theirs.version {
        return Ok(());
    }
    let mine = read_publication(tx)?;
    let result = if changes == 0 {
        report.applied += 1;
        theirs.doc.clone()
    } else {
        report.merged += 1;
        let base: Option<Publication> = base
            .as_deref()
            .map(|t| from_text(t, "publication"))
            .transpose()?;
        merge_fields(base.as_ref(), &mine, &theirs.doc)?
    };
    if result != mine {
        write_publication(tx, &result)?;
    }
    tx.execute(
        "INSERT OR REPLACE INTO team_publication (id, server_version, doc, changes)
         VALUES (1, ?1, ?2, ?3)",
        params![
            theirs.version,
            to_text(&theirs.doc, "publication")?,
            if result == theirs.doc { 0 } else { changes }
        ],
    )?;
    Ok(())
}

fn apply_tag(tx: &Transaction<'_>, theirs: &ServerTag, report: &mut RestReport) -> Result<()> {
    let queued: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM team_tag_outbox WHERE name = ?1)",
        [&theirs.name],
        |r| r.get(0),
    )?;
    if queued {
        return Ok(()); // Changed here too: this library's push comes later and wins.
    }
    if theirs.deleted {
        // A tag a brief here still carries stays (that brief's own sync settles its tags).
        tx.execute(
            "DELETE FROM tags WHERE name = ?1
               AND NOT EXISTS (SELECT 1 FROM brief_tags WHERE tag_id = tags.id)",
            [&theirs.name],
        )?;
    } else {
        let (Ok(name), Ok(colour)) = (
            validate::tag_name("tag", &theirs.name),
            theirs
                .colour
                .as_deref()
                .map(|c| validate::colour("colour", c))
                .transpose(),
        ) else {
            tracing::warn!(
                tag = theirs.name,
                "a tag from the server is not valid; left out"
            );
            return Ok(());
        };
        let id = tags::ensure_tag(tx, &name)?;
        tx.execute(
            "UPDATE tags SET name = ?2, colour = ?3 WHERE id = ?1",
            params![id, name, colour],
        )?;
    }
    report.applied += 1;
    Ok(())
}

fn apply_issue(tx: &Transaction<'_>, theirs: &ServerIssue, report: &mut RestReport) -> Result<()> {
    let key = theirs.id.to_string();
    let base: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT server_version, doc FROM team_issue_base WHERE issue_id = ?1",
            [&key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if base.as_ref().is_some_and(|(v, _)| *v >= theirs.version) {
        return Ok(()); // Already in step: our own push coming back, or an older copy.
    }
    let base: Option<DumpIssue> = base
        .and_then(|(_, doc)| doc)
        .map(|d| from_text(&d, "team_issue_base.doc"))
        .transpose()?;
    let changed_here: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM team_issue_outbox WHERE issue_id = ?1)",
        [&key],
        |r| r.get(0),
    )?;
    let here = if tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM issues WHERE id = ?1)",
        [&key],
        |r| r.get::<_, bool>(0),
    )? {
        Some(issues::issue_doc(tx, &key)?)
    } else {
        None
    };
    if !changed_here {
        write_issue(tx, theirs.id, theirs.doc.as_ref())?;
        set_issue_base(tx, theirs.id, theirs.version, theirs.doc.as_ref())?;
        report.applied += 1;
        return Ok(());
    }
    match (here, &theirs.doc) {
        (Some(here), Some(there)) => {
            let merged = merge_issue(base.as_ref(), &here, there)?;
            if merged != here {
                write_issue(tx, theirs.id, Some(&merged))?;
            }
            set_issue_base(tx, theirs.id, theirs.version, Some(there))?;
            if issues::issue_doc(tx, &key)? == *there {
                // The server already holds exactly this (typically our own push, committed
                // there but never recorded here): nothing to send.
                tx.execute("DELETE FROM team_issue_outbox WHERE issue_id = ?1", [&key])?;
            }
            report.merged += 1;
        }
        // Deleted there, changed here: kept, and pushed back (an edit outweighs a delete).
        (Some(_), None) => {
            set_issue_base(tx, theirs.id, theirs.version, None)?;
            report.merged += 1;
        }
        // Deleted here, changed there: it comes back with the server's changes.
        (None, Some(there)) => {
            write_issue(tx, theirs.id, Some(there))?;
            set_issue_base(tx, theirs.id, theirs.version, Some(there))?;
            tx.execute("DELETE FROM team_issue_outbox WHERE issue_id = ?1", [&key])?;
            report.restored += 1;
        }
        (None, None) => {
            set_issue_base(tx, theirs.id, theirs.version, None)?;
            tx.execute("DELETE FROM team_issue_outbox WHERE issue_id = ?1", [&key])?;
            report.applied += 1;
        }
    }
    Ok(())
}

/// Three-way merge of one issue (see the module's notes). Without a base (an issue this library
/// had before it could sync issues), this library's copy is taken whole.
pub fn merge_issue(
    base: Option<&DumpIssue>,
    mine: &DumpIssue,
    theirs: &DumpIssue,
) -> Result<DumpIssue> {
    let Some(base) = base else {
        return Ok(mine.clone());
    };
    let mut merged: DumpIssue = merge_fields(Some(base), mine, theirs)?;
    merged.updated_at = mine.updated_at.max(theirs.updated_at);
    merged.sections = merge_sections(&base.sections, &mine.sections, &theirs.sections);
    Ok(merged)
}

/// Field by field: the side that changed a field since `base` gives it; a field both changed
/// takes `mine`.
fn merge_fields<T: Serialize + DeserializeOwned>(
    base: Option<&T>,
    mine: &T,
    theirs: &T,
) -> Result<T> {
    let json = |v: &T| serde_json::to_value(v).map_err(|e| Error::invalid("merge", e.to_string()));
    let (mut merged, theirs) = (json(mine)?, json(theirs)?);
    let base = base.map(json).transpose()?;
    if let (
        Some(serde_json::Value::Object(base)),
        serde_json::Value::Object(fields),
        serde_json::Value::Object(theirs),
    ) = (&base, &mut merged, &theirs)
    {
        for (name, value) in fields.iter_mut() {
            if base.get(name) == Some(value)
                && let Some(their_value) = theirs.get(name)
            {
                value.clone_from(their_value);
            }
        }
    }
    serde_json::from_value(merged).map_err(|e| Error::invalid("merge", e.to_string()))
}

fn section_key(s: &DumpSection) -> String {
    s.id.map_or_else(|| format!("name:{}", s.name), |id| id.to_string())
}

/// Sections by identity: a section deleted on either side is gone, one added on either side is
/// there; each keeps the name the side that renamed it gave; the sections' order and each
/// section's briefs take the side that changed them; each brief sits where the side that moved it
/// put it.
fn merge_sections(
    base: &[DumpSection],
    mine: &[DumpSection],
    theirs: &[DumpSection],
) -> Vec<DumpSection> {
    let by_key = |v: &[DumpSection]| -> HashMap<String, usize> {
        v.iter()
            .enumerate()
            .map(|(i, s)| (section_key(s), i))
            .collect()
    };
    let (b, m, t) = (by_key(base), by_key(mine), by_key(theirs));
    let keep = |k: &String| {
        if b.contains_key(k) {
            m.contains_key(k) && t.contains_key(k)
        } else {
            m.contains_key(k) || t.contains_key(k)
        }
    };
    let keys = |v: &[DumpSection], among: &HashMap<String, usize>| -> Vec<String> {
        v.iter()
            .map(section_key)
            .filter(|k| among.contains_key(k))
            .collect()
    };
    let mine_reordered = keys(mine, &b) != keys(base, &m);
    let (first, second) = if mine_reordered {
        (mine, theirs)
    } else {
        (theirs, mine)
    };
    let mut order: Vec<String> = first.iter().map(section_key).filter(|k| keep(k)).collect();
    for k in second.iter().map(section_key) {
        if keep(&k) && !order.contains(&k) {
            order.push(k);
        }
    }

    let placements = |v: &[DumpSection]| -> HashMap<Uuid, String> {
        v.iter()
            .flat_map(|s| s.briefs.iter().map(move |id| (*id, section_key(s))))
            .collect()
    };
    let (pb, pm, pt) = (placements(base), placements(mine), placements(theirs));
    let mut place: HashMap<Uuid, String> = HashMap::new();
    for id in pb.keys().chain(pm.keys()).chain(pt.keys()) {
        let chosen = if pm.get(id) == pb.get(id) {
            pt.get(id)
        } else {
            pm.get(id)
        };
        if let Some(k) = chosen {
            place.insert(*id, k.clone());
        }
    }

    order
        .into_iter()
        .filter_map(|k| {
            let (bs, ms, ts) = (
                b.get(&k).map(|&i| &base[i]),
                m.get(&k).map(|&i| &mine[i]),
                t.get(&k).map(|&i| &theirs[i]),
            );
            let (section, name, list) = match (ms, ts) {
                (Some(ms), Some(ts)) => {
                    let name = match bs {
                        Some(bs) if ms.name == bs.name => &ts.name,
                        _ => &ms.name,
                    };
                    let list = if bs.is_some_and(|bs| bs.briefs == ms.briefs) {
                        &ts.briefs
                    } else {
                        &ms.briefs
                    };
                    (ms, name, list)
                }
                (Some(ms), None) => (ms, &ms.name, &ms.briefs),
                (None, Some(ts)) => (ts, &ts.name, &ts.briefs),
                (None, None) => return None,
            };
            let mut seen = HashSet::new();
            let briefs = list
                .iter()
                .chain(ms.map(|s| s.briefs.iter()).into_iter().flatten())
                .chain(ts.map(|s| s.briefs.iter()).into_iter().flatten())
                .filter(|id| place.get(*id) == Some(&k) && seen.insert(**id))
                .copied()
                .collect();
            Some(DumpSection {
                id: section.id,
                name: name.clone(),
                briefs,
            })
        })
        .collect()
}

/// Makes the stored issue `id` hold `doc` (`None`: deletes it). Briefs not in this library
/// (deleted here) are left out; a brief another issue here holds moves to this one, and that
/// issue is queued so the server learns it lost it. Runs while pulled changes apply (not queued).
fn write_issue(tx: &Transaction<'_>, id: Uuid, doc: Option<&DumpIssue>) -> Result<()> {
    let key = id.to_string();
    let Some(doc) = doc else {
        tx.execute("DELETE FROM issues WHERE id = ?1", [&key])?;
        return Ok(());
    };
    // Another issue here with this number (made here, not on the server yet) moves to the next
    // free number and stays queued: the server's issue keeps its number.
    if let Some(other) = issues::issue_id(tx, doc.number)?
        && other != key
    {
        tx.execute(
            "UPDATE issues SET number = (SELECT max(number) + 1 FROM issues) WHERE id = ?1",
            [&other],
        )?;
        queue_issue(tx, &other)?;
    }
    let title = match validate::one_line(&doc.title) {
        t if t.is_empty() => format!("No. {}", doc.number),
        t => t,
    };
    tx.execute(
        "INSERT INTO issues (id, number, title, date, status, subject, preheader, intro,
                             closing, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (id) DO UPDATE SET number = excluded.number, title = excluded.title,
             date = excluded.date, status = excluded.status, subject = excluded.subject,
             preheader = excluded.preheader, intro = excluded.intro, closing = excluded.closing,
             updated_at = excluded.updated_at",
        params![
            key,
            doc.number,
            title,
            doc.date.to_string(),
            doc.status.as_str(),
            validate::one_line(&doc.subject),
            validate::one_line(&doc.preheader),
            doc.intro.trim(),
            doc.closing.trim(),
            timestamp(doc.created_at),
            timestamp(doc.updated_at)
        ],
    )?;
    // Sections without an id (from before teams synced issues) keep the one they have here.
    let old_ids: HashMap<String, String> = tx
        .prepare("SELECT name, id FROM sections WHERE issue_id = ?1")?
        .query_map([&key], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute("DELETE FROM sections WHERE issue_id = ?1", [&key])?;
    let mut names = HashSet::new();
    let mut placed = HashSet::new();
    for (position, section) in doc.sections.iter().enumerate() {
        let Ok(mut name) = validate::section_name(&section.name) else {
            continue;
        };
        // Two sections one name (each side named one so): the second is told apart.
        let plain = name.clone();
        let mut n = 2;
        while !names.insert(name.to_lowercase()) {
            name = format!("{plain} ({n})");
            n += 1;
        }
        let section_id = section
            .id
            .map(|u| u.to_string())
            .or_else(|| old_ids.get(&plain).cloned())
            .unwrap_or_else(|| Uuid::now_v7().to_string());
        tx.execute(
            "INSERT INTO sections (id, issue_id, name, position) VALUES (?1, ?2, ?3, ?4)",
            params![section_id, key, name, position as i64],
        )?;
        let mut at = 0_i64;
        for brief in &section.briefs {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM briefs WHERE id = ?1)",
                [brief.to_string()],
                |r| r.get(0),
            )?;
            if !exists || !placed.insert(*brief) {
                continue;
            }
            if let Some((from, _)) = issues::placement(tx, *brief)? {
                let from_issue: String = tx.query_row(
                    "SELECT issue_id FROM sections WHERE id = ?1",
                    [&from],
                    |r| r.get(0),
                )?;
                tx.execute(
                    "DELETE FROM issue_briefs WHERE brief_id = ?1",
                    [brief.to_string()],
                )?;
                issues::renumber(tx, &from)?;
                queue_issue(tx, &from_issue)?;
            }
            tx.execute(
                "INSERT INTO issue_briefs (brief_id, section_id, position) VALUES (?1, ?2, ?3)",
                params![brief.to_string(), section_id, at],
            )?;
            at += 1;
        }
    }
    Ok(())
}

fn queue_issue(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute(
        "UPDATE team_issue_outbox SET changes = changes + 1 WHERE issue_id = ?1",
        [id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO team_issue_outbox (issue_id) VALUES (?1)",
        [id],
    )?;
    Ok(())
}

fn set_issue_base(
    tx: &Transaction<'_>,
    id: Uuid,
    version: i64,
    doc: Option<&DumpIssue>,
) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO team_issue_base (issue_id, server_version, doc) VALUES (?1, ?2, ?3)",
        params![
            id.to_string(),
            version,
            doc.map(|d| to_text(d, "issue")).transpose()?
        ],
    )?;
    Ok(())
}

fn read_publication(tx: &Transaction<'_>) -> Result<Publication> {
    super::read_publication(tx)
}

fn write_publication(tx: &Transaction<'_>, p: &Publication) -> Result<()> {
    tx.execute(
        "UPDATE publication SET name = ?1, tagline = ?2, footer = ?3, default_template = ?4,
             date_style = ?5 WHERE id = 1",
        params![
            p.name.trim(),
            p.tagline.trim(),
            p.footer.trim_end(),
            p.default_template.as_str(),
            p.date_style.name()
        ],
    )?;
    Ok(())
}

fn to_text(value: &impl Serialize, what: &str) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::invalid(what, e.to_string()))
}

fn from_text<T: DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|e| Error::invalid(what, format!("a stored copy cannot be read: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u128, name: &str, briefs: &[u128]) -> DumpSection {
        DumpSection {
            id: Some(Uuid::from_u128(id)),
            name: name.into(),
            briefs: briefs.iter().map(|b| Uuid::from_u128(*b)).collect(),
        }
    }

    #[test]
    fn a_renamed_section_and_a_moved_brief_both_survive() {
        let base = vec![section(1, "World", &[10, 11]), section(2, "Tech", &[12])];
        let mine = vec![section(1, "Abroad", &[10, 11]), section(2, "Tech", &[12])];
        let theirs = vec![section(1, "World", &[10]), section(2, "Tech", &[11, 12])];
        let merged = merge_sections(&base, &mine, &theirs);
        assert_eq!(
            merged,
            vec![section(1, "Abroad", &[10]), section(2, "Tech", &[11, 12])]
        );
    }

    #[test]
    fn a_brief_moved_on_both_sides_sits_where_this_side_put_it_once() {
        let base = vec![
            section(1, "A", &[10, 11]),
            section(2, "B", &[]),
            section(3, "C", &[]),
        ];
        let mine = vec![
            section(1, "A", &[11]),
            section(2, "B", &[10]),
            section(3, "C", &[]),
        ];
        let theirs = vec![
            section(1, "A", &[11]),
            section(2, "B", &[]),
            section(3, "C", &[10]),
        ];
        let merged = merge_sections(&base, &mine, &theirs);
        assert_eq!(
            merged,
            vec![
                section(1, "A", &[11]),
                section(2, "B", &[10]),
                section(3, "C", &[])
            ]
        );
    }

    #[test]
    fn sections_added_and_deleted_on_either_side() {
        let base = vec![section(1, "A", &[10]), section(2, "B", &[11])];
        let mine = vec![
            section(1, "A", &[10]),
            section(2, "B", &[11]),
            section(3, "New", &[]),
        ];
        let theirs = vec![section(1, "A", &[10, 11])];
        let merged = merge_sections(&base, &mine, &theirs);
        assert_eq!(
            merged,
            vec![section(1, "A", &[10, 11]), section(3, "New", &[])]
        );
    }
}
