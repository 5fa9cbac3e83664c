//! Huge inputs on a library on disk: a headline of 2,000 characters and a body of 10 MB are
//! refused with what and where, leaving what is stored untouched; an issue of 5,000 briefs is
//! built, exported in every format, and comes out whole and in order.
#![allow(clippy::unwrap_used)]

mod common;

use briefdesk_core::export::ExportFormat;
use briefdesk_core::import::{self, ImportFormat, ImportOptions, MAX_IMPORT_BYTES};
use briefdesk_core::validate::{MAX_BODY_CHARS, MAX_HEADLINE_CHARS};
use briefdesk_core::{BriefDraft, BriefQuery, Error, Library};
use chrono::NaiveDate;
use common::*;

const TEN_MB: usize = 10 * 1024 * 1024;

fn invalid(result: Result<impl std::fmt::Debug, Error>) -> (String, String) {
    match result {
        Err(Error::Invalid { field, message }) => (field, message),
        // An import names the line too: "line 8" and "headline" read as one path here.
        Err(Error::InvalidLine {
            line,
            field: Some(field),
            message,
            ..
        }) => (format!("line {line}: {field}"), message),
        other => panic!("expected an invalid-value error, got {other:?}"),
    }
}

fn count(lib: &Library) -> u32 {
    lib.list_briefs(&BriefQuery::default()).unwrap().total
}

#[test]
fn a_2000_character_headline_is_refused_on_create_and_update_and_nothing_changes() {
    let (_dir, mut lib) = disk();
    let stored = lib.create_brief(&huawei()).unwrap();
    let before = count(&lib);

    // Characters, not bytes: 300 two-byte letters pass, 301 do not.
    let mut at_limit = huawei();
    at_limit.headline = "é".repeat(MAX_HEADLINE_CHARS);
    lib.create_brief(&at_limit).unwrap();
    at_limit.headline.push('é');
    let (field, message) = invalid(lib.create_brief(&at_limit));
    assert_eq!(field, "headline");
    assert_eq!(message, "too long (301 characters; the most is 300)");

    let mut long = huawei();
    long.headline = "Huawei ".repeat(286).chars().take(2000).collect();
    let (field, message) = invalid(lib.update_brief(stored.id, &long));
    assert_eq!(field, "headline");
    assert_eq!(message, "too long (2,000 characters; the most is 300)");
    assert_eq!(
        lib.brief(stored.id).unwrap(),
        stored,
        "the stored brief is untouched"
    );

    // Several at once: the error names which one, and none is added.
    let (field, _) = invalid(lib.create_briefs(&[huawei(), long.clone()]));
    assert_eq!(field, "briefs[1].headline");
    assert_eq!(
        count(&lib),
        before + 1,
        "only the brief at the limit was added"
    );
}

#[test]
fn a_10_mb_body_is_refused_with_its_size_and_the_brief_keeps_its_body() {
    let (_dir, mut lib) = disk();
    let stored = lib.create_brief(&huawei()).unwrap();

    let mut huge = huawei();
    huge.body = "Shipments fell by half. ".repeat(TEN_MB / 24 + 1);
    let chars = huge.body.trim_end().chars().count();
    let (field, message) = invalid(lib.update_brief(stored.id, &huge));
    assert_eq!(field, "body");
    assert!(
        message.contains(&briefdesk_core::validate::thousands(chars))
            && message.contains("the most is 200,000"),
        "{message}"
    );
    assert_eq!(lib.brief(stored.id).unwrap(), stored);
    let (field, _) = invalid(lib.create_brief(&huge));
    assert_eq!(field, "body");

    // Private notes are held to the same bound.
    let mut noted = huawei();
    noted.notes = "n".repeat(MAX_BODY_CHARS + 1);
    assert_eq!(invalid(lib.create_brief(&noted)).0, "notes");

    // A body at the limit is a brief like any other, and exports.
    let mut long = huawei();
    long.body = "word ".repeat(MAX_BODY_CHARS / 5);
    let saved = lib.update_brief(stored.id, &long).unwrap();
    assert_eq!(saved.body.chars().count(), MAX_BODY_CHARS - 1);
}

#[test]
fn importers_refuse_an_over_long_brief_by_its_line_and_store_nothing() {
    let (_dir, mut lib) = disk();
    lib.create_brief(&huawei()).unwrap();
    let before = count(&lib);
    let long_headline = format!("Headline {}", "x".repeat(2000));

    let text = format!(
        "A short brief\n\nIt is fine.\n\nSource: Xinhua, December 3, 2020\nhttps://example.org/a\n\n\
         {long_headline}\n\nIts body.\n\nSource: Xinhua, December 3, 2020\nhttps://example.org/b\n"
    );
    // Briefdesk's own exports, with one headline made too long by hand.
    let mut other = memory();
    other
        .create_issue(
            9,
            "Elsewhere",
            NaiveDate::from_ymd_opt(2020, 12, 8).unwrap(),
        )
        .unwrap();
    let placeholder = other.create_brief(&bare("PLACEHOLDER")).unwrap();
    other.add_to_issue(9, placeholder.id, None, None).unwrap();
    let exported = |format| {
        other
            .export_issue(9, format, None)
            .unwrap()
            .replace("PLACEHOLDER", &long_headline)
    };
    let markdown = exported(ExportFormat::Markdown);
    let json = exported(ExportFormat::Json);
    for (format, input) in [
        (ImportFormat::Text, text.as_str()),
        (ImportFormat::Markdown, markdown.as_str()),
        (ImportFormat::Json, json.as_str()),
    ] {
        for dry_run in [true, false] {
            let options = ImportOptions {
                format,
                dry_run,
                ..ImportOptions::default()
            };
            let (field, message) = invalid(lib.import(input.as_bytes(), &options));
            assert!(
                field.starts_with("line ") && field.ends_with(": headline"),
                "{format:?}: {field}: {message}"
            );
            assert!(
                message.starts_with("too long (2,009 characters"),
                "{message}"
            );
        }
    }
    // The text importer names the second brief's line.
    let (field, message) = invalid(lib.import(text.as_bytes(), &ImportOptions::default()));
    assert_eq!(field, "line 8: headline");
    assert_eq!(message, "too long (2,009 characters; the most is 300)");

    // A body over the limit, in a file under the import size limit.
    let long_body = format!(
        "Long body\n\n{}\n\nSource: Xinhua, December 3, 2020\nhttps://example.org/c\n",
        "Words words words. ".repeat(MAX_BODY_CHARS / 19 + 10)
    );
    let (field, message) = invalid(lib.import(long_body.as_bytes(), &ImportOptions::default()));
    assert_eq!(field, "line 1: body");
    assert!(message.starts_with("too long ("), "{message}");
    assert_eq!(count(&lib), before, "nothing was stored");
}

#[test]
fn an_import_file_over_the_size_limit_is_refused_before_it_is_parsed() {
    let (_dir, mut lib) = disk();
    let body = "a".repeat(TEN_MB);
    let input = format!("Headline\n\n{body}\n");
    assert!(input.len() > MAX_IMPORT_BYTES);
    let (field, message) = invalid(lib.import(input.as_bytes(), &ImportOptions::default()));
    assert_eq!(field, "input");
    assert!(
        message.contains("10.0 MB") && message.contains("at most 8 MB"),
        "{message}"
    );
    assert!(import::parse(input.as_bytes(), ImportFormat::Auto).is_err());
    assert_eq!(count(&lib), 0);
}

/// Briefing text of `n` briefs numbered from 1, each with a source.
fn briefing(n: usize) -> String {
    let mut text = String::new();
    for i in 1..=n {
        text.push_str(&format!(
            "Brief number {i:05}\n\nWhat happened in story {i:05}, in a sentence or two.\n\n\
             Source: Xinhua, December 3, 2020\nhttps://example.org/story/{i}\n\n"
        ));
    }
    text
}

/// Where each "Brief number NNNNN" first appears in `output`: all there, in order.
fn assert_all_in_order(format: ExportFormat, output: &str, n: usize) {
    let mut from = 0;
    for i in 1..=n {
        let needle = format!("Brief number {i:05}");
        match output[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{format:?}: {needle} missing or out of order"),
        }
    }
}

#[test]
fn an_issue_of_5000_briefs_is_built_on_disk_and_exports_whole_in_every_format() {
    const N: usize = 5000;
    let (_dir, mut lib) = disk();
    lib.create_issue(
        1,
        "The long issue",
        NaiveDate::from_ymd_opt(2020, 12, 8).unwrap(),
    )
    .unwrap();
    let report = lib
        .import(
            briefing(N).as_bytes(),
            &ImportOptions {
                issue: Some(1),
                ..ImportOptions::default()
            },
        )
        .unwrap();
    assert_eq!(report.briefs.len(), N);

    // Reordering still works at that size: the last brief moves to the top.
    let issue = lib.issue(1).unwrap();
    let section = issue.sections[0].name.clone();
    assert_eq!(issue.sections[0].briefs.len(), N);
    let last = issue.sections[0].briefs[N - 1].id;
    lib.move_in_issue(1, last, Some(&section), 0).unwrap();
    let issue = lib.issue(1).unwrap();
    assert_eq!(issue.sections[0].briefs[0].id, last);
    lib.move_in_issue(1, last, Some(&section), N - 1).unwrap();

    for format in ExportFormat::ALL {
        let output = lib.export_issue(1, format, None).unwrap();
        assert_all_in_order(format, &output, N);
    }
}

#[test]
fn stored_briefs_from_before_the_limits_can_still_be_deleted_and_restored() {
    let (_dir, mut lib) = disk();
    let stored = lib.create_brief(&huawei()).unwrap();
    // As a library written before the limits could hold it.
    let mut old = BriefDraft::from(&stored);
    old.headline = "h".repeat(MAX_HEADLINE_CHARS + 50);
    let deleted = lib.delete_brief(stored.id).unwrap();
    let mut deleted = deleted;
    deleted.brief.headline = old.headline.clone();
    let back = lib.restore_brief(&deleted).unwrap();
    assert_eq!(back.headline, old.headline);
}
