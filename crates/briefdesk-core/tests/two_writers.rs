//! Two writers on one library (the app and the CLI, or two windows): every change moves a
//! brief's version on, a save that began from an older version is refused and writes nothing,
//! and writers that reload and retry lose no update.

mod common;

use std::path::Path;
use std::sync::{Arc, Barrier};

use briefdesk_core::{Error, Library, Status};
use chrono::NaiveDate;
use common::{bare, check_stored_invariants, cotton, huawei};
use uuid::Uuid;

fn second_writer(path: &Path) -> Library {
    Library::open(path).expect("a second connection opens the same library")
}

#[test]
fn a_save_begun_from_an_older_version_is_refused_and_writes_nothing() {
    let (dir, mut app) = common::disk();
    let path = dir.path().join("library.sqlite3");
    let opened = app.create_brief(&huawei()).unwrap();
    assert_eq!(opened.version, 1);

    // The CLI changes the brief while the app's editor still holds version 1.
    let mut cli = second_writer(&path);
    let mut theirs = briefdesk_core::BriefDraft::from(&cli.brief(opened.id).unwrap());
    theirs.notes = "Checked with the Taipei desk.".into();
    let after_cli = cli.update_brief_from(opened.id, 1, &theirs).unwrap();
    assert_eq!(after_cli.version, 2);

    let mut mine = briefdesk_core::BriefDraft::from(&opened);
    mine.headline = "LTN: Huawei's European Sales Collapse".into();
    let err = app.update_brief_from(opened.id, 1, &mine).unwrap_err();
    match &err {
        Error::ChangedElsewhere {
            id, base, current, ..
        } => assert_eq!((*id, *base, *current), (opened.id, 1, 2)),
        other => panic!("expected changed_elsewhere, got {other:?}"),
    }
    assert_eq!(err.code(), "changed_elsewhere");
    let message = err.to_string();
    assert!(message.contains("Huawei Western Europe"), "{message}");
    assert!(
        message.contains("version 1") && message.contains("version 2"),
        "{message}"
    );
    assert!(message.contains("Nothing was saved"), "{message}");
    // The CLI's change is what the library holds, untouched by the refused save.
    assert_eq!(app.brief(opened.id).unwrap(), after_cli);

    // Saving again from the version now held is the editor's "keep mine".
    let kept = app.update_brief_from(opened.id, 2, &mine).unwrap();
    assert_eq!(kept.version, 3);
    assert_eq!(kept.headline, "LTN: Huawei's European Sales Collapse");
    check_stored_invariants(&app);
}

#[test]
fn a_save_to_a_brief_deleted_elsewhere_says_it_is_gone() {
    let (dir, mut app) = common::disk();
    let brief = app.create_brief(&cotton()).unwrap();
    second_writer(&dir.path().join("library.sqlite3"))
        .delete_brief(brief.id)
        .unwrap();
    let err = app
        .update_brief_from(brief.id, 1, &briefdesk_core::BriefDraft::from(&brief))
        .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert!(
        app.brief(brief.id).is_err(),
        "the refused save brought nothing back"
    );
}

#[test]
fn every_change_to_a_brief_moves_its_version_on_and_nothing_else_does() {
    let (_dir, mut lib) = common::disk();
    let brief = lib.create_brief(&huawei()).unwrap();
    let other = lib.create_brief(&bare("Chip curbs")).unwrap();
    let id = brief.id;
    let version = |lib: &Library| lib.brief(id).unwrap().version;

    // Saved unchanged or changed, it is a new version: the check is on versions, not content.
    lib.update_brief(id, &briefdesk_core::BriefDraft::from(&brief))
        .unwrap();
    assert_eq!(version(&lib), 2);

    // Placing it in an issue is not an edit of the brief: an open editor may still save.
    let date = NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
    lib.create_issue(1, "China Briefing", date).unwrap();
    lib.add_to_issue(1, id, Some("Domestic"), None).unwrap();
    lib.add_to_issue(1, other.id, Some("Domestic"), None)
        .unwrap();
    lib.move_in_issue(1, other.id, Some("Domestic"), 0).unwrap();
    lib.recolour_tag("China", Some("#c33")).unwrap();
    assert_eq!(version(&lib), 2);

    // Publishing changes its status: an editor holding the draft must not write it back.
    lib.publish_issue(1).unwrap();
    let published = lib.brief(id).unwrap();
    assert_eq!(
        (published.status, published.version),
        (Status::Published, 3)
    );

    // Undoing a delete brings the version back with the brief, and a whole-library move keeps it,
    // also for a brief published with its issue before it had a source.
    let bare_published = lib.delete_brief(other.id).unwrap();
    assert_eq!(bare_published.brief.status, Status::Published);
    assert!(bare_published.brief.sources.is_empty());
    lib.restore_brief(&bare_published).unwrap();
    let deleted = lib.delete_brief(id).unwrap();
    assert_eq!(lib.restore_brief(&deleted).unwrap().version, 3);
    let dump = lib.export_all().unwrap();
    let (_dir2, mut moved) = common::disk();
    moved.import_all(&dump).unwrap();
    assert_eq!(moved.brief(id).unwrap().version, 3);
    assert_eq!(moved.brief(other.id).unwrap().version, 2);
}

/// One writer's loop: read the brief, add its own mark to the notes, save from the version read;
/// on `changed_elsewhere`, read again and retry, as the app's "reload" does.
fn add_marks(path: &Path, id: Uuid, writer: &str, marks: usize, start: &Barrier) -> usize {
    let mut lib = second_writer(path);
    let mut refused = 0;
    start.wait();
    for n in 0..marks {
        loop {
            let current = lib.brief(id).expect("the brief is there");
            let mut draft = briefdesk_core::BriefDraft::from(&current);
            draft.notes.push_str(&format!("{writer}{n};"));
            // The time an editor spends typing: wide enough for the other writer to get in.
            std::thread::sleep(std::time::Duration::from_micros(300));
            match lib.update_brief_from(id, current.version, &draft) {
                Ok(_) => break,
                Err(Error::ChangedElsewhere { .. }) => refused += 1,
                Err(other) => panic!("{writer}: {other}"),
            }
        }
    }
    refused
}

#[test]
fn two_writers_at_once_lose_no_update() {
    let (dir, mut lib) = common::disk();
    let path = dir.path().join("library.sqlite3");
    let id = lib.create_brief(&bare("Shared brief")).unwrap().id;
    const MARKS: usize = 150;
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|writer| {
            let (path, start) = (path.clone(), Arc::clone(&start));
            std::thread::spawn(move || add_marks(&path, id, writer, MARKS, &start))
        })
        .collect();
    let refused: usize = writers
        .into_iter()
        .map(|w| w.join().expect("a writer thread"))
        .sum();

    let notes = lib.brief(id).unwrap().notes;
    for writer in ["a", "b"] {
        for n in 0..MARKS {
            assert!(
                notes.split(';').any(|m| m == format!("{writer}{n}")),
                "{writer}{n} was lost ({refused} saves were refused and retried)"
            );
        }
    }
    assert_eq!(lib.brief(id).unwrap().version as usize, 1 + 2 * MARKS);
    eprintln!("{refused} stale saves refused and retried, none lost");
    check_stored_invariants(&lib);
}
