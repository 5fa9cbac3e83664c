//! The composing lease in the window: while the composer shows an issue of a team replica, this
//! editor asks the server for the lease on it, in the background (the window never waits), and
//! renews it; it is released when the composer closes the issue or shows another. When another
//! editor holds it, the window is told ("Anna is composing No. 12") and makes the order read-only.
//! Offline, nothing is held and composing goes on here: the order merges on the next sync.

use std::sync::Mutex;
use std::time::Duration;

use briefdesk_core::library::team_view::ComposingLease;
use briefdesk_team::ServerAddress;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::state::AppState;

/// The event each new lease state (`ComposingLease`, or `null`) is sent on.
pub const COMPOSING_EVENT: &str = "composing-lease";

/// How often a held lease is renewed (it lasts `briefdesk_team::LEASE_TIME`, two minutes), and a
/// lease held by another asked for again.
const RENEW_EVERY: Duration = Duration::from_secs(30);

/// The composer's open issue and what the server says of its lease.
#[derive(Default)]
pub struct Composing {
    open: Mutex<Option<(Uuid, u32)>>,
    lease: Mutex<Option<ComposingLease>>,
    nudge: Notify,
}

impl Composing {
    /// The composer now shows issue `open` (id, number), or none; the lease follows at once.
    pub fn open(&self, open: Option<(Uuid, u32)>) {
        if let Ok(mut slot) = self.open.lock() {
            *slot = open;
        }
        self.nudge.notify_one();
    }

    /// The last lease state of the open issue.
    pub fn lease(&self) -> Option<ComposingLease> {
        self.lease.lock().ok().and_then(|l| l.clone())
    }

    fn current(&self) -> Option<(Uuid, u32)> {
        self.open.lock().ok().and_then(|o| *o)
    }

    fn set(&self, next: Option<ComposingLease>) -> bool {
        let Ok(mut lease) = self.lease.lock() else {
            return false;
        };
        let changed = *lease != next;
        *lease = next;
        changed
    }
}

/// Keeps the lease for as long as the app runs.
pub fn keep_leasing(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut client: Option<tokio_postgres::Client> = None;
        let mut held: Option<Uuid> = None;
        loop {
            let composing = app.state::<Composing>();
            let open = composing.current();
            let server = server_of(&app).await;
            // Released as soon as the composer leaves the issue.
            if let Some(issue) = held.filter(|h| Some(*h) != open.map(|o| o.0)) {
                if let Some(c) = client.as_ref()
                    && let Err(e) = briefdesk_team::release_lease(c, issue).await
                {
                    tracing::info!("the composing lease was not given back (it runs out): {e}");
                }
                held = None;
            }
            let next = match (open, server) {
                (Some((issue, number)), Some(server)) => {
                    match take(&mut client, &server, issue).await {
                        Ok(lease) => {
                            held = lease.mine.then_some(issue);
                            Some(ComposingLease {
                                number,
                                holder: lease.display_name,
                                mine: lease.mine,
                            })
                        }
                        // Offline, or a role that cannot compose: nothing is held, and the
                        // server's own rules decide what the next sync takes.
                        Err(e) => {
                            tracing::info!("no composing lease: {e}");
                            client = None;
                            None
                        }
                    }
                }
                _ => None,
            };
            if composing.set(next.clone())
                && let Err(e) = app.emit(COMPOSING_EVENT, next)
            {
                tracing::warn!("the window was not told who composes the issue: {e}");
            }
            let _ = tokio::time::timeout(RENEW_EVERY, composing.nudge.notified()).await;
        }
    });
}

async fn take(
    client: &mut Option<tokio_postgres::Client>,
    server: &ServerAddress,
    issue: Uuid,
) -> briefdesk_team::Result<briefdesk_team::Lease> {
    let connected = match client.take() {
        Some(c) if !c.is_closed() => c,
        _ => briefdesk_team::connect(server).await?,
    };
    let lease = briefdesk_team::take_lease(&connected, issue, briefdesk_team::LEASE_TIME).await?;
    *client = Some(connected);
    Ok(lease)
}

/// The server the open library follows, if it is a team's replica.
async fn server_of(app: &AppHandle) -> Option<ServerAddress> {
    let state = app.state::<AppState>();
    let replica = state.run(|lib| lib.team_replica()).await.ok().flatten()?;
    ServerAddress::from_stored(&replica.server).ok()
}
