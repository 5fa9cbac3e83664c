//! `briefdesk feeds`: a feed served from 127.0.0.1 subscribed to, fetched, listed, drafted and
//! its subscription list taken out and back in as OPML, as a script runs it.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../briefdesk-web/tests/common/mod.rs"]
mod server;

use common::*;
use server::{Reply, serve};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel>
<title>The Coastal Ledger</title><link>https://ledger.example/</link>
<item><title>Harbour strike ends</title><link>https://ledger.example/strike</link>
<guid>s1</guid><pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
<description>&lt;p&gt;Dock workers &lt;b&gt;return&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Ferry timetable</title><link>https://ledger.example/ferry</link>
<guid>s0</guid><pubDate>Mon, 04 Mar 2024 08:30:00 GMT</pubDate></item>
</channel></rss>"#;

fn feed_server() -> server::Server {
    serve(vec![(
        "/rss",
        Reply::Conditional {
            content_type: "application/rss+xml".into(),
            etag: Some("\"1\"".into()),
            last_modified: None,
            body: FEED.as_bytes().to_vec(),
        },
    )])
}

#[test]
fn a_feed_is_added_fetched_listed_and_drafted() {
    let server = feed_server();
    let cli = Cli::new();
    let feed = cli.json(&["feeds", "add", &server.url("/rss"), "--json"]);
    assert_eq!(feed["title"], "The Coastal Ledger");
    assert_eq!(
        (feed["items"].as_u64(), feed["new_items"].as_u64()),
        (Some(2), Some(2))
    );
    let id = feed["id"].as_i64().unwrap().to_string();

    let fetched = cli.json(&["feeds", "fetch", &id, "--json"]);
    assert_eq!(fetched[0]["not_modified"], true);
    let out = cli.run(&["feeds", "fetch"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("The Coastal Ledger: unchanged"));

    let page = cli.json(&["feeds", "items", "--new", "--json"]);
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["title"], "Harbour strike ends");
    assert_eq!(page["items"][0]["summary"], "Dock workers return.");
    let item = page["items"][0]["id"].as_i64().unwrap().to_string();

    let brief = cli.json(&["feeds", "draft", &item, "--json"]);
    assert_eq!(brief["headline"], "Harbour strike ends");
    assert_eq!(brief["sources"][0]["outlet"], "The Coastal Ledger");
    assert_eq!(brief["sources"][0]["url"], "https://ledger.example/strike");
    assert_eq!(brief["sources"][0]["date"], "2024-03-05");
    let found = cli.json(&["feeds", "items", "--new", "--json"]);
    assert_eq!(
        (found["total"].as_u64(), found["new_total"].as_u64()),
        (Some(2), Some(1))
    );

    let filtered = cli.json(&["feeds", "items", "--find", "ferry", "--json"]);
    assert_eq!(filtered["total"], 1);

    let list = cli.json(&["feeds", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let removed = cli.json(&["feeds", "remove", &id, "--json"]);
    assert_eq!(removed["id"].as_i64(), Some(id.parse().unwrap()));
    assert_eq!(
        cli.json(&["feeds", "list", "--json"]),
        serde_json::json!([])
    );
    // The brief drafted from it stays.
    assert_eq!(cli.json(&["info", "--json"])["brief_count"], 1);
}

#[test]
fn the_subscriptions_go_out_and_back_in_as_opml() {
    let server = feed_server();
    let cli = Cli::new();
    cli.json(&["feeds", "add", &server.url("/rss"), "--json"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feeds.opml");
    let out = cli.run(&["feeds", "export-opml", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("title=\"The Coastal Ledger\""), "{text}");

    let other = Cli::new();
    let imported = other.json(&["feeds", "import-opml", file.to_str().unwrap(), "--json"]);
    assert_eq!(
        (imported["listed"].as_u64(), imported["added"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(imported["feeds"][0]["url"], server.url("/rss"));
    assert_eq!(imported["feeds"][0]["title"], "The Coastal Ledger");
    // Imported twice: still one subscription.
    let again = other.json(&["feeds", "import-opml", file.to_str().unwrap(), "--json"]);
    assert_eq!(again["added"], 0);

    let broken = dir.path().join("broken.opml");
    std::fs::write(&broken, "<opml><body><outline xmlUrl=</body>").unwrap();
    let error = other.fails(&["feeds", "import-opml", broken.to_str().unwrap()]);
    assert!(error.contains("is not a readable OPML file"), "{error}");
}

#[test]
fn a_feed_that_cannot_be_reached_is_noted_and_nothing_fails() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cli = Cli::new();
    let feed = cli.json(&[
        "feeds",
        "add",
        &format!("http://127.0.0.1:{port}/rss"),
        "--json",
    ]);
    assert_eq!(feed["offline"], true);
    let out = cli.run(&["feeds", "list"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(offline, will try again)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
