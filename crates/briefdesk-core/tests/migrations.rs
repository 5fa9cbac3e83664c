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
    // `Migrations::validate` runs them on a connection of its own, without the SQL functions
    // the library registers (schema version 7 calls one); this is the same check with them.
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    briefdesk_core::library::register_functions(&conn).unwrap();
    migrations().to_latest(&mut conn).unwrap();
    conn.execute_batch("PRAGMA foreign_key_check").unwrap();
}

#[test]
fn every_earlier_version_upgrades_to_the_latest() {
    let latest = latest_version();
    for version in 0..=latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("library-v{version}.sqlite3"));
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            briefdesk_core::library::register_functions(&conn).unwrap();
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

// ---- Fixture libraries: one per schema version, committed, made by the first N migrations ----

/// Representative data, written with plain SQL that every schema version so far accepts: briefs
/// in each status with one, two or no sources, notes, tags with and without colours (one unused),
/// two issues with ordered sections (one empty), publication settings.
const FIXTURE_DATA: &str = "
INSERT INTO briefs (id, headline, body, status, notes, created_at, updated_at) VALUES
 ('01900000-0000-7000-8000-000000000001', 'LTN: Huawei Western Europe Sales Are in Free Fall',
  'Shipments dropped by half.\n\n> Retailers stopped restocking.', 'ready',
  'Private: confirm with Taipei.', '2020-11-26T08:00:00.000000Z', '2020-11-27T09:30:00.000000Z'),
 ('01900000-0000-7000-8000-000000000002', 'RFA: Farmers in Aksu Told to Plant Cotton',
  'Village officials ordered households to plant cotton.', 'published', '',
  '2020-11-27T10:00:00.000000Z', '2020-11-28T10:00:00.000000Z'),
 ('01900000-0000-7000-8000-000000000003', 'Draft: Chip curbs', '', 'draft', '',
  '2020-11-28T11:00:00.000000Z', '2020-11-28T11:00:00.000000Z');
INSERT INTO sources (brief_id, position, outlet, date, url, title) VALUES
 ('01900000-0000-7000-8000-000000000001', 0, 'Liberty Times Net', '2020-11-26',
  'https://news.ltn.com.tw/news/world/breakingnews/3100001', 'Huawei sales slump'),
 ('01900000-0000-7000-8000-000000000001', 1, 'Reuters', '2020-11-25', NULL, NULL),
 ('01900000-0000-7000-8000-000000000002', 0, 'Radio Free Asia', '2020-11-27',
  'https://www.rfa.org/english/news/uyghur/cotton.html', NULL);
INSERT INTO tags (id, name, colour) VALUES (1, 'China', '#cc3333'), (2, 'Technology', NULL),
 (3, 'Unused', '#00aa00');
INSERT INTO brief_tags (brief_id, tag_id) VALUES
 ('01900000-0000-7000-8000-000000000001', 1), ('01900000-0000-7000-8000-000000000001', 2),
 ('01900000-0000-7000-8000-000000000002', 1), ('01900000-0000-7000-8000-000000000003', 2);
INSERT INTO issues (id, number, title, date, status, subject, preheader, intro, closing,
                    created_at, updated_at) VALUES
 ('01900000-0000-7000-8000-0000000000a1', 1, 'China Briefing', '2020-12-01', 'published',
  'Huawei and cotton', 'Five minutes', 'Good morning.', 'Until next week.',
  '2020-11-28T12:00:00.000000Z', '2020-12-01T07:00:00.000000Z'),
 ('01900000-0000-7000-8000-0000000000a2', 2, 'China Briefing', '2020-12-08', 'draft',
  '', '', '', '', '2020-12-02T12:00:00.000000Z', '2020-12-02T12:00:00.000000Z');
INSERT INTO sections (id, issue_id, name, position) VALUES
 ('01900000-0000-7000-8000-0000000000b1', '01900000-0000-7000-8000-0000000000a1', 'Domestic', 0),
 ('01900000-0000-7000-8000-0000000000b2', '01900000-0000-7000-8000-0000000000a1', 'Xinjiang', 1),
 ('01900000-0000-7000-8000-0000000000b3', '01900000-0000-7000-8000-0000000000a2', 'Briefs', 0);
INSERT INTO issue_briefs (brief_id, section_id, position) VALUES
 ('01900000-0000-7000-8000-000000000001', '01900000-0000-7000-8000-0000000000b1', 0),
 ('01900000-0000-7000-8000-000000000003', '01900000-0000-7000-8000-0000000000b1', 1),
 ('01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-0000000000b2', 0);
UPDATE publication SET name = 'China Briefing', tagline = 'The week in five minutes',
 footer = 'Sent to subscribers.', default_template = 'email' WHERE id = 1;
";

/// `BRIEFDESK_WRITE_FIXTURES=1 cargo test -p briefdesk-core --test migrations fixture` writes
/// the fixture of any version that has none. A released version's fixture is never rewritten:
/// it stands for the files that version made.
const WRITE_FIXTURES: &str = "BRIEFDESK_WRITE_FIXTURES";

fn fixture_path(version: usize) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/library-v{version}.sqlite3"))
}

/// Builds the fixture of `version` at `path`: the first `version` migrations, then the data.
fn build_fixture(version: usize, path: &Path) {
    let mut conn = rusqlite::Connection::open(path).expect("test setup");
    // The search index's triggers (schema version 7) call the library's SQL functions.
    briefdesk_core::library::register_functions(&conn).expect("test setup");
    migrations()
        .to_version(&mut conn, version)
        .expect("test setup");
    conn.execute_batch(FIXTURE_DATA).expect("test setup");
    conn.execute_batch("VACUUM").expect("test setup");
}

/// Every row of every table and the schema version, to compare two files by content.
fn contents(path: &Path) -> String {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("test setup");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("test setup");
    let mut out = format!("user_version {version}\n");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'brief_fts%' ORDER BY name")
        .expect("test setup")
        .query_map([], |r| r.get(0))
        .expect("test setup")
        .collect::<Result<_, _>>()
        .expect("test setup");
    for table in tables {
        let width = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("test setup")
            .column_count();
        let order = if width > 1 { "1, 2" } else { "1" };
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY {order}"))
            .expect("test setup");
        let columns = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                Ok((0..columns)
                    .map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}"))))
                    .collect::<Vec<_>>()
                    .join(" | "))
            })
            .expect("test setup")
            .collect::<Result<_, _>>()
            .expect("test setup");
        out.push_str(&format!("{table}:\n  {}\n", rows.join("\n  ")));
    }
    out
}

#[test]
fn every_schema_version_has_a_committed_fixture_matching_its_recipe() {
    let write = std::env::var_os(WRITE_FIXTURES).is_some();
    for version in 1..=latest_version() {
        let path = fixture_path(version);
        if !path.exists() && write {
            build_fixture(version, &path);
            eprintln!("wrote {}", path.display());
        }
        assert!(
            path.exists(),
            "no fixture for schema version {version}: run \
             `{WRITE_FIXTURES}=1 cargo test -p briefdesk-core --test migrations fixture` and \
             commit {}",
            path.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.sqlite3");
        build_fixture(version, &fresh);
        assert_eq!(
            contents(&path),
            contents(&fresh),
            "the committed fixture of version {version} no longer matches FIXTURE_DATA"
        );
    }
}

fn id(n: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(&format!("01900000-0000-7000-8000-{n:0>12}")).expect("test setup")
}

#[test]
fn every_fixture_upgrades_to_the_latest_with_its_data() {
    let latest = latest_version();
    for version in 1..=latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        std::fs::copy(fixture_path(version), &path).unwrap();
        let lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("the version {version} fixture does not open: {e}"));
        let at = format!("from version {version}");
        assert_eq!(lib.schema_version().unwrap() as usize, latest, "{at}");

        let huawei = lib.brief(id("1")).unwrap();
        assert_eq!(
            huawei.headline, "LTN: Huawei Western Europe Sales Are in Free Fall",
            "{at}"
        );
        assert_eq!(
            huawei.body,
            "Shipments dropped by half.\n\n> Retailers stopped restocking."
        );
        assert_eq!(huawei.status, briefdesk_core::Status::Ready, "{at}");
        assert_eq!(huawei.notes, "Private: confirm with Taipei.", "{at}");
        assert_eq!(huawei.tags, ["China", "Technology"], "{at}");
        assert_eq!(huawei.sources.len(), 2, "{at}");
        assert_eq!(
            huawei.sources[0].title.as_deref(),
            Some("Huawei sales slump")
        );
        assert_eq!(huawei.sources[1].url, None, "{at}");
        assert_eq!(
            huawei.created_at.to_rfc3339(),
            "2020-11-26T08:00:00+00:00",
            "{at}"
        );
        let issue_ref = huawei.issue.expect("placed");
        assert_eq!(
            (issue_ref.number, issue_ref.section.as_str()),
            (1, "Domestic")
        );

        let issue = lib.issue(1).unwrap();
        assert_eq!(issue.status, briefdesk_core::IssueStatus::Published, "{at}");
        assert_eq!(
            (issue.subject.as_str(), issue.closing.as_str()),
            ("Huawei and cotton", "Until next week.")
        );
        assert_eq!(
            layout(&issue),
            [
                ("Domestic".to_string(), vec![id("1"), id("3")]),
                ("Xinjiang".to_string(), vec![id("2")])
            ],
            "{at}"
        );
        assert_eq!(
            layout(&lib.issue(2).unwrap()),
            [("Briefs".to_string(), vec![])]
        );

        let tags: Vec<_> = lib
            .tags()
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.colour, t.count))
            .collect();
        assert_eq!(
            tags,
            [
                ("China".into(), Some("#cc3333".into()), 2),
                ("Technology".into(), None, 2),
                ("Unused".into(), Some("#00aa00".into()), 0)
            ],
            "{at}"
        );
        let publication = lib.publication().unwrap();
        assert_eq!(
            (
                publication.name.as_str(),
                publication.default_template.as_str()
            ),
            ("China Briefing", "email")
        );
        // Libraries made before version 4 write dates in the house style, as they did.
        assert_eq!(
            publication.date_style,
            briefdesk_core::DateStyle::Long,
            "{at}"
        );
        assert_eq!(search_ids(&lib, "cotton"), [id("2")], "{at}");
        // The tag listing (schema version 3) works on upgraded rows.
        let page = lib
            .list_briefs(&briefdesk_core::BriefQuery {
                tags: vec!["technology".into()],
                status: Some(briefdesk_core::Status::Draft),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            page.items.iter().map(|b| b.id).collect::<Vec<_>>(),
            [id("3")],
            "{at}"
        );
        check_stored_invariants(&lib);

        // An older file is backed up, as that version left it, before the upgrade.
        let upgrades: Vec<_> = lib
            .backups()
            .unwrap()
            .into_iter()
            .filter(|b| b.kind == briefdesk_core::BackupKind::BeforeUpgrade)
            .collect();
        if version < latest {
            assert_eq!(upgrades.len(), 1, "{at}");
            assert_eq!(
                contents(Path::new(&upgrades[0].path)),
                contents(&fixture_path(version))
            );
        } else {
            assert!(upgrades.is_empty(), "an up-to-date library is not upgraded");
        }
    }
}

#[test]
fn a_failed_upgrade_leaves_the_file_as_it_was() {
    let latest = latest_version();
    for version in 1..latest {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        std::fs::copy(fixture_path(version), &path).unwrap();
        // A fault in the last migration (14, unfinished imports), after the earlier ones ran
        // in the same transaction: a table it creates is already there.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE unfinished_imports (x)")
                .unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        let before = contents(&path);
        let err = match Library::open(&path) {
            Ok(_) => panic!("version {version}: the sabotaged upgrade succeeded"),
            Err(e) => e,
        };
        assert_eq!(err.code(), "migration", "version {version}: {err}");
        assert!(
            err.to_string().contains("unfinished_imports"),
            "says what failed: {err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "version {version}: the file changed"
        );
        assert_eq!(contents(&path), before);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let at: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(at as usize, version);
    }
}
