//! Sync: push what changed here, then pull what changed on the server since the last pull.
//!
//! A push writes each brief only if the server still holds the version it was changed from
//! (optimistic concurrency); a brief someone else changed first stays queued, the pull brings
//! their copy, the core merges it part by part, and the next push sends the merge. So no push
//! ever overwrites a change it has not seen.

use briefdesk_core::Library;
use briefdesk_core::library::dump::DumpBrief;
use briefdesk_core::library::replica::{PullReport, PushedBrief, ServerBrief};
use serde::Serialize;
use tokio_postgres::Client;

use crate::CHANGE_LOCK;
use crate::error::{Error, Result};

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Briefs the server accepted from this library.
    pub pushed: usize,
    /// Briefs another editor changed first: merged by the pull, sent again next time.
    pub stale: usize,
    #[serde(flatten)]
    pub pulled: PullReport,
    /// The server change number this library is complete up to.
    pub seq: i64,
}

/// Pushes, pulls, and pushes again what the pull merged, so one call leaves both sides in step
/// unless a conflict waits for the editor.
pub async fn sync(client: &mut Client, lib: &mut Library) -> Result<SyncReport> {
    let (pushed, stale) = push(client, lib).await?;
    let pulled = pull(client, lib).await?;
    let (again, still_stale) = if stale > 0 || pulled.merged > 0 {
        push(client, lib).await?
    } else {
        (0, 0)
    };
    let seq = lib
        .team_replica()?
        .map(|r| r.pulled_seq)
        .unwrap_or_default();
    Ok(SyncReport {
        pushed: pushed + again,
        stale: still_stale,
        pulled,
        seq,
    })
}

/// Sends the briefs queued here; returns how many were accepted and how many were stale.
pub async fn push(client: &mut Client, lib: &mut Library) -> Result<(usize, usize)> {
    let pending = lib.pending_briefs()?;
    if pending.is_empty() {
        return Ok((0, 0));
    }
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])
        .await?;
    let seq: i64 = tx
        .query_one("SELECT nextval('briefdesk.change_seq')", &[])
        .await?
        .get(0);
    let mut accepted = Vec::new();
    let mut stale = 0;
    for brief in pending {
        let doc = brief.doc.as_ref().map(to_json).transpose()?;
        let written = match (&doc, brief.base_version) {
            (Some(doc), None) => {
                tx.query_opt(
                    "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
                     VALUES ($1, $2, 1, current_user, current_user, $3)
                     ON CONFLICT (id) DO NOTHING RETURNING version",
                    &[&brief.id, doc, &seq],
                )
                .await?
            }
            (Some(doc), Some(base)) => {
                tx.query_opt(
                    "UPDATE briefdesk.briefs
                     SET doc = $2, version = version + 1, updated_by = current_user, seq = $3,
                         deleted = false
                     WHERE id = $1 AND version = $4 RETURNING version",
                    &[&brief.id, doc, &seq, &base],
                )
                .await?
            }
            (None, Some(base)) => {
                tx.query_opt(
                    "UPDATE briefdesk.briefs
                     SET deleted = true, version = version + 1, updated_by = current_user, seq = $2
                     WHERE id = $1 AND version = $3 RETURNING version",
                    &[&brief.id, &seq, &base],
                )
                .await?
            }
            // Made and deleted here between two pushes: the server never needs to know.
            (None, None) => {
                accepted.push(PushedBrief {
                    id: brief.id,
                    changes: brief.changes,
                    version: 0,
                    doc: None,
                });
                continue;
            }
        };
        match written {
            Some(row) => accepted.push(PushedBrief {
                id: brief.id,
                changes: brief.changes,
                version: row.get(0),
                doc: brief.doc,
            }),
            None => stale += 1,
        }
    }
    tx.commit().await?;
    // Recorded only once the server has committed: if this process dies in between, the next
    // push finds the server at a newer version, and the pull that follows sees the brief is
    // already what this library holds (the merge changes nothing).
    lib.record_pushed(&accepted)?;
    Ok((accepted.len(), stale))
}

/// Applies every server change numbered after the last pull.
pub async fn pull(client: &mut Client, lib: &mut Library) -> Result<PullReport> {
    let Some(state) = lib.team_replica()? else {
        return Err(Error::NotReplica);
    };
    let rows = client
        .query(
            "SELECT id, version, deleted, doc, seq FROM briefdesk.briefs
             WHERE seq > $1 ORDER BY seq, id",
            &[&state.pulled_seq],
        )
        .await?;
    let mut seq = state.pulled_seq;
    let mut briefs = Vec::with_capacity(rows.len());
    for row in &rows {
        let deleted: bool = row.get(2);
        let doc = if deleted {
            None
        } else {
            Some(from_json(row.get(3))?)
        };
        briefs.push(ServerBrief {
            id: row.get(0),
            version: row.get(1),
            doc,
        });
        seq = seq.max(row.get(4));
    }
    Ok(lib.apply_pulled(&briefs, seq)?)
}

fn to_json(doc: &DumpBrief) -> Result<serde_json::Value> {
    serde_json::to_value(doc).map_err(|e| Error::Stored {
        what: format!("brief {}", doc.id),
        reason: e.to_string(),
    })
}

fn from_json(value: serde_json::Value) -> Result<DumpBrief> {
    serde_json::from_value(value).map_err(|e| Error::Stored {
        what: "a brief".into(),
        reason: e.to_string(),
    })
}
