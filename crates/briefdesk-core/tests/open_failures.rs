//! A file Briefdesk cannot use as a library is refused with its own error, a message that says
//! what and where, and is left exactly as it was: not a SQLite file, another program's database,
//! damaged, from a newer Briefdesk, locked by another program, read-only.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use briefdesk_core::library::{OpenOptions, latest_schema_version};
use briefdesk_core::{Error, Library};
use common::*;

/// A library file with enough briefs to span many pages, closed (its WAL folded in).
fn library_with_briefs(dir: &Path) -> PathBuf {
    let path = dir.join("library.sqlite3");
    let mut lib = Library::open(&path).expect("create");
    for i in 0..60 {
        let mut d = huawei();
        d.headline = format!("Brief {i}");
        d.body = "A paragraph of text. ".repeat(40);
        lib.create_brief(&d).expect("brief");
    }
    drop(lib);
    assert!(
        !sidecar(&path, "-wal").exists(),
        "closing folded the WAL in"
    );
    path
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The names in `dir`, to show nothing was created beside a refused file.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Opens `path`, which must fail; checks the file's bytes and its folder did not change.
fn refused(path: &Path) -> Error {
    refused_with(path, &OpenOptions::default())
}

fn refused_with(path: &Path, options: &OpenOptions) -> Error {
    let before = std::fs::read(path).expect("read the file");
    let dir = path.parent().expect("folder");
    let names = listing(dir);
    let err = match Library::open_with(path, options) {
        Ok(_) => panic!("{} should not open", path.display()),
        Err(e) => e,
    };
    assert!(err.is_open_failure(), "{err:?}");
    assert_eq!(
        std::fs::read(path).expect("read again"),
        before,
        "the refused file changed"
    );
    assert_eq!(
        listing(dir),
        names,
        "files appeared beside the refused file"
    );
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
    assert!(message.contains("left untouched"), "{message}");
    err
}

#[test]
fn a_text_file_is_not_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "Shopping list\n- tea\n- rice\n".repeat(20)).unwrap();
    let err = refused(&path);
    assert_eq!(err.code(), "not_a_library");
    assert!(
        err.to_string().contains("not a SQLite database file"),
        "{err}"
    );
}

#[test]
fn a_file_shorter_than_a_header_is_not_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.sqlite3");
    std::fs::write(&path, "SQLite").unwrap();
    assert_eq!(refused(&path).code(), "not_a_library");
}

#[test]
fn another_programs_database_is_not_a_library_and_gets_no_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('dal');")
            .unwrap();
    }
    let err = refused(&path);
    assert_eq!(err.code(), "not_a_library");
    assert!(err.to_string().contains("another program"), "{err}");
}

#[test]
fn a_folder_is_not_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let err = match Library::open(dir.path()) {
        Ok(_) => panic!("a folder opened"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "not_a_library");
}

#[test]
fn an_empty_file_becomes_a_new_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.sqlite3");
    std::fs::write(&path, "").unwrap();
    let mut lib = Library::open(&path).unwrap();
    lib.create_brief(&huawei()).unwrap();
    assert_eq!(lib.schema_version().unwrap(), latest_schema_version());
}

#[test]
fn a_damaged_page_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 8 * page, "the library spans several pages");
    // Scribble over the third page, as a torn write or a bad sector would.
    bytes[2 * page..3 * page].fill(0xA5);
    std::fs::write(&path, &bytes).unwrap();
    let err = refused(&path);
    assert_eq!(err.code(), "corrupt", "{err:?}");
    assert!(err.to_string().contains("Restore a backup"), "{err}");
}

#[test]
fn a_truncated_library_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(refused(&path).code(), "corrupt");
}

#[test]
fn a_library_from_a_newer_briefdesk_is_refused_with_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_schema_version() + 4)
            .unwrap();
    }
    let err = refused(&path);
    assert_eq!(err.code(), "too_new");
    let message = err.to_string();
    assert!(
        message.contains(&format!("schema version {}", latest_schema_version() + 4))
            && message.contains(&format!("knows up to {}", latest_schema_version())),
        "{message}"
    );
}

#[test]
fn a_library_locked_by_another_connection_is_refused_after_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    // Another program holding the file exclusively (as `sqlite3` with locking_mode=EXCLUSIVE
    // does after a write): no one else can even read it.
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE;
             BEGIN IMMEDIATE; UPDATE publication SET name = name; COMMIT;",
        )
        .unwrap();
    let options = OpenOptions {
        busy_timeout: Duration::from_millis(300),
        ..OpenOptions::default()
    };
    let started = std::time::Instant::now();
    let err = match Library::open_with(&path, &options) {
        Ok(_) => panic!("a locked library opened"),
        Err(e) => e,
    };
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "it waited for the lock first"
    );
    assert!(
        matches!(&err, Error::Locked { waited_ms: 300, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("locked by another program"),
        "{err}"
    );
    drop(holder);

    // Once the other program lets go, everything is there.
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.info().unwrap().brief_count, 60);
    check_stored_invariants(&lib);
}

#[cfg(unix)]
#[test]
fn a_read_only_library_is_refused_and_stays_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = refused(&path);
    assert_eq!(err.code(), "read_only");
    assert!(err.to_string().contains("read-only"), "{err}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn a_library_that_opens_is_checked_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.info().unwrap().brief_count, 60);
}

#[test]
fn without_quick_check_a_damaged_page_is_found_only_when_read() {
    // The option exists for apps that must open a very large library fast; the check is what
    // turns a damaged page into an error on open.
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let pages = bytes.len() / 4096;
    bytes[(pages - 2) * 4096..(pages - 1) * 4096].fill(0xA5);
    std::fs::write(&path, &bytes).unwrap();
    let options = OpenOptions {
        check: briefdesk_core::library::CheckOnOpen::Never,
        backups: None,
        ..OpenOptions::default()
    };
    assert!(Library::open_with(&path, &options).is_ok());
    assert_eq!(refused(&path).code(), "corrupt");
}

/// Writes zeros-and-noise over the second-to-last page of a closed library.
fn damage_a_page(path: &Path) -> Vec<u8> {
    let good = std::fs::read(path).expect("read the library");
    let mut bytes = good.clone();
    let pages = bytes.len() / 4096;
    bytes[(pages - 2) * 4096..(pages - 1) * 4096].fill(0xA5);
    std::fs::write(path, &bytes).expect("damage the library");
    good
}

#[test]
fn when_due_the_whole_file_is_checked_after_an_unclean_close_and_once_a_day() {
    use briefdesk_core::library::CheckOnOpen;
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    // The note of the last check lives in the backups folder, made by the first backup.
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    let daily = OpenOptions {
        check: CheckOnOpen::DAILY,
        backups: None,
        ..OpenOptions::default()
    };
    let opened = |what: &str| match Library::open_with(&path, &daily) {
        Ok(lib) => lib,
        Err(e) => panic!("{what}: {e}"),
    };
    let refused_daily = || match Library::open_with(&path, &daily) {
        Ok(_) => panic!("the damage was not found"),
        Err(e) => e.code(),
    };

    // Never checked yet: due.
    let good = damage_a_page(&path);
    assert_eq!(
        refused_daily(),
        "corrupt",
        "a library never checked is checked"
    );
    std::fs::write(&path, &good).unwrap();
    drop(opened("checked and sound"));

    // Damage by another program (the file changed since Briefdesk left it): due at once.
    damage_a_page(&path);
    assert_eq!(
        refused_daily(),
        "corrupt",
        "changed since Briefdesk left it"
    );
    std::fs::write(&path, &good).unwrap();
    drop(opened("checked and sound"));

    // Damage that leaves the file's size and time as they were (the disk's own decay): not
    // seen on open, which reads nothing more; found by `verify` (`briefdesk verify`), by the
    // daily check, or when the page is read.
    let left = std::fs::metadata(&path).unwrap().modified().unwrap();
    damage_a_page(&path);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(left)
        .unwrap();
    let lib = opened("not due");
    assert_eq!(lib.verify().map_err(|e| e.code() == "corrupt"), Err(true));
    drop(lib);

    // A day later the check is due again.
    let marker = dir.path().join("backups/.library.sqlite3.checked");
    let note = std::fs::read_to_string(&marker).expect("the check was noted");
    let (checked, rest) = note.split_once('\n').expect("two lines");
    let at: u64 = checked
        .trim_start_matches("checked ")
        .parse()
        .expect("seconds");
    std::fs::write(&marker, format!("checked {}\n{rest}", at - 25 * 60 * 60)).unwrap();
    assert_eq!(refused_daily(), "corrupt", "the daily check");

    // Not closed cleanly (a writer that never closed left its WAL): due at once.
    std::fs::write(&path, &good).unwrap();
    drop(opened("checked and sound again"));
    let left = std::fs::metadata(&path).unwrap().modified().unwrap();
    damage_a_page(&path);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(left)
        .unwrap();
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer
        .execute_batch("PRAGMA journal_mode = WAL; UPDATE publication SET name = 'x'")
        .ok();
    std::mem::forget(writer);
    assert!(std::fs::metadata(sidecar(&path, "-wal")).is_ok_and(|m| m.len() > 0));
    assert_eq!(refused_daily(), "corrupt", "after an unclean close");
}

#[test]
fn verify_passes_a_sound_library_and_notes_when() {
    let dir = tempfile::tempdir().unwrap();
    let path = library_with_briefs(dir.path());
    let marker = dir.path().join("backups/.library.sqlite3.checked");
    std::fs::create_dir(dir.path().join("backups")).unwrap();
    assert!(!marker.exists());
    let lib = Library::open_with(
        &path,
        &OpenOptions {
            check: briefdesk_core::library::CheckOnOpen::Never,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert!(!marker.exists(), "not checked on open");
    lib.verify().unwrap();
    assert!(marker.exists());
}
