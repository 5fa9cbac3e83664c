//! The sync of everything but briefs: issues (each with its sections and order, one document
//! pushed over the server version it was changed from), tags (name and colour; the later push
//! wins) and the publication settings (pushed over their server version). Runs inside the
//! brief sync's transactions, so one push or pull moves all of it under one change number.

use briefdesk_core::Library;
use briefdesk_core::library::dump::DumpIssue;
use briefdesk_core::library::team_issues::{
    PendingIssue, PendingPublication, PendingTag, PulledRest, PushedIssue, ServerIssue,
    ServerPublication, ServerTag,
};
use briefdesk_core::model::Publication;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_postgres::Transaction;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::error::{Error, Result};

/// What the server took of the issues, tags and settings queued here.
#[derive(Debug, Default)]
pub(crate) struct RestPushed {
    issues: Vec<PushedIssue>,
    refused: Vec<(Uuid, i64, String)>,
    tags: Vec<PendingTag>,
    publication: Option<(PendingPublication, i64)>,
    pub stale: usize,
}

impl RestPushed {
    pub fn accepted(&self) -> usize {
        self.issues.len() + self.tags.len() + usize::from(self.publication.is_some())
    }

    /// Recorded here once the server has committed (see `push`).
    pub fn record(&self, lib: &mut Library) -> Result<()> {
        lib.record_pushed_issues(&self.issues)?;
        lib.record_refused_issues(&self.refused)?;
        lib.record_pushed_tags(&self.tags)?;
        if let Some((pushed, version)) = &self.publication {
            lib.record_pushed_publication(pushed, *version)?;
        }
        Ok(())
    }
}

/// What is queued here besides briefs.
pub(crate) struct RestPending {
    issues: Vec<PendingIssue>,
    tags: Vec<PendingTag>,
    publication: Option<PendingPublication>,
}

impl RestPending {
    pub fn read(lib: &Library) -> Result<RestPending> {
        Ok(RestPending {
            issues: lib.pending_issues()?,
            tags: lib.pending_tags()?,
            publication: lib.pending_publication()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.issues.is_empty() && self.tags.is_empty() && self.publication.is_none()
    }
}

/// Writes what is queued into the push's transaction, drawn at change number `seq`.
pub(crate) async fn push(
    tx: &mut Transaction<'_>,
    seq: i64,
    pending: RestPending,
) -> Result<RestPushed> {
    let mut done = RestPushed::default();
    for issue in pending.issues {
        push_issue(tx, seq, issue, &mut done).await?;
    }
    for tag in pending.tags {
        let savepoint = tx.savepoint("tag").await?;
        let written = match &tag.colour {
            Some(colour) => {
                savepoint
                    .execute(
                        "INSERT INTO briefdesk.tags (name, colour, seq) VALUES ($1, $2, $3)
                         ON CONFLICT ((lower(name))) DO UPDATE
                         SET name = excluded.name, colour = excluded.colour, seq = excluded.seq,
                             deleted = false",
                        &[&tag.name, colour, &seq],
                    )
                    .await
            }
            None => {
                savepoint
                    .execute(
                        "UPDATE briefdesk.tags SET deleted = true, seq = $2
                         WHERE lower(name) = lower($1) AND NOT deleted",
                        &[&tag.name, &seq],
                    )
                    .await
            }
        };
        match written {
            Ok(_) => {
                savepoint.commit().await?;
                done.tags.push(tag);
            }
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
                savepoint.rollback().await?;
                // A contributor's new tag travels with their brief; only a colour is an
                // editor's to set, and that stays queued here.
                if tag.colour.as_ref().is_some_and(Option::is_none) {
                    done.tags.push(tag);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(publication) = pending.publication {
        let doc = to_json(&publication.doc, "the publication settings")?;
        let savepoint = tx.savepoint("publication").await?;
        match savepoint
            .query_opt(
                "UPDATE briefdesk.publication SET doc = $1, version = version + 1, seq = $2
                 WHERE id = 1 AND version = $3 RETURNING version",
                &[&doc, &seq, &publication.base_version],
            )
            .await
        {
            Ok(Some(row)) => {
                savepoint.commit().await?;
                done.publication = Some((publication, row.get(0)));
            }
            Ok(None) => {
                savepoint.commit().await?;
                done.stale += 1;
            }
            // Not an editor: the settings stay changed here and queued.
            Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
                savepoint.rollback().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(done)
}

async fn push_issue(
    tx: &mut Transaction<'_>,
    seq: i64,
    issue: PendingIssue,
    done: &mut RestPushed,
) -> Result<()> {
    let doc = issue
        .doc
        .as_ref()
        .map(|d| to_json(d, &format!("issue No. {}", d.number)))
        .transpose()?;
    let number = issue.doc.as_ref().map(number_of).transpose()?;
    let (sql, params): (&str, Vec<&(dyn ToSql + Sync)>) = match (&doc, &number) {
        // Inserted when the server never had it; else written only over the version it was
        // changed from (none: an issue made here, whose id the server already has, is stale).
        (Some(doc), Some(number)) => (
            "INSERT INTO briefdesk.issues (id, number, doc, version, updated_by, seq)
             VALUES ($1, $2, $3, 1, current_user, $4)
             ON CONFLICT (id) DO UPDATE
             SET number = excluded.number, doc = excluded.doc, version = issues.version + 1,
                 updated_by = current_user, seq = excluded.seq, deleted = false
             WHERE issues.version = $5
             RETURNING version",
            vec![&issue.id, number, doc, &seq, &issue.base_version],
        ),
        _ if issue.base_version.is_none() => {
            // Made and deleted here between two pushes.
            done.issues.push(PushedIssue {
                id: issue.id,
                changes: issue.changes,
                version: 0,
                doc: None,
            });
            return Ok(());
        }
        _ => (
            "UPDATE briefdesk.issues
             SET deleted = true, version = version + 1, updated_by = current_user, seq = $2
             WHERE id = $1 AND version = $3 RETURNING version",
            vec![&issue.id, &seq, &issue.base_version],
        ),
    };
    let savepoint = tx.savepoint("issue").await?;
    match savepoint.query_opt(sql, &params).await {
        Ok(Some(row)) => {
            savepoint.commit().await?;
            done.issues.push(PushedIssue {
                id: issue.id,
                changes: issue.changes,
                version: row.get(0),
                doc: issue.doc,
            });
        }
        Ok(None) => {
            savepoint.commit().await?;
            done.stale += 1;
        }
        Err(e) => {
            savepoint.rollback().await?;
            let reason = match e.code() {
                Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => {
                    "only an editor may change issues".to_owned()
                }
                Some(c) if *c == SqlState::UNIQUE_VIOLATION => format!(
                    "the team already has an issue No. {}; give this one another number",
                    issue.doc.as_ref().map_or(0, |d| d.number)
                ),
                _ => return Err(e.into()),
            };
            done.refused.push((issue.id, issue.changes, reason));
        }
    }
    Ok(())
}

/// Reads what changed on the server after change `after`, in the pull's snapshot.
pub(crate) async fn pull(tx: &Transaction<'_>, after: i64, seq: &mut i64) -> Result<PulledRest> {
    let mut rest = PulledRest::default();
    if let Some(row) = tx
        .query_opt(
            "SELECT version, doc, seq FROM briefdesk.publication WHERE id = 1 AND seq > $1",
            &[&after],
        )
        .await?
    {
        rest.publication = Some(ServerPublication {
            version: row.get(0),
            doc: from_json::<Publication>(row.get(1), "the publication settings")?,
        });
        *seq = (*seq).max(row.get(2));
    }
    for row in tx
        .query(
            "SELECT name, colour, deleted, seq FROM briefdesk.tags WHERE seq > $1
             ORDER BY seq, name",
            &[&after],
        )
        .await?
    {
        rest.tags.push(ServerTag {
            name: row.get(0),
            colour: row.get(1),
            deleted: row.get(2),
        });
        *seq = (*seq).max(row.get(3));
    }
    for row in tx
        .query(
            "SELECT id, version, deleted, doc, seq FROM briefdesk.issues WHERE seq > $1
             ORDER BY seq, id",
            &[&after],
        )
        .await?
    {
        let deleted: bool = row.get(2);
        rest.issues.push(ServerIssue {
            id: row.get(0),
            version: row.get(1),
            doc: if deleted {
                None
            } else {
                Some(from_json::<DumpIssue>(row.get(3), "an issue")?)
            },
        });
        *seq = (*seq).max(row.get(4));
    }
    Ok(rest)
}

fn number_of(doc: &DumpIssue) -> Result<i32> {
    i32::try_from(doc.number).map_err(|_| Error::Stored {
        what: format!("issue No. {}", doc.number),
        reason: "its number is too large for the server".into(),
    })
}

fn to_json(value: &impl Serialize, what: &str) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Stored {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}

fn from_json<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::Stored {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}
