//! Joining a team: the server's library read in one consistent snapshot, as the document a
//! whole-library import reads, so a new replica is made by the core's own tested import.

use std::collections::{HashMap, HashSet};

use briefdesk_core::library::dump::{
    DUMP_FORMAT, DUMP_VERSION, DumpBrief, DumpIssue, DumpTag, LibraryDump,
};
use briefdesk_core::model::Publication;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_postgres::{Client, IsolationLevel};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::members::{Member, members};
use crate::schema::{self, SCHEMA_VERSION};

/// The team's whole library, the change number it is complete up to, and each brief's and
/// issue's version on the server, the publication settings' under the nil id (a replica's base
/// for its next push).
#[derive(Debug, Clone)]
pub struct Downloaded {
    pub dump: LibraryDump,
    pub seq: i64,
    pub versions: HashMap<Uuid, i64>,
}

/// The team's whole library, read in one snapshot.
pub async fn download(client: &mut Client) -> Result<Downloaded> {
    check_schema(client).await?;
    // One snapshot for every table, so the replica never mixes two moments of the library.
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    let members_count: i64 = tx
        .query_one("SELECT count(*) FROM briefdesk.members", &[])
        .await?
        .get(0);
    if members_count == 0 {
        return Err(Error::NoTeam);
    }
    // Change numbers commit in order (see CHANGE_LOCK), so the highest one this snapshot sees
    // is a point every earlier change is visible before.
    let mut publication_version = 1;
    let seq: i64 = tx
        .query_one(
            "SELECT greatest(
                 (SELECT coalesce(max(seq), 0) FROM briefdesk.publication),
                 (SELECT coalesce(max(seq), 0) FROM briefdesk.tags),
                 (SELECT coalesce(max(seq), 0) FROM briefdesk.briefs),
                 (SELECT coalesce(max(seq), 0) FROM briefdesk.issues))",
            &[],
        )
        .await?
        .get(0);
    let publication = match tx
        .query_opt(
            "SELECT doc, version FROM briefdesk.publication WHERE id = 1",
            &[],
        )
        .await?
    {
        Some(row) => {
            publication_version = row.get(1);
            from_json::<Publication>(row.get(0), "the publication settings")?
        }
        None => Publication::default(),
    };
    let tags = tx
        .query(
            "SELECT name, colour FROM briefdesk.tags WHERE NOT deleted ORDER BY lower(name)",
            &[],
        )
        .await?
        .iter()
        .map(|row| DumpTag {
            name: row.get(0),
            colour: row.get(1),
        })
        .collect();
    let rows = tx
        .query(
            "SELECT doc, id, version FROM briefdesk.briefs WHERE NOT deleted
             ORDER BY doc->>'created_at', id",
            &[],
        )
        .await?;
    let mut versions: HashMap<Uuid, i64> =
        rows.iter().map(|row| (row.get(1), row.get(2))).collect();
    let briefs = rows
        .iter()
        .map(|row| from_json::<DumpBrief>(row.get(0), "a brief"))
        .collect::<Result<Vec<_>>>()?;
    let rows = tx
        .query(
            "SELECT doc, id, version FROM briefdesk.issues WHERE NOT deleted ORDER BY number",
            &[],
        )
        .await?;
    let mut issues = Vec::with_capacity(rows.len());
    // An issue placing a brief deleted since, or one a later issue placed too (two editors
    // moving it at once), leaves it out: a brief sits in one issue, as the replicas apply it.
    let mut unplaced: HashSet<Uuid> = briefs.iter().map(|b| b.id).collect();
    for row in &rows {
        let mut issue = from_json::<DumpIssue>(row.get(0), "an issue")?;
        for section in &mut issue.sections {
            section.briefs.retain(|id| unplaced.remove(id));
        }
        versions.insert(row.get(1), row.get(2));
        issues.push(issue);
    }
    versions.insert(Uuid::nil(), publication_version);
    tx.commit().await?;
    let dump = LibraryDump {
        format: DUMP_FORMAT.into(),
        version: DUMP_VERSION,
        exported_at: chrono::Utc::now(),
        schema_version: 0,
        publication,
        tags,
        briefs,
        issues,
    };
    Ok(Downloaded {
        dump,
        seq,
        versions,
    })
}

/// What `briefdesk team status` shows of the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamStatus {
    pub server: String,
    pub login: String,
    pub schema_version: i32,
    pub briefs: i64,
    pub issues: i64,
    /// The newest change number on the server.
    pub seq: i64,
    pub members: Vec<Member>,
    /// Who is composing which issue now.
    pub leases: Vec<crate::Lease>,
}

/// The server's team library at a glance.
pub async fn status(client: &mut Client, server: &crate::ServerAddress) -> Result<TeamStatus> {
    let schema_version = check_schema(client).await?;
    let row = client
        .query_one(
            "SELECT (SELECT count(*) FROM briefdesk.briefs WHERE NOT deleted),
                    (SELECT count(*) FROM briefdesk.issues WHERE NOT deleted),
                    (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM briefdesk.change_seq),
                    current_user::text",
            &[],
        )
        .await?;
    let members = members(&*client).await?;
    if members.is_empty() {
        return Err(Error::NoTeam);
    }
    Ok(TeamStatus {
        server: server.to_string(),
        login: row.get(3),
        schema_version,
        briefs: row.get(0),
        issues: row.get(1),
        seq: row.get(2),
        members,
        leases: crate::leases(&*client).await?,
    })
}

async fn check_schema(client: &Client) -> Result<i32> {
    match schema::version(client).await? {
        0 => Err(Error::NoTeam),
        found if found > SCHEMA_VERSION => Err(Error::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        }),
        found => Ok(found),
    }
}

fn from_json<T: DeserializeOwned>(value: serde_json::Value, what: &str) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::Stored {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}
