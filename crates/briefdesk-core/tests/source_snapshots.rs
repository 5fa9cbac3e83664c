//! Sources' pages kept as text (compressed, by page), the quotation check that reads them, and
//! the outlet a site was last cited under.

mod common;

use briefdesk_core::check::ProblemKind;
use briefdesk_core::{BriefDraft, Library, Status};
use chrono::NaiveDate;
use common::*;

const PAGE: &str = "Dock workers returned to the harbour on Thursday after the port authority agreed \
                    to a new shift pattern.\n\n“We got what we came for,” said the union’s \
                    spokesperson, Mara Quinn, at the gates.";

fn quoting(body: &str, url: &str) -> BriefDraft {
    BriefDraft {
        status: Status::Ready,
        ..draft(
            "Harbour strike ends",
            body,
            vec![source("The Coastal Ledger", "2021-03-04", url)],
            &[],
        )
    }
}

fn quote_problems(lib: &Library) -> Vec<String> {
    lib.check_issue(1)
        .expect("check")
        .into_iter()
        .filter(|p| p.kind == ProblemKind::QuoteNotInSource)
        .map(|p| p.message)
        .collect()
}

fn in_issue(lib: &mut Library, body: &str, url: &str) {
    lib.create_issue(
        1,
        "Port Briefing",
        NaiveDate::from_ymd_opt(2021, 3, 5).expect("a day"),
    )
    .expect("issue");
    let brief = lib.create_brief(&quoting(body, url)).expect("brief");
    lib.add_to_issue(1, brief.id, None, None).expect("add");
}

#[test]
fn a_snapshot_is_kept_compressed_and_found_by_any_address_of_its_page() {
    on_both(|lib| {
        let long = PAGE.repeat(50);
        lib.save_snapshot(
            "https://www.ledger.example/story?utm_source=x",
            "GBK",
            &long,
        )
        .expect("save");
        let kept = lib
            .snapshot("http://ledger.example/story/")
            .expect("read")
            .expect("kept");
        assert_eq!(kept.text, long);
        assert_eq!(kept.encoding, "GBK");
        assert_eq!(kept.url, "https://www.ledger.example/story?utm_source=x");
        assert_eq!(
            lib.snapshot("https://ledger.example/other").expect("read"),
            None
        );
        // Fetched again: replaced, not added.
        lib.save_snapshot("https://ledger.example/story", "UTF-8", PAGE)
            .expect("save");
        assert_eq!(
            lib.snapshot("https://ledger.example/story")
                .expect("read")
                .expect("kept")
                .text,
            PAGE
        );
    });
    let (_dir, mut lib) = disk();
    let long = PAGE.repeat(50);
    lib.save_snapshot("https://ledger.example/story", "UTF-8", &long)
        .expect("save");
    let stored: i64 = rusqlite::Connection::open(lib.path().expect("on disk"))
        .expect("open")
        .query_row("SELECT length(text) FROM source_snapshots", [], |r| {
            r.get(0)
        })
        .expect("row");
    assert!(
        (stored as usize) < long.len() / 10,
        "{stored} bytes for {} of text",
        long.len()
    );
}

#[test]
fn only_web_addresses_get_snapshots() {
    let mut lib = memory();
    let e = lib
        .save_snapshot("javascript:alert(1)", "UTF-8", "x")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "url: “javascript:alert(1)” is not a web address"
    );
}

#[test]
fn a_quotation_missing_from_the_kept_page_is_reported() {
    on_both(|lib| {
        in_issue(
            lib,
            "> We got what we came for\n\nThe union said “the authority gave us everything we asked”.",
            "https://ledger.example/story",
        );
        // Nothing kept of the page: nothing to compare with, nothing said.
        assert_eq!(quote_problems(lib), Vec::<String>::new());
        lib.save_snapshot("https://ledger.example/story", "UTF-8", PAGE)
            .expect("save");
        assert_eq!(
            quote_problems(lib),
            ["this quotation is not in the source: “the authority gave us everything we asked”"]
        );
    });
}

#[test]
fn quotations_found_in_the_page_pass() {
    let mut lib = memory();
    in_issue(
        &mut lib,
        "> “We got what we came for,”\n> said the union’s spokesperson\n\nWorkers were back \
         “on Thursday after the port authority agreed”.",
        "https://ledger.example/story",
    );
    lib.save_snapshot("https://ledger.example/story", "UTF-8", PAGE)
        .expect("save");
    assert_eq!(quote_problems(&lib), Vec::<String>::new());
}

#[test]
fn a_site_s_outlet_is_the_one_last_used_for_it() {
    let mut lib = memory();
    assert_eq!(
        lib.last_outlet_for_site("https://ledger.example/new")
            .expect("query"),
        None
    );
    lib.create_brief(&quoting("a", "https://www.ledger.example/one"))
        .expect("brief");
    let mut newer = quoting("b", "https://ledger.example/two");
    newer.sources[0].outlet = "Coastal Ledger".into();
    lib.create_brief(&newer).expect("brief");
    let mut elsewhere = quoting("c", "https://notledger.example/ledger.example");
    elsewhere.sources[0].outlet = "Not It".into();
    lib.create_brief(&elsewhere).expect("brief");
    assert_eq!(
        lib.last_outlet_for_site("http://ledger.example/three")
            .expect("query")
            .as_deref(),
        Some("Coastal Ledger")
    );
}

fn facts() -> briefdesk_core::library::PageFacts {
    briefdesk_core::library::PageFacts {
        outlet: Some("The Coastal Ledger".into()),
        date: NaiveDate::from_ymd_opt(2021, 3, 4),
        title: Some("Harbour strike ends after nine days".into()),
        encoding: "UTF-8".into(),
        text: PAGE.into(),
    }
}

#[test]
fn filling_a_source_fills_only_what_is_empty_and_keeps_the_page() {
    let mut lib = memory();
    let mut typed = quoting("Body.", "https://ledger.example/story");
    typed.sources[0].outlet = "Ledger (as the editor calls it)".into();
    typed.sources[0].date = None;
    let brief = lib.create_brief(&typed).expect("brief");

    let (filled_brief, filled) = lib
        .fill_source(
            brief.id,
            "https://www.ledger.example/story?utm_source=feed",
            &facts(),
        )
        .expect("fill");
    assert_eq!(filled, ["date", "title"]);
    let source = &filled_brief.sources[0];
    assert_eq!(source.outlet, "Ledger (as the editor calls it)");
    assert_eq!(source.date, NaiveDate::from_ymd_opt(2021, 3, 4));
    assert_eq!(
        source.title.as_deref(),
        Some("Harbour strike ends after nine days")
    );
    assert_eq!(source.url.as_deref(), Some("https://ledger.example/story"));
    assert!(
        lib.snapshot("https://ledger.example/story")
            .expect("read")
            .is_some()
    );

    // Again: nothing left to fill, nothing changed.
    let (again, filled) = lib
        .fill_source(brief.id, "https://ledger.example/story", &facts())
        .expect("fill");
    assert_eq!(filled, Vec::<&str>::new());
    assert_eq!(again.version, filled_brief.version);
}

#[test]
fn a_brief_citing_another_page_gets_it_as_a_new_source_only_with_an_outlet() {
    let mut lib = memory();
    let brief = lib
        .create_brief(&quoting("Body.", "https://ledger.example/story"))
        .expect("brief");
    let (after, filled) = lib
        .fill_source(brief.id, "https://other.example/x", &facts())
        .expect("fill");
    assert_eq!(filled, ["source", "date", "title"]);
    assert_eq!(after.sources.len(), 2);
    let nameless = briefdesk_core::library::PageFacts {
        outlet: None,
        ..facts()
    };
    let e = lib
        .fill_source(brief.id, "https://third.example/y", &nameless)
        .unwrap_err();
    assert!(e.to_string().contains("names no outlet"), "{e}");
    assert_eq!(
        lib.brief(brief.id).expect("brief").sources.len(),
        2,
        "nothing changed"
    );
    assert_eq!(lib.snapshot("https://third.example/y").expect("read"), None);
}
