//! `briefdesk import --layout NAME` and `briefdesk layouts`, on a library holding a layout saved
//! as the app's import preview saves one.
// Test setup failing is a failed test.
#![allow(clippy::unwrap_used)]

use briefdesk_core::Library;
use briefdesk_core::import::{HintRole, ImportOptions, LineHint};

mod common;
use common::*;

const ARROWS: &str = "Weekly scan\n\n▶ Ports reopen after the strike\n— Reuters\nDockers returned on Monday.\n\n▶ Rail link talks resume\n— AP\nThe ministers met in Johor.\n";
const ARROWS_NEXT: &str = "Weekly scan\n\n▶ Ferry fares rise again\n— Bernama\nOperators blamed fuel costs.\n\n▶ Flood warnings in Kelantan\n— The Star\nRivers rose overnight.\n";

/// A library with the layout "Arrows digest" saved, and the next digest in a file.
fn setup() -> (Cli, tempfile::TempDir, String) {
    let cli = Cli::new();
    {
        let mut lib = Library::open(&cli.library).unwrap();
        let options = ImportOptions {
            hints: vec![
                LineHint {
                    line: 3,
                    role: HintRole::Headline,
                },
                LineHint {
                    line: 4,
                    role: HintRole::Outlet,
                },
            ],
            dry_run: true,
            ..ImportOptions::default()
        };
        lib.save_layout_from("Arrows digest", ARROWS.as_bytes(), &options)
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("next.txt");
    std::fs::write(&file, ARROWS_NEXT).unwrap();
    let file = file.to_string_lossy().into_owned();
    (cli, dir, file)
}

fn brief_count(cli: &Cli) -> u64 {
    cli.json(&["info", "--json"])["brief_count"]
        .as_u64()
        .unwrap()
}

#[test]
fn import_reads_a_file_with_a_saved_layout_by_name() {
    let (cli, _dir, file) = setup();
    let report = cli.json(&["import", &file, "--layout", "arrows digest", "--json"]);
    assert_eq!(report["saved_layout"], "Arrows digest");
    let got: Vec<(String, String)> = report["briefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["headline"].as_str().unwrap().to_string(),
                b["sources"][0]["outlet"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Ferry fares rise again".to_string(), "Bernama".to_string()),
            (
                "Flood warnings in Kelantan".to_string(),
                "The Star".to_string()
            ),
        ]
    );
    assert_eq!(brief_count(&cli), 2);

    // The words: which saved layout, then what it read.
    let (cli, _dir, file) = setup();
    let out = cli.run(&["import", &file, "--layout", "Arrows digest", "--dry-run"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("saved layout: Arrows digest\nlayout: "),
        "{stderr}"
    );
}

#[test]
fn an_unknown_layout_names_the_saved_ones_and_imports_nothing() {
    let (cli, _dir, file) = setup();
    let err = cli.fails(&["import", &file, "--layout", "Arrows"]);
    assert!(err.contains("nothing was imported from"), "{err}");
    assert!(
        err.contains(
            "no saved layout is called \"Arrows\"; the saved layouts are \"Arrows digest\""
        ),
        "{err}"
    );
    assert_eq!(brief_count(&cli), 0);
}

#[test]
fn layouts_are_listed_renamed_and_deleted() {
    let (cli, _dir, _file) = setup();
    let all = cli.json(&["layouts", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["name"], "Arrows digest");
    assert_eq!(all[0]["rules"].as_array().unwrap().len(), 2);
    assert_eq!(all[0]["used_at"], serde_json::Value::Null);

    let out = cli.run(&["layouts"]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.starts_with("Arrows digest\t2 rules\tsaved "),
        "{listed}"
    );
    assert!(listed.trim_end().ends_with("not used yet"), "{listed}");

    let out = cli.run(&["layouts", "rename", "arrows digest", "Arrow scan"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = cli.fails(&["layouts", "delete", "Arrows digest"]);
    assert!(
        err.contains("the saved layouts are \"Arrow scan\""),
        "{err}"
    );
    let out = cli.run(&["layouts", "delete", "Arrow scan"]);
    assert!(out.status.success());
    assert_eq!(cli.json(&["layouts", "--json"]), serde_json::json!([]));
}
