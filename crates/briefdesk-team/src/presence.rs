//! Who is editing which brief: each app tells the server which brief its editor has open
//! (every ~20 s while it stays open), and reads who else has one open. A row not renewed for
//! [`FRESH_SECONDS`] is ignored: its app quit, crashed or lost the network. Times are the
//! server's own clock, so two machines' clocks never disagree about it.

use serde::Serialize;
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::error::Result;

/// How long a brief stays "being edited" after its app last said so.
pub const FRESH_SECONDS: f64 = 60.0;

/// Someone else with a brief open in their editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presence {
    pub brief_id: Uuid,
    pub login: String,
    pub display_name: String,
}

/// Says the signed-in login has brief `id` open now (and, with it, no other brief: an editor
/// shows one brief at a time).
pub async fn set_presence(client: &impl GenericClient, id: Uuid, display_name: &str) -> Result<()> {
    client
        .execute(
            "DELETE FROM briefdesk.presence WHERE login = current_user AND brief_id <> $1",
            &[&id],
        )
        .await?;
    client
        .execute(
            "INSERT INTO briefdesk.presence (brief_id, display_name) VALUES ($1, $2)
             ON CONFLICT (brief_id, login)
             DO UPDATE SET display_name = excluded.display_name, seen_at = now()",
            &[&id, &display_name],
        )
        .await?;
    Ok(())
}

/// Says the signed-in login has no brief open any more.
pub async fn clear_presence(client: &impl GenericClient) -> Result<()> {
    client
        .execute(
            "DELETE FROM briefdesk.presence WHERE login = current_user",
            &[],
        )
        .await?;
    Ok(())
}

/// Who else has a brief open, seen within the last [`FRESH_SECONDS`], by brief.
pub async fn others_editing(client: &impl GenericClient) -> Result<Vec<Presence>> {
    Ok(client
        .query(
            "SELECT brief_id, login, display_name FROM briefdesk.presence
             WHERE login <> current_user
               AND seen_at > now() - make_interval(secs => $1)
             ORDER BY brief_id, display_name, login",
            &[&FRESH_SECONDS],
        )
        .await?
        .iter()
        .map(|row| Presence {
            brief_id: row.get(0),
            login: row.get(1),
            display_name: row.get(2),
        })
        .collect())
}
