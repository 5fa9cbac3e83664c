//! Readers beside the writer (`Library::open_reader`): they read what was committed while the
//! writer is in the middle of a transaction, never wait for it, and can change nothing.

mod common;

use briefdesk_core::{BriefQuery, Error, Library};
use common::{cotton, huawei};

#[test]
fn a_reader_reads_beside_a_writer_in_the_middle_of_a_transaction() {
    let (dir, mut writer) = common::disk();
    let path = dir.path().join("library.sqlite3");
    let kept = writer.create_brief(&huawei()).unwrap();
    let reader = Library::open_reader(&path).unwrap();
    assert!(reader.is_reader() && !writer.is_reader());

    // Another connection holds the write lock with a change not yet committed, as an import of
    // 10,000 briefs does for its whole transaction.
    let held = rusqlite::Connection::open(&path).unwrap();
    briefdesk_core::library::register_functions(&held).unwrap();
    held.execute_batch("BEGIN IMMEDIATE; UPDATE briefs SET headline = 'Not yet';")
        .unwrap();
    // The reader neither waits (its busy timeout is 5 s) nor sees the uncommitted change.
    let started = std::time::Instant::now();
    let listed = reader.list_briefs(&BriefQuery::default()).unwrap();
    assert_eq!(listed.total, 1);
    assert_eq!(reader.brief(kept.id).unwrap(), kept);
    assert_eq!(reader.search("Huawei", 10).unwrap().len(), 1);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(4),
        "the reader waited for the writer's lock"
    );
    drop(held);

    // Once committed, the next read sees it.
    let added = writer.create_brief(&cotton()).unwrap();
    assert_eq!(reader.brief(added.id).unwrap(), added);
    assert_eq!(reader.info().unwrap().brief_count, 2);
}

#[test]
fn a_reader_changes_nothing() {
    let (dir, mut writer) = common::disk();
    let path = dir.path().join("library.sqlite3");
    writer.create_brief(&huawei()).unwrap();
    let mut reader = Library::open_reader(&path).unwrap();
    let refused = reader.create_brief(&cotton()).unwrap_err();
    assert!(
        matches!(&refused, Error::Database(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)),
        "{refused:?}"
    );
    assert_eq!(writer.info().unwrap().brief_count, 1);
}

#[test]
fn a_reader_refuses_a_library_its_writer_has_not_upgraded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
    }
    let Err(refused) = Library::open_reader(&path) else {
        panic!("a reader opened a library at an older schema");
    };
    assert!(
        refused.to_string().contains("schema version 3"),
        "{refused}"
    );
    let missing = Library::open_reader(dir.path().join("missing.sqlite3"));
    assert!(missing.is_err(), "a reader creates no file");
    assert!(!dir.path().join("missing.sqlite3").exists());
}
