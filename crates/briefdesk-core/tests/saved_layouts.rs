//! Saved import layouts: a correction made in the preview saved by name, applied by name to
//! another text of that layout, and offered for a text like it (and not for an unrelated one).
// Test setup failing is a failed test.
#![allow(clippy::unwrap_used)]

use briefdesk_core::Library;
use briefdesk_core::import::{
    HintRole, ImportOptions, ImportReport, LayoutRule, LineHint, LineLike, LineShape,
};

/// A digest whose headlines follow "▶" and whose outlets follow "—": read alone, no headline
/// stands out.
const ARROWS: &str = "Weekly scan\n\n▶ Ports reopen after the strike\n— Reuters\nDockers returned on Monday.\n\n▶ Rail link talks resume\n— AP\nThe ministers met in Johor.\n";
/// The next week's digest in the same layout, with other items.
const ARROWS_NEXT: &str = "Weekly scan\n\n▶ Ferry fares rise again\n— Bernama\nOperators blamed fuel costs.\n\n▶ Flood warnings in Kelantan\n— The Star\nRivers rose overnight.\n\n▶ New airport terminal opens\n— Reuters\nThe first flights landed at dawn.\n";

/// Headlines standing alone, an "Author, Outlet" line under each: nothing marks either.
const BYLINES: &str = "Ports reopen after the strike\nLin Mei, South China Morning Post\n\nDockers returned on Monday.\n\nRail link talks resume\nTim Lee, The Straits Times\n\nThe ministers met in Johor.\n";
const BYLINES_NEXT: &str = "Ferry fares rise again\nAina Rahman, Bernama\n\nOperators blamed fuel costs.\n\nFlood warnings in Kelantan\nJoe Tan, The Star\n\nRivers rose overnight.\n\nNew terminal opens\nSiti Noor, Malay Mail\n\nThe first flights landed at dawn.\n";

fn hint(line: usize, role: HintRole) -> LineHint {
    LineHint { line, role }
}

fn taught(hints: &[LineHint]) -> ImportOptions {
    ImportOptions {
        hints: hints.to_vec(),
        dry_run: true,
        ..ImportOptions::default()
    }
}

fn with_arrows() -> Library {
    let mut lib = Library::open_in_memory().unwrap();
    lib.save_layout_from(
        "Arrows digest",
        ARROWS.as_bytes(),
        &taught(&[hint(3, HintRole::Headline), hint(4, HintRole::Outlet)]),
    )
    .unwrap();
    lib
}

fn summary(report: &ImportReport) -> Vec<(String, String)> {
    report
        .briefs
        .iter()
        .map(|b| {
            (
                b.headline.clone(),
                b.sources
                    .first()
                    .map(|s| s.outlet.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(h, o)| (h.to_string(), o.to_string()))
        .collect()
}

fn brief_count(lib: &Library) -> u32 {
    lib.info().unwrap().brief_count
}

#[test]
fn a_correction_is_saved_as_rules_without_line_numbers() {
    let lib = with_arrows();
    let all = lib.layouts().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Arrows digest");
    assert_eq!(all[0].used_at, None);
    assert_eq!(
        all[0].rules,
        [
            LayoutRule {
                role: HintRole::Headline,
                like: LineLike::Shaped {
                    shape: LineShape::Lead {
                        symbols: "▶".into()
                    }
                },
            },
            LayoutRule {
                role: HintRole::Outlet,
                like: LineLike::Shaped {
                    shape: LineShape::Lead {
                        symbols: "—".into()
                    }
                },
            },
        ]
    );
    // Saving stores no brief.
    assert_eq!(brief_count(&lib), 0);
}

#[test]
fn an_empty_or_taken_name_is_refused_and_nothing_changes() {
    let mut lib = with_arrows();
    let options = taught(&[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)]);
    for name in ["", "   "] {
        let err = lib
            .save_layout_from(name, BYLINES.as_bytes(), &options)
            .unwrap_err();
        assert_eq!(err.code(), "invalid", "{err}");
        assert_eq!(err.to_string(), "name: give the layout a name");
    }
    // Names are compared without regard to case.
    let err = lib
        .save_layout_from("ARROWS DIGEST", BYLINES.as_bytes(), &options)
        .unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");
    assert!(
        err.to_string()
            .contains("a layout called \"Arrows digest\" is already saved"),
        "{err}"
    );
    // Nothing taught: nothing to save.
    let err = lib
        .save_layout_from("Empty", BYLINES.as_bytes(), &taught(&[]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rules: nothing to save: correct a line in the preview first"
    );
    let names: Vec<_> = lib.layouts().unwrap().into_iter().map(|l| l.name).collect();
    assert_eq!(names, ["Arrows digest"]);
}

#[test]
fn a_saved_layout_reads_another_text_of_that_layout_by_name() {
    let mut lib = with_arrows();
    // Read as detected, the next digest is not understood.
    let detected = lib.import(ARROWS_NEXT.as_bytes(), &taught(&[])).unwrap();
    assert_ne!(detected.briefs.len(), 3, "{:?}", summary(&detected));

    let options = ImportOptions {
        layout: Some("arrows DIGEST".into()),
        ..ImportOptions::default()
    };
    let report = lib.import(ARROWS_NEXT.as_bytes(), &options).unwrap();
    assert_eq!(
        summary(&report),
        pairs(&[
            ("Ferry fares rise again", "Bernama"),
            ("Flood warnings in Kelantan", "The Star"),
            ("New airport terminal opens", "Reuters"),
        ])
    );
    assert_eq!(report.briefs[1].body, "Rivers rose overnight.");
    assert_eq!(report.saved_layout.as_deref(), Some("Arrows digest"));
    assert!(
        report
            .layout
            .ends_with("as taught: outlets on lines starting with —, headlines starting with ▶"),
        "{}",
        report.layout
    );
    assert_eq!(brief_count(&lib), 3);
    // The import is remembered, for choosing between layouts that fit equally.
    assert!(lib.layout("Arrows digest").unwrap().used_at.is_some());
}

#[test]
fn an_outlet_by_its_place_is_read_by_name_in_the_next_text() {
    let mut lib = Library::open_in_memory().unwrap();
    lib.save_layout_from(
        "Bylines",
        BYLINES.as_bytes(),
        &taught(&[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)]),
    )
    .unwrap();
    assert_eq!(
        lib.layout("bylines").unwrap().rules,
        [
            LayoutRule {
                role: HintRole::Headline,
                like: LineLike::BlockStart
            },
            LayoutRule {
                role: HintRole::Outlet,
                like: LineLike::Under {
                    nth: 1,
                    shape: None
                }
            },
        ]
    );
    let report = lib
        .import(
            BYLINES_NEXT.as_bytes(),
            &ImportOptions {
                layout: Some("Bylines".into()),
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .unwrap();
    assert_eq!(
        summary(&report),
        pairs(&[
            ("Ferry fares rise again", "Bernama"),
            ("Flood warnings in Kelantan", "The Star"),
            ("New terminal opens", "Malay Mail"),
        ])
    );
}

#[test]
fn an_unknown_name_lists_the_saved_ones_and_imports_nothing() {
    let mut lib = with_arrows();
    let err = lib
        .import(
            ARROWS_NEXT.as_bytes(),
            &ImportOptions {
                layout: Some("Arows".into()),
                ..ImportOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(
        err.to_string(),
        "layout: no saved layout is called \"Arows\"; the saved layouts are \"Arrows digest\""
    );
    assert_eq!(brief_count(&lib), 0);
}

fn offered(lib: &mut Library, text: &str) -> ImportReport {
    lib.import(
        text.as_bytes(),
        &ImportOptions {
            offer_saved: true,
            dry_run: true,
            ..ImportOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn a_text_like_a_saved_layout_is_read_with_it_first() {
    let mut lib = with_arrows();
    lib.save_layout_from(
        "Bylines",
        BYLINES.as_bytes(),
        &taught(&[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)]),
    )
    .unwrap();
    let report = offered(&mut lib, ARROWS_NEXT);
    assert_eq!(report.saved_layout.as_deref(), Some("Arrows digest"));
    assert_eq!(report.briefs.len(), 3);
    let report = offered(&mut lib, BYLINES_NEXT);
    assert_eq!(report.saved_layout.as_deref(), Some("Bylines"));
    assert_eq!(
        summary(&report)[2],
        ("New terminal opens".to_string(), "Malay Mail".to_string())
    );
    // Without `offer_saved` (the CLI, or the editor's "use the detected layout") it is not.
    let detected = lib.import(ARROWS_NEXT.as_bytes(), &taught(&[])).unwrap();
    assert_eq!(detected.saved_layout, None);
}

#[test]
fn an_unrelated_text_is_read_as_detected() {
    let mut lib = with_arrows();
    lib.save_layout_from(
        "Bylines",
        BYLINES.as_bytes(),
        &taught(&[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)]),
    )
    .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let house = std::fs::read_to_string(dir.join("briefing-house-style.txt")).unwrap();
    // Every page of the gathered test set of other layouts, too.
    let mut texts = vec![house];
    for entry in std::fs::read_dir(dir.join("layouts")).unwrap() {
        let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        texts.push(page.split_once("\n---\n").unwrap().1.to_string());
    }
    assert!(texts.len() > 10);
    for text in &texts {
        let report = offered(&mut lib, text);
        assert_eq!(
            report.saved_layout,
            None,
            "{}\n{:#?}",
            report.layout,
            summary(&report)
        );
        let detected = lib.import(text.as_bytes(), &taught(&[])).unwrap();
        assert_eq!(summary(&report), summary(&detected));
    }
}

#[test]
fn layouts_are_renamed_and_deleted_by_name() {
    let mut lib = with_arrows();
    lib.save_layout_from(
        "Bylines",
        BYLINES.as_bytes(),
        &taught(&[hint(1, HintRole::Headline), hint(2, HintRole::Outlet)]),
    )
    .unwrap();
    let err = lib.rename_layout("bylines", "arrows digest").unwrap_err();
    assert_eq!(err.code(), "conflict");
    // Another case of its own name is a rename too.
    assert_eq!(
        lib.rename_layout("bylines", "BYLINES").unwrap().name,
        "BYLINES"
    );
    assert_eq!(
        lib.rename_layout("Arrows digest", " Arrow scan ")
            .unwrap()
            .name,
        "Arrow scan"
    );
    lib.delete_layout("byLINES").unwrap();
    let names: Vec<_> = lib.layouts().unwrap().into_iter().map(|l| l.name).collect();
    assert_eq!(names, ["Arrow scan"]);
    let err = lib.delete_layout("Bylines").unwrap_err();
    assert!(err.to_string().contains("\"Arrow scan\""), "{err}");
}

#[test]
fn layouts_are_kept_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite3");
    {
        let mut lib = Library::open(&path).unwrap();
        lib.save_layout_from(
            "Arrows digest",
            ARROWS.as_bytes(),
            &taught(&[hint(3, HintRole::Headline), hint(4, HintRole::Outlet)]),
        )
        .unwrap();
    }
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(
        offered(&mut lib, ARROWS_NEXT).saved_layout.as_deref(),
        Some("Arrows digest")
    );
}
