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

    // Who composes which issue: a lease taken on Anna's issue shows in `team status`.
    server.psql(
        "newsroom",
        "INSERT INTO briefdesk.leases (issue_id, holder, display_name, expires_at)
         SELECT id, 'briefdesk_admin', 'Anna', now() + interval '2 minutes'
         FROM briefdesk.issues WHERE number = 12",
    );
    let status = with_password(&ben, &["team", "status", "--json"]);
    assert_eq!(status["server"]["leases"][0]["display_name"], "Anna");
    assert_eq!(status["server"]["leases"][0]["number"], 12);
    let out = ben
        .command()
        .args(["team", "status"])
        .env("BRIEFDESK_TEAM_SERVER", &url)
        .env("PGPASSWORD", support::ADMIN_PASSWORD)
        .output()
        .expect("run briefdesk");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Anna (briefdesk_admin) is composing No. 12"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
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
        "postgresql://anna@db.example.org/news?sslmode=require",
    ]);
    assert!(err.contains("must be reached over TLS"), "{err}");
    assert!(err.contains("sslrootcert=FILE"), "{err}");
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

/// Anna and Ben change one brief's headline and body differently; Ben's sync keeps a conflict,
/// `team conflicts` shows both sides of each part, and `team resolve` ends it part by part.
#[test]
fn a_conflict_is_listed_and_resolved_from_the_command_line() {
    let server = PgServer::start();
    server.psql("postgres", "CREATE DATABASE newsroom");
    let url = format!(
        "postgresql://{}@127.0.0.1:{}/newsroom",
        support::ADMIN,
        server.port
    );
    let team = |cli: &Cli, args: &[&str]| {
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
        String::from_utf8(out.stdout).unwrap()
    };
    let json = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let anna = Cli::new();
    let id = anna.add("Huawei sales slump", "Reuters", "2020-11-27", &["China"]);
    let other = anna.add("Beijing smog", "Xinhua", "2020-11-28", &["China"]);
    team(&anna, &["team", "init", "--json"]);
    let ben = Cli::new();
    team(&ben, &["team", "join", "--json"]);

    // No conflict yet.
    assert_eq!(
        json(team(&ben, &["team", "conflicts", "--json"])),
        serde_json::json!([])
    );
    assert!(team(&ben, &["team", "conflicts"]).contains("No conflicts"));

    for (cli, who) in [(&anna, "Anna"), (&ben, "Ben")] {
        cli.json(&[
            "brief",
            "edit",
            &id,
            "--headline",
            &format!("Huawei sales slump abroad ({who})"),
            "--body",
            &format!("{who}'s first line\nand more"),
            "--json",
        ]);
        cli.json(&[
            "brief",
            "edit",
            &other,
            "--headline",
            &format!("Beijing smog ({who})"),
            "--json",
        ]);
    }
    team(&anna, &["team", "sync", "--json"]);
    let synced = json(team(&ben, &["team", "sync", "--json"]));
    assert_eq!(synced["conflicts"], 2, "{synced}");

    let conflicts = json(team(&ben, &["team", "conflicts", "--json"]));
    let conflict = conflicts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id.as_str())
        .unwrap();
    let sides = conflict["sides"].as_array().unwrap();
    let parts: Vec<&str> = sides.iter().map(|s| s["part"].as_str().unwrap()).collect();
    assert_eq!(parts, ["headline", "body"]);
    assert_eq!(sides[0]["mine"], "Huawei sales slump abroad (Ben)");
    assert_eq!(sides[0]["theirs"], "Huawei sales slump abroad (Anna)");
    assert_eq!(sides[1]["mine"], "Ben's first line\nand more");

    // For people: each side short, on a line of its own.
    let text = team(&ben, &["team", "conflicts"]);
    assert!(text.contains(&id), "{text}");
    assert!(
        text.contains("mine:   Huawei sales slump abroad (Ben)"),
        "{text}"
    );
    assert!(text.contains("theirs: Anna's first line…"), "{text}");

    // Every clashing part must be chosen, with a part that clashes and a known side.
    let err = ben.fails(&["team", "resolve", &id, "--part", "headline=theirs"]);
    assert!(err.contains("body still open"), "{err}");
    let err = ben.fails(&[
        "team",
        "resolve",
        &id,
        "--part",
        "notes=mine",
        "--part",
        "headline=mine",
    ]);
    assert!(err.contains("does not clash"), "{err}");
    let err = ben.fails(&[
        "team",
        "resolve",
        &id,
        "--part",
        "headline=yours",
        "--part",
        "body=mine",
    ]);
    assert!(err.contains("not mine or theirs"), "{err}");
    let err = ben.fails(&["team", "resolve", &id, "--all", "both"]);
    assert!(err.contains("mine or theirs"), "{err}");
    assert_eq!(
        json(team(&ben, &["team", "conflicts", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let resolved = json(team(
        &ben,
        &[
            "team",
            "resolve",
            &id,
            "--part",
            "headline=theirs",
            "--part",
            "body=mine",
            "--json",
        ],
    ));
    assert_eq!(resolved["theirs"], serde_json::json!(["headline"]));
    assert_eq!(resolved["mine"], serde_json::json!(["body"]));
    assert_eq!(resolved["conflicts"], 1);
    let resolved = team(&ben, &["team", "resolve", &other, "--all", "mine"]);
    assert!(resolved.contains("kept yours for headline"), "{resolved}");
    assert!(resolved.contains("0 conflicts still wait"), "{resolved}");
    let err = ben.fails(&["team", "resolve", &other, "--all", "mine"]);
    assert!(err.contains("has no conflict waiting"), "{err}");

    // The choices travel: after both sync, both hold Anna's headline with Ben's body, and Ben's
    // own headline for the other brief.
    let sent = json(team(&ben, &["team", "sync", "--json"]));
    assert_eq!(sent["pushed"], 2, "{sent}");
    team(&anna, &["team", "sync", "--json"]);
    let brief = anna.json(&["brief", "show", &id, "--json"]);
    assert_eq!(brief["headline"], "Huawei sales slump abroad (Anna)");
    assert_eq!(brief["body"], "Ben's first line\nand more");
    let brief = anna.json(&["brief", "show", &other, "--json"]);
    assert_eq!(brief["headline"], "Beijing smog (Ben)");
    assert_eq!(
        ben.json(&["briefs", "--json"]),
        anna.json(&["briefs", "--json"])
    );
}
