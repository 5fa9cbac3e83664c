//! The composing lease: one editor at a time orders an issue. Others see who holds it ("Anna is
//! composing No. 12"); it is released when the composer closes, or runs out when it is not
//! renewed (the app renews it while its composer is open). Offline, composing goes on locally:
//! the lease is the server's and only guards against two editors reordering at once.

use std::time::Duration;

use serde::Serialize;
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::error::Result;

/// How long a lease lasts without renewal.
pub const LEASE_TIME: Duration = Duration::from_secs(120);

/// Who holds the lease on an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lease {
    pub issue_id: Uuid,
    /// The issue's number on the server (0 when the server has no such issue yet).
    pub number: u32,
    pub holder: String,
    pub display_name: String,
    /// Seconds until it runs out (rounded up; 0 or less once it has).
    pub expires_in: i64,
    /// Held by the login asking.
    pub mine: bool,
}

/// Takes (or renews) the lease on `issue` for `time`, unless another login holds an unexpired
/// one. One statement, so two editors asking at once cannot both get it. Returns the lease as it
/// stands: `mine` says whether this login got it.
pub async fn take_lease(client: &impl GenericClient, issue: Uuid, time: Duration) -> Result<Lease> {
    let seconds = time.as_secs_f64();
    client
        .execute(
            "INSERT INTO briefdesk.leases AS l (issue_id, holder, display_name, expires_at)
             VALUES ($1, current_user,
                     coalesce((SELECT display_name FROM briefdesk.members
                               WHERE login = current_user), current_user),
                     now() + make_interval(secs => $2))
             ON CONFLICT (issue_id) DO UPDATE
             SET holder = excluded.holder, display_name = excluded.display_name,
                 expires_at = excluded.expires_at
             WHERE l.holder = current_user OR l.expires_at < now()",
            &[&issue, &seconds],
        )
        .await?;
    let row = client
        .query_one(&format!("{SELECT} WHERE l.issue_id = $1"), &[&issue])
        .await?;
    Ok(lease_of(&row))
}

/// Gives the lease on `issue` back, if this login holds it; says whether it did.
pub async fn release_lease(client: &impl GenericClient, issue: Uuid) -> Result<bool> {
    Ok(client
        .execute(
            "DELETE FROM briefdesk.leases WHERE issue_id = $1 AND holder = current_user",
            &[&issue],
        )
        .await?
        > 0)
}

/// The leases held now (expired ones left out), by issue number.
pub async fn leases(client: &impl GenericClient) -> Result<Vec<Lease>> {
    Ok(client
        .query(
            &format!("{SELECT} WHERE l.expires_at > now() ORDER BY number, l.issue_id"),
            &[],
        )
        .await?
        .iter()
        .map(lease_of)
        .collect())
}

const SELECT: &str = "SELECT l.issue_id, coalesce(i.number, 0) AS number, l.holder,
        l.display_name, ceil(extract(epoch FROM l.expires_at - now()))::int8,
        l.holder = current_user
    FROM briefdesk.leases l
    LEFT JOIN briefdesk.issues i ON i.id = l.issue_id AND NOT i.deleted";

fn lease_of(row: &tokio_postgres::Row) -> Lease {
    let number: i32 = row.get(1);
    Lease {
        issue_id: row.get(0),
        number: u32::try_from(number).unwrap_or(0),
        holder: row.get(2),
        display_name: row.get(3),
        expires_in: row.get(4),
        mine: row.get(5),
    }
}
