//! Checks before publishing, and the duplicate-source lookup the editor sees while typing.

mod common;

use briefdesk_core::check::ProblemKind;
use briefdesk_core::{BriefDraft, Library, SourceDraft, Status};
use chrono::NaiveDate;
use common::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 12, d).expect("a December day")
}

fn ready(headline: &str, sources: Vec<SourceDraft>) -> BriefDraft {
    BriefDraft {
        status: Status::Ready,
        ..draft(headline, "A paragraph.", sources, &[])
    }
}

fn kinds(lib: &Library, number: u32) -> Vec<(ProblemKind, Option<String>)> {
    lib.check_issue(number)
        .expect("check")
        .into_iter()
        .map(|p| (p.kind, p.brief.map(|b| b.headline)))
        .collect()
}

#[test]
fn a_clean_issue_has_nothing_to_fix() {
    on_both(|lib| {
        lib.create_issue(1, "China Briefing", day(1)).unwrap();
        let brief = lib
            .create_brief(&ready(
                "Chip curbs",
                vec![source("Reuters", "2020-11-30", "https://reuters.com/a")],
            ))
            .unwrap();
        lib.add_to_issue(1, brief.id, None, None).unwrap();
        assert_eq!(kinds(lib, 1), []);
    });
}

#[test]
fn every_kind_of_problem_is_found_in_issue_order() {
    on_both(|lib| {
        lib.create_issue(11, "China Briefing", day(1)).unwrap();
        lib.create_issue(12, "China Briefing", day(8)).unwrap();
        let earlier = lib
            .create_brief(&ready(
                "Huawei sales fall",
                vec![source(
                    "LTN",
                    "2020-11-30",
                    "https://news.ltn.com.tw/news/1234",
                )],
            ))
            .unwrap();
        lib.add_to_issue(11, earlier.id, None, None).unwrap();
        // Only a sent issue is prior coverage.
        lib.publish_issue(11).unwrap();

        let again = ready(
            "Huawei's slide",
            vec![source(
                "LTN",
                "2020-12-01",
                "http://www.news.ltn.com.tw/news/1234/?utm_source=x&fbclid=y#top",
            )],
        );
        let undated = ready(
            "Undated",
            vec![SourceDraft {
                outlet: "SIPRI".into(),
                url: Some("https://sipri.org/report".into()),
                ..SourceDraft::default()
            }],
        );
        let twin = ready(
            "Same report",
            vec![source(
                "SIPRI",
                "2020-12-07",
                "https://www.sipri.org/report/",
            )],
        );
        let drafted = draft("Still drafting", "", Vec::new(), &[]);
        for brief in [again, undated, twin, drafted] {
            let id = lib.create_brief(&brief).unwrap().id;
            lib.add_to_issue(12, id, Some("Briefs"), None).unwrap();
        }
        lib.add_section(12, "Empty", None).unwrap();

        let name = |s: &str| Some(s.to_string());
        assert_eq!(
            kinds(lib, 12),
            [
                (ProblemKind::CoveredBefore, name("Huawei's slide")),
                (ProblemKind::NoSourceDate, name("Undated")),
                (ProblemKind::DuplicateInIssue, name("Same report")),
                (ProblemKind::Draft, name("Still drafting")),
                (ProblemKind::NoSource, name("Still drafting")),
                (ProblemKind::EmptySection, None),
            ]
        );
        let problems = lib.check_issue(12).unwrap();
        assert_eq!(
            problems[0].message,
            "http://www.news.ltn.com.tw/news/1234/?utm_source=x&fbclid=y#top was previously in No. 11: Huawei sales fall"
        );
        assert_eq!(problems[0].other.as_ref().map(|o| o.id), Some(earlier.id));
        assert_eq!(problems[5].section.as_deref(), Some("Empty"));
        // Issue 11 came first: nothing in it was covered before.
        assert_eq!(kinds(lib, 11), []);
    });
}

#[test]
fn a_story_in_an_earlier_draft_issue_is_not_covered_before() {
    on_both(|lib| {
        lib.create_issue(11, "China Briefing", day(1)).unwrap();
        lib.create_issue(12, "China Briefing", day(8)).unwrap();
        let url = "https://news.ltn.com.tw/news/1234";
        let earlier = lib
            .create_brief(&ready(
                "Huawei sales fall",
                vec![source("LTN", "2020-11-30", url)],
            ))
            .unwrap();
        lib.add_to_issue(11, earlier.id, None, None).unwrap();
        let again = lib
            .create_brief(&ready(
                "Huawei's slide",
                vec![source("LTN", "2020-12-01", url)],
            ))
            .unwrap();
        lib.add_to_issue(12, again.id, None, None).unwrap();

        // No. 11 was never sent: nothing in No. 12 was covered before.
        assert_eq!(kinds(lib, 12), []);
        let uses = lib.source_uses(url).unwrap();
        let found: Vec<_> = uses.iter().map(|u| (u.issue, u.published)).collect();
        assert_eq!(found, [(Some(12), false), (Some(11), false)]);
        assert_eq!(
            lib.brief(earlier.id).unwrap().issue.map(|i| i.published),
            Some(false)
        );

        lib.publish_issue(11).unwrap();
        assert_eq!(
            kinds(lib, 12),
            [(ProblemKind::CoveredBefore, Some("Huawei's slide".into()))]
        );
        let uses = lib.source_uses(url).unwrap();
        let found: Vec<_> = uses.iter().map(|u| (u.issue, u.published)).collect();
        assert_eq!(found, [(Some(12), false), (Some(11), true)]);
        assert_eq!(
            lib.brief(earlier.id).unwrap().issue.map(|i| i.published),
            Some(true)
        );
    });
}

#[test]
fn an_issue_whose_email_is_too_big_for_gmail_is_flagged() {
    on_both(|lib| {
        lib.create_issue(1, "China Briefing", day(1)).unwrap();
        let long_body = "A long paragraph about the week's events in detail. ".repeat(400);
        for i in 0..8 {
            let mut brief = ready(
                &format!("Long brief {i}"),
                vec![source(
                    "Xinhua",
                    "2020-12-01",
                    &format!("https://x.org/{i}"),
                )],
            );
            brief.body = long_body.clone();
            let id = lib.create_brief(&brief).unwrap().id;
            lib.add_to_issue(1, id, None, None).unwrap();
        }
        let problems = lib.check_issue(1).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::EmailTooLarge);
        assert!(problems[0].message.contains("Gmail clips"));
    });
}

#[test]
fn the_lookup_while_typing_finds_every_brief_citing_the_same_page() {
    on_both(|lib| {
        lib.create_issue(12, "China Briefing", day(1)).unwrap();
        let in_issue = lib
            .create_brief(&ready(
                "In No. 12",
                vec![source(
                    "RFA",
                    "2020-11-27",
                    "https://www.rfa.org/story.html",
                )],
            ))
            .unwrap();
        lib.add_to_issue(12, in_issue.id, None, None).unwrap();
        let loose = lib
            .create_brief(&draft(
                "Not in an issue",
                "",
                vec![source(
                    "RFA",
                    "2020-11-27",
                    "https://rfa.org/story.html?utm_medium=email",
                )],
                &[],
            ))
            .unwrap();
        lib.create_brief(&draft(
            "Another story",
            "",
            vec![source("RFA", "2020-11-27", "https://rfa.org/other.html")],
            &[],
        ))
        .unwrap();

        let uses = lib.source_uses("HTTP://RFA.ORG/story.html#top").unwrap();
        let found: Vec<_> = uses.iter().map(|u| (u.id, u.issue)).collect();
        assert_eq!(found, [(in_issue.id, Some(12)), (loose.id, None)]);
        assert!(lib.source_uses("not a url").unwrap().is_empty());
        assert!(
            lib.source_uses("https://example.org/nothing")
                .unwrap()
                .is_empty()
        );
    });
}
