//! `briefdesk source fetch`: pages served from 127.0.0.1 read into sources, as an editor or a
//! script runs it.

mod common;
#[path = "../../briefdesk-web/tests/common/mod.rs"]
mod server;

use common::*;
use server::{html, serve};

const STORY: &str = r#"<html lang="en"><head><title>Harbour strike ends | Ledger</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour strike ends after nine days",
 "datePublished": "2021-03-04T10:00:00Z", "publisher": {"name": "The Coastal Ledger"}}</script></head>
<body><article><p>Dock workers returned to the harbour on Thursday.</p>
<p>“We got what we came for,” said the union’s spokesperson at the gates.</p></article></body></html>"#;

#[test]
fn a_page_s_facts_are_printed_with_where_they_were_found() {
    let server = serve(vec![("/story", html(STORY))]);
    let cli = Cli::new();
    let out = cli.run(&["source", "fetch", &server.url("/story")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("outlet     The Coastal Ledger  (from JSON-LD)"),
        "{text}"
    );
    assert!(
        text.contains("date       2021-03-04  (from JSON-LD)"),
        "{text}"
    );
    assert!(text.contains("canonical  -  (not on the page)"), "{text}");
    assert!(
        text.contains("language   en  (from the page's language attribute)"),
        "{text}"
    );

    let json = cli.json(&["source", "fetch", &server.url("/story"), "--json"]);
    assert_eq!(json["outlet"]["value"], "The Coastal Ledger");
    assert_eq!(json["outlet"]["from"], "json_ld");
    assert_eq!(json["published"]["value"], "2021-03-04");
    assert_eq!(json["encoding"], "UTF-8");
}

#[test]
fn a_brief_s_source_is_filled_where_empty_and_its_quotations_checked() {
    let server = serve(vec![("/story", html(STORY))]);
    let url = server.url("/story");
    let cli = Cli::new();
    let brief = cli.json(&[
        "brief",
        "add",
        "--headline",
        "Strike over",
        "--outlet",
        "Ledger (typed)",
        "--url",
        &url,
        "--body",
        "The union said “we got everything we came for and more”.",
        "--json",
    ]);
    let id = brief["id"].as_str().expect("id");
    let fetched = cli.json(&["source", "fetch", &url, "--brief", id, "--json"]);
    assert_eq!(fetched["filled"], serde_json::json!(["date", "title"]));
    let shown = cli.json(&["brief", "show", id, "--json"]);
    let source = &shown["sources"][0];
    assert_eq!(
        source["outlet"], "Ledger (typed)",
        "what the editor typed is kept"
    );
    assert_eq!(source["date"], "2021-03-04");
    assert_eq!(source["title"], "Harbour strike ends after nine days");

    cli.json(&[
        "issue",
        "new",
        "--number",
        "1",
        "--title",
        "Port Briefing",
        "--date",
        "2021-03-05",
        "--json",
    ]);
    cli.json(&["issue", "add", "1", id, "--json"]);
    let out = cli.run(&["check", "1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "this quotation is not in the source: “we got everything we came for and more”"
        ),
        "{text}"
    );
}

#[test]
fn a_page_naming_no_outlet_gets_the_one_last_used_for_its_site() {
    let server = serve(vec![("/other", html("<p>Words.</p>"))]);
    let cli = Cli::new();
    cli.json(&[
        "brief",
        "add",
        "--headline",
        "Earlier",
        "--outlet",
        "Local Radio",
        "--url",
        &server.url("/earlier"),
        "--json",
    ]);
    let out = cli.run(&["source", "fetch", &server.url("/other")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("outlet     Local Radio  (the outlet this library last used for the site)"),
        "{text}"
    );
}

#[test]
fn offline_says_so_and_changes_nothing() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let cli = Cli::new();
    let id = cli.add("Kept", "Outlet", "2021-03-04", &[]);
    let before = cli.snapshot();
    let error = cli.fails(&[
        "source",
        "fetch",
        &format!("http://127.0.0.1:{port}/x"),
        "--brief",
        &id,
    ]);
    assert!(
        error.starts_with("error: offline, will try again: 127.0.0.1 could not be reached"),
        "{error}"
    );
    assert_eq!(cli.snapshot(), before);
    let error = cli.fails(&["source", "fetch", "file:///etc/passwd"]);
    assert_eq!(
        error.trim(),
        "error: only http and https addresses are fetched; “file:///etc/passwd” is a file: address"
    );
}

#[test]
fn check_links_reports_broken_redirected_and_login_links_only_when_asked() {
    let server = serve(vec![
        ("/fine", html("<p>ok</p>")),
        ("/old", server::Reply::Redirect { to: "/new".into() }),
        ("/new", html("<p>here</p>")),
        (
            "/story/42",
            server::Reply::Redirect {
                to: "/signin?return=/story/42".into(),
            },
        ),
        ("/signin?return=/story/42", html("<form></form>")),
    ]);
    let cli = Cli::new();
    let body = format!(
        "Details [here]({}) and [there]({}), and [fine]({}).",
        server.url("/old"),
        server.url("/story/42"),
        server.url("/fine")
    );
    let brief = cli.json(&[
        "brief",
        "add",
        "--headline",
        "Links",
        "--outlet",
        "Ledger",
        "--date",
        "2021-03-04",
        "--url",
        &server.url("/gone"),
        "--body",
        &body,
        "--status",
        "ready",
        "--json",
    ]);
    let id = brief["id"].as_str().expect("id");
    cli.json(&[
        "issue",
        "new",
        "--number",
        "1",
        "--title",
        "Port Briefing",
        "--date",
        "2021-03-05",
        "--json",
    ]);
    cli.json(&["issue", "add", "1", id, "--json"]);

    let out = cli.run(&["check", "1"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        server.requests.lock().expect("requests").is_empty(),
        "no link is fetched unless asked"
    );

    let out = cli.run(&["check", "1", "--links"]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "Links: source link {0} is broken: {0} answered 404 Not Found",
                server.url("/gone")
            )
            .as_str(),
            format!(
                "Links: body link {} redirects to {}",
                server.url("/old"),
                server.url("/new")
            )
            .as_str(),
            format!(
                "Links: body link {} is behind a login now ({})",
                server.url("/story/42"),
                server.url("/signin?return=/story/42")
            )
            .as_str(),
            "issue No. 1: 3 to look at",
        ]
    );
    let json = cli.run(&["check", "1", "--links", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(json["links"][0]["outcome"]["kind"], "broken");
    assert_eq!(json["links"][3]["outcome"]["kind"], "fine");
    assert_eq!(json["links"][3]["in_body"], true);
}
