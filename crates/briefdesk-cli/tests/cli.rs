//! Runs the real `briefdesk` binary against libraries on disk, as a script would.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::*;

#[test]
fn an_editor_builds_an_issue_from_the_command_line() {
    let cli = Cli::new();
    let huawei = cli.add(
        "LTN: Huawei Western Europe Sales Are in Free Fall",
        "Liberty Times Net",
        "2020-11-30",
        &["Tech", "Europe"],
    );
    let drones = cli.add(
        "HK01: Japan Retires Drones Made in China",
        "HK01",
        "2020-11-30",
        &["Defence"],
    );
    let sanctions = cli.add(
        "EU Adopts Its Own Magnitsky Act",
        "Radio Free Asia",
        "2020-12-07",
        &["europe", "Rights"],
    );

    let issue = cli.json(&[
        "issue",
        "new",
        "--number",
        "12",
        "--title",
        "China Briefing",
        "--date",
        "2020-12-08",
        "--json",
    ]);
    assert_eq!(issue["number"], 12);
    cli.json(&[
        "issue",
        "add",
        "12",
        &huawei,
        "--section",
        "Economy",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "12",
        &drones,
        "--section",
        "Security",
        "--json",
    ]);
    cli.json(&[
        "issue",
        "add",
        "12",
        &sanctions,
        "--section",
        "Economy",
        "--at",
        "0",
        "--json",
    ]);
    let issue = cli.json(&["issue", "show", "12", "--json"]);
    assert_eq!(
        section_headlines(&issue, 0),
        [
            "EU Adopts Its Own Magnitsky Act",
            "LTN: Huawei Western Europe Sales Are in Free Fall"
        ]
    );

    // Reorder within a section, then move across sections.
    cli.json(&["issue", "move", "12", &huawei, "--to", "0", "--json"]);
    cli.json(&[
        "issue",
        "move",
        "12",
        &sanctions,
        "--to",
        "1",
        "--section",
        "Security",
        "--json",
    ]);
    let issue = cli.json(&["issue", "show", "12", "--json"]);
    assert_eq!(
        keys(&issue),
        [
            "closing",
            "date",
            "id",
            "intro",
            "number",
            "preheader",
            "sections",
            "status",
            "subject",
            "title"
        ]
    );
    assert_eq!(issue["sections"][0]["name"], "Economy");
    assert_eq!(
        section_headlines(&issue, 0),
        ["LTN: Huawei Western Europe Sales Are in Free Fall"]
    );
    assert_eq!(issue["sections"][1]["name"], "Security");
    assert_eq!(
        section_headlines(&issue, 1),
        [
            "HK01: Japan Retires Drones Made in China",
            "EU Adopts Its Own Magnitsky Act"
        ]
    );
    assert_eq!(keys(&issue["sections"][1]["briefs"][0]), ["headline", "id"]);

    let hits = cli.json(&["search", "huawe", "--json"]);
    assert_eq!(hits[0]["id"], huawei.as_str());
    assert_eq!(
        keys(&hits[0]),
        [
            "headline",
            "id",
            "issue",
            "outlet",
            "rank",
            "snippet",
            "source_date",
            "status"
        ]
    );
    assert_eq!(hits[0]["outlet"], "Liberty Times Net");
    assert!(
        hits[0]["snippet"]
            .as_str()
            .expect("snippet")
            .contains("<mark>Huawei</mark>")
    );

    let briefs = cli.json(&["briefs", "--tag", "europe", "--json"]);
    assert_eq!(
        briefs.as_array().expect("array").len(),
        2,
        "tags match without regard to case"
    );
    let brief = cli.json(&["brief", "show", &sanctions, "--json"]);
    assert_eq!(
        keys(&brief),
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
        brief["issue"],
        serde_json::json!({"number": 12, "section": "Security", "published": false})
    );
    assert_eq!(
        brief["sources"][0],
        serde_json::json!({"outlet": "Radio Free Asia", "date": "2020-12-07", "url": "https://example.org/31", "title": null})
    );
    assert_eq!(brief["tags"], serde_json::json!(["Europe", "Rights"]));

    let tags = cli.json(&["tags", "--json"]);
    let europe = tags
        .as_array()
        .expect("tags")
        .iter()
        .find(|t| t["name"] == "Europe")
        .expect("Europe");
    assert_eq!(
        europe,
        &serde_json::json!({"name": "Europe", "colour": null, "count": 2})
    );
    assert_eq!(
        cli.json(&["briefs", "--unassigned", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let cli = Cli::new();
    let id = cli.add(
        "Global Times: Berlin Calls Off an Acquisition",
        "Global Times",
        "2020-12-05",
        &["Europe"],
    );
    cli.json(&[
        "issue",
        "new",
        "--number",
        "3",
        "--title",
        "Weekly",
        "--date",
        "2020-12-08",
        "--json",
    ]);
    cli.json(&["issue", "add", "3", &id, "--json"]);
    let before = cli.snapshot();

    let cases: [(&[&str], &str); 8] = [
        (
            &["brief", "add", "--headline", "   "],
            "headline: must not be empty",
        ),
        (
            &[
                "brief",
                "add",
                "--headline",
                "x",
                "--outlet",
                "O",
                "--url",
                "ftp://x",
            ],
            "sources[0].url: \"ftp://x\" is not an http(s) URL",
        ),
        (
            &[
                "brief",
                "add",
                "--headline",
                "x",
                "--outlet",
                "O",
                "--date",
                "2020-02-30",
            ],
            "\"2020-02-30\" is not a real calendar date",
        ),
        (
            &[
                "brief",
                "add",
                "--headline",
                "x",
                "--outlet",
                "O",
                "--date",
                "30.11.2020",
            ],
            "YYYY-MM-DD",
        ),
        (
            &[
                "issue",
                "new",
                "--number",
                "3",
                "--title",
                "Again",
                "--date",
                "2020-12-09",
            ],
            "number: issue No. 3 already exists",
        ),
        (
            &["issue", "add", "3", "not-an-id"],
            "id: \"not-an-id\" is not a brief id",
        ),
        (
            &["issue", "move", "3", &id, "--to", "5"],
            "to: position 5 is past the end",
        ),
        (
            &["brief", "edit", &id, "--url", "javascript:alert(1)"],
            "sources[0].url:",
        ),
    ];
    for (args, expected) in cases {
        let error = cli.fails(args);
        assert!(
            error.contains(expected),
            "briefdesk {args:?}: expected {expected:?} in {error:?}"
        );
    }
    assert!(
        cli.fails(&["issue", "show", "99"])
            .contains("issue not found: No. 99")
    );
    assert_eq!(
        cli.snapshot(),
        before,
        "a refused command changed the library"
    );

    // Search syntax typed by a person gives plain results, never an error.
    for query in [
        "\"unbalanced",
        "a AND (",
        "col:umn",
        "-x",
        "*",
        "NEAR(",
        "berl",
    ] {
        let hits = cli.json(&["search", query, "--json"]);
        assert!(hits.is_array(), "{query}");
    }
    assert_eq!(
        cli.json(&["search", "berl", "--json"])[0]["id"],
        id.as_str()
    );
}

#[test]
fn from_json_adds_all_briefs_or_none() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"[{"headline": "SIPRI: Arms Sales Rose", "body": "> Sales rose by 4.8 percent.", "status": "ready",
             "sources": [{"outlet": "SIPRI", "date": "2020-12-07", "url": "https://sipri.org/a"},
                         {"outlet": "Reuters", "date": "2020-12-07", "url": "https://reuters.com/b", "title": "Arms sales"}],
             "tags": ["Defence"]},
            {"headline": "Second brief"}]"#,
    )
    .expect("write");
    let added = cli.json(&[
        "brief",
        "add",
        "--from-json",
        good.to_str().expect("path"),
        "--json",
    ]);
    assert_eq!(added.as_array().expect("array").len(), 2);
    assert_eq!(added[0]["sources"][1]["title"], "Arms sales");
    assert_eq!(added[0]["body"], "> Sales rose by 4.8 percent.");

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"[{"headline": "Fine"}, {"headline": ""}]"#).expect("write");
    let error = cli.fails(&["brief", "add", "--from-json", bad.to_str().expect("path")]);
    assert!(
        error.contains("briefs[1].headline: must not be empty"),
        "{error}"
    );
    assert_eq!(
        cli.json(&["briefs", "--json"])
            .as_array()
            .expect("array")
            .len(),
        2
    );
}

#[test]
fn the_library_comes_from_the_environment_when_no_flag_is_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("env-library.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args(["brief", "add", "--headline", "From the environment"])
        .env("BRIEFDESK_LIBRARY", &path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(Path::new(&path).exists());
    let listed = Command::new(env!("CARGO_BIN_EXE_briefdesk"))
        .args([
            "--library",
            path.to_str().expect("path"),
            "briefs",
            "--json",
        ])
        .output()
        .expect("run");
    let briefs: Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(briefs[0]["headline"], "From the environment");
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_library_named_the_cli_opens_the_one_the_app_opened_last() {
    let cli = Cli::new();
    cli.add(
        "SCMP: Court Refuses Bail to Publisher",
        "South China Morning Post",
        "2020-12-01",
        &[],
    );
    let home = tempfile::tempdir().expect("temp dir");
    let run = |config: &Path| {
        Command::new(env!("CARGO_BIN_EXE_briefdesk"))
            .args(["info", "--json"])
            .env_remove("BRIEFDESK_LIBRARY")
            .env("XDG_CONFIG_HOME", config)
            .env("XDG_DATA_HOME", home.path().join("data"))
            .output()
            .expect("run briefdesk")
    };
    let info = |out: std::process::Output| -> Value {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };

    // No note: the default library in the data folder (created empty).
    let config = home.path().join("config");
    let default = info(run(&config));
    assert_eq!(default["brief_count"], 0);
    assert!(
        default["path"]
            .as_str()
            .unwrap_or("")
            .starts_with(&home.path().join("data").display().to_string())
    );

    // The app's note names the library it switched to: the CLI follows it.
    std::fs::create_dir_all(config.join("briefdesk")).expect("config folder");
    std::fs::write(
        config.join("briefdesk/last-library"),
        format!("{}\n", cli.library.display()),
    )
    .expect("note");
    let followed = info(run(&config));
    assert_eq!(followed["path"], cli.library.display().to_string());
    assert_eq!(followed["brief_count"], 1);

    // A note naming a file that has gone is ignored rather than creating a library there.
    std::fs::write(
        config.join("briefdesk/last-library"),
        "/nonexistent/briefdesk/gone.sqlite3\n",
    )
    .expect("note");
    assert_eq!(info(run(&config))["brief_count"], 0);
}
