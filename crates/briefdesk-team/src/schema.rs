//! The server's schema, created and upgraded by Briefdesk with versioned migrations, like the
//! local library's: each runs once, in order, in the same transaction as its version's record.

use tokio_postgres::Client;

use crate::error::{Error, Result};

/// The migrations, in order; the schema version is their count.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "team library",
        include_str!("../migrations/001-team-library.sql"),
    ),
    ("roles", include_str!("../migrations/002-roles.sql")),
    (
        "issues, tags and settings sync; the composing lease",
        include_str!("../migrations/003-issues.sql"),
    ),
    (
        "review states and presence",
        include_str!("../migrations/004-review.sql"),
    ),
];

/// The server schema version this build writes and reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// Serialises schema changes between two editors starting or upgrading at the same moment.
const SCHEMA_LOCK: i64 = 0x4252_4653;

/// Brings the server's schema up to [`SCHEMA_VERSION`]; returns the version it found.
/// Refuses a schema from a newer Briefdesk rather than writing to it.
pub async fn migrate(client: &mut Client) -> Result<i32> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS briefdesk;
         CREATE TABLE IF NOT EXISTS briefdesk.schema_migrations (
             version     integer PRIMARY KEY,
             name        text NOT NULL,
             applied_at  timestamptz NOT NULL DEFAULT now()
         );",
    )
    .await?;
    let found: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM briefdesk.schema_migrations",
            &[],
        )
        .await?
        .get(0);
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i32 + 1;
        tracing::info!(version, name, "upgrading the team server's schema");
        tx.batch_execute(sql).await?;
        tx.execute(
            "INSERT INTO briefdesk.schema_migrations (version, name) VALUES ($1, $2)",
            &[&version, name],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(found)
}

/// The schema version on the server, 0 when Briefdesk has never been there.
pub(crate) async fn version(client: &Client) -> Result<i32> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('briefdesk.schema_migrations') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM briefdesk.schema_migrations",
            &[],
        )
        .await?
        .get(0))
}
