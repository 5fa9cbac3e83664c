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
