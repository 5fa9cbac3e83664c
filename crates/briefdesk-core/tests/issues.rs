//! Issues, their sections and the order of briefs in them.

mod common;

use briefdesk_core::{BriefQuery, Error, IssuePatch, IssueRef, IssueStatus, Library, Status};
use chrono::NaiveDate;
use common::*;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// Five briefs and issue No. 7.
fn setup(lib: &mut Library) -> Vec<Uuid> {
    let ids = sample_drafts()
        .iter()
        .map(|d| lib.create_brief(d).expect("a sample brief").id)
        .collect();
    lib.create_issue(7, "China Briefing", day(2020, 12, 1))
        .expect("issue No. 7");
    ids
}

fn sections(lib: &Library, number: u32) -> Vec<(String, Vec<Uuid>)> {
    layout(&lib.issue(number).expect("the issue"))
}

fn s(name: &str, ids: &[Uuid]) -> (String, Vec<Uuid>) {
    (name.to_string(), ids.to_vec())
}

fn placed(lib: &Library, id: Uuid) -> Option<IssueRef> {
    lib.brief(id).expect("the brief").issue
}

#[test]
fn create_and_patch_an_issue() {
    on_both(|lib| {
        assert_eq!(lib.next_issue_number().unwrap(), 1);
        let issue = lib
            .create_issue(7, "  China\nBriefing ", day(2020, 12, 1))
            .unwrap();
        assert_eq!(issue.number, 7);
        assert_eq!(issue.title, "China Briefing");
        assert_eq!(issue.date, day(2020, 12, 1));
        assert_eq!(issue.status, IssueStatus::Draft);
        assert_eq!(
            (&*issue.subject, &*issue.intro, &*issue.closing),
            ("", "", "")
        );
        assert!(issue.sections.is_empty());
        assert_eq!(lib.issue(7).unwrap(), issue);
        assert_eq!(lib.next_issue_number().unwrap(), 8);
        assert!(
            lib.create_issue(8, " ", day(2020, 12, 8))
                .unwrap_err()
                .to_string()
                .starts_with("title:")
        );

        let patched = lib
            .update_issue(
                7,
                &IssuePatch {
                    subject: Some("Huawei, cotton and chips".into()),
                    intro: Some("Good morning.\n\nThree stories this week.\n".into()),
                    ..IssuePatch::default()
                },
            )
            .unwrap();
        assert_eq!(patched.subject, "Huawei, cotton and chips");
        assert_eq!(patched.intro, "Good morning.\n\nThree stories this week.");
        assert_eq!(
            (&*patched.title, patched.date, patched.status),
            ("China Briefing", day(2020, 12, 1), IssueStatus::Draft)
        );
        assert_eq!(patched.id, issue.id);

        let ids = setup_briefs_only(lib);
        lib.add_to_issue(7, ids[0], Some("Economy"), None).unwrap();
        let renumbered = lib
            .update_issue(
                7,
                &IssuePatch {
                    number: Some(9),
                    status: Some(IssueStatus::Published),
                    date: Some(day(2020, 12, 2)),
                    preheader: Some("Sales,\nplots".into()),
                    ..IssuePatch::default()
                },
            )
            .unwrap();
        assert_eq!(renumbered.number, 9);
        assert_eq!(renumbered.status, IssueStatus::Published);
        assert_eq!(renumbered.date, day(2020, 12, 2));
        assert_eq!(renumbered.preheader, "Sales, plots");
        assert_eq!(
            renumbered.subject, "Huawei, cotton and chips",
            "unpatched fields stay"
        );
        assert!(matches!(
            lib.issue(7),
            Err(Error::NotFound { what: "issue", .. })
        ));
        assert_eq!(
            placed(lib, ids[0]),
            Some(IssueRef {
                number: 9,
                section: "Economy".into(),
                published: true
            })
        );
        assert_eq!(lib.issues().unwrap(), vec![renumbered]);

        let before = snapshot(lib);
        let err = lib
            .update_issue(
                9,
                &IssuePatch {
                    title: Some("\n".into()),
                    ..IssuePatch::default()
                },
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("title:"), "{err}");
        assert!(matches!(
            lib.update_issue(7, &IssuePatch::default()),
            Err(Error::NotFound { .. })
        ));
        assert_eq!(snapshot(lib), before);
    });
}

fn setup_briefs_only(lib: &mut Library) -> Vec<Uuid> {
    sample_drafts()
        .iter()
        .map(|d| lib.create_brief(d).expect("a sample brief").id)
        .collect()
}

#[test]
fn sections_are_added_renamed_moved_and_deleted() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.add_section(7, "Domestic", None).unwrap();
        lib.add_section(7, "International", None).unwrap();
        let issue = lib.add_section(7, " Top  stories ", Some(0)).unwrap();
        let names: Vec<&str> = issue.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Top stories", "Domestic", "International"]);
        lib.add_to_issue(7, ids[0], Some("Domestic"), None).unwrap();

        let err = lib.add_section(7, "Domestic", None).unwrap_err();
        assert!(
            matches!(err, Error::Conflict(_)) && err.to_string().contains("Domestic"),
            "{err}"
        );

        lib.rename_section(7, "Domestic", "Mainland").unwrap();
        assert_eq!(
            placed(lib, ids[0]),
            Some(IssueRef {
                number: 7,
                section: "Mainland".into(),
                published: false
            })
        );
        let err = lib
            .rename_section(7, "Mainland", "International")
            .unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(matches!(
            lib.rename_section(7, "Nope", "Other"),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            lib.rename_section(7, "Mainland", " "),
            Err(Error::Invalid { .. })
        ));
        // Renaming to the same name is allowed.
        lib.rename_section(7, "Mainland", "Mainland").unwrap();

        assert_eq!(
            sections(lib, 7),
            [
                s("Top stories", &[]),
                s("Mainland", &[ids[0]]),
                s("International", &[])
            ]
        );
        lib.move_section(7, "International", 0).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("International", &[]),
                s("Top stories", &[]),
                s("Mainland", &[ids[0]])
            ]
        );
        lib.move_section(7, "International", 2).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("Top stories", &[]),
                s("Mainland", &[ids[0]]),
                s("International", &[])
            ]
        );
        lib.move_section(7, "Top stories", 1).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("Mainland", &[ids[0]]),
                s("Top stories", &[]),
                s("International", &[])
            ]
        );

        let issue = lib.delete_section(7, "Top stories").unwrap();
        assert_eq!(
            layout(&issue),
            [s("Mainland", &[ids[0]]), s("International", &[])]
        );
        assert!(matches!(
            lib.delete_section(7, "Top stories"),
            Err(Error::NotFound { .. })
        ));
        check_stored_invariants(lib);
        // After a delete, the remaining sections are numbered 0..n: inserting at 2 (the end) works.
        let issue = lib.add_section(7, "Closing", Some(2)).unwrap();
        assert_eq!(
            issue.sections.last().map(|s| s.name.as_str()),
            Some("Closing")
        );
    });
}

#[test]
fn deleting_a_section_unassigns_its_briefs() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.add_to_issue(7, ids[0], Some("Economy"), None).unwrap();
        lib.add_to_issue(7, ids[1], Some("Economy"), None).unwrap();
        lib.add_to_issue(7, ids[2], Some("Politics"), None).unwrap();

        let issue = lib.delete_section(7, "Economy").unwrap();
        assert_eq!(layout(&issue), [s("Politics", &[ids[2]])]);
        check_stored_invariants(lib);
        assert_eq!(placed(lib, ids[0]), None);
        assert_eq!(placed(lib, ids[1]), None);
        assert_eq!(
            placed(lib, ids[2]),
            Some(IssueRef {
                number: 7,
                section: "Politics".into(),
                published: false
            })
        );
        assert_eq!(all_briefs(lib).len(), 5, "the briefs themselves stay");

        let unassigned = lib
            .list_briefs(&BriefQuery {
                unassigned: true,
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(unassigned.total, 4);
        assert!(unassigned.items.iter().all(|b| b.id != ids[2]));

        // An unassigned brief can go into an issue again.
        lib.add_to_issue(7, ids[0], None, None).unwrap();
        assert_eq!(sections(lib, 7), [s("Politics", &[ids[2], ids[0]])]);
    });
}

#[test]
fn add_at_a_position_at_the_end_and_into_new_sections() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.add_to_issue(7, ids[0], Some("News"), None).unwrap();
        lib.add_to_issue(7, ids[1], Some("News"), None).unwrap();
        assert_eq!(sections(lib, 7), [s("News", &[ids[0], ids[1]])]);
        lib.add_to_issue(7, ids[2], Some("News"), Some(0)).unwrap();
        assert_eq!(sections(lib, 7), [s("News", &[ids[2], ids[0], ids[1]])]);
        lib.add_to_issue(7, ids[3], Some("News"), Some(2)).unwrap();
        assert_eq!(
            sections(lib, 7),
            [s("News", &[ids[2], ids[0], ids[3], ids[1]])]
        );
        // At len is the end.
        let issue = lib
            .add_to_issue(7, ids[4], Some(" Analysis "), Some(0))
            .unwrap();
        assert_eq!(
            layout(&issue),
            [
                s("News", &[ids[2], ids[0], ids[3], ids[1]]),
                s("Analysis", &[ids[4]])
            ],
            "a named section is created on demand, at the end"
        );
        assert_eq!(
            placed(lib, ids[4]),
            Some(IssueRef {
                number: 7,
                section: "Analysis".into(),
                published: false
            })
        );
        assert_eq!(
            placed(lib, ids[3]),
            Some(IssueRef {
                number: 7,
                section: "News".into(),
                published: false
            })
        );
        let headlines: Vec<&str> = issue.sections[1]
            .briefs
            .iter()
            .map(|b| b.headline.as_str())
            .collect();
        assert_eq!(
            headlines,
            ["Nikkei: Electronics Makers Move Assembly Lines to Northern Vietnam"]
        );

        lib.remove_from_issue(7, ids[1]).unwrap();
        lib.add_to_issue(7, ids[1], Some("News"), Some(3)).unwrap();
        assert_eq!(
            sections(lib, 7)[0],
            s("News", &[ids[2], ids[0], ids[3], ids[1]])
        );
    });
}

#[test]
fn default_section_is_briefs_then_the_first_one() {
    on_both(|lib| {
        let ids = setup(lib);
        let issue = lib.add_to_issue(7, ids[0], None, None).unwrap();
        assert_eq!(layout(&issue), [s("Briefs", &[ids[0]])]);
        assert_eq!(
            placed(lib, ids[0]),
            Some(IssueRef {
                number: 7,
                section: "Briefs".into(),
                published: false
            })
        );

        lib.add_section(7, "Lead", Some(0)).unwrap();
        lib.add_to_issue(7, ids[1], None, None).unwrap();
        assert_eq!(
            sections(lib, 7),
            [s("Lead", &[ids[1]]), s("Briefs", &[ids[0]])]
        );
    });
}

#[test]
fn a_brief_sits_in_one_issue_only() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.create_issue(8, "China Briefing", day(2020, 12, 8))
            .unwrap();
        lib.add_to_issue(7, ids[0], Some("News"), None).unwrap();
        let before = snapshot(lib);

        let err = lib
            .add_to_issue(8, ids[0], Some("Elsewhere"), None)
            .unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains("No. 7"), "{err}");
        let err = lib.add_to_issue(7, ids[0], Some("News"), None).unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert_eq!(
            snapshot(lib),
            before,
            "no section \"Elsewhere\" was left behind"
        );

        assert!(matches!(
            lib.add_to_issue(9, ids[1], None, None),
            Err(Error::NotFound { what: "issue", .. })
        ));
        assert!(matches!(
            lib.add_to_issue(8, Uuid::now_v7(), None, None),
            Err(Error::NotFound { what: "brief", .. })
        ));
        // A brief in issue 7 is not "in" issue 8 for moves and removals.
        assert!(matches!(
            lib.move_in_issue(8, ids[0], None, 0),
            Err(Error::NotFound { .. })
        ));
        assert!(matches!(
            lib.remove_from_issue(8, ids[0]),
            Err(Error::NotFound { .. })
        ));
        assert_eq!(snapshot(lib), before);

        lib.remove_from_issue(7, ids[0]).unwrap();
        lib.add_to_issue(8, ids[0], None, None).unwrap();
        assert_eq!(
            placed(lib, ids[0]),
            Some(IssueRef {
                number: 8,
                section: "Briefs".into(),
                published: false
            })
        );
    });
}

#[test]
fn a_brief_moves_to_another_issue_in_one_step() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.create_issue(8, "China Briefing", day(2020, 12, 8))
            .unwrap();
        lib.add_to_issue(7, ids[0], Some("News"), None).unwrap();
        lib.add_to_issue(7, ids[1], Some("News"), None).unwrap();
        lib.add_to_issue(8, ids[2], Some("World"), None).unwrap();

        // Out of No. 7, to the end of a section of No. 8; No. 7 closes the gap.
        let moved = lib.move_to_issue(ids[0], 8, Some("World")).unwrap();
        assert_eq!(layout(&moved), vec![s("World", &[ids[2], ids[0]])]);
        assert_eq!(sections(lib, 7), vec![s("News", &[ids[1]])]);
        assert_eq!(
            placed(lib, ids[0]),
            Some(IssueRef {
                number: 8,
                section: "World".into(),
                published: false,
            })
        );
        // A brief in no issue goes in the same way, into a new section if asked.
        lib.move_to_issue(ids[3], 8, Some("Economy")).unwrap();
        assert_eq!(
            sections(lib, 8),
            vec![s("World", &[ids[2], ids[0]]), s("Economy", &[ids[3]])]
        );

        // Already there, or nowhere to go: refused, and nothing changes.
        let before = snapshot(lib);
        let err = lib.move_to_issue(ids[0], 8, None).unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(matches!(
            lib.move_to_issue(ids[1], 9, None),
            Err(Error::NotFound { what: "issue", .. })
        ));
        assert!(matches!(
            lib.move_to_issue(Uuid::now_v7(), 8, None),
            Err(Error::NotFound { what: "brief", .. })
        ));
        assert_eq!(snapshot(lib), before);
        assert_eq!(sections(lib, 7), vec![s("News", &[ids[1]])]);
    });
}

#[test]
fn move_within_and_across_sections() {
    on_both(|lib| {
        let ids = setup(lib);
        for id in &ids[..3] {
            lib.add_to_issue(7, *id, Some("News"), None).unwrap();
        }
        lib.add_to_issue(7, ids[3], Some("Analysis"), None).unwrap();

        lib.move_in_issue(7, ids[0], None, 2).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("News", &[ids[1], ids[2], ids[0]]),
                s("Analysis", &[ids[3]])
            ]
        );
        lib.move_in_issue(7, ids[0], Some("News"), 0).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("News", &[ids[0], ids[1], ids[2]]),
                s("Analysis", &[ids[3]])
            ]
        );
        lib.move_in_issue(7, ids[1], None, 1).unwrap();
        assert_eq!(
            sections(lib, 7)[0],
            s("News", &[ids[0], ids[1], ids[2]]),
            "a move onto itself"
        );

        // Across: into Analysis before its brief, then to its end.
        let issue = lib.move_in_issue(7, ids[1], Some("Analysis"), 0).unwrap();
        assert_eq!(
            layout(&issue),
            [
                s("News", &[ids[0], ids[2]]),
                s("Analysis", &[ids[1], ids[3]])
            ]
        );
        assert_eq!(
            placed(lib, ids[1]),
            Some(IssueRef {
                number: 7,
                section: "Analysis".into(),
                published: false
            })
        );
        lib.move_in_issue(7, ids[0], Some("Analysis"), 2).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("News", &[ids[2]]),
                s("Analysis", &[ids[1], ids[3], ids[0]])
            ]
        );
        // Into a section that does not exist yet: created at the end.
        lib.move_in_issue(7, ids[3], Some("Opinion"), 0).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("News", &[ids[2]]),
                s("Analysis", &[ids[1], ids[0]]),
                s("Opinion", &[ids[3]])
            ]
        );
        // Emptying a section keeps it.
        lib.move_in_issue(7, ids[2], Some("Opinion"), 1).unwrap();
        assert_eq!(
            sections(lib, 7),
            [
                s("News", &[]),
                s("Analysis", &[ids[1], ids[0]]),
                s("Opinion", &[ids[3], ids[2]])
            ]
        );
        assert!(matches!(
            lib.move_in_issue(7, ids[4], None, 0),
            Err(Error::NotFound { .. })
        ));
    });
}

#[test]
fn remove_from_issue_unassigns() {
    on_both(|lib| {
        let ids = setup(lib);
        for id in &ids[..3] {
            lib.add_to_issue(7, *id, Some("News"), None).unwrap();
        }
        let issue = lib.remove_from_issue(7, ids[0]).unwrap();
        assert_eq!(layout(&issue), [s("News", &[ids[1], ids[2]])]);
        assert_eq!(placed(lib, ids[0]), None);
        assert!(lib.brief(ids[0]).is_ok(), "the brief stays in the library");
        assert!(matches!(
            lib.remove_from_issue(7, ids[0]),
            Err(Error::NotFound { .. })
        ));
        check_stored_invariants(lib);
        // Positions closed up: the end is 2.
        lib.move_in_issue(7, ids[1], None, 1).unwrap();
        assert_eq!(sections(lib, 7), [s("News", &[ids[2], ids[1]])]);
    });
}

#[test]
fn positions_out_of_range_change_nothing() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.add_to_issue(7, ids[0], Some("News"), None).unwrap();
        lib.add_to_issue(7, ids[1], Some("News"), None).unwrap();
        lib.add_to_issue(7, ids[2], Some("Analysis"), None).unwrap();
        let before = snapshot(lib);

        let invalid =
            |result: briefdesk_core::Result<briefdesk_core::Issue>, field: &str| match result {
                Err(Error::Invalid { field: f, message }) => {
                    assert_eq!(f, field);
                    assert!(message.contains("past the end"), "{message}");
                }
                other => panic!("expected Invalid {field}, got {other:?}"),
            };
        invalid(lib.add_to_issue(7, ids[3], Some("News"), Some(3)), "at");
        invalid(
            lib.add_to_issue(7, ids[3], Some("Brand new"), Some(1)),
            "at",
        );
        invalid(lib.add_to_issue(7, ids[3], None, Some(usize::MAX)), "at");
        invalid(lib.move_in_issue(7, ids[0], None, 2), "to");
        invalid(lib.move_in_issue(7, ids[0], Some("Analysis"), 2), "to");
        invalid(lib.move_in_issue(7, ids[0], Some("Brand new"), 1), "to");
        invalid(lib.move_section(7, "News", 2), "to");
        invalid(lib.add_section(7, "Brand new", Some(3)), "at");

        // Nothing moved, and no section "Brand new" was left behind by the refused calls.
        assert_eq!(snapshot(lib), before);
        assert_eq!(placed(lib, ids[3]), None);
        check_stored_invariants(lib);
    });
}

#[test]
fn deleting_an_issue_keeps_its_briefs() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.add_to_issue(7, ids[0], Some("News"), None).unwrap();
        lib.delete_issue(7).unwrap();
        assert!(lib.issues().unwrap().is_empty());
        assert_eq!(placed(lib, ids[0]), None);
        assert_eq!(all_briefs(lib).len(), 5);
        assert!(matches!(lib.delete_issue(7), Err(Error::NotFound { .. })));
        // The number is free again.
        lib.create_issue(7, "China Briefing", day(2020, 12, 1))
            .unwrap();
    });
}

#[test]
fn publishing_an_issue_publishes_its_briefs_and_no_others() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.create_issue(8, "China Briefing", day(2020, 12, 8))
            .unwrap();
        lib.add_to_issue(7, ids[0], Some("Domestic"), None).unwrap();
        lib.add_to_issue(7, ids[1], Some("International"), None)
            .unwrap();
        lib.add_to_issue(8, ids[2], None, None).unwrap();
        let status = |lib: &Library, id: Uuid| lib.brief(id).expect("the brief").status;
        assert_eq!(status(lib, ids[0]), Status::Draft);

        let issue = lib.publish_issue(7).unwrap();
        assert_eq!(issue.status, IssueStatus::Published);
        assert_eq!(lib.issue(7).unwrap(), issue);
        assert_eq!(status(lib, ids[0]), Status::Published);
        assert_eq!(status(lib, ids[1]), Status::Published);
        // In another issue, or in none: untouched.
        assert_eq!(status(lib, ids[2]), Status::Draft);
        assert_eq!(status(lib, ids[3]), Status::Draft);
        assert_eq!(lib.issue(8).unwrap().status, IssueStatus::Draft);
        let published = lib
            .list_briefs(&BriefQuery {
                status: Some(Status::Published),
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(published.total, 2);

        // Publishing again changes nothing; an unknown issue is an error that changes nothing.
        let before = snapshot(lib);
        lib.publish_issue(7).unwrap();
        assert!(matches!(lib.publish_issue(99), Err(Error::NotFound { .. })));
        assert_eq!(
            snapshot(lib)
                .briefs
                .iter()
                .map(|b| b.status)
                .collect::<Vec<_>>(),
            before.briefs.iter().map(|b| b.status).collect::<Vec<_>>()
        );
    });
}

#[test]
fn totals_count_briefs_words_and_the_email_in_issue_order() {
    on_both(|lib| {
        let ids = setup(lib);
        let empty = lib.issue_totals(7).unwrap();
        assert_eq!(
            (empty.briefs, empty.words, empty.reading_minutes),
            (0, 0, 0)
        );
        assert!(empty.per_brief.is_empty());
        assert!(empty.email_bytes > 0, "an empty issue still has its frame");
        assert_eq!(empty.email_limit, 102 * 1024);

        lib.add_to_issue(7, ids[1], Some("Domestic"), None).unwrap();
        lib.add_to_issue(7, ids[0], Some("International"), None)
            .unwrap();
        lib.add_to_issue(7, ids[2], Some("Domestic"), Some(0))
            .unwrap();
        let totals = lib.issue_totals(7).unwrap();
        let view = lib.issue_view(7).unwrap();
        assert_eq!(totals.briefs, 3);
        assert_eq!(totals.words as usize, view.counts.words);
        assert_eq!(totals.reading_minutes as usize, view.counts.reading_minutes);
        assert_eq!(
            totals.per_brief.iter().map(|b| b.id).collect::<Vec<_>>(),
            [ids[2], ids[1], ids[0]]
        );
        assert_eq!(
            totals.per_brief.iter().map(|b| b.words).sum::<u32>(),
            totals.words
        );
        assert!(totals.per_brief.iter().all(|b| b.words > 0));
        let email = lib
            .export_issue(7, briefdesk_core::export::ExportFormat::Email, None)
            .unwrap();
        assert_eq!(totals.email_bytes as usize, email.len());
        assert!(totals.email_bytes > empty.email_bytes);
        assert!(matches!(lib.issue_totals(99), Err(Error::NotFound { .. })));
    });
}
