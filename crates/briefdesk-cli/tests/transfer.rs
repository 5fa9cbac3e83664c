//! `import`, `export` and `check` run as an editor or a script would, on libraries on disk.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::*;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../briefdesk-core/samples/sample-issue.txt")
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn new_issue(cli: &Cli, number: &str) {
    cli.json(&[
        "issue",
        "new",
        "--number",
        number,
        "--title",
        "China Briefing",
        "--date",
        "2020-12-08",
        "--json",
    ]);
}

#[test]
fn importing_the_sample_reports_briefs_skipped_text_and_warnings() {
    let cli = Cli::new();
    new_issue(&cli, "1");
    let report = cli.json(&[
        "import",
        &text(&sample()),
        "--issue",
        "1",
        "--section",
        "This week",
        "--tag",
        "China",
        "--json",
    ]);
    assert_eq!(
        keys(&report),
        [
            "briefs",
            "duplicates",
            "layout",
            "origins",
            "saved_layout",
            "skipped",
            "warnings"
        ]
    );
    let briefs = report["briefs"].as_array().expect("briefs");
    assert_eq!(briefs.len(), 8);
    assert_eq!(
        keys(&briefs[0]),
        [
            "body",
            "created_at",
            "headline",
            "id",
            "issue",
            "notes",
            "sources",
            "status",
            "tags",
            "updated_at",
            "version"
        ]
    );
    assert_eq!(
        briefs[0]["headline"],
        "Xinhua: State Council Sets Targets for Rural Broadband by 2025"
    );
    assert_eq!(briefs[0]["sources"][0]["outlet"], "Xinhua");
    assert_eq!(briefs[0]["sources"][0]["date"], "2020-12-03");
    assert_eq!(briefs[0]["tags"], serde_json::json!(["China"]));
    assert_eq!(
        briefs[0]["issue"],
        serde_json::json!({"number": 1, "section": "This week", "published": false})
    );
    // The brief with two sources keeps both, in order.
    let barley = &briefs[5];
    assert_eq!(barley["sources"][1]["outlet"], "ABC News");
    let skipped = report["skipped"].as_array().expect("skipped");
    assert_eq!(skipped[0]["line"], 1);
    assert_eq!(skipped[0]["text"], "Skip to content");
    assert_eq!(keys(&skipped[0]), ["line", "reason", "text"]);

    let issue = cli.json(&["issue", "show", "1", "--json"]);
    assert_eq!(section_headlines(&issue, 0).len(), 8);
    assert_eq!(issue["sections"][0]["name"], "This week");
}

#[test]
fn a_dry_run_reports_the_same_and_stores_nothing() {
    let cli = Cli::new();
    let before = cli.snapshot();
    let report = cli.json(&["import", &text(&sample()), "--dry-run", "--json"]);
    assert_eq!(report["briefs"].as_array().map(Vec::len), Some(8));
    assert_eq!(cli.snapshot(), before);
}

#[test]
fn another_newsrooms_layout_is_read_and_named() {
    let cli = Cli::new();
    // The fixture's text, without the header that cites the page.
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../briefdesk-core/tests/fixtures/layouts/es-numbered-outlets-emoji.txt"),
    )
    .expect("fixture");
    let (_, pasted) = fixture.split_once("\n---\n").expect("a --- line");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("resumen.txt");
    std::fs::write(&file, pasted).expect("written");
    let out = cli.run(&["import", &text(&file), "--dry-run"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "layout: numbered headlines, the outlets on a line of their own, a date at the top for \
             every brief"
        ),
        "{stderr}"
    );
    let report = cli.json(&["import", &text(&file), "--dry-run", "--json"]);
    let briefs = report["briefs"].as_array().expect("briefs");
    let first = &briefs[0];
    assert_eq!(
        first["headline"],
        "Hermano de Sánchez a Juicio por Prevaricación"
    );
    assert_eq!(first["sources"][0]["outlet"], "El País");
    assert_eq!(first["sources"][0]["date"], "2025-05-23");
    assert_eq!(first["sources"][1]["outlet"], "ABC");
    let origin = report["origins"][0].as_array().expect("origin");
    assert_eq!(origin[0]["role"], "header_date");
    assert_eq!(origin[1]["role"], "headline");
}

#[test]
fn importing_the_same_file_twice_skips_what_is_already_there() {
    let cli = Cli::new();
    cli.json(&["import", &text(&sample()), "--json"]);
    let before = cli.snapshot();
    let out = cli.run(&["import", &text(&sample())]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("imported 0 briefs; 8 already in the library, skipped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("already in the library, skipped: line 3: \"Xinhua: "),
        "{stderr}"
    );
    assert_eq!(cli.snapshot(), before);
    let report = cli.json(&["import", &text(&sample()), "--dry-run", "--json"]);
    let duplicates = report["duplicates"].as_array().expect("duplicates");
    assert_eq!(duplicates.len(), 8);
    assert_eq!(duplicates[0]["reason"], "same_url");
    assert_eq!(duplicates[0]["skipped"], true);
    let report = cli.json(&["import", &text(&sample()), "--import-duplicates", "--json"]);
    assert_eq!(report["briefs"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        cli.json(&["briefs", "--json"]).as_array().map(Vec::len),
        Some(16)
    );
}

#[test]
fn markdown_to_publish_carries_nothing_of_briefdesk_and_still_imports() {
    let cli = Cli::new();
    new_issue(&cli, "1");
    cli.json(&[
        "import",
        &text(&sample()),
        "--issue",
        "1",
        "--tag",
        "China",
        "--json",
    ]);
    let out = cli.run(&["export", "1", "--format", "markdown"]);
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(md.starts_with("# China Briefing\n"), "{md}");
    assert!(!md.contains("<!--") && !md.contains("briefdesk"), "{md}");
    assert!(
        !md.contains("\"China\"") && !md.contains("\"status\""),
        "{md}"
    );
    let marked = cli.run(&["export", "1", "--format", "briefdesk-markdown"]);
    assert!(String::from_utf8_lossy(&marked.stdout).starts_with("<!-- briefdesk:issue {"));

    // Read back as ordinary Markdown: every brief, by its headings and source lines.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("issue.md");
    std::fs::write(&file, &md).expect("writing the export");
    let copy = Cli::new();
    let report = copy.json(&["import", &text(&file), "--json"]);
    assert_eq!(report["briefs"].as_array().map(Vec::len), Some(8));
}

#[test]
fn bad_files_are_refused_with_where_and_change_nothing() {
    let cli = Cli::new();
    cli.add("Already here", "LTN", "2020-11-30", &["Tech"]);
    let before = cli.snapshot();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("writing a test file");
        text(&path)
    };
    let cases = [
        (file("empty.txt", b""), "empty"),
        (file("blank.txt", b"  \n\n \n"), "empty"),
        (
            file("binary.bin", b"Headline\n\nSome \x00\x01\x02 bytes"),
            "line 3",
        ),
        (
            file("latin1.txt", b"Headline\n\nCaf\xe9 society\n"),
            "line 3",
        ),
        (file("shape.json", b"{\n  \"briefs\": 7\n}\n"), "line 2"),
        (file("huge.txt", &vec![b'a'; 10 * 1024 * 1024]), "MB"),
    ];
    for (path, expected) in &cases {
        let error = cli.fails(&["import", path]);
        assert!(
            error.contains(expected) && error.contains("nothing was imported"),
            "{path}: {error}"
        );
    }
    let error = cli.fails(&["import", &text(&sample()), "--issue", "99"]);
    assert!(error.contains("No. 99"), "{error}");
    assert_eq!(cli.snapshot(), before);
}

#[test]
fn exports_are_deterministic_and_written_whole() {
    let cli = Cli::new();
    new_issue(&cli, "1");
    cli.json(&["import", &text(&sample()), "--issue", "1", "--json"]);
    let dir = tempfile::tempdir().expect("temp dir");
    for format in [
        "markdown",
        "briefdesk-markdown",
        "html",
        "email",
        "text",
        "json",
    ] {
        let out = dir.path().join(format!("issue.{format}"));
        let first = cli.run(&["export", "1", "--format", format]);
        assert!(first.status.success(), "{format}");
        assert!(!first.stdout.is_empty());
        let written = cli.run(&["export", "1", "--format", format, "--out", &text(&out)]);
        assert!(written.status.success());
        assert_eq!(
            std::fs::read(&out).expect("the export"),
            first.stdout,
            "{format}"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("issue.html"))
            .expect("the export")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "an export is an ordinary, readable file"
        );
    }
    let markdown = std::fs::read_to_string(dir.path().join("issue.markdown")).expect("markdown");
    assert!(markdown.contains("## "));
    assert!(
        markdown.contains("### Xinhua: State Council Sets Targets for Rural Broadband by 2025")
    );
    assert!(markdown.contains("Source: [Xinhua](https://example.org/xinhua/2020-12/03/rural-broadband-plan.html), December 3, 2020"));

    // A user's template overrides the built-in one; a broken one names its line.
    let template = dir.path().join("short.md.jinja");
    std::fs::write(&template, "{{ issue.title }} No. {{ issue.number }}\n").expect("template");
    let out = cli.run(&[
        "export",
        "1",
        "--format",
        "markdown",
        "--template",
        &text(&template),
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "China Briefing No. 1\n"
    );
    std::fs::write(&template, "line one\n{{ issue.title | no_such_filter }}\n").expect("template");
    let error = cli.fails(&[
        "export",
        "1",
        "--format",
        "markdown",
        "--template",
        &text(&template),
    ]);
    assert!(error.contains("line 2"), "{error}");

    assert!(cli.fails(&["export", "7"]).contains("No. 7"));
}

#[test]
fn briefdesk_markdown_and_json_exports_import_back_byte_identical() {
    let cli = Cli::new();
    new_issue(&cli, "1");
    for section in ["Domestic", "Empty for now"] {
        assert!(
            cli.run(&["issue", "section", "add", "1", section])
                .status
                .success()
        );
    }
    cli.json(&[
        "import",
        &text(&sample()),
        "--issue",
        "1",
        "--section",
        "Domestic",
        "--tag",
        "China",
        "--json",
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    for (format, file) in [
        ("briefdesk-markdown", "issue.briefdesk.md"),
        ("json", "issue.json"),
    ] {
        let first = dir.path().join(file);
        cli.run(&["export", "1", "--format", format, "--out", &text(&first)]);
        let copy = Cli::new();
        let report = copy.json(&["import", &text(&first), "--json"]);
        assert_eq!(
            report["briefs"].as_array().map(Vec::len),
            Some(8),
            "{format}"
        );
        let again = copy.run(&["export", "1", "--format", format]);
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            std::fs::read_to_string(&first).expect("the first export"),
            "{format} round trip"
        );
        assert_eq!(
            copy.json(&["issue", "show", "1", "--json"])["sections"]
                .as_array()
                .map(|s| s.iter().map(|s| s["name"].clone()).collect::<Vec<_>>()),
            cli.json(&["issue", "show", "1", "--json"])["sections"]
                .as_array()
                .map(|s| s.iter().map(|s| s["name"].clone()).collect::<Vec<_>>()),
        );
        assert_eq!(
            copy.json(&["tags", "--json"]),
            cli.json(&["tags", "--json"])
        );
    }
}

#[test]
fn check_finds_a_story_covered_in_an_earlier_issue() {
    let cli = Cli::new();
    new_issue(&cli, "11");
    new_issue(&cli, "12");
    let old = cli.json(&[
        "brief",
        "add",
        "--headline",
        "Huawei sales fall",
        "--outlet",
        "LTN",
        "--date",
        "2020-11-30",
        "--url",
        "https://news.ltn.com.tw/news/world/1234",
        "--status",
        "ready",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "11",
        old["id"].as_str().expect("id"),
        "--json",
    ]);
    let clean = cli.run(&["check", "11"]);
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );
    // Sent: only a published issue is prior coverage.
    cli.json(&["issue", "edit", "11", "--status", "published", "--json"]);

    // The same story, pasted with tracking parameters and another scheme.
    let again = cli.json(&[
        "brief",
        "add",
        "--headline",
        "Huawei's slide in Europe",
        "--outlet",
        "LTN",
        "--date",
        "2020-12-01",
        "--url",
        "http://www.news.ltn.com.tw/news/world/1234/?utm_source=x#top",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "12",
        again["id"].as_str().expect("id"),
        "--json",
    ]);
    let out = cli.run(&["check", "12", "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let problems: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let kinds: Vec<&str> = problems
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["draft", "covered_before"]);
    let covered = &problems[1];
    assert!(
        covered["message"]
            .as_str()
            .is_some_and(|m| m.contains("previously in No. 11: Huawei sales fall")),
        "{covered}"
    );
    assert_eq!(covered["other"]["headline"], "Huawei sales fall");
    assert_eq!(covered["brief"]["headline"], "Huawei's slide in Europe");
    let human = cli.run(&["check", "12"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("previously in No. 11"));
}
