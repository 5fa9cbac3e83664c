//! The whole library as one JSON document: export, import into a fresh library, nothing lost.

mod common;

use briefdesk_core::library::dump::LibraryDump;
use briefdesk_core::{BriefDraft, ExportFormat, IssuePatch, Library, Publication, Status};
use chrono::NaiveDate;
use common::*;

/// A library using every field the export must carry.
fn rich_library(lib: &mut Library) {
    let ids: Vec<_> = sample_drafts()
        .iter()
        .map(|d| lib.create_brief(d).expect("building the library").id)
        .collect();
    let mut ready = BriefDraft::from(&lib.brief(ids[0]).expect("building the library"));
    ready.status = Status::Ready;
    ready.notes = "Private: check the figures.".into();
    ready.sources[0].title = Some("Huawei sales slump".into());
    lib.update_brief(ids[0], &ready)
        .expect("building the library");
    lib.recolour_tag("China", Some("#cc3333"))
        .expect("building the library");
    lib.add_tag("Unused", Some("#0a0"))
        .expect("building the library");
    lib.add_tag("Plain", None).expect("building the library");
    let date = NaiveDate::from_ymd_opt(2020, 12, 1).expect("building the library");
    lib.create_issue(12, "China Briefing", date)
        .expect("building the library");
    lib.update_issue(
        12,
        &IssuePatch {
            subject: Some("Huawei and cotton".into()),
            preheader: Some("Five minutes".into()),
            intro: Some("Good morning.\n\nThis week:".into()),
            closing: Some("Until next week.".into()),
            ..IssuePatch::default()
        },
    )
    .expect("building the library");
    lib.add_to_issue(12, ids[1], Some("Domestic"), None)
        .expect("building the library");
    lib.add_to_issue(12, ids[0], Some("Domestic"), Some(0))
        .expect("building the library");
    lib.add_to_issue(12, ids[3], Some("Hong Kong"), None)
        .expect("building the library");
    lib.add_section(12, "Empty for now", Some(1))
        .expect("building the library");
    lib.create_issue(13, "China Briefing", date + chrono::Days::new(7))
        .expect("building the library");
    lib.add_to_issue(13, ids[2], None, None)
        .expect("building the library");
    lib.publish_issue(13).expect("building the library");
    lib.set_publication(&Publication {
        name: "China Briefing".into(),
        tagline: "The week in five minutes".into(),
        footer: "Sent to subscribers.".into(),
        default_template: ExportFormat::Email,
        date_style: briefdesk_core::DateStyle::DayFirst,
    })
    .expect("building the library");
}

fn without_time(mut dump: LibraryDump) -> LibraryDump {
    dump.exported_at = chrono::DateTime::UNIX_EPOCH;
    dump
}

#[test]
fn export_all_then_import_all_loses_nothing() {
    let (_dir, mut lib) = disk();
    rich_library(&mut lib);
    let dump = lib.export_all().unwrap();
    let json = serde_json::to_string_pretty(&dump).unwrap();
    assert!(json.contains("\"format\": \"briefdesk-library\""));

    let (_dir2, mut fresh) = disk();
    let read: LibraryDump = serde_json::from_str(&json).unwrap();
    let counts = fresh.import_all(&read).unwrap();
    assert_eq!((counts.briefs, counts.issues), (5, 2));
    assert_eq!(counts.tags, lib.tags().unwrap().len());

    assert_eq!(
        without_time(fresh.export_all().unwrap()),
        without_time(dump)
    );
    // And as the app and the CLI see it: ids, times, placement, tags with colours, publication.
    assert_eq!(snapshot(&fresh), snapshot(&lib));
    assert_eq!(fresh.publication().unwrap(), lib.publication().unwrap());
    assert_eq!(fresh.tag("unused").unwrap().colour.as_deref(), Some("#0a0"));
    assert_eq!(search_ids(&fresh, "cotton"), search_ids(&lib, "cotton"));
    check_stored_invariants(&fresh);
}

#[test]
fn import_all_refuses_a_library_that_is_not_empty() {
    let (_dir, mut lib) = disk();
    rich_library(&mut lib);
    let dump = lib.export_all().unwrap();
    let (_dir2, mut other) = disk();
    other.create_brief(&bare("Already here")).unwrap();
    let before = snapshot(&other);
    let err = other.import_all(&dump).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(
        err.to_string()
            .contains("not empty (1 briefs, 0 tags, 0 issues)"),
        "{err}"
    );
    assert_eq!(snapshot(&other), before);
}

#[test]
fn a_bad_document_imports_nothing() {
    let (_dir, mut lib) = disk();
    rich_library(&mut lib);
    let good = lib.export_all().unwrap();

    let mut twice = good.clone();
    let placed = twice.issues[0].sections[0].briefs[0];
    twice.issues[1].sections[0].briefs.push(placed);
    let mut unknown = good.clone();
    unknown.issues[0].sections[0]
        .briefs
        .push(uuid::Uuid::now_v7());
    let mut bad_url = good.clone();
    bad_url.briefs[2].sources[0].url = Some("javascript:alert(1)".into());
    let mut other_format = good.clone();
    other_format.format = "something-else".into();
    let mut newer = good.clone();
    newer.version = 99;

    for (dump, expected) in [
        (twice, "placed twice"),
        (unknown, "no brief has the id"),
        (bad_url, "briefs[2].sources[0].url"),
        (other_format, "not a Briefdesk library export"),
        (newer, "update Briefdesk"),
    ] {
        let (_d, mut fresh) = disk();
        let err = fresh.import_all(&dump).unwrap_err();
        assert!(err.to_string().contains(expected), "{expected}: {err}");
        let empty = snapshot(&fresh);
        assert!(empty.briefs.is_empty() && empty.tags.is_empty() && empty.issues.is_empty());
        assert_eq!(
            fresh.publication().unwrap(),
            Publication {
                default_template: ExportFormat::Html,
                ..Publication::default()
            }
        );
    }
}
