//! A library as a team's replica. Briefs changed here are queued in an outbox by triggers, in
//! the transaction that changes them (migration 10); a push sends them and records the server's
//! copy as each brief's base; a pull applies the server's changes, merging part by part with
//! what changed here since the base, and keeps a clash in the same part for the editor to choose.
//!
//! The network side is in the `briefdesk-team` crate; nothing here knows the server.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use uuid::Uuid;

use super::briefs::{begin_inserts, insert_brief_as, write_children};
use super::dump::{DumpBrief, draft_of};
use super::team_issues::PulledRest;
use super::{Library, now, timestamp};
use crate::error::{Error, Result};
use crate::validate;

/// The team this library follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplicaState {
    /// `login@host:port/database`, never a password.
    pub server: String,
    /// Every server change numbered up to this is applied here.
    pub pulled_seq: i64,
    /// Changes made here and not yet pushed: briefs, issues, tags, the publication settings.
    pub waiting: i64,
    /// Briefs changed on both sides in the same part, waiting for the editor.
    pub conflicts: i64,
    /// Briefs and issues the server refused (the editor's role does not allow the change), kept
    /// here.
    pub refused: i64,
    /// The login this replica signs in as (from `server`).
    pub login: String,
    /// Its role on the team (`contributor`, `editor`, `admin`) as the server last said;
    /// `None` before the first sync.
    pub role: Option<String>,
    /// Its name on the team as the server last said; `None` before the first sync.
    pub display_name: Option<String>,
}

/// A change the server refused to take from this library, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedBrief {
    pub id: Uuid,
    /// The brief's headline here (empty when it was deleted here).
    pub headline: String,
    pub reason: String,
}

/// A brief changed here since it was last pushed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingBrief {
    pub id: Uuid,
    /// As it is now; `None` when it was deleted here.
    pub doc: Option<DumpBrief>,
    /// The server's version it was changed from; `None` for a brief the server never had.
    pub base_version: Option<i64>,
    /// The outbox's change count when read: the push clears the entry only if it is unchanged.
    pub changes: i64,
}

/// A brief the server accepted from a push.
#[derive(Debug, Clone, PartialEq)]
pub struct PushedBrief {
    pub id: Uuid,
    pub changes: i64,
    /// Its version on the server now.
    pub version: i64,
    /// What the server holds now (`None`: deleted there).
    pub doc: Option<DumpBrief>,
}

/// A brief as the server holds it, from a pull.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerBrief {
    pub id: Uuid,
    pub version: i64,
    /// `None`: deleted on the server.
    pub doc: Option<DumpBrief>,
}

/// What a pull did here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PullReport {
    /// Server changes applied to briefs (and issues, tags, the publication settings) unchanged
    /// here.
    pub applied: usize,
    /// Server changes merged with changes made here to other parts of the same brief (or issue,
    /// or the publication settings).
    pub merged: usize,
    /// Briefs changed on both sides in the same part, now waiting for the editor.
    pub conflicts: usize,
    /// Briefs deleted here but changed on the server, brought back: an edit outweighs a delete.
    pub restored: usize,
}

/// A brief both sides changed in the same part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefConflict {
    pub id: Uuid,
    /// The parts changed on both sides: headline, body, sources, tags, status, notes, review.
    pub parts: Vec<String>,
    /// This library's brief (what it holds now, other parts already merged).
    pub mine: Option<DumpBrief>,
    /// The server's brief.
    pub theirs: Option<DumpBrief>,
}

/// The parts of a brief that merge separately.
pub const PARTS: [&str; 7] = [
    "headline", "body", "sources", "tags", "status", "notes", "review",
];

impl Library {
    /// The team this library is a replica of, if any.
    pub fn team_replica(&self) -> Result<Option<ReplicaState>> {
        Ok(self
            .conn
            .query_row(
                "SELECT server, pulled_seq,
                        (SELECT count(*) FROM team_outbox) + (SELECT count(*) FROM team_issue_outbox)
                            + (SELECT count(*) FROM team_tag_outbox)
                            + (SELECT count(*) FROM team_publication WHERE changes > 0),
                        (SELECT count(*) FROM team_conflicts),
                        (SELECT count(*) FROM team_refused)
                            + (SELECT count(*) FROM team_issue_outbox WHERE refused_changes = changes),
                        role, display_name
                 FROM team_replica WHERE id = 1",
                [],
                |r| {
                    let server: String = r.get(0)?;
                    Ok(ReplicaState {
                        login: super::review::login_of(&server).to_owned(),
                        role: r.get(5)?,
                        display_name: r.get(6)?,
                        server,
                        pulled_seq: r.get(1)?,
                        waiting: r.get(2)?,
                        conflicts: r.get(3)?,
                        refused: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Makes this library a replica of `server`, in step with it at change `seq`: each brief's
    /// base is what it holds now, at the server version `versions` gives (those the server does
    /// not have are queued for the next push).
    pub fn become_replica(
        &mut self,
        server: &str,
        seq: i64,
        versions: &HashMap<Uuid, i64>,
    ) -> Result<()> {
        let ids = self.all_brief_ids()?;
        let docs = self.brief_docs(&ids)?;
        let tx = self.conn.transaction()?;
        if tx.query_row("SELECT EXISTS (SELECT 1 FROM team_replica)", [], |r| {
            r.get::<_, bool>(0)
        })? {
            return Err(Error::Conflict(
                "this library is already a team's replica; leave that team first".into(),
            ));
        }
        tx.execute(
            "INSERT INTO team_replica (id, server, pulled_seq, joined_at) VALUES (1, ?1, ?2, ?3)",
            params![server, seq, timestamp(now())],
        )?;
        super::team_issues::become_replica(&tx, versions)?;
        for doc in &docs {
            match versions.get(&doc.id) {
                Some(&version) => set_base(&tx, doc.id, version, Some(doc))?,
                None => {
                    tx.execute(
                        "INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (?1)",
                        [doc.id.to_string()],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stops following the team: the library keeps every brief as it is now, as a private copy.
    pub fn leave_team(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM team_replica; DELETE FROM team_outbox; DELETE FROM team_base;
             DELETE FROM team_conflicts; DELETE FROM team_refused; DELETE FROM team_applying;
             DELETE FROM team_sent;",
        )?;
        super::team_issues::leave(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The briefs changed here since their last push, but those waiting on a conflict and
    /// those the server refused that have not changed since.
    pub fn pending_briefs(&self) -> Result<Vec<PendingBrief>> {
        let queued: Vec<(Uuid, i64, Option<i64>)> = self
            .conn
            .prepare(
                "SELECT o.brief_id, o.changes, b.server_version FROM team_outbox o
                 LEFT JOIN team_base b ON b.brief_id = o.brief_id
                 WHERE o.brief_id NOT IN (SELECT brief_id FROM team_conflicts)
                   AND NOT EXISTS (SELECT 1 FROM team_refused r
                                   WHERE r.brief_id = o.brief_id AND r.changes = o.changes)
                 ORDER BY o.brief_id",
            )?
            .query_map([], |r| {
                Ok((
                    super::parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    r.get(1)?,
                    r.get(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let ids: Vec<Uuid> = queued.iter().map(|(id, _, _)| *id).collect();
        let mut docs: HashMap<Uuid, DumpBrief> = self
            .brief_docs(&ids)?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        Ok(queued
            .into_iter()
            .map(|(id, changes, base_version)| PendingBrief {
                id,
                doc: docs.remove(&id),
                base_version,
                changes,
            })
            .collect())
    }

    /// Notes what a push is about to commit on the server (each brief's document and the version
    /// it takes there), before the commit: if the answer never comes back, the next pull knows
    /// the server's copy for this library's own.
    pub fn record_sending(&mut self, sending: &[PushedBrief]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for p in sending.iter().filter(|p| p.version > 0) {
            tx.execute(
                "INSERT OR REPLACE INTO team_sent (brief_id, server_version, doc) VALUES (?1, ?2, ?3)",
                params![p.id.to_string(), p.version, p.doc.as_ref().map(to_doc).transpose()?],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records what the server accepted: each brief's new base, and its outbox entry cleared
    /// unless it changed again since the push read it.
    pub fn record_pushed(&mut self, pushed: &[PushedBrief]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for p in pushed {
            tx.execute(
                "DELETE FROM team_sent WHERE brief_id = ?1",
                [p.id.to_string()],
            )?;
            set_base(&tx, p.id, p.version, p.doc.as_ref())?;
            tx.execute(
                "DELETE FROM team_outbox WHERE brief_id = ?1 AND changes = ?2",
                params![p.id.to_string(), p.changes],
            )?;
            tx.execute(
                "DELETE FROM team_refused WHERE brief_id = ?1",
                [p.id.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records changes the server refused, with its reasons: they stay here and queued, and
    /// are offered again once the brief changes.
    pub fn record_refused(&mut self, refused: &[(Uuid, i64, String)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (id, changes, reason) in refused {
            tx.execute(
                "INSERT OR REPLACE INTO team_refused (brief_id, changes, reason, refused_at)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id.to_string(), changes, reason, timestamp(now())],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The changes the server refused, with why.
    pub fn refused_briefs(&self) -> Result<Vec<RefusedBrief>> {
        Ok(self
            .conn
            .prepare(
                "SELECT r.brief_id, coalesce(b.headline, ''), r.reason FROM team_refused r
                 LEFT JOIN briefs b ON b.id = r.brief_id ORDER BY r.refused_at, r.brief_id",
            )?
            .query_map([], |r| {
                Ok(RefusedBrief {
                    id: super::parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    headline: r.get(1)?,
                    reason: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Applies briefs pulled from the server, all in one transaction, then records `seq` as
    /// pulled. A brief unchanged here takes the server's copy; one changed here is merged part
    /// by part against its base, and a part changed on both sides becomes a conflict.
    pub fn apply_pulled(&mut self, briefs: &[ServerBrief], seq: i64) -> Result<PullReport> {
        self.apply_pulled_with(briefs, &PulledRest::default(), seq)
    }

    /// As [`apply_pulled`](Library::apply_pulled), with the issues, tags and publication
    /// settings the same pull brought, applied after the briefs in the same transaction.
    pub fn apply_pulled_with(
        &mut self,
        briefs: &[ServerBrief],
        rest: &PulledRest,
        seq: i64,
    ) -> Result<PullReport> {
        let ids: Vec<Uuid> = briefs.iter().map(|b| b.id).collect();
        let mut report = PullReport::default();
        let tx = self.conn.transaction()?;
        tx.execute("INSERT OR IGNORE INTO team_applying (id) VALUES (1)", [])?;
        begin_inserts(&tx)?;
        // Read after the write above took the library's write lock, so no edit made elsewhere
        // (the CLI beside the app) can slip in between reading a brief and merging into it.
        let mut mine: HashMap<Uuid, DumpBrief> = Library::briefs_by_id_in(&tx, &ids)?
            .into_iter()
            .map(super::dump::dump_brief)
            .map(|d| (d.id, d))
            .collect();
        for theirs in briefs {
            let key = theirs.id.to_string();
            let base: Option<(i64, Option<DumpBrief>)> = tx
                .query_row(
                    "SELECT server_version, doc FROM team_base WHERE brief_id = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?)),
                )
                .optional()?
                .map(|(version, doc)| {
                    Ok::<_, Error>((version, doc.map(|d| parse_doc(&d)).transpose()?))
                })
                .transpose()?;
            if base
                .as_ref()
                .is_some_and(|(version, _)| *version >= theirs.version)
            {
                continue; // Already in step: our own push coming back, or an older copy.
            }
            let changed_here: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM team_outbox WHERE brief_id = ?1)
                     OR EXISTS (SELECT 1 FROM team_conflicts WHERE brief_id = ?1)",
                [&key],
                |r| r.get(0),
            )?;
            let here = mine.remove(&theirs.id);
            let base_doc = base.and_then(|(_, doc)| doc);
            let sent: Option<(i64, Option<String>)> = tx
                .query_row(
                    "SELECT server_version, doc FROM team_sent WHERE brief_id = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if sent.is_some() {
                // Any newer server copy makes what was sent history.
                tx.execute("DELETE FROM team_sent WHERE brief_id = ?1", [&key])?;
            }
            let own_push = match sent {
                Some((version, doc)) if version == theirs.version => {
                    let doc = doc.as_deref().map(parse_doc).transpose()?;
                    same_doc(doc.as_ref(), theirs.doc.as_ref())
                }
                _ => false,
            };
            if changed_here && own_push {
                // This library's own push, committed there but never recorded here: it becomes
                // the base. If the brief changed here since, the change stays queued and goes
                // over it; if not, the brief is in step (sending it again would move the
                // server's version on twice for one change).
                set_base(&tx, theirs.id, theirs.version, theirs.doc.as_ref())?;
                tx.execute("DELETE FROM team_conflicts WHERE brief_id = ?1", [&key])?;
                if same_doc(here.as_ref(), theirs.doc.as_ref()) {
                    tx.execute("DELETE FROM team_outbox WHERE brief_id = ?1", [&key])?;
                    tx.execute("DELETE FROM team_refused WHERE brief_id = ?1", [&key])?;
                }
                report.applied += 1;
                continue;
            }
            if !changed_here {
                write_doc(&tx, theirs.id, theirs.doc.as_ref(), here.is_some())?;
                set_base(&tx, theirs.id, theirs.version, theirs.doc.as_ref())?;
                report.applied += 1;
                continue;
            }
            match (here, &theirs.doc) {
                (Some(here), Some(there)) => {
                    let (merged, clashes) = merge(base_doc.as_ref(), &here, there);
                    if merged != here {
                        write_doc(&tx, theirs.id, Some(&merged), true)?;
                    }
                    if clashes.is_empty() {
                        set_base(&tx, theirs.id, theirs.version, Some(there))?;
                        tx.execute("DELETE FROM team_conflicts WHERE brief_id = ?1", [&key])?;
                        if PARTS.iter().all(|part| same_part(&merged, there, part)) {
                            // The server already holds exactly this: typically this library's
                            // own push, committed there but never recorded here (the process
                            // died, or the connection, before the answer came). Pushing it again
                            // would move the server's version on twice for one change.
                            tx.execute("DELETE FROM team_outbox WHERE brief_id = ?1", [&key])?;
                            tx.execute("DELETE FROM team_refused WHERE brief_id = ?1", [&key])?;
                        }
                        report.merged += 1;
                    } else {
                        tx.execute(
                            "INSERT OR REPLACE INTO team_conflicts
                                 (brief_id, parts, their_version, their_doc, found_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![
                                key,
                                clashes.join(","),
                                theirs.version,
                                to_doc(there)?,
                                timestamp(now())
                            ],
                        )?;
                        report.conflicts += 1;
                    }
                }
                // Deleted there, changed here: kept, and pushed back to the server (a clash
                // waiting on an older copy of theirs is over).
                (Some(_), None) => {
                    set_base(&tx, theirs.id, theirs.version, None)?;
                    tx.execute("DELETE FROM team_conflicts WHERE brief_id = ?1", [&key])?;
                    report.merged += 1;
                }
                // Deleted here, changed there: brought back with the server's changes.
                (None, Some(there)) => {
                    write_doc(&tx, theirs.id, Some(there), false)?;
                    set_base(&tx, theirs.id, theirs.version, Some(there))?;
                    tx.execute("DELETE FROM team_outbox WHERE brief_id = ?1", [&key])?;
                    tx.execute("DELETE FROM team_conflicts WHERE brief_id = ?1", [&key])?;
                    report.restored += 1;
                }
                // Deleted on both sides.
                (None, None) => {
                    set_base(&tx, theirs.id, theirs.version, None)?;
                    tx.execute("DELETE FROM team_outbox WHERE brief_id = ?1", [&key])?;
                    tx.execute("DELETE FROM team_conflicts WHERE brief_id = ?1", [&key])?;
                    report.applied += 1;
                }
            }
        }
        let rest = super::team_issues::apply_pulled(&tx, rest)?;
        report.applied += rest.applied;
        report.merged += rest.merged;
        report.restored += rest.restored;
        tx.execute(
            "UPDATE team_replica SET pulled_seq = max(pulled_seq, ?1)",
            [seq],
        )?;
        tx.execute("DELETE FROM team_applying", [])?;
        tx.commit()?;
        Ok(report)
    }

    /// The briefs waiting for the editor to choose between their copy and the server's.
    pub fn brief_conflicts(&self) -> Result<Vec<BriefConflict>> {
        let rows: Vec<(Uuid, String, Option<String>)> = self
            .conn
            .prepare(
                "SELECT brief_id, parts, their_doc FROM team_conflicts ORDER BY found_at, brief_id",
            )?
            .query_map([], |r| {
                Ok((
                    super::parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    r.get(1)?,
                    r.get(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let ids: Vec<Uuid> = rows.iter().map(|(id, _, _)| *id).collect();
        let mut mine: HashMap<Uuid, DumpBrief> = self
            .brief_docs(&ids)?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        rows.into_iter()
            .map(|(id, parts, theirs)| {
                Ok(BriefConflict {
                    id,
                    parts: parts.split(',').map(str::to_owned).collect(),
                    mine: mine.remove(&id),
                    theirs: theirs.as_deref().map(parse_doc).transpose()?,
                })
            })
            .collect()
    }

    /// Ends a conflict: the parts named in `take_theirs` take the server's copy, the others
    /// keep this library's; the result is queued to push over the server's version.
    pub fn resolve_brief_conflict(&mut self, id: Uuid, take_theirs: &[&str]) -> Result<()> {
        if let Some(part) = take_theirs.iter().find(|p| !PARTS.contains(p)) {
            return Err(Error::invalid(
                "part",
                format!("{part:?} is not a part of a brief ({})", PARTS.join(", ")),
            ));
        }
        let here = self.brief_docs(&[id])?.pop();
        let tx = self.conn.transaction()?;
        let row: Option<(i64, Option<String>)> = tx
            .query_row(
                "SELECT their_version, their_doc FROM team_conflicts WHERE brief_id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((their_version, their_doc)) = row else {
            return Err(Error::not_found("conflict for brief", id));
        };
        let theirs = their_doc.as_deref().map(parse_doc).transpose()?;
        if let (Some(here), Some(theirs)) = (&here, &theirs) {
            let mut chosen = here.clone();
            for part in take_theirs {
                take_part(&mut chosen, theirs, part);
            }
            begin_inserts(&tx)?;
            // Written as an ordinary change, so the outbox queues it.
            write_doc(&tx, id, Some(&chosen), true)?;
        }
        set_base(&tx, id, their_version, theirs.as_ref())?;
        tx.execute(
            "DELETE FROM team_conflicts WHERE brief_id = ?1",
            [id.to_string()],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO team_outbox (brief_id) VALUES (?1)",
            [id.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn all_brief_ids(&self) -> Result<Vec<Uuid>> {
        Ok(self
            .conn
            .prepare("SELECT id FROM briefs")?
            .query_map([], |r| super::parse_uuid(&r.get::<_, String>(0)?, 0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Briefs as the documents the server stores (those that exist, in no set order).
    pub fn brief_docs(&self, ids: &[Uuid]) -> Result<Vec<DumpBrief>> {
        Ok(self
            .briefs_by_id(ids)?
            .into_iter()
            .map(super::dump::dump_brief)
            .collect())
    }
}

/// Three-way merge of one brief: per part, the side that changed it since `base` wins; a part
/// both changed differently keeps `mine` and is named in the second value.
pub fn merge(
    base: Option<&DumpBrief>,
    mine: &DumpBrief,
    theirs: &DumpBrief,
) -> (DumpBrief, Vec<&'static str>) {
    let mut merged = mine.clone();
    let mut clashes = Vec::new();
    for part in PARTS {
        let changed = |doc: &DumpBrief| base.is_none_or(|b| !same_part(b, doc, part));
        if same_part(mine, theirs, part) || !changed(theirs) {
            continue;
        }
        if changed(mine) {
            clashes.push(part);
        } else {
            take_part(&mut merged, theirs, part);
        }
    }
    if clashes.is_empty() && merged.updated_at < theirs.updated_at {
        merged.updated_at = theirs.updated_at;
    }
    (merged, clashes)
}

/// Both deleted, or equal in every part.
fn same_doc(a: Option<&DumpBrief>, b: Option<&DumpBrief>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => PARTS.iter().all(|part| same_part(a, b, part)),
        _ => false,
    }
}

fn same_part(a: &DumpBrief, b: &DumpBrief, part: &str) -> bool {
    match part {
        "headline" => a.headline == b.headline,
        "body" => a.body == b.body,
        "sources" => a.sources == b.sources,
        "tags" => {
            let lower = |d: &DumpBrief| d.tags.iter().map(|t| t.to_lowercase()).collect::<Vec<_>>();
            lower(a) == lower(b)
        }
        "status" => a.status == b.status,
        "notes" => a.notes == b.notes,
        "review" => a.review == b.review,
        _ => true,
    }
}

fn take_part(into: &mut DumpBrief, from: &DumpBrief, part: &str) {
    match part {
        "headline" => into.headline.clone_from(&from.headline),
        "body" => into.body.clone_from(&from.body),
        "sources" => into.sources.clone_from(&from.sources),
        "tags" => into.tags.clone_from(&from.tags),
        "status" => into.status = from.status,
        "notes" => into.notes.clone_from(&from.notes),
        "review" => into.review.clone_from(&from.review),
        _ => {}
    }
}

fn set_base(tx: &Transaction<'_>, id: Uuid, version: i64, doc: Option<&DumpBrief>) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO team_base (brief_id, server_version, doc) VALUES (?1, ?2, ?3)",
        params![id.to_string(), version, doc.map(to_doc).transpose()?],
    )?;
    Ok(())
}

/// Makes the stored brief `id` hold `doc` (`None`: deletes it), keeping its place in an issue.
fn write_doc(tx: &Transaction<'_>, id: Uuid, doc: Option<&DumpBrief>, exists: bool) -> Result<()> {
    let key = id.to_string();
    let Some(doc) = doc else {
        if exists {
            let section = super::issues::placement(tx, id)?;
            tx.execute("DELETE FROM briefs WHERE id = ?1", [&key])?;
            if let Some((section, _)) = section {
                super::issues::renumber(tx, &section)?;
            }
        }
        return Ok(());
    };
    // What another editor wrote is stored as they wrote it, as a whole-library import does.
    let valid = validate::brief_as_stored(&draft_of(doc))?;
    if !exists {
        insert_brief_as(
            tx,
            id,
            &valid,
            &timestamp(doc.created_at),
            &timestamp(doc.updated_at),
            1,
        )?;
        return super::review::write_review(tx, id, doc.review.as_ref());
    }
    tx.execute(
        "UPDATE briefs SET headline = ?2, body = ?3, status = ?4, notes = ?5, updated_at = ?6,
                           version = version + 1
         WHERE id = ?1",
        params![
            key,
            valid.headline,
            valid.body,
            valid.status.as_str(),
            valid.notes,
            timestamp(doc.updated_at)
        ],
    )?;
    tx.execute("DELETE FROM sources WHERE brief_id = ?1", [&key])?;
    tx.execute("DELETE FROM brief_tags WHERE brief_id = ?1", [&key])?;
    write_children(tx, id, &valid)?;
    super::review::write_review(tx, id, doc.review.as_ref())
}

fn to_doc(doc: &DumpBrief) -> Result<String> {
    serde_json::to_string(doc).map_err(|e| Error::invalid("brief", e.to_string()))
}

fn parse_doc(text: &str) -> Result<DumpBrief> {
    serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            "team_base.doc",
            format!("a stored copy cannot be read: {e}"),
        )
    })
}
