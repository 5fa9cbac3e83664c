//! Backups (SQLite's online backup API), automatic rolling backups with an injected clock, and
//! restoring a backup safely.

mod common;

use std::path::{Path, PathBuf};

use briefdesk_core::library::backup::{auto_backup_if_edited, backups_dir, list_backups, restore};
use briefdesk_core::library::{BackupPolicy, OpenOptions};
use briefdesk_core::{AutoBackup, BackupKind, Library};
use chrono::{Duration, Utc};
use common::*;

fn library(dir: &Path) -> PathBuf {
    let path = dir.join("library.sqlite3");
    let mut lib = Library::open(&path).expect("test setup");
    for d in sample_drafts() {
        lib.create_brief(&d).expect("test setup");
    }
    lib.recolour_tag("China", Some("#cc3333"))
        .expect("test setup");
    path
}

/// A backup of the library at `path` as it is now, made on request.
fn manual_backup(path: &Path) -> briefdesk_core::BackupInfo {
    let mut lib = Library::open_with(path, &no_auto_backups()).expect("test setup");
    lib.backup_now().expect("test setup")
}

fn integrity_ok(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("test setup");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("test setup");
    assert_eq!(check, "ok", "{}", path.display());
}

fn no_auto_backups() -> OpenOptions {
    OpenOptions {
        backups: None,
        ..OpenOptions::default()
    }
}

#[test]
fn backup_to_writes_one_file_that_opens_as_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    let out = dir.path().join("elsewhere/copy.sqlite3");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let info = lib.backup_to(&out).unwrap();
    assert_eq!(info.kind, BackupKind::Manual);
    assert_eq!(info.size, std::fs::metadata(&out).unwrap().len());
    assert!((Utc::now() - info.created).num_seconds().abs() < 60);
    integrity_ok(&out);
    // Self-contained: no WAL beside it, and it says so in its header.
    let conn = rusqlite::Connection::open(&out).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    let copy = Library::open_with(&out, &no_auto_backups()).unwrap();
    assert_eq!(snapshot(&copy), snapshot(&lib));
    // Nothing half-written is left beside it.
    assert_eq!(std::fs::read_dir(out.parent().unwrap()).unwrap().count(), 3); // + -wal, -shm of `copy`

    let err = lib.backup_to(&path).unwrap_err();
    assert!(err.to_string().contains("the library itself"), "{err}");
}

#[test]
fn opening_makes_an_automatic_backup_then_at_most_one_an_hour() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    // A new library had nothing to back up.
    assert!(list_backups(&path).unwrap().is_empty());

    let lib = Library::open(&path).unwrap();
    let AutoBackup::Made { backup } = lib.opened_backup().clone() else {
        panic!("no backup on open: {:?}", lib.opened_backup());
    };
    assert_eq!(backup.kind, BackupKind::Auto);
    assert!(Path::new(&backup.path).starts_with(backups_dir(&path)));
    let name = Path::new(&backup.path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("library-") && name.ends_with("Z-auto.sqlite3"),
        "{name}"
    );
    integrity_ok(Path::new(&backup.path));
    assert_eq!(lib.backups().unwrap(), vec![backup.clone()]);

    // Reopening within the hour makes none.
    drop(lib);
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(lib.opened_backup(), &AutoBackup::NotDue);

    let start = backup.created;
    lib.create_brief(&bare("After the backup")).unwrap();
    assert_eq!(
        lib.maybe_backup_at(start + Duration::minutes(59)),
        AutoBackup::NotDue
    );
    let AutoBackup::Made { backup: later } = lib.maybe_backup_at(start + Duration::minutes(61))
    else {
        panic!("no backup after an hour");
    };
    assert_eq!(later.created, start + Duration::minutes(61));
    let restored = Library::open_with(&later.path, &no_auto_backups()).unwrap();
    assert!(
        all_briefs(&restored)
            .iter()
            .any(|b| b.headline == "After the backup")
    );
    assert_eq!(
        lib.maybe_backup_at(start + Duration::minutes(90)),
        AutoBackup::NotDue
    );
    let listed = lib.backups().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], later, "newest first");
}

#[test]
fn only_the_newest_automatic_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let options = OpenOptions {
        backups: Some(BackupPolicy {
            keep: 3,
            interval: Duration::hours(1),
        }),
        ..OpenOptions::default()
    };
    let mut lib = Library::open_with(&path, &options).unwrap();
    let manual = lib.backup_now().unwrap();
    let start = Utc::now() + Duration::hours(2);
    let mut made = Vec::new();
    for hour in 0..6 {
        match lib.maybe_backup_at(start + Duration::hours(hour)) {
            AutoBackup::Made { backup } => made.push(backup),
            other => panic!("hour {hour}: {other:?}"),
        }
    }
    let autos: Vec<_> = lib
        .backups()
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == BackupKind::Auto)
        .collect();
    let newest: Vec<_> = made.iter().rev().take(3).cloned().collect();
    assert_eq!(autos, newest);
    assert!(
        lib.backups().unwrap().contains(&manual),
        "manual backups are the editor's to delete"
    );
    for old in &made[..3] {
        assert!(!Path::new(&old.path).exists(), "{} was kept", old.path);
    }
}

#[test]
fn a_failing_backup_never_fails_an_edit_or_the_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    // A file where the backups folder should be: every backup fails.
    std::fs::write(backups_dir(&path), "in the way").unwrap();
    let mut lib = Library::open(&path).unwrap();
    let AutoBackup::Failed { message } = lib.opened_backup().clone() else {
        panic!("{:?}", lib.opened_backup());
    };
    assert!(message.contains("backup"), "{message}");
    let brief = lib.create_brief(&bare("Still saved")).unwrap();
    assert!(matches!(
        lib.maybe_backup_at(Utc::now() + Duration::hours(2)),
        AutoBackup::Failed { .. }
    ));
    drop(lib);
    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    assert_eq!(lib.brief(brief.id).unwrap().headline, "Still saved");
}

#[test]
fn in_memory_libraries_have_no_automatic_backups() {
    let mut lib = memory();
    assert_eq!(lib.maybe_backup(), AutoBackup::Disabled);
    assert!(lib.backups().is_err());
}

#[test]
fn restore_puts_the_backup_back_and_keeps_what_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let (backup, before) = {
        let mut lib = Library::open_with(&path, &no_auto_backups()).unwrap();
        let backup = lib.backup_now().unwrap();
        let before = snapshot(&lib);
        lib.create_brief(&bare("Written after the backup")).unwrap();
        lib.rename_tag("China", "PRC").unwrap();
        (backup, before)
    };
    let after = {
        let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
        snapshot(&lib)
    };
    // A last edit that only reached the WAL, left beside the library as a crash leaves it: it
    // must reach the before-restore copy, and must not be replayed into the restored file. The
    // files are copied while the edit is only in the WAL and put back once the connection has
    // closed, as a killed program leaves them (with no lock held).
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let crash_image = {
        let crashed = rusqlite::Connection::open(&path).unwrap();
        crashed
            .execute_batch(
                "PRAGMA wal_autocheckpoint = 0;
                 UPDATE publication SET tagline = 'only in the WAL';",
            )
            .unwrap();
        (std::fs::read(&path).unwrap(), std::fs::read(&wal).unwrap())
    };
    std::fs::write(&path, &crash_image.0).unwrap();
    std::fs::write(&wal, &crash_image.1).unwrap();
    assert!(!crash_image.1.is_empty());

    let report = restore(&path, Path::new(&backup.path)).unwrap();
    assert_eq!(report.restored_from, backup.path);
    let previous = report.previous.expect("the replaced library is kept");
    assert_eq!(previous.kind, BackupKind::BeforeRestore);

    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    assert_eq!(snapshot(&lib), before);
    check_stored_invariants(&lib);
    integrity_ok(&path);
    assert_eq!(lib.publication().unwrap().tagline, "");
    let kept = Library::open_with(&previous.path, &no_auto_backups()).unwrap();
    assert_eq!(
        snapshot(&kept),
        after,
        "the before-restore copy holds the later edits"
    );
    assert_eq!(kept.publication().unwrap().tagline, "only in the WAL");
    // The backup itself was only read.
    integrity_ok(Path::new(&backup.path));
    assert!(list_backups(&path).unwrap().contains(&previous));
}

#[test]
fn restore_refuses_a_bad_backup_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let good = manual_backup(&path);
    let library_bytes = std::fs::read(&path).unwrap();

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a backup").unwrap();
    let damaged = dir.path().join("damaged.sqlite3");
    let mut bytes = std::fs::read(&good.path).unwrap();
    bytes[4096 * 2..4096 * 3].fill(0x5A);
    std::fs::write(&damaged, bytes).unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good.path, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();

    for (file, code) in [
        (&text, "not_a_library"),
        (&damaged, "corrupt"),
        (&newer, "too_new"),
    ] {
        let backups_before = list_backups(&path).unwrap();
        let err = restore(&path, file).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
        assert!(
            err.to_string().contains(&file.display().to_string()),
            "{err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            library_bytes,
            "{}",
            file.display()
        );
        assert_eq!(list_backups(&path).unwrap(), backups_before);
    }
    let err = restore(&path, &path).unwrap_err();
    assert!(err.to_string().contains("the library itself"), "{err}");
}

#[test]
fn restore_replaces_a_damaged_library_keeping_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let (good, before) = {
        let mut lib = Library::open_with(&path, &no_auto_backups()).unwrap();
        for i in 0..40 {
            lib.create_brief(&draft(
                &format!("Brief {i}"),
                &"Text. ".repeat(200),
                vec![],
                &[],
            ))
            .unwrap();
        }
        (lib.backup_now().unwrap(), snapshot(&lib))
    };
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[4096 * 3..4096 * 4].fill(0xA5);
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        Library::open(&path).err().map(|e| e.code().as_str()),
        Some("corrupt")
    );

    let report = restore(&path, Path::new(&good.path)).unwrap();
    let previous = report.previous.expect("kept");
    assert_eq!(
        std::fs::read(&previous.path).unwrap(),
        bytes,
        "the damaged file, as it was"
    );
    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    assert_eq!(snapshot(&lib), before);
}

#[test]
fn restore_refuses_while_another_program_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let good = manual_backup(&path);
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE publication SET name = 'mid-edit';")
        .unwrap();
    let err = restore(&path, Path::new(&good.path)).unwrap_err();
    assert_eq!(err.code(), "locked", "{err}");
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    assert_eq!(
        lib.publication().unwrap().name,
        "mid-edit",
        "nothing was replaced"
    );
}

#[test]
fn restore_refuses_while_another_program_has_the_library_open_and_idle() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let good = manual_backup(&path);
    // A window left open: it read the library once and does nothing now.
    let mut idle = Library::open_with(&path, &no_auto_backups()).unwrap();
    let before = all_briefs(&idle).len();
    let err = restore(&path, Path::new(&good.path)).unwrap_err();
    assert_eq!(err.code(), "locked", "{err}");
    assert!(
        list_backups(&path)
            .unwrap()
            .iter()
            .all(|b| b.kind != BackupKind::BeforeRestore),
        "nothing was kept, since nothing was replaced"
    );
    // Had the file been swapped, this edit would go to the old one and be lost.
    idle.create_brief(&bare("Typed after the refused restore"))
        .unwrap();
    drop(idle);
    let lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    let headlines: Vec<_> = all_briefs(&lib).into_iter().map(|b| b.headline).collect();
    assert!(headlines.contains(&"Typed after the refused restore".to_string()));
    assert_eq!(headlines.len(), before + 1);
    drop(lib);
    // Once the other program has closed it, the same restore goes through.
    restore(&path, Path::new(&good.path)).unwrap();
    integrity_ok(&path);
}

#[test]
fn a_background_backup_runs_on_its_own_connection_beside_an_open_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path());
    let mut lib = Library::open_with(&path, &no_auto_backups()).unwrap();
    lib.create_brief(&bare("Written before the backup"))
        .unwrap();
    let policy = BackupPolicy::default();
    let now = Utc::now();
    let made = std::thread::scope(|s| {
        s.spawn(|| briefdesk_core::library::backup::auto_backup(&path, &policy, now))
            .join()
            .unwrap()
    });
    let AutoBackup::Made { backup } = made else {
        panic!("{made:?}");
    };
    lib.create_brief(&bare("Written after the backup")).unwrap();
    assert_eq!(
        briefdesk_core::library::backup::auto_backup(&path, &policy, now + Duration::minutes(5)),
        AutoBackup::NotDue
    );
    // The library handle sees the other connection's backup and makes none of its own.
    let mut lib2 = Library::open(&path).unwrap();
    assert_eq!(lib2.opened_backup(), &AutoBackup::NotDue);
    assert_eq!(lib2.maybe_backup(), AutoBackup::NotDue);
    let copy = Library::open_with(&backup.path, &no_auto_backups()).unwrap();
    let headlines: Vec<_> = all_briefs(&copy).into_iter().map(|b| b.headline).collect();
    assert!(headlines.contains(&"Written before the backup".to_string()));
    assert!(!headlines.contains(&"Written after the backup".to_string()));
}

#[test]
fn background_backups_run_hourly_only_when_the_library_changed_since_the_newest() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = dir.path().join("library.sqlite3");
    let mut lib = Library::open_with(&path, &no_auto_backups()).expect("test setup");
    lib.create_brief(&sample_drafts()[0]).expect("test setup");
    let policy = BackupPolicy::default();
    // Past the second of the write (backup times are kept to the second).
    let start = Utc::now() + Duration::seconds(2);

    let first = auto_backup_if_edited(&path, &policy, start);
    assert!(matches!(first, Some(AutoBackup::Made { .. })), "{first:?}");
    // Hours later, nothing written since: no new backup.
    let idle = auto_backup_if_edited(&path, &policy, start + Duration::hours(3));
    assert!(idle.is_none(), "{idle:?}");

    std::thread::sleep(std::time::Duration::from_millis(2100));
    lib.create_brief(&sample_drafts()[1]).expect("test setup");
    // Edited, but within the hour: not yet.
    let soon = auto_backup_if_edited(&path, &policy, Utc::now() + Duration::minutes(10));
    assert!(matches!(soon, Some(AutoBackup::NotDue)), "{soon:?}");
    let later = auto_backup_if_edited(&path, &policy, Utc::now() + Duration::hours(2));
    assert!(matches!(later, Some(AutoBackup::Made { .. })), "{later:?}");
    assert_eq!(list_backups(&path).expect("the list").len(), 2);
}

#[test]
fn a_background_backup_that_cannot_look_at_the_backups_says_it_failed() {
    let dir = tempfile::tempdir().expect("test setup");
    let path = library(dir.path());
    // A file where the backups folder should be: it can be neither listed nor created.
    std::fs::write(backups_dir(&path), "not a folder").expect("test setup");
    let outcome = auto_backup_if_edited(&path, &BackupPolicy::default(), Utc::now());
    match outcome {
        Some(AutoBackup::Failed { message }) => {
            assert!(
                message.starts_with("the automatic backup failed"),
                "{message}"
            );
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}
