//! Changes another process makes to the open library (the `briefdesk` CLI, a script, a second
//! window) reach the window like its own: a thread asks SQLite about once a second whether
//! another connection committed (`PRAGMA data_version`, a read of a counter, no I/O), and then
//! sends `library-changed`, so every view reads again what it shows.

use std::time::Duration;

use tauri::{AppHandle, Manager};

use crate::state::{AppState, Seen};

/// How often the library is asked; a change made elsewhere shows within about this long.
const EVERY: Duration = Duration::from_millis(1000);

/// Starts the watch, for as long as the app runs.
pub fn watch(app: AppHandle) {
    let started = std::thread::Builder::new()
        .name("outside-changes".into())
        .spawn(move || {
            let mut seen: Seen = None;
            loop {
                std::thread::sleep(EVERY);
                app.state::<AppState>().announce_outside_changes(&mut seen);
            }
        });
    if let Err(e) = started {
        tracing::warn!("changes made by other programs will show only after a reload: {e}");
    }
}
