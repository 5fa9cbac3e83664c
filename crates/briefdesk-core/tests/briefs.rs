//! Creating, reading, updating and deleting briefs, and refusing bad input without side effects.

mod common;

use std::time::Duration;

use briefdesk_core::{BriefDraft, Error, IssueRef, Library, SourceDraft, Status};
use chrono::NaiveDate;
use common::*;
use uuid::Uuid;

#[test]
fn fields_round_trip() {
    on_both(|lib| {
        let draft = BriefDraft {
            headline: "  LTN: Huawei Western Europe\n  Sales Are in\tFree Fall \n".into(),
            body: "Shipments fell by half.\n\n> Retailers stopped restocking.\n\n".into(),
            sources: vec![
                SourceDraft {
                    outlet: " Liberty Times Net ".into(),
                    date: Some("2020-11-26".into()),
                    url: Some("https://news.ltn.com.tw/news/world/breakingnews/3100001".into()),
                    title: Some("Huawei sales in Western Europe halve".into()),
                },
                SourceDraft {
                    outlet: "Taipei Times".into(),
                    date: Some("2020-11-27".into()),
                    url: Some(
                        "https://www.taipeitimes.com/News/biz/archives/2020/11/27/2003747000"
                            .into(),
                    ),
                    title: None,
                },
                SourceDraft {
                    outlet: "Counterpoint Research".into(),
                    date: None,
                    url: None,
                    title: Some("  ".into()),
                },
            ],
            tags: vec!["Technology".into(), " China ".into(), "CHINA".into()],
            status: Status::Ready,
            notes: "Check the Q3 figure with the second researcher.\n".into(),
        };
        let created = lib.create_brief(&draft).unwrap();

        assert_eq!(
            created.headline,
            "LTN: Huawei Western Europe Sales Are in Free Fall"
        );
        assert_eq!(
            created.body,
            "Shipments fell by half.\n\n> Retailers stopped restocking."
        );
        assert_eq!(created.status, Status::Ready);
        assert_eq!(
            created.notes,
            "Check the Q3 figure with the second researcher."
        );
        assert_eq!(created.issue, None);
        assert_eq!(created.created_at, created.updated_at);

        let outlets: Vec<&str> = created.sources.iter().map(|s| s.outlet.as_str()).collect();
        assert_eq!(
            outlets,
            ["Liberty Times Net", "Taipei Times", "Counterpoint Research"]
        );
        let first = &created.sources[0];
        assert_eq!(first.date, NaiveDate::from_ymd_opt(2020, 11, 26));
        assert_eq!(
            first.url.as_deref(),
            Some("https://news.ltn.com.tw/news/world/breakingnews/3100001")
        );
        assert_eq!(
            first.title.as_deref(),
            Some("Huawei sales in Western Europe halve")
        );
        assert_eq!(
            created.sources[1].date,
            NaiveDate::from_ymd_opt(2020, 11, 27)
        );
        assert_eq!(created.sources[1].title, None);
        assert_eq!(created.sources[2].date, None);
        assert_eq!(created.sources[2].url, None);
        assert_eq!(created.sources[2].title, None, "a blank title is no title");

        // Tags come back sorted by name, one per name whatever the case typed.
        assert_eq!(created.tags, ["China", "Technology"]);

        let read = lib.brief(created.id).unwrap();
        assert_eq!(read, created);
        assert_eq!(all_briefs(lib), vec![created.clone()]);

        // The draft made from a brief recreates the same contents.
        let again = lib.create_brief(&BriefDraft::from(&read)).unwrap();
        assert_eq!(
            (
                &again.headline,
                &again.body,
                &again.sources,
                &again.tags,
                again.status,
                &again.notes
            ),
            (
                &read.headline,
                &read.body,
                &read.sources,
                &read.tags,
                read.status,
                &read.notes
            )
        );
        assert_ne!(again.id, read.id);
    });
}

#[test]
fn update_keeps_created_at_and_moves_updated_at() {
    on_both(|lib| {
        let created = lib.create_brief(&huawei()).unwrap();
        std::thread::sleep(Duration::from_millis(5));

        let mut draft = BriefDraft::from(&created);
        draft.headline = "LTN: Huawei Sales in Western Europe Halve".into();
        draft.sources.reverse();
        draft.sources.push(source(
            "Taipei Times",
            "2020-11-28",
            "https://www.taipeitimes.com/News/biz/archives/2020/11/28/2003747001",
        ));
        draft.tags = vec!["Europe".into()];
        draft.status = Status::Ready;
        draft.notes = "Follow up in January.".into();
        let updated = lib.update_brief(created.id, &draft).unwrap();

        assert_eq!(updated.id, created.id);
        assert_eq!(updated.created_at, created.created_at);
        assert!(
            updated.updated_at > created.updated_at,
            "updated_at must move forward"
        );
        assert_eq!(
            updated.headline,
            "LTN: Huawei Sales in Western Europe Halve"
        );
        assert_eq!(updated.body, created.body);
        let outlets: Vec<&str> = updated.sources.iter().map(|s| s.outlet.as_str()).collect();
        assert_eq!(outlets, ["Liberty Times Net", "Taipei Times"]);
        assert_eq!(updated.tags, ["Europe"]);
        assert_eq!(updated.status, Status::Ready);
        assert_eq!(updated.notes, "Follow up in January.");
        assert_eq!(lib.brief(created.id).unwrap(), updated);

        // Tags dropped from the brief still exist as tags, now unused.
        let tags = lib.tags().unwrap();
        let china = tags
            .iter()
            .find(|t| t.name == "China")
            .expect("tag China stays");
        assert_eq!(china.count, 0);
        assert_eq!(all_briefs(lib).len(), 1);

        // The issue placement survives an update.
        lib.create_issue(
            3,
            "China Briefing",
            NaiveDate::from_ymd_opt(2020, 12, 1).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(3, created.id, Some("Economy"), None)
            .unwrap();
        let placed = lib.update_brief(created.id, &huawei()).unwrap();
        assert_eq!(
            placed.issue,
            Some(IssueRef {
                number: 3,
                section: "Economy".into(),
                published: false
            })
        );
    });
}

#[test]
fn delete_removes_the_brief() {
    on_both(|lib| {
        let keep = lib.create_brief(&cotton()).unwrap();
        let gone = lib.create_brief(&huawei()).unwrap();
        lib.delete_brief(gone.id).unwrap();

        assert!(matches!(
            lib.brief(gone.id),
            Err(Error::NotFound { what: "brief", .. })
        ));
        assert!(matches!(
            lib.delete_brief(gone.id),
            Err(Error::NotFound { .. })
        ));
        assert_eq!(all_briefs(lib), vec![keep.clone()]);
        assert_eq!(lib.info().unwrap().brief_count, 1);
        // Its tags stay, no longer counted.
        let tags = lib.tags().unwrap();
        let china = tags
            .iter()
            .find(|t| t.name == "China")
            .expect("tag China stays");
        assert_eq!(china.count, 0);
    });
}

#[test]
fn a_deleted_brief_is_restored_as_it_was_and_where_it_was() {
    on_both(|lib| {
        let ids: Vec<Uuid> = sample_drafts()
            .iter()
            .map(|d| lib.create_brief(d).unwrap().id)
            .collect();
        lib.create_issue(
            42,
            "China Briefing",
            NaiveDate::from_ymd_opt(2021, 1, 11).unwrap(),
        )
        .unwrap();
        for id in &ids[..3] {
            lib.add_to_issue(42, *id, Some("News"), None).unwrap();
        }
        let before = lib.brief(ids[1]).unwrap();
        let deleted = lib.delete_brief(ids[1]).unwrap();
        assert_eq!(deleted.brief, before);
        assert_eq!(deleted.position, Some(1));

        let restored = lib.restore_brief(&deleted).unwrap();
        assert_eq!(
            restored, before,
            "same id, fields, sources, tags, timestamps and issue"
        );
        assert_eq!(
            layout(&lib.issue(42).unwrap()),
            [("News".to_string(), vec![ids[0], ids[1], ids[2]])]
        );
        // Found by search again: the index holds it once more.
        let word = before.headline.split_whitespace().last().unwrap();
        let hits = lib.search(word, 50).unwrap();
        assert!(hits.iter().any(|h| h.id == ids[1]), "{word:?}: {hits:?}");
        check_stored_invariants(lib);

        // Restoring twice would make two of it: refused, nothing changes.
        let again = lib.restore_brief(&deleted);
        assert!(matches!(again, Err(Error::Conflict(_))), "{again:?}");
        assert_eq!(
            lib.info().unwrap().brief_count,
            sample_drafts().len() as u32
        );
    });
}

#[test]
fn a_brief_whose_section_is_gone_is_restored_unassigned() {
    on_both(|lib| {
        let brief = lib.create_brief(&cotton()).unwrap();
        lib.create_issue(
            43,
            "China Briefing",
            NaiveDate::from_ymd_opt(2021, 1, 18).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(43, brief.id, Some("Xinjiang"), None)
            .unwrap();
        let deleted = lib.delete_brief(brief.id).unwrap();
        lib.delete_section(43, "Xinjiang").unwrap();

        let restored = lib.restore_brief(&deleted).unwrap();
        assert_eq!(restored.issue, None);
        assert_eq!(restored.headline, brief.headline);
        assert_eq!(restored.sources, brief.sources);
    });
}

#[test]
fn deleting_a_brief_closes_the_gap_in_its_section() {
    on_both(|lib| {
        let ids: Vec<Uuid> = sample_drafts()
            .iter()
            .map(|d| lib.create_brief(d).unwrap().id)
            .collect();
        lib.create_issue(
            41,
            "China Briefing",
            NaiveDate::from_ymd_opt(2021, 1, 4).unwrap(),
        )
        .unwrap();
        for id in &ids[..4] {
            lib.add_to_issue(41, *id, Some("News"), None).unwrap();
        }
        lib.delete_brief(ids[1]).unwrap();

        let issue = lib.issue(41).unwrap();
        assert_eq!(
            layout(&issue),
            [("News".to_string(), vec![ids[0], ids[2], ids[3]])]
        );
        // Positions are 0..3 again: the end is now position 3, and 4 is past it.
        let refused = lib.add_to_issue(41, ids[4], Some("News"), Some(4));
        assert!(matches!(refused, Err(Error::Invalid { .. })), "{refused:?}");
        check_stored_invariants(lib);
        let issue = lib.add_to_issue(41, ids[4], Some("News"), Some(3)).unwrap();
        assert_eq!(
            layout(&issue),
            [("News".to_string(), vec![ids[0], ids[2], ids[3], ids[4]])]
        );
        // Moving the last brief to the slot the deleted one left works on the renumbered list.
        let issue = lib.move_in_issue(41, ids[4], None, 1).unwrap();
        assert_eq!(
            layout(&issue),
            [("News".to_string(), vec![ids[0], ids[4], ids[2], ids[3]])]
        );
    });
}

fn expect_invalid(result: Result<impl std::fmt::Debug, Error>, field_prefix: &str) -> String {
    match result {
        Err(err @ Error::Invalid { .. }) => {
            let text = err.to_string();
            assert!(
                text.starts_with(field_prefix),
                "{text:?} should start with {field_prefix:?}"
            );
            assert_eq!(err.code(), "invalid");
            text
        }
        other => panic!("expected an Invalid error for {field_prefix}, got {other:?}"),
    }
}

#[test]
fn empty_headline_is_refused() {
    on_both(|lib| {
        lib.create_brief(&cotton()).unwrap();
        let before = snapshot(lib);
        let mut bad = huawei();
        bad.headline = " \n\t ".into();
        expect_invalid(lib.create_brief(&bad), "headline:");
        assert_eq!(snapshot(lib), before, "a refused brief must leave no trace");
    });
}

#[test]
fn non_http_url_is_refused() {
    on_both(|lib| {
        lib.create_brief(&cotton()).unwrap();
        let before = snapshot(lib);
        let mut bad = huawei();
        bad.sources[0].url = Some("ftp://x".into());
        expect_invalid(lib.create_brief(&bad), "sources[0].url:");

        // The index in the field name is the source's own.
        let mut bad = huawei();
        bad.sources.push(SourceDraft {
            outlet: "Taipei Times".into(),
            url: Some("javascript:alert(1)".into()),
            ..SourceDraft::default()
        });
        expect_invalid(lib.create_brief(&bad), "sources[1].url:");
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn impossible_date_is_refused() {
    on_both(|lib| {
        lib.create_brief(&cotton()).unwrap();
        let before = snapshot(lib);
        let mut bad = huawei();
        bad.sources[0].date = Some("2020-02-30".into());
        let text = expect_invalid(lib.create_brief(&bad), "sources[0].date:");
        assert!(text.contains("real calendar date"), "{text}");

        bad.sources[0].date = Some("26/11/2020".into());
        let text = expect_invalid(lib.create_brief(&bad), "sources[0].date:");
        assert!(text.contains("YYYY-MM-DD"), "{text}");

        let mut bad = huawei();
        bad.sources[0].outlet = "  ".into();
        expect_invalid(lib.create_brief(&bad), "sources[0].outlet:");
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn bad_update_leaves_the_brief_as_it_was() {
    on_both(|lib| {
        let brief = lib.create_brief(&huawei()).unwrap();
        lib.create_brief(&cotton()).unwrap();
        let before = snapshot(lib);

        let mut bad = BriefDraft::from(&brief);
        bad.headline = "A new headline".into();
        bad.tags = vec!["Europe".into()];
        bad.sources[0].date = Some("2021-13-01".into());
        expect_invalid(lib.update_brief(brief.id, &bad), "sources[0].date:");

        let mut bad = BriefDraft::from(&brief);
        bad.headline = String::new();
        expect_invalid(lib.update_brief(brief.id, &bad), "headline:");

        let mut bad = BriefDraft::from(&brief);
        bad.tags.push(" ".into());
        expect_invalid(lib.update_brief(brief.id, &bad), "tags[2]:");

        assert_eq!(snapshot(lib), before);
        assert!(lib.tags().unwrap().iter().all(|t| t.name != "Europe"));
    });
}

#[test]
fn unknown_ids_are_not_found() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let before = snapshot(lib);
        let stranger = Uuid::now_v7();
        let err = lib.update_brief(stranger, &cotton()).unwrap_err();
        assert!(
            matches!(err, Error::NotFound { what: "brief", .. }),
            "{err:?}"
        );
        assert_eq!(err.code(), "not_found");
        assert!(err.to_string().contains(&stranger.to_string()), "{err}");
        assert!(matches!(lib.brief(stranger), Err(Error::NotFound { .. })));
        assert!(matches!(
            lib.delete_brief(stranger),
            Err(Error::NotFound { .. })
        ));
        assert_eq!(
            snapshot(lib),
            before,
            "an update of an unknown brief must not add its tags"
        );

        assert!(
            Library::parse_brief_id("not-an-id")
                .unwrap_err()
                .to_string()
                .starts_with("id:")
        );
        assert_eq!(
            Library::parse_brief_id(&format!(" {stranger} ")).unwrap(),
            stranger
        );
    });
}

#[test]
fn ready_brief_needs_a_source() {
    on_both(|lib| {
        let mut draft = bare("Xinhua: Beijing Announces New Five-Year Plan Targets");
        draft.status = Status::Ready;
        expect_invalid(lib.create_brief(&draft), "sources:");
        draft.status = Status::Draft;
        let brief = lib.create_brief(&draft).unwrap();
        assert!(brief.sources.is_empty());
    });
}

#[test]
fn duplicate_issue_number_is_a_conflict() {
    on_both(|lib| {
        let date = NaiveDate::from_ymd_opt(2020, 11, 30).unwrap();
        let brief = lib.create_brief(&huawei()).unwrap();
        let first = lib.create_issue(12, "China Briefing", date).unwrap();
        lib.add_to_issue(12, brief.id, Some("Economy"), None)
            .unwrap();
        let before = snapshot(lib);
        let first_before = lib.issue(12).unwrap();
        assert_eq!(first_before.id, first.id);

        let err = lib
            .create_issue(12, "Another Briefing", date.succ_opt().unwrap())
            .unwrap_err();
        assert!(
            matches!(err, Error::FieldConflict { ref field, .. } if field == "number"),
            "{err:?}"
        );
        assert!(err.to_string().contains("No. 12"), "{err}");
        assert_eq!(err.code(), "conflict");

        // Renumbering another issue onto 12 is refused the same way.
        lib.create_issue(13, "China Briefing", date).unwrap();
        let err = lib
            .update_issue(
                13,
                &briefdesk_core::IssuePatch {
                    number: Some(12),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(
            matches!(err, Error::FieldConflict { ref field, .. } if field == "number")
                && err.to_string().contains("No. 12"),
            "{err}"
        );
        lib.delete_issue(13).unwrap();

        assert_eq!(lib.issue(12).unwrap(), first_before);
        assert_eq!(snapshot(lib), before);
        assert!(matches!(
            lib.create_issue(0, "Zero", date),
            Err(Error::Invalid { ref field, .. }) if field == "number"
        ));
    });
}
