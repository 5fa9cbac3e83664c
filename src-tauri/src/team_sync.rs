//! The team library's background sync. While the open library is a team's replica, it is synced
//! every few seconds and soon after each edit (debounced), on tokio, never in the window's way:
//! the sync has its own connection to the library file, and its library and network work runs
//! on the blocking pool. What it brings in reaches the views through the watch for outside
//! changes (`outside_changes.rs`); its status reaches the window as `team-sync` events.
//!
//! The server is the one the replica stored; the password comes from `PGPASSWORD` or libpq's
//! password file, as for the CLI (the OS keychain comes later). A server that cannot be reached is
//! not an error dialog: the status says "offline since …" and the sync tries again, backing off.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use briefdesk_core::Library;
use briefdesk_core::library::replica::ReplicaState;
use briefdesk_core::library::team_view::SyncStatus;
use briefdesk_team::ServerAddress;
use chrono::{DateTime, Utc};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::state::{AppState, blocking};

/// The event each new status (`SyncStatus`, or `null` once the library follows no team) is sent on.
pub const TEAM_SYNC_EVENT: &str = "team-sync";

/// How often a replica syncs while the server answers.
const EVERY: Duration = Duration::from_secs(5);
/// How long after an edit the sync waits for the next one, so typing sends one push.
const DEBOUNCE: Duration = Duration::from_millis(800);
/// The longest wait between tries while the server is away.
const MOST_BACKOFF: Duration = Duration::from_secs(60);

/// The sync's shared side: its last status, and the nudge an edit gives it.
#[derive(Default)]
pub struct TeamSync {
    nudge: Notify,
    status: Mutex<Option<SyncStatus>>,
}

impl TeamSync {
    /// Asks for a sync soon (an edit was made, or the editor asked).
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    /// The last status; `None` while the open library follows no team.
    pub fn status(&self) -> Option<SyncStatus> {
        self.status.lock().ok().and_then(|s| s.clone())
    }

    /// Keeps `next`; answers whether it differs from what was kept.
    fn set(&self, next: Option<SyncStatus>) -> bool {
        let Ok(mut status) = self.status.lock() else {
            return false;
        };
        let changed = *status != next;
        *status = next;
        changed
    }
}

/// What one round of sync found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The open library follows no team.
    NotReplica,
    /// Synced; the replica as it is after.
    Synced(ReplicaState),
    /// The server could not be reached, or the sync failed midway: tried again later.
    Failed(ReplicaState, String),
}

/// The status after `outcome` at `now`, given the one before: "offline since" keeps the time
/// the server was first missed.
pub fn next_status(
    before: Option<&SyncStatus>,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Option<SyncStatus> {
    let same_server = |r: &ReplicaState| before.filter(|b| b.server == r.server);
    match outcome {
        Outcome::NotReplica => None,
        Outcome::Synced(r) => Some(SyncStatus {
            server: r.server.clone(),
            login: r.login.clone(),
            role: r.role.clone(),
            waiting: r.waiting,
            conflicts: r.conflicts,
            refused: r.refused,
            offline_since: None,
            synced_at: Some(now),
            problem: None,
        }),
        Outcome::Failed(r, why) => Some(SyncStatus {
            server: r.server.clone(),
            login: r.login.clone(),
            role: r.role.clone(),
            waiting: r.waiting,
            conflicts: r.conflicts,
            refused: r.refused,
            offline_since: Some(same_server(r).and_then(|b| b.offline_since).unwrap_or(now)),
            synced_at: same_server(r).and_then(|b| b.synced_at),
            problem: Some(why.clone()),
        }),
    }
}

/// How long to wait before the next round, after `failures` failed rounds in a row: every few
/// seconds while online, doubling up to a minute while not.
pub fn next_wait(failures: u32) -> Duration {
    if failures == 0 {
        return EVERY;
    }
    EVERY
        .saturating_mul(1 << failures.min(6).saturating_sub(1))
        .min(MOST_BACKOFF)
}

/// The sync's own connection to the library file, reopened when another library is opened.
#[derive(Default)]
pub struct Session {
    library: Option<Library>,
    client: Option<tokio_postgres::Client>,
}

/// One round: push and pull for the library at `path`, if it is a replica. Blocking (it waits
/// on the network through `runtime`); run it on the blocking pool.
pub fn round(session: &mut Session, path: &Path, runtime: &tokio::runtime::Handle) -> Outcome {
    if session.library.as_ref().and_then(Library::path) != Some(path) {
        session.client = None;
        session.library = match Library::open(path) {
            Ok(library) => Some(library),
            Err(e) => {
                tracing::warn!("the team sync could not open the library: {e}");
                None
            }
        };
    }
    let Some(library) = session.library.as_mut() else {
        return Outcome::NotReplica;
    };
    let replica = match library.team_replica() {
        Ok(Some(replica)) => replica,
        Ok(None) => return Outcome::NotReplica,
        Err(e) => {
            tracing::warn!("the team sync could not read the library: {e}");
            return Outcome::NotReplica;
        }
    };
    let server = match ServerAddress::from_stored(&replica.server) {
        Ok(server) => server,
        Err(e) => return Outcome::Failed(replica, e.to_string()),
    };
    let client = &mut session.client;
    let done = runtime.block_on(async {
        let mut connected = match client.take() {
            Some(c) if !c.is_closed() => c,
            _ => briefdesk_team::connect(&server).await?,
        };
        let report = briefdesk_team::sync(&mut connected, library).await;
        if report.is_ok() {
            *client = Some(connected);
        }
        report
    });
    let after = library.team_replica().ok().flatten().unwrap_or(replica);
    match done {
        Ok(_) => Outcome::Synced(after),
        Err(e) => {
            tracing::info!(server = %after.server, "team sync did not complete: {e}");
            Outcome::Failed(after, e.to_string())
        }
    }
}

/// Starts the sync for as long as the app runs. It follows whichever library is open.
pub fn keep_syncing(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let runtime = tokio::runtime::Handle::current();
        let mut session = Session::default();
        let mut failures = 0u32;
        loop {
            let path = library_path(&app).await;
            let outcome = match path {
                None => Outcome::NotReplica,
                Some(path) => {
                    let runtime = runtime.clone();
                    let mut moved = std::mem::take(&mut session);
                    match blocking(move || {
                        let outcome = round(&mut moved, &path, &runtime);
                        (moved, outcome)
                    })
                    .await
                    {
                        Ok((back, outcome)) => {
                            session = back;
                            outcome
                        }
                        Err(e) => {
                            tracing::warn!("the team sync stopped midway: {}", e.message);
                            Outcome::NotReplica
                        }
                    }
                }
            };
            failures = match outcome {
                Outcome::Failed(..) => failures.saturating_add(1),
                _ => 0,
            };
            let sync = app.state::<TeamSync>();
            let next = next_status(sync.status().as_ref(), &outcome, Utc::now());
            if sync.set(next.clone())
                && let Err(e) = app.emit(TEAM_SYNC_EVENT, next)
            {
                tracing::warn!("the window was not told the team sync's status: {e}");
            }
            wait(&sync.nudge, next_wait(failures)).await;
        }
    });
}

/// The open library's file, when one is open and it is a team's replica.
async fn library_path(app: &AppHandle) -> Option<PathBuf> {
    let state = app.state::<AppState>();
    let replica = state.run(|lib| lib.team_replica()).await.ok().flatten();
    replica.and(state.path().ok().flatten())
}

/// Waits `most`, or until a nudge and then until no nudge came for [`DEBOUNCE`].
async fn wait(nudge: &Notify, most: Duration) {
    tokio::select! {
        () = tokio::time::sleep(most) => return,
        () = nudge.notified() => {}
    }
    while tokio::time::timeout(DEBOUNCE, nudge.notified())
        .await
        .is_ok()
    {}
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::TimeZone;

    use super::*;

    fn replica(waiting: i64) -> ReplicaState {
        ReplicaState {
            server: "anna@127.0.0.1:1/newsroom".into(),
            pulled_seq: 0,
            waiting,
            conflicts: 0,
            refused: 0,
            login: "anna".into(),
            role: Some("editor".into()),
            display_name: Some("Anna".into()),
        }
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, 9, minute, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn offline_keeps_the_time_the_server_was_first_missed_until_a_sync_succeeds() {
        let synced = next_status(None, &Outcome::Synced(replica(0)), at(0));
        assert_eq!(synced.as_ref().and_then(|s| s.synced_at), Some(at(0)));
        let failed = Outcome::Failed(replica(2), "connection refused".into());
        let first = next_status(synced.as_ref(), &failed, at(5));
        let later = next_status(first.as_ref(), &failed, at(9));
        let later = later.expect("a status");
        assert_eq!(later.offline_since, Some(at(5)));
        assert_eq!(later.synced_at, Some(at(0)), "the last sync is still known");
        assert_eq!(later.waiting, 2);
        assert_eq!(later.problem.as_deref(), Some("connection refused"));
        let back = next_status(Some(&later), &Outcome::Synced(replica(0)), at(10));
        assert_eq!(back.as_ref().and_then(|s| s.offline_since), None);
        assert_eq!(
            next_status(back.as_ref(), &Outcome::NotReplica, at(11)),
            None
        );
    }

    #[test]
    fn tries_back_off_from_five_seconds_to_a_minute() {
        let waits: Vec<u64> = (0..9).map(|n| next_wait(n).as_secs()).collect();
        assert_eq!(waits, [5, 5, 10, 20, 40, 60, 60, 60, 60]);
    }

    #[test]
    fn a_round_against_a_server_that_is_away_says_so_and_keeps_the_edit_queued() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("team.sqlite3");
        let mut lib = Library::open(&path).expect("a library");
        // Port 1 on this machine: nothing listens there, so the connection is refused at once.
        lib.become_replica("anna@127.0.0.1:1/newsroom", 0, &HashMap::new())
            .expect("a replica");
        lib.load_sample(chrono::NaiveDate::from_ymd_opt(2024, 5, 6).expect("a date"))
            .expect("briefs to send");
        let waiting = lib
            .team_replica()
            .ok()
            .flatten()
            .map(|r| r.waiting)
            .unwrap_or_default();
        assert!(waiting > 0);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let handle = runtime.handle().clone();
        let (session, outcome) = runtime
            .block_on(blocking(move || {
                let mut session = Session::default();
                let outcome = round(&mut session, &path, &handle);
                (session, outcome)
            }))
            .expect("the round ran");
        let Outcome::Failed(after, why) = &outcome else {
            panic!("not offline: {outcome:?}");
        };
        assert_eq!(after.waiting, waiting, "every edit still queued");
        assert!(why.contains("127.0.0.1:1/newsroom"), "{why}");
        assert!(session.client.is_none());
        let status = next_status(None, &outcome, at(3)).expect("a status");
        assert_eq!(status.offline_since, Some(at(3)));
    }

    #[test]
    fn a_library_that_follows_no_team_is_left_alone() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("own.sqlite3");
        drop(Library::open(&path).expect("a library"));
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let handle = runtime.handle().clone();
        let outcome = runtime
            .block_on(blocking(move || {
                round(&mut Session::default(), &path, &handle)
            }))
            .expect("the round ran");
        assert_eq!(outcome, Outcome::NotReplica);
    }
}
