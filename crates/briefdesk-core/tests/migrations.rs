//! A library made by any earlier schema version opens and is upgraded to the latest.

mod common;

use std::path::Path;

use briefdesk_core::{Error, Library};
use common::*;
use include_dir::{Dir, include_dir};
use rusqlite_migration::Migrations;

static MIGRATIONS_DIR: Dir = include_dir!("$CARGO_MANIFEST_DIR/migrations");

fn migrations() -> Migrations<'static> {
    Migrations::from_directory(&MIGRATIONS_DIR).expect("the migrations directory is well formed")
}

/// The number of migrations, counted from the folders on disk (not from the embedded copy, so a
/// folder the build did not pick up shows as a mismatch).
fn latest_version() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let on_disk = std::fs::read_dir(&dir)
        .expect("the migrations folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .count();
    assert_eq!(
        on_disk,
        MIGRATIONS_DIR.dirs().count(),
        "embedded and on-disk migrations differ"
    );
    assert!(on_disk >= 1);
    on_disk
}

#[test]
fn migrations_validate() {
    migrations().validate().unwrap();
}

#[test]
fn every_earlier_version_upgrades_to_the_latest() {
    let latest = latest_version();
    for version in 0..=latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("library-v{version}.sqlite3"));
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, version).unwrap();
            let at: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(
                at, version as i64,
                "the fixture library is at version {version}"
            );
        }

        let mut lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("opening a version {version} library failed: {e}"));
        assert_eq!(
            lib.schema_version().unwrap() as usize,
            latest,
            "from version {version}"
        );
        let brief = lib.create_brief(&huawei()).unwrap();
        assert_eq!(
            search_ids(&lib, "huawei"),
            [brief.id],
            "from version {version}"
        );
        lib.create_issue(
            1,
            "China Briefing",
            chrono::NaiveDate::from_ymd_opt(2020, 12, 1).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(1, brief.id, None, None).unwrap();
        check_stored_invariants(&lib);
        drop(lib);

        // Opening an up-to-date library again changes nothing.
        let lib = Library::open(&path).unwrap();
        assert_eq!(lib.schema_version().unwrap() as usize, latest);
        assert_eq!(all_briefs(&lib), vec![lib.brief(brief.id).unwrap()]);
    }
}

#[test]
fn version_3_fills_the_tag_listing_columns_of_existing_links() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library-v2.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO briefs (id, headline, status, created_at, updated_at)
             VALUES ('01900000-0000-7000-8000-000000000001', 'Chip curbs', 'ready',
                     '2021-03-08T10:00:00Z', '2021-03-09T10:00:00Z');
             INSERT INTO tags (id, name) VALUES (1, 'Technology');
             INSERT INTO brief_tags (brief_id, tag_id)
             VALUES ('01900000-0000-7000-8000-000000000001', 1);",
        )
        .unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let page = lib
        .list_briefs(&briefdesk_core::BriefQuery {
            tags: vec!["technology".into()],
            status: Some(briefdesk_core::Status::Ready),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].headline, "Chip curbs");
    check_stored_invariants(&lib);
}

#[test]
fn in_memory_library_is_at_the_latest_version() {
    assert_eq!(
        memory().schema_version().unwrap() as usize,
        latest_version()
    );
}

#[test]
fn a_library_from_a_newer_briefdesk_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let latest = latest_version();
    {
        let mut lib = Library::open(&path).unwrap();
        lib.create_brief(&huawei()).unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest as i64 + 1)
            .unwrap();
    }
    let err = match Library::open(&path) {
        Ok(_) => panic!("a library from a newer version must not open"),
        Err(e) => e,
    };
    assert!(
        matches!(err, Error::TooNew { found, known, .. } if found as usize == latest + 1 && known as usize == latest),
        "{err:?}"
    );
    assert_eq!(err.code(), "too_new");
    assert!(err.to_string().contains("newer Briefdesk"), "{err}");

    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, latest as i64 + 1);
    let briefs: i64 = conn
        .query_row("SELECT count(*) FROM briefs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(briefs, 1);
}
