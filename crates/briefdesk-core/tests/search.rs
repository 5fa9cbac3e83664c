//! Full-text search: what it finds, how it ranks, what it returns, and that it never chokes on
//! what an editor types.

mod common;

use briefdesk_core::{BriefDraft, BriefQuery, Library, Status};
use common::*;
use uuid::Uuid;

fn setup(lib: &mut Library) -> Vec<Uuid> {
    sample_drafts()
        .iter()
        .map(|d| lib.create_brief(d).expect("a sample brief").id)
        .collect()
}

#[test]
fn finds_by_headline_body_outlet_and_tag() {
    on_both(|lib| {
        let ids = setup(lib);
        assert_eq!(search_ids(lib, "Hsinchu"), [ids[2]], "headline");
        assert_eq!(search_ids(lib, "orchards"), [ids[1]], "body");
        assert_eq!(search_ids(lib, "radio free asia"), [ids[1]], "outlet");
        assert_eq!(search_ids(lib, "Nikkei Asia"), [ids[4]], "outlet");
        assert_eq!(search_ids(lib, "xinjiang"), [ids[1]], "tag");
        assert_eq!(search_ids(lib, "Hong Kong "), [ids[3]], "tag");
        // Every word must match, in any column.
        assert_eq!(search_ids(lib, "orchards xinjiang"), [ids[1]]);
        assert!(search_ids(lib, "orchards hsinchu").is_empty());
        assert!(search_ids(lib, "zeppelin").is_empty());

        let hits = lib.search("technology ", 50).unwrap();
        assert_eq!(hits.len(), 3);
        assert!(
            hits.windows(2).all(|w| w[0].rank <= w[1].rank),
            "best (lowest bm25) first"
        );
        let hit = hits
            .iter()
            .find(|h| h.id == ids[0])
            .expect("huawei is tagged Technology");
        assert_eq!(
            hit.headline,
            "LTN: Huawei Western Europe Sales Are in Free Fall"
        );
        let top_two: Vec<Uuid> = lib
            .search("technology ", 2)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(
            top_two,
            search_ids(lib, "technology ")[..2],
            "the limit keeps the best"
        );
        assert_eq!(
            lib.search("technology ", 0).unwrap().len(),
            1,
            "a limit of 0 still returns the best"
        );
    });
}

#[test]
fn a_hit_carries_what_the_library_row_shows() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.create_issue(
            14,
            "China Briefing",
            chrono::NaiveDate::from_ymd_opt(2020, 12, 8).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(14, ids[1], Some("Xinjiang"), None)
            .unwrap();
        let hits = lib.search("orchards", 10).unwrap();
        let hit = hits.first().expect("the cotton brief");
        assert_eq!(hit.id, ids[1]);
        assert_eq!(hit.status, lib.brief(ids[1]).unwrap().status);
        assert_eq!(hit.outlet.as_deref(), Some("Radio Free Asia"));
        assert_eq!(
            hit.source_date,
            chrono::NaiveDate::from_ymd_opt(2020, 11, 27)
        );
        assert_eq!(hit.issue, Some(14));
        // A brief in no issue, and one without sources, say so.
        let bare = lib
            .create_brief(&BriefDraft {
                headline: "Zeppelin sightings reported".into(),
                ..BriefDraft::default()
            })
            .unwrap();
        let hit = lib.search("zeppelin", 10).unwrap().remove(0);
        assert_eq!(hit.id, bare.id);
        assert_eq!((hit.outlet, hit.source_date, hit.issue), (None, None, None));
    });
}

#[test]
fn headline_hit_ranks_above_body_hit() {
    on_both(|lib| {
        let body_only = lib
            .create_brief(&draft(
                "Reuters: Dutch Equipment Supplier Warns on New Export Rules",
                "The lithography maker said the rules would hit sales of semiconductor tools to \
             customers in the region from next year.",
                vec![source(
                    "Reuters",
                    "2021-09-01",
                    "https://www.reuters.com/technology/dutch-supplier-2021-09-01/",
                )],
                &["Europe"],
            ))
            .unwrap()
            .id;
        let in_headline = lib.create_brief(&chips()).unwrap().id;
        let hits = lib.search("semiconductor", 10).unwrap();
        let ids: Vec<Uuid> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [in_headline, body_only]);
        assert!(hits[0].rank < hits[1].rank, "{hits:?}");
    });
}

/// A query matching more than 250 briefs ranks only its 250 most recently created matches
/// (library/search.rs, RANKED_AT_MOST): a headline hit among them comes first, an older one is
/// not ranked, and a narrower query still finds it.
#[test]
fn a_broad_query_ranks_its_newest_250_matches() {
    let mut lib = memory();
    let body_only = |i: usize| {
        draft(
            &format!("Trade note {i}"),
            "The tariff schedule was published on Monday.",
            vec![],
            &[],
        )
    };
    let old_headline = lib
        .create_brief(&draft(
            "Tariff talks collapse",
            "Officials met.",
            vec![],
            &[],
        ))
        .unwrap()
        .id;
    for i in 0..260 {
        lib.create_brief(&body_only(i)).unwrap();
    }
    let new_headline = lib
        .create_brief(&draft(
            "Tariff rise announced",
            "Officials said.",
            vec![],
            &[],
        ))
        .unwrap()
        .id;
    for i in 260..265 {
        lib.create_brief(&body_only(i)).unwrap();
    }

    let hits = search_ids(&lib, "tariff");
    assert_eq!(hits.len(), 50);
    assert_eq!(
        hits[0], new_headline,
        "the headline hit among the newest ranks first"
    );
    assert!(
        !hits.contains(&old_headline),
        "266 briefs match: the oldest is not among the 250 ranked"
    );
    assert_eq!(search_ids(&lib, "tariff talks"), [old_headline]);
}

#[test]
fn last_word_matches_as_a_prefix() {
    on_both(|lib| {
        let ids = setup(lib);
        assert_eq!(search_ids(lib, "huaw"), [ids[0]]);
        assert_eq!(search_ids(lib, "HUAW"), [ids[0]]);
        assert_eq!(search_ids(lib, "huawei west"), [ids[0]]);
        // Only the last word is a prefix: "huaw" finished by a space is a whole word no brief has.
        assert!(search_ids(lib, "huaw ").is_empty());
        assert!(search_ids(lib, "huaw west").is_empty());
        assert_eq!(search_ids(lib, "sem"), [ids[2]], "Semiconductor");
    });
}

#[test]
fn one_or_two_letters_match_a_whole_word_not_a_prefix() {
    on_both(|lib| {
        let ai = lib
            .create_brief(&draft(
                "Reuters: Curbs on AI Chips Widen",
                "Export curbs on AI chips widen to two more makers.",
                Vec::new(),
                &[],
            ))
            .unwrap()
            .id;
        let aid = lib
            .create_brief(&draft(
                "AP: Aid Reaches Flood Victims",
                "Aid convoys reached the villages in the afternoon.",
                Vec::new(),
                &[],
            ))
            .unwrap()
            .id;
        assert_eq!(search_ids(lib, "ai"), [ai]);
        assert_eq!(search_ids(lib, "AI"), [ai]);
        assert_eq!(search_ids(lib, "aid"), [aid], "three letters are a prefix");
        assert!(search_ids(lib, "a").is_empty(), "no brief has the word a");
        let hits = lib.search("ai", 5).unwrap();
        assert!(
            hits[0].snippet.contains("<mark>AI</mark>") && !hits[0].snippet.contains("<mark>a"),
            "{}",
            hits[0].snippet
        );
    });
}

#[test]
fn snippet_marks_the_hit_and_escapes_html() {
    on_both(|lib| {
        setup(lib);
        let hits = lib.search("orchards", 5).unwrap();
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0].snippet.contains("<mark>orchards</mark>"),
            "{}",
            hits[0].snippet
        );

        let risky = lib
        .create_brief(&draft(
            "Global Times: Ministry Dismisses Report as <b>Fabricated</b>",
            "A spokesman called the report \"fabricated & malicious\" <script>alert('x')</script> \
             and said the zeppelin story was <img src=x onerror=alert(1)> invented.",
            vec![source(
                "Global Times",
                "2021-02-02",
                "https://www.globaltimes.cn/page/202102/1214000.shtml",
            )],
            &[],
        ))
        .unwrap()
        .id;
        let hits = lib.search("zeppelin", 5).unwrap();
        assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), [risky]);
        let snippet = &hits[0].snippet;
        assert!(snippet.contains("<mark>zeppelin</mark>"), "{snippet}");
        let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !without_marks.contains('<') && !without_marks.contains('>'),
            "{snippet}"
        );
        assert!(
            snippet.contains("&lt;") || snippet.contains("&gt;"),
            "{snippet}"
        );

        let hits = lib.search("malicious", 5).unwrap();
        let snippet = &hits[0].snippet;
        assert!(
            snippet.contains("&quot;fabricated &amp; <mark>malicious</mark>&quot;"),
            "{snippet}"
        );
        assert!(!snippet.contains("<script"), "{snippet}");
        assert!(
            snippet.contains("&lt;script&gt;alert(&#39;x&#39;)"),
            "{snippet}"
        );
        // The headline is plain text for the UI to escape.
        assert_eq!(
            hits[0].headline,
            "Global Times: Ministry Dismisses Report as <b>Fabricated</b>"
        );
    });
}

#[test]
fn typed_syntax_never_fails() {
    on_both(|lib| {
        setup(lib);
        let inputs = [
            "",
            " ",
            "\"unbalanced",
            "a AND (",
            "col:umn",
            "-x",
            "*",
            "(",
            ")",
            "NEAR(a b)",
            "\"",
            "huawei OR",
            "OR",
            "AND",
            "NOT",
            "NOT huawei",
            "^huawei",
            "headline:huawei",
            "{headline body}: x",
            "huawei*",
            "*huawei",
            "hua\"wei",
            "'",
            "\\",
            "a + b",
            "🙂",
            "中国",
            "\u{0}",
            "\u{2}\u{3}",
            "huawei -europe",
            "x NEAR/2 y",
            "((((",
            ":",
            "\"\"",
            "--",
            "%_",
        ];
        for input in inputs {
            if let Err(e) = lib.search(input, 20) {
                panic!("search {input:?} failed: {e}");
            }
        }
        assert!(lib.search("", 20).unwrap().is_empty());
        assert!(lib.search("(", 20).unwrap().is_empty());
        // Syntax is taken as words: "headline:huawei" is the two words "headline" and "huawei".
        assert!(
            search_ids(lib, "NOT huawei").is_empty(),
            "no brief has both \"not\" and \"huawei\""
        );
        assert_eq!(search_ids(lib, "*huawei").len(), 1);
        assert_eq!(search_ids(lib, "(huawei").len(), 1);
        assert_eq!(search_ids(lib, "\"huawei west").len(), 1);
    });
}

#[test]
fn index_follows_brief_edits_and_deletes() {
    on_both(|lib| {
        let ids = setup(lib);
        let mut edited = BriefDraft::from(&lib.brief(ids[1]).unwrap());
        edited.headline = "RFA: Households in Aksu Told to Replace Vineyards".into();
        edited.body = "Families were told to uproot grape vines.".into();
        lib.update_brief(ids[1], &edited).unwrap();
        assert!(search_ids(lib, "orchards").is_empty(), "old body word gone");
        assert!(
            search_ids(lib, "cotton").is_empty(),
            "old headline word gone"
        );
        assert_eq!(search_ids(lib, "vineyards"), [ids[1]]);
        assert_eq!(search_ids(lib, "grape"), [ids[1]]);
        assert_eq!(
            search_ids(lib, "xinjiang"),
            [ids[1]],
            "tags still indexed after an update"
        );

        lib.delete_brief(ids[1]).unwrap();
        assert!(search_ids(lib, "vineyards").is_empty());
        assert!(search_ids(lib, "aksu").is_empty());
        assert!(search_ids(lib, "xinjiang").is_empty());
        assert_eq!(
            search_ids(lib, "hsinchu"),
            [ids[2]],
            "other briefs unaffected"
        );
    });
}

#[test]
fn index_follows_source_edits() {
    on_both(|lib| {
        let ids = setup(lib);
        assert_eq!(search_ids(lib, "liberty times net "), [ids[0]]);
        let mut edited = BriefDraft::from(&lib.brief(ids[0]).unwrap());
        edited.sources[0].outlet = "Taipei Times".into();
        edited.sources[0].title = Some("Handset shipments collapse".into());
        lib.update_brief(ids[0], &edited).unwrap();
        // "Liberty Times" stays in the body; "Net" was only in the outlet.
        assert!(search_ids(lib, "liberty times net ").is_empty());
        assert_eq!(search_ids(lib, "taipei times"), [ids[0]]);
        assert_eq!(
            search_ids(lib, "collapse"),
            [ids[0]],
            "a source's title is searchable"
        );

        edited.sources.push(source(
            "Digitimes",
            "2020-11-30",
            "https://www.digitimes.com/news/a20201130PD200.html",
        ));
        lib.update_brief(ids[0], &edited).unwrap();
        assert_eq!(search_ids(lib, "digitimes"), [ids[0]]);
        edited.sources.clear();
        lib.update_brief(ids[0], &edited).unwrap();
        assert!(search_ids(lib, "digitimes").is_empty());
        assert!(search_ids(lib, "collapse").is_empty());
        assert_eq!(search_ids(lib, "huawei"), [ids[0]]);
    });
}

#[test]
fn index_follows_tag_rename_merge_and_removal() {
    on_both(|lib| {
        let ids = setup(lib);
        lib.rename_tag("Xinjiang", "Uyghur Region").unwrap();
        assert!(search_ids(lib, "xinjiang").is_empty());
        assert_eq!(search_ids(lib, "uyghur region"), [ids[1]]);

        lib.merge_tags("Labour", "Uyghur Region").unwrap();
        assert!(search_ids(lib, "labour").is_empty());
        assert_eq!(search_ids(lib, "uyghur"), [ids[1]]);

        lib.remove_tag("Hong Kong").unwrap();
        assert!(search_ids(lib, "kong").is_empty());
        lib.remove_tag("Technology").unwrap();
        assert!(search_ids(lib, "technology").is_empty());
        assert_eq!(search_ids(lib, "huawei"), [ids[0]]);
    });
}

#[test]
fn diacritics_and_case_do_not_matter() {
    on_both(|lib| {
        let id = lib
            .create_brief(&draft(
                "VnExpress: Hà Nội Extends Curbs on Street Vendors",
                "Authorities in Hà Nội said the rules would stay until the end of the Tết holiday.",
                vec![source(
                    "VnExpress",
                    "2021-01-20",
                    "https://e.vnexpress.net/news/news/ha-noi-4222000.html",
                )],
                &["Vietnam"],
            ))
            .unwrap()
            .id;
        assert_eq!(search_ids(lib, "ha noi"), [id]);
        assert_eq!(search_ids(lib, "HÀ NỘI"), [id]);
        assert_eq!(search_ids(lib, "tet"), [id]);
    });
}

#[test]
fn filters_narrow_a_search() {
    on_both(|lib| {
        let ids = setup(lib);
        let search = |lib: &Library, text: &str, filter: BriefQuery| -> Vec<Uuid> {
            let mut found: Vec<Uuid> = lib
                .search_filtered(text, &filter, 50)
                .unwrap()
                .into_iter()
                .map(|h| h.id)
                .collect();
            found.sort();
            found
        };
        // "the" is in nearly every brief; the filters decide which are found.
        let all = search(lib, "the", BriefQuery::default());
        assert!(all.len() >= 3, "{all:?}");
        let tagged = search(
            lib,
            "the",
            BriefQuery {
                tags: vec!["technology".into()],
                ..BriefQuery::default()
            },
        );
        assert!(!tagged.is_empty());
        assert!(tagged.iter().all(|id| {
            lib.brief(*id)
                .unwrap()
                .tags
                .iter()
                .any(|t| t == "Technology")
        }));
        assert!(tagged.len() < all.len());

        lib.create_issue(
            1,
            "China Briefing",
            chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        )
        .unwrap();
        lib.add_to_issue(1, all[0], None, None).unwrap();
        let unassigned = search(
            lib,
            "the",
            BriefQuery {
                unassigned: true,
                ..BriefQuery::default()
            },
        );
        assert_eq!(unassigned.len(), all.len() - 1);
        assert!(!unassigned.contains(&all[0]));
        let outlet = search(
            lib,
            "the",
            BriefQuery {
                outlet: Some("nikkei asia".into()),
                ..BriefQuery::default()
            },
        );
        assert!(outlet.iter().all(|id| *id == ids[4]));
        assert!(
            search(
                lib,
                "the",
                BriefQuery {
                    status: Some(Status::Published),
                    ..BriefQuery::default()
                }
            )
            .is_empty()
        );
    });
}
