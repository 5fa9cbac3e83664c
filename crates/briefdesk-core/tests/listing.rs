//! Listing briefs: filters, sort orders and paging.

mod common;

use briefdesk_core::{BriefDraft, BriefQuery, Library, SortOrder, Status};
use chrono::NaiveDate;
use common::*;
use uuid::Uuid;

/// The five sample briefs, in creation order: huawei (2020-11-26), cotton (2020-11-27),
/// chips (2021-03-08), tycoon (2020-12-31), factories (2021-06-15).
fn setup(lib: &mut Library) -> Vec<Uuid> {
    sample_drafts()
        .iter()
        .map(|d| lib.create_brief(d).expect("a sample brief").id)
        .collect()
}

fn list(lib: &Library, query: BriefQuery) -> Vec<Uuid> {
    let page = lib.list_briefs(&query).expect("listing");
    assert!(page.items.len() <= page.total as usize);
    page.items.iter().map(|b| b.id).collect()
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

fn day(text: &str) -> Option<NaiveDate> {
    Some(text.parse().expect("a test date"))
}

#[test]
fn every_tag_must_be_carried() {
    on_both(|lib| {
        let ids = setup(lib);
        let tags = |names: &[&str]| BriefQuery {
            tags: names.iter().map(|n| n.to_string()).collect(),
            ..BriefQuery::default()
        };
        assert_eq!(
            sorted(list(lib, tags(&["Technology"]))),
            sorted(vec![ids[0], ids[2], ids[4]])
        );
        assert_eq!(list(lib, tags(&["technology", "CHINA"])), [ids[0]]);
        assert_eq!(list(lib, tags(&["Technology", "Taiwan"])), [ids[2]]);
        assert!(list(lib, tags(&["Technology", "Hong Kong"])).is_empty());
        assert!(list(lib, tags(&["Technology", "No such tag"])).is_empty());
        assert_eq!(
            lib.list_briefs(&tags(&["Technology", "China"]))
                .unwrap()
                .total,
            1
        );
        assert_eq!(list(lib, tags(&[" Hong Kong "])), [ids[3]]);
    });
}

#[test]
fn filter_by_status_and_unassigned() {
    on_both(|lib| {
        let ids = setup(lib);
        for (i, status) in [
            (1, Status::Ready),
            (2, Status::Ready),
            (3, Status::Published),
        ] {
            let mut draft = BriefDraft::from(&lib.brief(ids[i]).unwrap());
            draft.status = status;
            lib.update_brief(ids[i], &draft).unwrap();
        }
        let status = |s: Status| BriefQuery {
            status: Some(s),
            ..BriefQuery::default()
        };
        assert_eq!(
            sorted(list(lib, status(Status::Draft))),
            sorted(vec![ids[0], ids[4]])
        );
        assert_eq!(
            sorted(list(lib, status(Status::Ready))),
            sorted(vec![ids[1], ids[2]])
        );
        assert_eq!(list(lib, status(Status::Published)), [ids[3]]);

        lib.create_issue(
            5,
            "China Briefing",
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(5, ids[1], None, None).unwrap();
        lib.add_to_issue(5, ids[4], Some("Asia"), None).unwrap();
        let unassigned = BriefQuery {
            unassigned: true,
            ..BriefQuery::default()
        };
        assert_eq!(
            sorted(list(lib, unassigned.clone())),
            sorted(vec![ids[0], ids[2], ids[3]])
        );
        assert_eq!(
            list(
                lib,
                BriefQuery {
                    status: Some(Status::Ready),
                    ..unassigned
                }
            ),
            [ids[2]]
        );
        // huawei and chips: factories, also tagged Technology, is in the issue.
        let tech_unassigned = list(
            lib,
            BriefQuery {
                tags: vec!["Technology".into()],
                unassigned: true,
                ..BriefQuery::default()
            },
        );
        assert_eq!(sorted(tech_unassigned), sorted(vec![ids[0], ids[2]]));
    });
}

#[test]
fn filter_by_outlet_without_regard_to_case() {
    on_both(|lib| {
        let ids = setup(lib);
        // A brief whose second source is from the Liberty Times too.
        let mut second = tycoon();
        second.headline = "Taipei Times: Bail Ruling Draws Protest in Taipei".into();
        second.sources.push(source(
            "LIBERTY TIMES NET",
            "2021-01-02",
            "https://news.ltn.com.tw/news/world/paper/1400001",
        ));
        let extra = lib.create_brief(&second).unwrap().id;

        let outlet = |o: &str| BriefQuery {
            outlet: Some(o.into()),
            ..BriefQuery::default()
        };
        assert_eq!(
            sorted(list(lib, outlet("liberty times net"))),
            sorted(vec![ids[0], extra])
        );
        assert_eq!(list(lib, outlet("  Radio Free Asia ")), [ids[1]]);
        assert!(
            list(lib, outlet("Liberty Times")).is_empty(),
            "the whole outlet name, not a part"
        );
        assert_eq!(
            list(lib, outlet("")).len(),
            6,
            "an empty outlet does not filter"
        );
    });
}

#[test]
fn filter_by_date_range() {
    on_both(|lib| {
        let ids = setup(lib);
        let undated = lib
            .create_brief(&bare("Draft: Notes on the Party Plenum"))
            .unwrap()
            .id;
        let range = |from: &str, to: &str| BriefQuery {
            from: if from.is_empty() { None } else { day(from) },
            to: if to.is_empty() { None } else { day(to) },
            ..BriefQuery::default()
        };
        assert_eq!(
            sorted(list(lib, range("2020-12-01", "2021-03-31"))),
            sorted(vec![ids[2], ids[3]])
        );
        // Both ends are included.
        assert_eq!(
            sorted(list(lib, range("2020-12-31", "2021-03-08"))),
            sorted(vec![ids[2], ids[3]])
        );
        assert_eq!(sorted(list(lib, range("2021-03-09", ""))), vec![ids[4]]);
        assert_eq!(sorted(list(lib, range("", "2020-11-26"))), vec![ids[0]]);
        assert!(list(lib, range("2022-01-01", "")).is_empty());
        assert!(list(lib, range("2021-01-01", "2020-01-01")).is_empty());
        // Without a range even the undated brief is listed.
        assert!(list(lib, range("", "")).contains(&undated));
        assert!(!list(lib, range("2000-01-01", "2100-01-01")).contains(&undated));
    });
}

#[test]
fn sort_by_updated() {
    on_both(|lib| {
        let ids = setup(lib);
        let newest_first: Vec<Uuid> = ids.iter().rev().copied().collect();
        assert_eq!(list(lib, BriefQuery::default()), newest_first);

        std::thread::sleep(std::time::Duration::from_millis(2));
        let mut draft = BriefDraft::from(&lib.brief(ids[1]).unwrap());
        draft.notes = "Edited last.".into();
        lib.update_brief(ids[1], &draft).unwrap();
        assert_eq!(
            list(
                lib,
                BriefQuery {
                    sort: SortOrder::Updated,
                    ..BriefQuery::default()
                }
            ),
            [ids[1], ids[4], ids[3], ids[2], ids[0]]
        );
    });
}

#[test]
fn sort_by_source_date_puts_undated_last() {
    on_both(|lib| {
        let ids = setup(lib);
        let undated = lib
            .create_brief(&bare("Draft: Notes on the Party Plenum"))
            .unwrap()
            .id;
        // Sources without a date count as undated; the first source decides.
        let mut later_second = cotton();
        later_second.sources.push(source(
            "Radio Free Asia",
            "2025-01-01",
            "https://www.rfa.org/english/news/uyghur/follow-up-01012025.html",
        ));
        later_second.headline = "RFA: Follow-up on the Cotton Plots".into();
        let follow_up = lib.create_brief(&later_second).unwrap().id;

        let by_date = list(
            lib,
            BriefQuery {
                sort: SortOrder::SourceDate,
                ..BriefQuery::default()
            },
        );
        // factories 2021-06-15, chips 2021-03-08, tycoon 2020-12-31, then the two dated
        // 2020-11-27 (most recently edited first), huawei 2020-11-26, undated last.
        assert_eq!(
            by_date,
            [ids[4], ids[2], ids[3], follow_up, ids[1], ids[0], undated]
        );

        // Filters and paging apply to this order as well.
        let page = lib
            .list_briefs(&BriefQuery {
                sort: SortOrder::SourceDate,
                tags: vec!["Technology".into()],
                offset: 1,
                limit: 5,
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(
            page.items.iter().map(|b| b.id).collect::<Vec<_>>(),
            [ids[2], ids[0]]
        );
    });
}

#[test]
fn paging_with_offset_limit_and_total() {
    on_both(|lib| {
        let mut ids = setup(lib);
        for i in 0..7 {
            let mut more = chips();
            more.headline = format!("Focus Taiwan: Chip Exports Rise for Month {}", i + 1);
            ids.push(lib.create_brief(&more).unwrap().id);
        }
        let everything = list(lib, BriefQuery::default());
        assert_eq!(everything.len(), 12);

        let mut pages = Vec::new();
        for offset in (0..14).step_by(5) {
            let page = lib
                .list_briefs(&BriefQuery {
                    offset,
                    limit: 5,
                    ..BriefQuery::default()
                })
                .unwrap();
            assert_eq!(page.total, 12, "total counts every match, not the page");
            assert_eq!(
                page.items.len(),
                12usize.saturating_sub(offset as usize).min(5)
            );
            pages.extend(page.items.into_iter().map(|b| b.id));
        }
        assert_eq!(pages, everything, "pages join up without gaps or repeats");

        let past = lib
            .list_briefs(&BriefQuery {
                offset: 50,
                limit: 5,
                ..BriefQuery::default()
            })
            .unwrap();
        assert!(past.items.is_empty());
        assert_eq!(past.total, 12);

        // A limit of 0 means the default page.
        let default_page = lib
            .list_briefs(&BriefQuery {
                limit: 0,
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(default_page.items.len(), 12);

        let tech = lib
            .list_briefs(&BriefQuery {
                tags: vec!["Technology".into()],
                status: Some(Status::Draft),
                offset: 8,
                limit: 3,
                ..BriefQuery::default()
            })
            .unwrap();
        assert_eq!(tech.total, 10);
        assert_eq!(tech.items.len(), 2);
        // Items come back whole.
        assert!(
            tech.items
                .iter()
                .all(|b| b.tags.contains(&"Technology".to_string()) && !b.sources.is_empty())
        );
    });
}

#[test]
fn a_tag_filter_follows_status_changes_and_combines_with_every_other_filter() {
    on_both(|lib| {
        let ids = setup(lib);
        let tech = |q: BriefQuery| BriefQuery {
            tags: vec!["Technology".into()],
            ..q
        };
        // Huawei (ids[0]) goes from draft to ready: the tag's listing sees it at once.
        let mut draft = BriefDraft::from(&lib.brief(ids[0]).unwrap());
        draft.status = Status::Ready;
        lib.update_brief(ids[0], &draft).unwrap();
        let ready = tech(BriefQuery {
            status: Some(Status::Ready),
            ..BriefQuery::default()
        });
        assert!(list(lib, ready.clone()).contains(&ids[0]));
        // Newest edit first, as without a tag.
        assert_eq!(list(lib, tech(BriefQuery::default()))[0], ids[0]);

        lib.create_issue(1, "China Briefing", day("2021-07-01").unwrap())
            .unwrap();
        lib.add_to_issue(1, ids[0], None, None).unwrap();
        let unassigned = list(
            lib,
            tech(BriefQuery {
                unassigned: true,
                ..BriefQuery::default()
            }),
        );
        assert!(!unassigned.contains(&ids[0]));
        assert_eq!(unassigned.len(), 2);

        let by_source_date = list(
            lib,
            tech(BriefQuery {
                sort: SortOrder::SourceDate,
                ..BriefQuery::default()
            }),
        );
        assert_eq!(by_source_date, [ids[4], ids[2], ids[0]]);
        let in_2021 = lib
            .list_briefs(&tech(BriefQuery {
                from: day("2021-01-01"),
                ..BriefQuery::default()
            }))
            .unwrap();
        assert_eq!(in_2021.total, 2);
        check_stored_invariants(lib);
    });
}

/// Keyset paging (`after` = the previous page's `next`) over a library whose sort keys tie:
/// briefs saved in one batch share their `updated_at`, and many share a source date or have
/// none. Every brief comes back exactly once, in the order of the whole listing, for either
/// sort, with and without filters, at every page size.
#[test]
fn keyset_pages_find_every_brief_exactly_once_despite_ties() {
    on_both(|lib| {
        let dates = ["2020-11-26", "2020-11-27", "2021-03-08"];
        let drafts: Vec<BriefDraft> = (0..29)
            .map(|i| {
                let mut d = if i % 4 == 3 {
                    bare(&format!("Undated note {i}"))
                } else {
                    let mut d = chips();
                    d.sources[0].date = Some(dates[i % 3].into());
                    d
                };
                d.headline = format!("{} #{i}", d.headline);
                if i % 2 == 0 {
                    d.tags = vec!["Batch".into()];
                }
                if i % 5 == 0 && !d.sources.is_empty() {
                    d.status = Status::Ready;
                }
                d
            })
            .collect();
        // Two batches (each one `updated_at`), and a few briefs saved one by one between them.
        lib.create_briefs(&drafts[..12]).unwrap();
        for d in &drafts[12..17] {
            lib.create_brief(d).unwrap();
        }
        lib.create_briefs(&drafts[17..]).unwrap();

        let filters = [
            BriefQuery::default(),
            BriefQuery {
                tags: vec!["Batch".into()],
                ..BriefQuery::default()
            },
            BriefQuery {
                status: Some(Status::Draft),
                ..BriefQuery::default()
            },
            BriefQuery {
                tags: vec!["batch".into()],
                status: Some(Status::Draft),
                ..BriefQuery::default()
            },
        ];
        for sort in [SortOrder::Updated, SortOrder::SourceDate] {
            for filter in &filters {
                let query = BriefQuery {
                    sort,
                    limit: 1000,
                    ..filter.clone()
                };
                let whole = lib.list_briefs(&query).unwrap();
                let everything: Vec<Uuid> = whole.items.iter().map(|b| b.id).collect();
                assert!(everything.len() >= 7, "{sort:?} {filter:?}");
                assert_eq!(whole.next, None, "one page holds them all");
                for size in 1..=7 {
                    let mut seen: Vec<Uuid> = Vec::new();
                    let mut after = None;
                    loop {
                        let page = lib
                            .list_briefs(&BriefQuery {
                                after: after.clone(),
                                limit: size,
                                ..query.clone()
                            })
                            .unwrap();
                        assert_eq!(page.total as usize, everything.len());
                        seen.extend(page.items.iter().map(|b| b.id));
                        assert!(seen.len() <= everything.len(), "{sort:?} {filter:?} {size}");
                        match page.next {
                            Some(next) => after = Some(next),
                            None => break,
                        }
                    }
                    assert_eq!(seen, everything, "{sort:?}, {filter:?}, pages of {size}");
                }
                // An offset counts on from the cursor: skipping a page lands where OFFSET does.
                let first = lib
                    .list_briefs(&BriefQuery {
                        limit: 3,
                        ..query.clone()
                    })
                    .unwrap();
                let third = lib
                    .list_briefs(&BriefQuery {
                        after: first.next,
                        offset: 3,
                        limit: 3,
                        ..query.clone()
                    })
                    .unwrap();
                let ids: Vec<Uuid> = third.items.iter().map(|b| b.id).collect();
                assert_eq!(ids, everything[6..9.min(everything.len())]);
            }
        }
    });
}
