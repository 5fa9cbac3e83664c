//! A library file keeps everything across a close and reopen, and two handles on one file (WAL)
//! see each other's committed changes.

mod common;

use briefdesk_core::{
    BriefDraft, DateStyle, ExportFormat, IssuePatch, IssueRef, Library, Publication, Status,
};
use chrono::NaiveDate;
use common::*;

#[test]
fn everything_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("nested")
        .join("folder")
        .join("library.sqlite3");

    let (before, ids) = {
        let mut lib = Library::open(&path).unwrap();
        assert_eq!(lib.path(), Some(path.as_path()));
        let ids: Vec<_> = sample_drafts()
            .iter()
            .map(|d| lib.create_brief(d).unwrap().id)
            .collect();
        let mut ready = BriefDraft::from(&lib.brief(ids[0]).unwrap());
        ready.status = Status::Ready;
        ready.notes = "Private: confirm with the Taipei office.".into();
        lib.update_brief(ids[0], &ready).unwrap();
        lib.delete_brief(ids[4]).unwrap();
        lib.recolour_tag("China", Some("#cc3333")).unwrap();
        lib.rename_tag("Xinjiang", "Uyghur Region").unwrap();
        lib.create_issue(
            12,
            "China Briefing",
            NaiveDate::from_ymd_opt(2020, 12, 1).unwrap(),
        )
        .unwrap();
        lib.update_issue(
            12,
            &IssuePatch {
                subject: Some("Huawei and cotton".into()),
                ..IssuePatch::default()
            },
        )
        .unwrap();
        lib.add_to_issue(12, ids[1], Some("Domestic"), None)
            .unwrap();
        lib.add_to_issue(12, ids[0], Some("Domestic"), Some(0))
            .unwrap();
        lib.add_to_issue(12, ids[3], Some("Hong Kong"), None)
            .unwrap();
        lib.set_publication(&Publication {
            name: "China Briefing".into(),
            tagline: "The week in five minutes".into(),
            footer: "Sent to subscribers.\n".into(),
            default_template: ExportFormat::Email,
            date_style: DateStyle::DayFirst,
        })
        .unwrap();
        check_stored_invariants(&lib);
        (snapshot(&lib), ids)
        // `lib` is dropped here, closing the file.
    };

    let lib = Library::open(&path).unwrap();
    assert_eq!(snapshot(&lib), before);
    assert_eq!(lib.info().unwrap().brief_count, 4);
    assert_eq!(lib.info().unwrap().name, "library.sqlite3");
    assert_eq!(lib.info().unwrap().path, path.display().to_string());
    let brief = lib.brief(ids[0]).unwrap();
    assert_eq!(brief.status, Status::Ready);
    assert_eq!(brief.notes, "Private: confirm with the Taipei office.");
    assert_eq!(
        brief.issue,
        Some(IssueRef {
            number: 12,
            section: "Domestic".into(),
            published: false
        })
    );
    assert_eq!(lib.tag("china").unwrap().colour.as_deref(), Some("#cc3333"));
    assert_eq!(lib.issue(12).unwrap().subject, "Huawei and cotton");
    let publication = lib.publication().unwrap();
    assert_eq!(publication.name, "China Briefing");
    assert_eq!(publication.footer, "Sent to subscribers.");
    assert_eq!(publication.default_template, ExportFormat::Email);
    // The index came back with the file.
    assert_eq!(search_ids(&lib, "uyghur"), [ids[1]]);
    assert!(
        search_ids(&lib, "vietnam").is_empty(),
        "the deleted brief stays deleted"
    );
    check_stored_invariants(&lib);
}

#[test]
fn two_handles_see_each_others_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let mut app = Library::open(&path).unwrap();
    let mut cli = Library::open(&path).unwrap();

    let brief = app.create_brief(&huawei()).unwrap();
    assert_eq!(cli.brief(brief.id).unwrap(), brief);
    assert_eq!(search_ids(&cli, "huawei"), [brief.id]);

    let other = cli.create_brief(&cotton()).unwrap();
    cli.create_issue(
        3,
        "China Briefing",
        NaiveDate::from_ymd_opt(2021, 1, 4).unwrap(),
    )
    .unwrap();
    cli.add_to_issue(3, other.id, None, None).unwrap();
    assert_eq!(app.issue(3).unwrap(), cli.issue(3).unwrap());
    assert_eq!(all_briefs(&app).len(), 2);

    app.rename_tag("China", "PRC").unwrap();
    assert_eq!(cli.brief(brief.id).unwrap().tags, ["PRC", "Technology"]);
    app.delete_brief(other.id).unwrap();
    assert!(cli.brief(other.id).is_err());
    assert!(cli.issue(3).unwrap().sections[0].briefs.is_empty());
    assert_eq!(snapshot(&app), snapshot(&cli));
}

#[test]
fn in_memory_libraries_are_separate() {
    let mut one = memory();
    let two = memory();
    one.create_brief(&huawei()).unwrap();
    assert!(all_briefs(&two).is_empty());
    assert_eq!(one.path(), None);
    assert_eq!(one.info().unwrap().path, ":memory:");
    assert_eq!(one.info().unwrap().brief_count, 1);
}

#[test]
fn search_stays_right_after_a_vacuum() {
    // The FTS index is keyed by the briefs' implicit rowids; a VACUUM (or a backup made with
    // VACUUM INTO) must not let search point at the wrong brief.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    let ids = {
        let mut lib = Library::open(&path).unwrap();
        let ids: Vec<_> = sample_drafts()
            .iter()
            .map(|d| lib.create_brief(d).unwrap().id)
            .collect();
        // Gaps in the rowids are what a VACUUM could close.
        lib.delete_brief(ids[0]).unwrap();
        lib.delete_brief(ids[2]).unwrap();
        ids
    };
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("VACUUM").unwrap();
        conn.execute(
            "VACUUM INTO ?1",
            [dir.path().join("copy.sqlite3").to_str().unwrap()],
        )
        .unwrap();
    }
    for file in ["library.sqlite3", "copy.sqlite3"] {
        let lib = Library::open(dir.path().join(file)).unwrap();
        assert_eq!(search_ids(&lib, "orchards"), [ids[1]], "{file}");
        assert_eq!(search_ids(&lib, "publisher"), [ids[3]], "{file}");
        assert_eq!(search_ids(&lib, "bac giang"), [ids[4]], "{file}");
        assert!(search_ids(&lib, "huawei").is_empty(), "{file}");
        check_stored_invariants(&lib);
    }
}

#[test]
fn publication_settings_are_kept_and_checked() {
    on_both(|lib| {
        let mut publication = lib.publication().unwrap();
        publication.name = "  China Briefing ".into();
        publication.default_template = ExportFormat::Email;
        lib.set_publication(&publication).unwrap();
        let stored = lib.publication().unwrap();
        assert_eq!(stored.name, "China Briefing");
        assert_eq!(stored.default_template, ExportFormat::Email);
    });
}

#[test]
fn the_default_format_is_one_of_the_export_formats() {
    let read = |format: &str| {
        serde_json::from_str::<Publication>(&format!(r#"{{"default_template": "{format}"}}"#))
    };
    assert_eq!(read("email").unwrap().default_template, ExportFormat::Email);
    // An empty setting, as older libraries and whole-library files may hold, meant HTML.
    assert_eq!(read("").unwrap().default_template, ExportFormat::Html);
    let err = read("pdf").unwrap_err().to_string();
    assert!(err.contains("unknown variant `pdf`"), "{err}");
}
