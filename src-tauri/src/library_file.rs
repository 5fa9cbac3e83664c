//! Opening a library file for the app, and scheduling its automatic backups: the window must
//! not wait for a backup, so they run on threads of their own — on open, then every few
//! minutes the core's policy is asked whether one is due
//! ([`briefdesk_core::library::backup::auto_backup_if_edited`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use briefdesk_core::library::backup::auto_backup_if_edited;
use briefdesk_core::library::{BackupPolicy, CheckOnOpen, OpenOptions};
use briefdesk_core::{AutoBackup, Library};
use chrono::Utc;
use tauri::Manager;

use crate::state::AppState;

/// How often the running app looks whether a backup is due (one is made at most hourly).
const CHECK_EVERY: Duration = Duration::from_secs(5 * 60);

/// The event the window hears when a background backup failed; its payload is the message.
pub const BACKUP_FAILED_EVENT: &str = "backup-failed";

/// Opens (or creates) the library at `path` with every safety check of the core but the one
/// that reads the whole file (start it with [`check_in_background`]), then backs it up in the
/// background if a backup is due.
pub fn open(path: &Path) -> briefdesk_core::Result<Library> {
    let library = Library::open_with(
        path,
        &OpenOptions {
            backups: None,
            check: CheckOnOpen::Never,
            ..OpenOptions::default()
        },
    )?;
    let file: PathBuf = path.to_path_buf();
    std::thread::spawn(move || {
        // A copy of the whole file while the window starts: it takes only idle CPU.
        lower_this_threads_priority();
        report(auto_backup_if_edited(
            &file,
            &BackupPolicy::default(),
            Utc::now(),
        ))
    });
    Ok(library)
}

/// Reads the whole library file for damage on a thread of its own, the window usable meanwhile
/// (a read on its own connection); changes wait for it ([`AppState::change`]), so a damaged
/// library is reported (the window then offers its backups) before anything is written over it.
pub fn check_in_background(app: tauri::AppHandle, path: PathBuf) {
    app.state::<AppState>().begin_check();
    std::thread::spawn(move || {
        // The check reads the whole file while the window is being drawn (1.1 s of a CPU for
        // 100,000 briefs): at the lowest priority it takes only what the window leaves idle.
        lower_this_threads_priority();
        let found = briefdesk_core::library::check_whole_file(&path);
        if let Err(e) = &found {
            tracing::error!("the library's check found: {e}");
        }
        app.state::<AppState>().end_check(&path, found);
    });
}

/// Lowers the calling thread's scheduling priority to the least (nice 19 on Linux), for work
/// the editor does not wait for; a failure only means it competes with the window as before.
fn lower_this_threads_priority() {
    use thread_priority::{ThreadPriority, set_current_thread_priority};
    if let Err(e) = set_current_thread_priority(ThreadPriority::Min) {
        tracing::debug!("a background thread keeps its priority: {e:?}");
    }
}

/// Checks every few minutes, for as long as the app runs, whether the library the window is on
/// (`current()`, `None` while none is open) needs its hourly backup; a failure is logged and
/// handed to `failed` (which tells the window).
pub fn keep_backing_up(
    current: impl Fn() -> Option<PathBuf> + Send + 'static,
    failed: impl Fn(&str) + Send + 'static,
) {
    std::thread::spawn(move || {
        lower_this_threads_priority();
        loop {
            std::thread::sleep(CHECK_EVERY);
            if let Some(path) = current() {
                check_once(&path, &failed);
            }
        }
    });
}

/// One look at whether `library` is due a backup, and the backup if it is.
fn check_once(library: &Path, failed: &impl Fn(&str)) {
    let outcome = auto_backup_if_edited(library, &BackupPolicy::default(), Utc::now());
    if let Some(message) = report(outcome) {
        failed(&message);
    }
}

/// Logs what a background backup did; returns the message of a failure, for the editor.
fn report(outcome: Option<AutoBackup>) -> Option<String> {
    match outcome? {
        AutoBackup::Failed { message } => {
            // Nothing the editor typed is at risk; the next check tries again.
            tracing::warn!(%message, "background backup failed");
            Some(message)
        }
        AutoBackup::Made { backup } => {
            tracing::info!(size = backup.size, "background backup made");
            None
        }
        AutoBackup::NotDue | AutoBackup::Disabled => None,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use briefdesk_core::BriefDraft;
    use briefdesk_core::library::backup::backups_dir;

    /// Everything logged while `f` runs.
    fn logged(f: impl FnOnce()) -> String {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || crate::logging::Shared(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        let bytes = buffer.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn a_failed_background_backup_is_logged_and_handed_on_for_the_window() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("library.sqlite3");
        let mut lib = Library::open_with(
            &path,
            &OpenOptions {
                backups: None,
                ..OpenOptions::default()
            },
        )
        .expect("a new library");
        lib.create_brief(&BriefDraft {
            headline: "Secret headline".into(),
            ..BriefDraft::default()
        })
        .expect("a brief");
        // A file where the backups folder should be: the backup cannot be made.
        std::fs::write(backups_dir(&path), "in the way").expect("a file");

        let told = Mutex::new(Vec::new());
        let log = logged(|| {
            check_once(&path, &|message: &str| {
                if let Ok(mut told) = told.lock() {
                    told.push(message.to_string());
                }
            });
        });
        let told = told.into_inner().unwrap_or_default();
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(
            told[0].starts_with("the automatic backup failed"),
            "{told:?}"
        );
        assert!(
            log.contains("WARN") && log.contains("background backup failed"),
            "{log}"
        );
        assert!(log.contains(&told[0]), "{log}");
        // The log names what happened, never what the editor wrote.
        assert!(!log.contains("Secret headline"), "{log}");
    }

    #[test]
    fn a_backup_made_is_logged_and_not_shown() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("library.sqlite3");
        drop(
            Library::open_with(
                &path,
                &OpenOptions {
                    backups: None,
                    ..OpenOptions::default()
                },
            )
            .expect("a new library"),
        );
        let told = Mutex::new(0);
        let log = logged(|| {
            check_once(&path, &|_: &str| {
                if let Ok(mut n) = told.lock() {
                    *n += 1;
                }
            });
        });
        assert_eq!(told.into_inner().unwrap_or_default(), 0);
        assert!(log.contains("background backup made"), "{log}");
    }
}
