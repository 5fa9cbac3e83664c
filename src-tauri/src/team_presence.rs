//! Who is editing which brief, in a team replica. While the editor shows a brief, the app tells
//! the server so every [`EVERY`] (and at once when the brief changes or closes); it reads who
//! else has a brief open on the same beat and sends the window the list as `team-presence`
//! events. It has its own connection, on tokio, so it never waits on the library or holds up
//! typing; while the server is away it says nothing and tries again on the next beat.

use std::sync::Mutex;
use std::time::Duration;

use briefdesk_core::BriefId;
use briefdesk_core::library::team_view::Editing;
use briefdesk_team::ServerAddress;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::state::AppState;

/// The event each new list of others' open briefs (`Editing[]`) is sent on.
pub const TEAM_PRESENCE_EVENT: &str = "team-presence";

/// How often the app renews its own presence and reads the others'; the server ignores a
/// presence not renewed for a minute (`briefdesk_team::FRESH_SECONDS`).
const EVERY: Duration = Duration::from_secs(20);

/// The presence's shared side: the brief open here, and who else has which open.
#[derive(Default)]
pub struct TeamPresence {
    open: Mutex<Option<BriefId>>,
    others: Mutex<Vec<Editing>>,
    changed: Notify,
}

impl TeamPresence {
    /// The editor now shows `id` (`None`: no brief); told to the server at once.
    pub fn set_open(&self, id: Option<BriefId>) {
        if let Ok(mut open) = self.open.lock()
            && *open != id
        {
            *open = id;
            self.changed.notify_one();
        }
    }

    /// Who else has a brief open, as last read.
    pub fn others(&self) -> Vec<Editing> {
        self.others.lock().map(|o| o.clone()).unwrap_or_default()
    }

    fn open(&self) -> Option<BriefId> {
        self.open.lock().ok().and_then(|o| *o)
    }

    /// Keeps `next`; answers whether it differs from what was kept.
    fn set_others(&self, next: Vec<Editing>) -> bool {
        let Ok(mut others) = self.others.lock() else {
            return false;
        };
        let changed = *others != next;
        *others = next;
        changed
    }
}

/// The app's connection to the team's server for presence, remade when the library changes.
struct Link {
    server: String,
    client: tokio_postgres::Client,
}

/// Starts telling the server what is open here, and reading who else edits what, for as long
/// as the app runs.
pub fn keep_telling(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut link: Option<Link> = None;
        loop {
            let presence = app.state::<TeamPresence>();
            let others = match beat(&app, &mut link, presence.open()).await {
                Ok(others) => others,
                Err(e) => {
                    // Offline is silent: the sync's own status already says so.
                    tracing::debug!("team presence not exchanged: {e}");
                    link = None;
                    Vec::new()
                }
            };
            if presence.set_others(others.clone())
                && let Err(e) = app.emit(TEAM_PRESENCE_EVENT, others)
            {
                tracing::warn!("the window was not told who is editing: {e}");
            }
            let _ = tokio::time::timeout(EVERY, presence.changed.notified()).await;
        }
    });
}

/// One exchange: this app's presence told (or cleared), the others' read.
async fn beat(
    app: &AppHandle,
    link: &mut Option<Link>,
    open: Option<BriefId>,
) -> Result<Vec<Editing>, String> {
    let state = app.state::<AppState>();
    let replica = state.run(|lib| lib.team_replica()).await.ok().flatten();
    let Some(replica) = replica else {
        *link = None;
        return Ok(Vec::new());
    };
    if link
        .as_ref()
        .is_none_or(|l| l.server != replica.server || l.client.is_closed())
    {
        let address = ServerAddress::from_stored(&replica.server).map_err(|e| e.to_string())?;
        let client = briefdesk_team::connect(&address)
            .await
            .map_err(|e| e.to_string())?;
        *link = Some(Link {
            server: replica.server.clone(),
            client,
        });
    }
    let Some(Link { client, .. }) = link.as_ref() else {
        return Ok(Vec::new());
    };
    let name = replica
        .display_name
        .clone()
        .unwrap_or_else(|| replica.login.clone());
    match open {
        Some(id) => briefdesk_team::set_presence(client, id.0, &name).await,
        None => briefdesk_team::clear_presence(client).await,
    }
    .map_err(|e| e.to_string())?;
    let others = briefdesk_team::others_editing(client)
        .await
        .map_err(|e| e.to_string())?;
    Ok(others
        .into_iter()
        .map(|p| Editing {
            id: p.brief_id.into(),
            login: p.login,
            name: p.display_name,
        })
        .collect())
}
