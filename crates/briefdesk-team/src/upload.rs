//! Starting a team: an editor's whole library uploaded to an empty server in one transaction, so
//! the team begins with all of it or (on any failure) with nothing.

use briefdesk_core::library::dump::LibraryDump;
use serde::Serialize;
use tokio_postgres::Client;
use uuid::Uuid;

use crate::CHANGE_LOCK;
use crate::error::{Error, Result};

/// Rows sent per statement: large enough that 100,000 briefs take few round trips, small
/// enough that one statement's parameters stay a few megabytes.
const BATCH: usize = 1000;

/// What an upload stored on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uploaded {
    pub briefs: usize,
    pub tags: usize,
    pub issues: usize,
    /// The change number the whole upload carries: a replica made from it has seen this far.
    pub seq: i64,
}

/// Uploads `dump` (a library's `export_all`) as the team's library and records the uploader,
/// the server's `current_user`, as its admin. The server must hold no team library yet.
pub async fn upload(
    client: &mut Client,
    dump: &LibraryDump,
    display_name: &str,
) -> Result<Uploaded> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CHANGE_LOCK])
        .await?;
    let row = tx
        .query_one(
            "SELECT (SELECT count(*) FROM briefdesk.briefs WHERE NOT deleted),
                    (SELECT count(*) FROM briefdesk.issues WHERE NOT deleted),
                    (SELECT count(*) FROM briefdesk.members)",
            &[],
        )
        .await?;
    let (briefs, issues, members): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
    if briefs + issues + members > 0 {
        return Err(Error::AlreadyTeam { briefs, issues });
    }
    let seq: i64 = tx
        .query_one("SELECT nextval('briefdesk.change_seq')", &[])
        .await?
        .get(0);
    tx.execute(
        "INSERT INTO briefdesk.members (login, display_name, role)
         VALUES (current_user, $1, 'admin')",
        &[&display_name],
    )
    .await?;
    crate::members::make_first_admin(&tx).await?;
    tx.execute(
        "INSERT INTO briefdesk.publication (id, doc, seq) VALUES (1, $1, $2)",
        &[
            &to_json(&dump.publication, "the publication settings")?,
            &seq,
        ],
    )
    .await?;

    let names: Vec<&str> = dump.tags.iter().map(|t| t.name.as_str()).collect();
    let colours: Vec<Option<&str>> = dump.tags.iter().map(|t| t.colour.as_deref()).collect();
    tx.execute(
        "INSERT INTO briefdesk.tags (name, colour, seq)
         SELECT name, colour, $3 FROM unnest($1::text[], $2::text[]) AS t (name, colour)",
        &[&names, &colours, &seq],
    )
    .await?;

    for chunk in dump.briefs.chunks(BATCH) {
        let ids: Vec<Uuid> = chunk.iter().map(|b| b.id).collect();
        let docs = chunk
            .iter()
            .map(|b| to_json(b, &format!("brief {}", b.id)))
            .collect::<Result<Vec<_>>>()?;
        let versions: Vec<i64> = chunk.iter().map(|b| i64::from(b.version)).collect();
        tx.execute(
            "INSERT INTO briefdesk.briefs (id, doc, version, author, updated_by, seq)
             SELECT id, doc, version, current_user, current_user, $4
             FROM unnest($1::uuid[], $2::jsonb[], $3::int8[]) AS b (id, doc, version)",
            &[&ids, &docs, &versions, &seq],
        )
        .await?;
    }

    let ids: Vec<Uuid> = dump.issues.iter().map(|i| i.id).collect();
    let numbers = dump
        .issues
        .iter()
        .map(|i| {
            i32::try_from(i.number).map_err(|_| Error::Stored {
                what: format!("issue No. {}", i.number),
                reason: "its number is too large for the server".into(),
            })
        })
        .collect::<Result<Vec<i32>>>()?;
    let docs = dump
        .issues
        .iter()
        .map(|i| to_json(i, &format!("issue No. {}", i.number)))
        .collect::<Result<Vec<_>>>()?;
    tx.execute(
        "INSERT INTO briefdesk.issues (id, number, doc, updated_by, seq)
         SELECT id, number, doc, current_user, $4
         FROM unnest($1::uuid[], $2::int4[], $3::jsonb[]) AS i (id, number, doc)",
        &[&ids, &numbers, &docs, &seq],
    )
    .await?;
    tx.commit().await?;
    Ok(Uploaded {
        briefs: dump.briefs.len(),
        tags: dump.tags.len(),
        issues: dump.issues.len(),
        seq,
    })
}

fn to_json(value: &impl Serialize, what: &str) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Stored {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}
