//! `briefdesk team` against a real PostgreSQL server started for the test: one editor starts a
//! team from their library, another joins with a new library and gets all of it.
// Helpers outside #[test] functions set up fixtures; a failure there is a failed test.
#![allow(clippy::unwrap_used)]
// A throwaway server from Debian's PostgreSQL package: run on Linux (the Linux CI job and
// `cargo xtask test`); the Windows and macOS jobs build these tests but have no such server.
#![cfg(target_os = "linux")]

mod common;
#[path = "../../briefdesk-team/tests/support/mod.rs"]
mod support;

use common::Cli;
use support::PgServer;

#[test]
fn a_team_started_from_one_library_is_joined_by_a_second() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let url = format!(
        "postgresql://{}@127.0.0.1:{}/newsroom",
        support::ADMIN,
        server.port
    );
    let anna = Cli::new();
    anna.add(
        "Huawei sales slump abroad",
        "Reuters",
        "2020-11-27",
        &["China"],
    );
    let air = anna.add(
        "北京空气污染加剧",
        "人民日报",
        "2020-11-28",
        &["China", "Air"],
    );
    anna.json(&[
        "issue",
        "new",
        "--number",
        "12",
        "--title",
        "China Briefing",
        "--date",
        "2020-12-01",
        "--json",
    ]);
    anna.json(&[
        "issue",
        "add",
        "12",
        &air,
        "--section",
        "Environment",
        "--json",
    ]);

    let with_password = |cli: &Cli, args: &[&str]| {
        let out = cli
            .command()
            .args(args)
            .env("BRIEFDESK_TEAM_SERVER", &url)
            .env("PGPASSWORD", support::ADMIN_PASSWORD)
            .output()
            .expect("run briefdesk");
        assert!(
            out.status.success(),
            "briefdesk {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("JSON")
    };
    let started = with_password(&anna, &["team", "init", "--name", "Anna", "--json"]);
    assert_eq!(started["briefs"], 2);
    assert_eq!(started["issues"], 1);

    let ben = Cli::new();
    let joined = with_password(&ben, &["team", "join", "--json"]);
    assert_eq!(joined["briefs"], 2);
    assert_eq!(joined["seq"], started["seq"]);
    assert_eq!(ben.snapshot(), anna.snapshot());

    let status = with_password(&ben, &["team", "status", "--json"]);
    assert_eq!(status["server"]["briefs"], 2);
    assert_eq!(status["server"]["members"][0]["role"], "admin");
    assert_eq!(status["server"]["members"][0]["display_name"], "Anna");
    assert_eq!(status["replica"]["waiting"], 0);

    // A brief written by Anna reaches Ben through two syncs.
    anna.add(
        "Hong Kong court hears appeal",
        "RTHK",
        "2020-11-29",
        &["Hong Kong"],
    );
    let sent = with_password(&anna, &["team", "sync", "--json"]);
    assert_eq!(sent["pushed"], 1);
    let received = with_password(&ben, &["team", "sync", "--json"]);
    assert_eq!(received["applied"], 1);
    assert_eq!(
        ben.json(&["briefs", "--json"]),
        anna.json(&["briefs", "--json"])
    );

    // Review from the command line: Ben submits a brief, Anna finds it waiting and approves.
    let hong_kong = received_id(&ben, "Hong Kong court hears appeal");
    let submitted = ben.json(&[
        "review",
        &hong_kong,
        "submit",
        "--note",
        "Check the date",
        "--json",
    ]);
    assert_eq!(submitted["review"]["state"], "in_review");
    with_password(&ben, &["team", "sync", "--json"]);
    with_password(&anna, &["team", "sync", "--json"]);
    let waiting = anna.json(&["briefs", "--waiting-for-review", "--json"]);
    assert_eq!(waiting.as_array().map(Vec::len), Some(1));
    assert_eq!(waiting[0]["id"], hong_kong.as_str());
    assert_eq!(waiting[0]["review"]["steps"][0]["note"], "Check the date");
    let listed = anna.run(&["briefs", "--waiting-for-review"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("(in review)"));
    let err = anna.fails(&["review", &hong_kong, "submit"]);
    assert!(err.contains("in review"), "{err}");
    let approved = anna.json(&[
        "review",
        &hong_kong,
        "approve",
        "--note",
        "Runs Monday",
        "--json",
    ]);
    assert_eq!(approved["review"]["state"], "approved");
    assert_eq!(approved["review"]["steps"][1]["by"], support::ADMIN);
    assert!(
        anna.json(&["briefs", "--waiting-for-review", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    with_password(&anna, &["team", "sync", "--json"]);
    with_password(&ben, &["team", "sync", "--json"]);
    let shown = ben.run(&["brief", "show", &hong_kong]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("review: approved"), "{shown}");
    assert!(shown.contains(": Runs Monday"), "{shown}");

    // Anna adds a contributor; the server holds them to their role.
    server.create_login("carol", "carol-pw");
    let carol = with_password(
        &anna,
        &[
            "team",
            "grant",
            "carol",
            "contributor",
            "--name",
            "Carol",
            "--json",
        ],
    );
    assert_eq!(carol["role"], "contributor");
    let members = with_password(&anna, &["team", "members", "--json"]);
    assert_eq!(members.as_array().map(Vec::len), Some(2));
    let out = anna
        .command()
        .args(["team", "grant", "carol", "boss"])
        .env("BRIEFDESK_TEAM_SERVER", &url)
        .env("PGPASSWORD", support::ADMIN_PASSWORD)
        .output()
        .expect("run briefdesk");
    assert!(!out.status.success());

    // Leaving keeps the library; it no longer syncs.
    let left = with_password(&ben, &["team", "leave", "--json"]);
    assert_eq!(left["waiting"], 0);
    let status = with_password(&ben, &["team", "status", "--json"]);
    assert!(status["replica"].is_null());
    assert_eq!(
        ben.json(&["briefs", "--json"]).as_array().map(Vec::len),
        Some(3)
    );

    // Joining again into a library that holds briefs would mix two copies.
    let out = ben
        .command()
        .args(["team", "join"])
        .env("BRIEFDESK_TEAM_SERVER", &url)
        .env("PGPASSWORD", support::ADMIN_PASSWORD)
        .output()
        .expect("run briefdesk");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}

/// The id of the brief headed `headline` in `cli`'s library.
fn received_id(cli: &Cli, headline: &str) -> String {
    let briefs = cli.json(&["briefs", "--json"]);
    briefs
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["headline"] == headline)
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .unwrap()
}

#[test]
fn a_library_without_a_team_has_no_review() {
    let cli = Cli::new();
    let id = cli.add("Mine alone", "Reuters", "2020-11-27", &[]);
    let err = cli.fails(&["review", &id, "submit"]);
    assert!(err.contains("follows no team"), "{err}");
    let shown = cli.run(&["brief", "show", &id]);
    assert!(!String::from_utf8_lossy(&shown.stdout).contains("review"));
}

#[test]
fn team_commands_say_what_is_wrong_with_the_server() {
    let cli = Cli::new();
    let err = cli.fails(&[
        "team",
        "status",
        "--server",
        "postgresql://anna@db.example.org/news",
    ]);
    assert!(err.contains("must be reached over TLS"), "{err}");
    // Nothing listens on port 1 of this machine.
    let err = cli.fails(&[
        "team",
        "status",
        "--server",
        "postgresql://anna@127.0.0.1:1/news",
    ]);
    assert!(
        err.contains("could not connect to the team's server at anna@127.0.0.1:1/news"),
        "{err}"
    );
    let err = cli.fails(&["team", "init", "--server", "not a url"]);
    assert!(err.contains("is not valid"), "{err}");
}
