//! Storing an import: all or nothing, placed where the editor asked, a dry run stores nothing.

mod common;

use std::path::Path;

use briefdesk_core::import::{DuplicateReason, ImportFormat, ImportOptions};
use briefdesk_core::{Error, Library};
use chrono::NaiveDate;
use common::*;

fn sample() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sample-issue.txt");
    std::fs::read(path).expect("the sample issue ships with the repository")
}

fn snapshot(lib: &Library) -> String {
    format!(
        "{:?}\n{:?}\n{:?}",
        all_briefs(lib),
        lib.issues().expect("issues"),
        lib.tags().expect("tags")
    )
}

#[test]
fn the_sample_issue_imports_in_file_order_into_a_section() {
    on_both(|lib| {
        lib.create_issue(
            1,
            "China Briefing",
            NaiveDate::from_ymd_opt(2020, 12, 8).unwrap(),
        )
        .unwrap();
        let report = lib
            .import(
                &sample(),
                &ImportOptions {
                    issue: Some(1),
                    section: Some("This week".into()),
                    tags: vec!["Sample".into()],
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        assert_eq!(report.briefs.len(), 8);
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(report.skipped[0].text, "Skip to content");
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        let issue = lib.issue(1).unwrap();
        assert_eq!(issue.sections.len(), 1);
        assert_eq!(issue.sections[0].name, "This week");
        let in_issue: Vec<_> = issue.sections[0].briefs.iter().map(|b| b.id).collect();
        let imported: Vec<_> = report.briefs.iter().map(|b| b.id).collect();
        assert_eq!(in_issue, imported, "file order is issue order");
        for brief in &report.briefs {
            assert_eq!(brief.tags, ["Sample"]);
            assert_eq!(lib.brief(brief.id).unwrap(), *brief);
        }
        let cjk = &report.briefs[4];
        assert!(cjk.headline.starts_with("联合早报"));
        assert_eq!(
            lib.search("Lianhe", 10).unwrap().len(),
            1,
            "imported briefs are searchable"
        );
        let barley = &report.briefs[5];
        assert_eq!(barley.sources.len(), 2);
        assert_eq!(
            barley.sources[1].url.as_deref(),
            Some("https://example.org/abc/news/2020-12-16/barley-wto-review")
        );
    });
}

#[test]
fn a_dry_run_reports_what_would_be_stored_and_stores_nothing() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let before = snapshot(lib);
        let report = lib
            .import(
                &sample(),
                &ImportOptions {
                    dry_run: true,
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        assert_eq!(report.briefs.len(), 8);
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn one_bad_brief_stops_the_whole_import_and_names_its_line() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let before = snapshot(lib);
        // A tag that is too long for the library, on every brief: the first brief fails.
        let long_tag = "x".repeat(500);
        let err = lib
            .import(
                &sample(),
                &ImportOptions {
                    tags: vec![long_tag],
                    ..ImportOptions::default()
                },
            )
            .unwrap_err();
        assert!(matches!(err, Error::InvalidLine { line: 3, .. }), "{err}");
        assert!(err.to_string().starts_with("line 3: tags"), "{err}");
        assert_eq!(snapshot(lib), before);

        let err = lib
            .import(
                &sample(),
                &ImportOptions {
                    issue: Some(4),
                    ..ImportOptions::default()
                },
            )
            .unwrap_err();
        assert!(matches!(err, Error::NotFound { .. }), "{err}");
        let err = lib
            .import(
                &sample(),
                &ImportOptions {
                    section: Some("Domestic".into()),
                    ..ImportOptions::default()
                },
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("section:"), "{err}");
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn unreadable_input_is_refused_before_anything_is_stored() {
    on_both(|lib| {
        lib.create_brief(&huawei()).unwrap();
        let before = snapshot(lib);
        let cases: [(&[u8], &str); 4] = [
            (b"", "input: the file is empty"),
            (b"Headline\n\nbody\x00", "line 3: the file is binary"),
            (b"Headline\n\n\xff\xfe", "line 3: the file is not UTF-8"),
            (&[b'a'; 10 * 1024 * 1024], "input: the file is 10.0 MB"),
        ];
        for (input, expected) in cases {
            let err = lib.import(input, &ImportOptions::default()).unwrap_err();
            assert!(err.to_string().starts_with(expected), "{err}");
        }
        assert_eq!(snapshot(lib), before);
        let options = ImportOptions {
            format: ImportFormat::Json,
            ..ImportOptions::default()
        };
        let err = lib.import(b"[1, 2]", &options).unwrap_err();
        assert!(err.to_string().starts_with("line 1"), "{err}");
        assert_eq!(snapshot(lib), before);
    });
}

#[test]
fn the_sample_issue_loads_in_one_step() {
    on_both(|lib| {
        let date = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let number = lib.load_sample(date).unwrap();
        assert_eq!(number, 1);
        let issue = lib.issue(number).unwrap();
        assert_eq!(issue.title, "China Briefing (sample)");
        assert_eq!(issue.sections[0].briefs.len(), 8);
        assert_eq!(
            lib.load_sample(date).unwrap(),
            2,
            "a second sample is a new issue"
        );
    });
}

#[test]
fn a_long_import_reports_its_progress_in_order() {
    // 600 briefs in the briefing format: enough for several progress steps.
    let mut text = String::new();
    for i in 0..600 {
        text.push_str(&format!(
            "Brief {i}: Officials Announce Measure Number {i}\n\nOfficials announced measure {i} on Friday.\n\nSource: Xinhua, December 4, 2020\nhttps://example.org/measure/{i}\n\n"
        ));
    }
    let mut lib = memory();
    let mut seen = Vec::new();
    let report = lib
        .import_with_progress(text.as_bytes(), &ImportOptions::default(), &mut |p| {
            seen.push(p)
        })
        .unwrap();
    assert_eq!(report.briefs.len(), 600);

    use briefdesk_core::import::{ImportProgress, ImportStage};
    let first = seen.first().copied();
    assert_eq!(
        first,
        Some(ImportProgress {
            stage: ImportStage::Reading,
            done: 0,
            total: 0
        })
    );
    let storing: Vec<u32> = seen
        .iter()
        .filter(|p| p.stage == ImportStage::Storing)
        .map(|p| p.done)
        .collect();
    assert_eq!(storing, [0, 250, 500]);
    assert!(seen.iter().skip(1).all(|p| p.total == 600), "{seen:?}");
    assert_eq!(
        seen.last().copied(),
        Some(ImportProgress {
            stage: ImportStage::Finishing,
            done: 600,
            total: 600
        })
    );
}

#[test]
fn importing_the_same_briefs_twice_skips_them_the_second_time() {
    on_both(|lib| {
        let first = lib.import(&sample(), &ImportOptions::default()).unwrap();
        assert_eq!(first.briefs.len(), 8);
        assert_eq!(first.duplicates, []);
        let before = snapshot(lib);

        // The preview says which are there already, and would store none of them.
        let preview = lib
            .import(
                &sample(),
                &ImportOptions {
                    dry_run: true,
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        assert_eq!(preview.briefs, []);
        assert_eq!(preview.duplicates.len(), 8);
        for (dup, brief) in preview.duplicates.iter().zip(&first.briefs) {
            assert_eq!(dup.headline, brief.headline);
            assert_eq!(dup.existing.0, brief.id);
            assert_eq!(dup.existing_headline, brief.headline);
            assert_eq!(dup.existing_issue, None);
            assert_eq!(dup.reason, DuplicateReason::SameUrl);
            assert!(dup.skipped);
        }

        let again = lib.import(&sample(), &ImportOptions::default()).unwrap();
        assert_eq!(again.briefs, []);
        assert_eq!(again.duplicates.len(), 8);
        assert_eq!(snapshot(lib), before, "nothing stored twice");

        let anyway = lib
            .import(
                &sample(),
                &ImportOptions {
                    import_duplicates: true,
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        assert_eq!(anyway.briefs.len(), 8);
        assert!(anyway.duplicates.iter().all(|d| !d.skipped));
        assert_eq!(all_briefs(lib).len(), 16);
    });
}

#[test]
fn a_duplicate_is_the_same_page_or_the_same_headline_and_outlet() {
    on_both(|lib| {
        lib.create_issue(2, "Briefing", NaiveDate::from_ymd_opt(2021, 4, 9).unwrap())
            .unwrap();
        lib.import(
            b"Kyodo: Tokyo Extends Solar Subsidies\n\nBody.\n\n\
              Source: Kyodo News, April 2, 2021\nhttps://english.kyodonews.net/news/solar.html\n\n\
              Caixin: Shenzhen Trims Down Payments\n\nBody.\n\n\
              Source: Caixin, April 3, 2021\nhttps://caixin.com/a\n\n\
              A Note Without Sources\n\nBody.\n",
            &ImportOptions {
                issue: Some(2),
                ..ImportOptions::default()
            },
        )
        .unwrap();
        let report = lib
            .import(
                // The same page behind tracking parameters, http and www.; the same headline
                // and outlet (other case, other URL); the same sourceless note; one new story;
                // the same headline from another outlet is another story.
                b"Tokyo Keeps Paying for Rooftop Panels\n\nOther words.\n\n\
                  Source: Kyodo, April 2, 2021\nhttp://www.english.kyodonews.net/news/solar.html?utm_source=x\n\n\
                  CAIXIN: Shenzhen  Trims Down Payments\n\nBody.\n\n\
                  Source: caixin, April 3, 2021\nhttps://caixin.com/other\n\n\
                  A Note Without Sources\n\nBody.\n\n\
                  Yonhap: Seoul Summons Envoy\n\nBody.\n\n\
                  Source: Yonhap, April 4, 2021\nhttps://yna.co.kr/a\n\n\
                  Caixin: Shenzhen Trims Down Payments\n\nBody.\n\n\
                  Source: Reuters, April 3, 2021\nhttps://reuters.com/b\n",
                &ImportOptions::default(),
            )
            .unwrap();
        let dups: Vec<(usize, DuplicateReason, Option<u32>)> = report
            .duplicates
            .iter()
            .map(|d| (d.line, d.reason, d.existing_issue))
            .collect();
        assert_eq!(
            dups,
            [
                (1, DuplicateReason::SameUrl, Some(2)),
                (8, DuplicateReason::SameHeadlineAndOutlet, Some(2)),
                (15, DuplicateReason::SameHeadlineAndOutlet, Some(2)),
            ]
        );
        let stored: Vec<&str> = report.briefs.iter().map(|b| b.headline.as_str()).collect();
        assert_eq!(
            stored,
            [
                "Yonhap: Seoul Summons Envoy",
                "Caixin: Shenzhen Trims Down Payments"
            ]
        );
    });
}

#[test]
fn a_story_twice_in_one_input_is_imported_with_a_warning_on_the_second() {
    on_both(|lib| {
        let report = lib
            .import(
                b"Kyodo: Tokyo Extends Solar Subsidies\n\nBody.\n\n\
                  Source: Kyodo News, April 2, 2021\nhttps://english.kyodonews.net/news/solar.html\n\n\
                  Caixin: Shenzhen Trims Down Payments\n\nBody.\n\n\
                  Source: Caixin, April 3, 2021\nhttps://caixin.com/a\n\n\
                  Tokyo Keeps Paying for Rooftop Panels\n\nThe same story again.\n\n\
                  Source: Kyodo, April 2, 2021\nhttps://english.kyodonews.net/news/solar.html?utm_source=x\n",
                &ImportOptions::default(),
            )
            .unwrap();
        assert_eq!(report.briefs.len(), 3);
        assert_eq!(report.duplicates, []);
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert_eq!(report.warnings[0].line, 15);
        assert_eq!(
            report.warnings[0].message,
            "\"Tokyo Keeps Paying for Rooftop Panels\": the same source page as the brief on line 1 \
             of this input; both are imported"
        );
    });
}
