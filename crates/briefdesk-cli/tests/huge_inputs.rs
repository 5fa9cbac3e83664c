//! Huge inputs through the command line: refused with exit status 1, a message saying what and
//! where, and the library unchanged; a 5,000-brief issue exports whole.

mod common;

use std::process::Output;

use common::Cli;

fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "exit status 1");
    assert!(out.stdout.is_empty(), "nothing printed on stdout");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn count(cli: &Cli) -> usize {
    cli.json(&["briefs", "--json"])
        .as_array()
        .expect("an array")
        .len()
}

#[test]
fn over_long_headlines_and_bodies_are_refused_with_their_sizes() {
    let cli = Cli::new();
    let id = cli.add("Huawei sales fall", "LTN", "2020-11-30", &[]);
    let dir = tempfile::tempdir().expect("temp dir");

    let long = "h".repeat(2000);
    let err = refused(&cli.run(&["brief", "add", "--headline", &long]));
    assert_eq!(
        err.trim(),
        "error: headline: too long (2,000 characters; the most is 300)"
    );
    let err = refused(&cli.run(&["brief", "edit", &id, "--headline", &long]));
    assert!(
        err.contains("headline: too long (2,000 characters"),
        "{err}"
    );

    // A body over the limit, from a file: the core's count.
    let body = dir.path().join("body.md");
    std::fs::write(&body, "word ".repeat(60_000)).expect("write");
    let body = body.to_str().expect("utf-8 path");
    let err = refused(&cli.run(&["brief", "edit", &id, "--body-file", body]));
    assert_eq!(
        err.trim(),
        "error: body: too long (299,999 characters; the most is 200,000)"
    );

    // 10 MB: refused before it is read whole.
    let big = dir.path().join("big.md");
    std::fs::write(&big, "a".repeat(10 * 1024 * 1024)).expect("write");
    let big = big.to_str().expect("utf-8 path");
    let err = refused(&cli.run(&["brief", "add", "--headline", "x", "--body-file", big]));
    assert!(
        err.contains("big.md is more than 8 MB") && err.contains("200,000 characters"),
        "{err}"
    );

    // An import names the line; nothing is stored.
    let text = dir.path().join("briefing.txt");
    std::fs::write(
        &text,
        format!("{long}\n\nA body.\n\nSource: Xinhua, December 3, 2020\nhttps://example.org/a\n"),
    )
    .expect("write");
    let err = refused(&cli.run(&["import", text.to_str().expect("utf-8 path")]));
    assert!(
        err.starts_with("error: nothing was imported from ")
            && err.trim().ends_with(
                "briefing.txt: line 1: headline: too long (2,000 characters; the most is 300)"
            ),
        "{err}"
    );
    assert_eq!(count(&cli), 1);
    let brief = cli.json(&["brief", "show", &id, "--json"]);
    assert_eq!(brief["headline"], "Huawei sales fall");
    assert_eq!(brief["body"], "");
}

#[test]
fn an_issue_of_5000_briefs_imports_and_exports_whole_and_in_order() {
    const N: usize = 5000;
    let cli = Cli::new();
    cli.json(&[
        "issue",
        "new",
        "--number",
        "3",
        "--title",
        "Long",
        "--date",
        "2020-12-08",
        "--json",
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("many.txt");
    let mut text = String::new();
    for i in 1..=N {
        text.push_str(&format!(
            "Brief number {i:05}\n\nStory {i}.\n\nSource: Xinhua, December 3, 2020\n\
             https://example.org/s/{i}\n\n"
        ));
    }
    std::fs::write(&file, text).expect("write");
    let report = cli.json(&[
        "import",
        file.to_str().expect("utf-8 path"),
        "--issue",
        "3",
        "--json",
    ]);
    assert_eq!(report["briefs"].as_array().map(Vec::len), Some(N));
    let out = cli.run(&["export", "3", "--format", "markdown"]);
    assert!(out.status.success());
    let markdown = String::from_utf8_lossy(&out.stdout);
    let mut from = 0;
    for i in 1..=N {
        let needle = format!("Brief number {i:05}");
        let at = markdown[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing or out of order"));
        from += at + needle.len();
    }
}
