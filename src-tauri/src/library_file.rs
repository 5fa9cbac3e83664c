//! Opening a library file for the app, and its automatic backups: the window must not wait for
//! a backup, so they run on threads of their own — on open, then at most hourly while the
//! editor works, and only when the library changed since its newest backup (so an idle app
//! never pushes the older, different backups out of the kept ten).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use briefdesk_core::library::backup::{auto_backup, list_backups};
use briefdesk_core::library::{BackupPolicy, OpenOptions};
use briefdesk_core::{AutoBackup, Library};
use chrono::{DateTime, SubsecRound, Utc};

/// How often the running app looks whether a backup is due (one is made at most hourly).
const CHECK_EVERY: Duration = Duration::from_secs(5 * 60);

/// Opens (or creates) the library at `path` with every safety check of the core, then backs it
/// up in the background if a backup is due.
pub fn open(path: &Path) -> briefdesk_core::Result<Library> {
    let library = Library::open_with(
        path,
        &OpenOptions {
            backups: None,
            ..OpenOptions::default()
        },
    )?;
    let file: PathBuf = path.to_path_buf();
    std::thread::spawn(move || report(backup_if_edited(&file, Utc::now())));
    Ok(library)
}

/// Checks every few minutes, for as long as the app runs, whether the library the window is on
/// (`current()`, `None` while none is open) needs its hourly backup.
pub fn keep_backing_up(current: impl Fn() -> Option<PathBuf> + Send + 'static) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(CHECK_EVERY);
            if let Some(path) = current() {
                report(backup_if_edited(&path, Utc::now()));
            }
        }
    });
}

/// An automatic backup (see [`auto_backup`]: at most one an hour, the newest ten kept), unless
/// nothing was written to the library since its newest backup. `None` when nothing changed.
pub fn backup_if_edited(library: &Path, now: DateTime<Utc>) -> Option<AutoBackup> {
    let newest = match list_backups(library) {
        Ok(list) => list.first().map(|b| b.created),
        Err(e) => {
            return Some(AutoBackup::Failed {
                message: format!("the automatic backup failed: {e}"),
            });
        }
    };
    // Backup times are kept to the second: a write in the same second counts as after it.
    if let (Some(newest), Some(written)) = (newest, last_write(library))
        && written.trunc_subsecs(0) < newest
    {
        return None;
    }
    Some(auto_backup(library, &BackupPolicy::default(), now))
}

/// When the library was last written: its file or, in WAL mode, its `-wal` beside it.
fn last_write(library: &Path) -> Option<DateTime<Utc>> {
    let mut wal = library.as_os_str().to_owned();
    wal.push("-wal");
    [library.to_path_buf(), PathBuf::from(wal)]
        .iter()
        .filter_map(|file| std::fs::metadata(file).and_then(|m| m.modified()).ok())
        .max()
        .map(|time: SystemTime| DateTime::<Utc>::from(time))
}

fn report(outcome: Option<AutoBackup>) {
    if let Some(AutoBackup::Failed { message }) = outcome {
        // Nothing the editor typed is at risk; the next check tries again.
        eprintln!("Briefdesk: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefdesk_core::BriefDraft;

    fn draft(headline: &str) -> BriefDraft {
        BriefDraft {
            headline: headline.into(),
            ..BriefDraft::default()
        }
    }

    #[test]
    fn backs_up_hourly_only_when_the_library_changed_since_its_newest_backup() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("library.sqlite3");
        // Without open()'s own backup thread, which would race this test's first backup.
        let mut lib = Library::open_with(
            &path,
            &OpenOptions {
                backups: None,
                ..OpenOptions::default()
            },
        )
        .expect("a new library");
        lib.create_brief(&draft("First")).expect("a brief");
        // Past the second of the write (backup times are kept to the second).
        let start = Utc::now() + chrono::Duration::seconds(2);

        let first = backup_if_edited(&path, start);
        assert!(matches!(first, Some(AutoBackup::Made { .. })), "{first:?}");
        // Hours later, nothing written since: no new backup.
        let idle = backup_if_edited(&path, start + chrono::Duration::hours(3));
        assert!(idle.is_none(), "{idle:?}");

        std::thread::sleep(Duration::from_millis(2100));
        lib.create_brief(&draft("Second")).expect("a brief");
        // Edited, but within the hour: not yet.
        let soon = backup_if_edited(&path, Utc::now() + chrono::Duration::minutes(10));
        assert!(matches!(soon, Some(AutoBackup::NotDue)), "{soon:?}");
        let later = backup_if_edited(&path, Utc::now() + chrono::Duration::hours(2));
        assert!(matches!(later, Some(AutoBackup::Made { .. })), "{later:?}");
        assert_eq!(list_backups(&path).expect("the list").len(), 2);
    }
}
