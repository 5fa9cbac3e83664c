//! Sync: push what changed here, then pull what changed on the server since the last pull.
//!
//! A push writes each brief only if the server still holds the version it was changed from
//! (optimistic concurrency); a brief someone else changed first stays queued, the pull brings
//! their copy, the core merges it part by part, and the next push sends the merge. So no push
//! ever overwrites a change it has not seen.

use briefdesk_core::Library;
use briefdesk_core::Status;
use briefdesk_core::library::dump::DumpBrief;
use briefdesk_core::library::replica::{PullReport, PushedBrief, ServerBrief};
use briefdesk_core::library::team_issues::PulledRest;
use serde::Serialize;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, IsolationLevel};

use crate::CHANGE_LOCK;
use crate::error::{Error, Result};
use crate::sync_issues::{self, RestPending};

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
    // The login's role and name, so the window offers what the role allows (the server still
    // decides); a login the team does not list has none.
    let me = client
        .query_opt(
            "SELECT role, display_name FROM briefdesk.members WHERE login = current_user",
            &[],
        )
        .await?;
    let role: Option<String> = me.as_ref().map(|row| row.get(0));
    let name: Option<String> = me.as_ref().map(|row| row.get(1));
    lib.set_team_member(role.as_deref(), name.as_deref())?;
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
/// Those the server refuses (the login's role does not allow the change) are recorded here
/// with the reason and stay queued.
pub async fn push(client: &mut Client, lib: &mut Library) -> Result<(usize, usize)> {
    let pending = lib.pending_briefs()?;
    let rest = RestPending::read(lib)?;
    if pending.is_empty() && rest.is_empty() {
        return Ok((0, 0));
    }
    let mut tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])
        .await?;
    let seq: i64 = tx
        .query_one("SELECT nextval('briefdesk.change_seq')", &[])
        .await?
        .get(0);
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    let mut stale = 0;
    for brief in pending {
        let doc = brief.doc.as_ref().map(to_json).transpose()?;
        let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match (&doc, &brief.base_version) {
            (Some(doc), None) => (
                "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
                 VALUES ($1, $2, 1, current_user, current_user, $3)
                 ON CONFLICT (id) DO NOTHING RETURNING version",
                vec![&brief.id, doc, &seq],
            ),
            (Some(doc), Some(base)) => (
                "UPDATE briefdesk.briefs
                 SET doc = $2, version = version + 1, updated_by = current_user, seq = $3,
                     deleted = false
                 WHERE id = $1 AND version = $4 RETURNING version",
                vec![&brief.id, doc, &seq, base],
            ),
            (None, Some(base)) => (
                "UPDATE briefdesk.briefs
                 SET deleted = true, version = version + 1, updated_by = current_user, seq = $2
                 WHERE id = $1 AND version = $3 RETURNING version",
                vec![&brief.id, &seq, base],
            ),
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
        // Each brief in a savepoint: one the server refuses leaves the others' writes standing.
        let savepoint = tx.savepoint("brief").await?;
        match savepoint.query_opt(sql, &params).await {
            Ok(Some(row)) => {
                savepoint.commit().await?;
                accepted.push(PushedBrief {
                    id: brief.id,
                    changes: brief.changes,
                    version: row.get(0),
                    doc: brief.doc,
                });
            }
            // Nothing written: someone changed it first (stale), or the row policy hides it
            // from this login (refused: the server still holds the version it began from).
            Ok(None) => {
                savepoint.commit().await?;
                let now: Option<i64> = tx
                    .query_opt(
                        "SELECT version FROM briefdesk.briefs WHERE id = $1",
                        &[&brief.id],
                    )
                    .await?
                    .map(|row| row.get(0));
                if now.is_some() && now == brief.base_version {
                    refused.push((
                        brief.id,
                        brief.changes,
                        "only its author or an editor may change this brief".to_owned(),
                    ));
                } else {
                    stale += 1;
                }
            }
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
                savepoint.rollback().await?;
                let publishing = brief
                    .doc
                    .as_ref()
                    .is_some_and(|d| d.status == Status::Published);
                let reason = if publishing {
                    "only an editor may mark a brief published".to_owned()
                } else {
                    format!("your role does not allow this change ({})", Error::from(e))
                };
                refused.push((brief.id, brief.changes, reason));
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Issues after briefs, so a brief an issue places is on the server by then.
    let rest = sync_issues::push(&mut tx, seq, rest).await?;
    // Noted here before the server commits: should its answer be lost, the next pull knows the
    // server's copy for this library's own even if the brief is edited again meanwhile.
    lib.record_sending(&accepted)?;
    tx.commit().await?;
    // Recorded only once the server has committed: if this process dies in between, the next
    // push finds the server at a newer version, and the pull that follows sees the brief is
    // already what this library holds (the merge changes nothing).
    lib.record_pushed(&accepted)?;
    lib.record_refused(&refused)?;
    rest.record(lib)?;
    Ok((accepted.len() + rest.accepted(), stale + rest.stale))
}

/// Applies every server change numbered after the last pull.
pub async fn pull(client: &mut Client, lib: &mut Library) -> Result<PullReport> {
    let Some(state) = lib.team_replica()? else {
        return Err(Error::NotReplica);
    };
    // One snapshot for every table: a push committing between two of the reads could otherwise
    // be half seen, and its change number recorded as pulled.
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let rows = tx
        .query(
            "SELECT id, version, deleted, doc, seq FROM briefdesk.briefs
             WHERE seq > $1 ORDER BY seq, id",
            &[&state.pulled_seq],
        )
        .await?;
    let mut seq = state.pulled_seq;
    let rest = sync_issues::pull(&tx, state.pulled_seq, &mut seq).await?;
    tx.commit().await?;
    // Nothing new: the library is not written, so a sync every few seconds leaves its file (and
    // the app's watch on it) alone.
    if rows.is_empty() && rest == PulledRest::default() {
        return Ok(PullReport::default());
    }
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
    Ok(lib.apply_pulled_with(&briefs, &rest, seq)?)
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
