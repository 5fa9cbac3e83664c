//! Feeds served from 127.0.0.1, fetched and kept in an in-memory library as the inbox does:
//! the three formats, conditional requests, items that change, broken XML, a large feed, OPML,
//! drafting an item, items already cited, and the XSS corpus in titles and summaries.
#![allow(clippy::unwrap_used)]

mod common;

use briefdesk_core::library::{FeedFetch, FeedItemQuery, FeedItemState};
use briefdesk_core::{BriefDraft, Library, SourceDraft};
use briefdesk_web::opml::{OpmlFeed, read_opml, write_opml};
use briefdesk_web::{WebClient, fetch_feed, parse_feed};
use common::*;

fn feed(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    with_type(content_type, body)
}

/// Subscribes `lib` to `url`, fetches it once and keeps what came.
async fn subscribe_and_fetch(lib: &mut Library, url: &str) -> (i64, FeedFetch) {
    let id = lib.add_feed(url, None).unwrap().id;
    let fetch = fetch_again(lib, id).await;
    (id, fetch)
}

async fn fetch_again(lib: &mut Library, id: i64) -> FeedFetch {
    let validators = lib.feed_validators(id).unwrap();
    let fetch = fetch_feed(&WebClient::new().unwrap(), &validators).await;
    lib.record_feed_fetch(id, &fetch).unwrap();
    fetch
}

fn all_items(lib: &Library) -> Vec<briefdesk_core::library::FeedItem> {
    lib.feed_items(&FeedItemQuery {
        limit: 500,
        ..FeedItemQuery::default()
    })
    .unwrap()
    .items
}

#[tokio::test]
async fn rss_atom_and_json_feed_are_read_as_plain_text() {
    let server = serve(vec![
        ("/rss", feed("application/rss+xml", feed_fixture("rss.xml"))),
        (
            "/atom",
            feed("application/atom+xml", feed_fixture("atom.xml")),
        ),
        (
            "/json",
            feed("application/feed+json", feed_fixture("feed.json")),
        ),
    ]);
    let mut lib = Library::open_in_memory().unwrap();

    let (rss, _) = subscribe_and_fetch(&mut lib, &server.url("/rss")).await;
    let feed = lib.feed(rss).unwrap();
    assert_eq!(feed.title, "The Coastal Ledger");
    assert_eq!(feed.site_url.as_deref(), Some("https://ledger.example/"));
    assert_eq!((feed.items, feed.new_items), (2, 2));
    let items = all_items(&lib);
    assert_eq!(items[0].title, "Harbour strike ends after nine days");
    assert_eq!(items[0].summary, "Dock workers voted to return on Monday.");
    assert_eq!(
        items[0].url.as_deref(),
        Some("https://ledger.example/2024/03/05/harbour-strike-ends")
    );
    assert_eq!(
        items[0].published_at.unwrap().to_rfc3339(),
        "2024-03-05T08:30:00+00:00"
    );
    assert_eq!(items[1].title, "Ferry timetable changes");

    let (atom, _) = subscribe_and_fetch(&mut lib, &server.url("/atom")).await;
    assert_eq!(lib.feed(atom).unwrap().title, "Mountain Courier");
    let page = lib
        .feed_items(&FeedItemQuery {
            feed: Some(atom),
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!(page.items[0].title, "Pass reopens & snow clears");
    assert_eq!(
        page.items[0].summary,
        "The road over the pass is open again."
    );
    assert_eq!(
        page.items[0].url.as_deref(),
        Some("https://courier.example/pass-reopens")
    );

    let (json, _) = subscribe_and_fetch(&mut lib, &server.url("/json")).await;
    assert_eq!(lib.feed(json).unwrap().title, "River Weekly");
    let page = lib
        .feed_items(&FeedItemQuery {
            feed: Some(json),
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 2);
    let floods = page
        .items
        .iter()
        .find(|i| i.title.starts_with("Floods"))
        .unwrap();
    assert_eq!(floods.summary, "Water levels fell for a third day.");
    // A javascript: link is not a source; the item stays, without a link.
    let hostile = page
        .items
        .iter()
        .find(|i| i.title == "A hostile link")
        .unwrap();
    assert_eq!(hostile.url, None);
}

#[tokio::test]
async fn an_etag_brings_a_304_and_the_items_stay() {
    let server = serve(vec![(
        "/rss",
        Reply::Conditional {
            content_type: "application/rss+xml".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            body: feed_fixture("rss.xml"),
        },
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let (id, first) = subscribe_and_fetch(&mut lib, &server.url("/rss")).await;
    assert!(matches!(first, FeedFetch::Fetched { .. }));
    assert_eq!(
        lib.feed_validators(id).unwrap().etag.as_deref(),
        Some("\"v1\"")
    );

    let second = fetch_again(&mut lib, id).await;
    assert_eq!(second, FeedFetch::NotModified);
    let asked = server.requests.lock().unwrap()[1].to_ascii_lowercase();
    assert!(asked.contains("if-none-match: \"v1\""), "{asked}");
    assert_eq!(lib.feed(id).unwrap().items, 2);
    assert_eq!(lib.feed(id).unwrap().error, None);
}

#[tokio::test]
async fn last_modified_brings_a_304_and_the_items_stay() {
    let stamp = "Tue, 05 Mar 2024 09:00:00 GMT";
    let server = serve(vec![(
        "/atom",
        Reply::Conditional {
            content_type: "application/atom+xml".into(),
            etag: None,
            last_modified: Some(stamp.into()),
            body: feed_fixture("atom.xml"),
        },
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let (id, _) = subscribe_and_fetch(&mut lib, &server.url("/atom")).await;
    assert_eq!(fetch_again(&mut lib, id).await, FeedFetch::NotModified);
    let asked = server.requests.lock().unwrap()[1].to_ascii_lowercase();
    assert!(
        asked.contains(&format!(
            "if-modified-since: {}",
            stamp.to_ascii_lowercase()
        )),
        "{asked}"
    );
    assert_eq!(lib.feed(id).unwrap().items, 1);
}

fn rss_of(items: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Changing</title><link>https://changing.example/</link>",
    );
    for (guid, title) in items {
        out.push_str(&format!(
            "<item><guid>{guid}</guid><title>{title}</title><link>https://changing.example/{guid}</link></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out.into_bytes()
}

#[tokio::test]
async fn changed_items_are_updated_in_place_and_none_duplicated() {
    let server = serve(vec![(
        "/feed",
        sequence(vec![
            feed(
                "application/rss+xml",
                rss_of(&[("a", "First take"), ("b", "Second story")]),
            ),
            feed(
                "application/rss+xml",
                rss_of(&[("a", "First take, corrected"), ("c", "Third story")]),
            ),
        ]),
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let (id, _) = subscribe_and_fetch(&mut lib, &server.url("/feed")).await;
    let second = all_items(&lib)
        .into_iter()
        .find(|i| i.title == "Second story")
        .unwrap();
    lib.set_feed_item_state(second.id, FeedItemState::Dismissed)
        .unwrap();

    let validators = lib.feed_validators(id).unwrap();
    let fetch = fetch_feed(&WebClient::new().unwrap(), &validators).await;
    let report = lib.record_feed_fetch(id, &fetch).unwrap();
    assert_eq!((report.added, report.updated), (1, 1));

    let mut titles: Vec<(String, FeedItemState)> = all_items(&lib)
        .into_iter()
        .map(|i| (i.title, i.state))
        .collect();
    titles.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        titles,
        vec![
            ("First take, corrected".to_string(), FeedItemState::New),
            ("Second story".to_string(), FeedItemState::Dismissed),
            ("Third story".to_string(), FeedItemState::New),
        ]
    );
}

#[tokio::test]
async fn broken_xml_is_an_error_on_the_feed_and_its_items_stay() {
    let server = serve(vec![(
        "/feed",
        sequence(vec![
            feed("application/rss+xml", feed_fixture("rss.xml")),
            feed("application/rss+xml", feed_fixture("broken.xml")),
        ]),
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let (id, _) = subscribe_and_fetch(&mut lib, &server.url("/feed")).await;
    let before = all_items(&lib);

    let fetch = fetch_again(&mut lib, id).await;
    let FeedFetch::Failed { message, offline } = fetch else {
        panic!("broken XML was read: {fetch:?}");
    };
    assert!(!offline);
    assert!(message.contains(&server.url("/feed")), "{message}");
    assert!(message.contains("not a feed"), "{message}");
    let feed = lib.feed(id).unwrap();
    assert_eq!(feed.error.as_deref(), Some(message.as_str()));
    assert_eq!(all_items(&lib), before);
}

#[tokio::test]
async fn a_feed_that_cannot_be_reached_is_offline_not_failed() {
    // A port that was free a moment ago: nothing answers there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut lib = Library::open_in_memory().unwrap();
    let (id, fetch) = subscribe_and_fetch(&mut lib, &format!("http://127.0.0.1:{port}/feed")).await;
    assert!(
        matches!(fetch, FeedFetch::Failed { offline: true, .. }),
        "{fetch:?}"
    );
    let feed = lib.feed(id).unwrap();
    assert!(feed.offline);
    assert!(feed.error.unwrap().starts_with("offline, will try again"));
}

#[tokio::test]
async fn a_feed_of_two_thousand_items_is_kept_and_paged() {
    let items: Vec<(String, String)> = (0..2000)
        .map(|n| (format!("item-{n}"), format!("Story number {n}")))
        .collect();
    let borrowed: Vec<(&str, &str)> = items
        .iter()
        .map(|(g, t)| (g.as_str(), t.as_str()))
        .collect();
    let server = serve(vec![(
        "/big",
        feed("application/rss+xml", rss_of(&borrowed)),
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let (id, _) = subscribe_and_fetch(&mut lib, &server.url("/big")).await;
    assert_eq!(lib.feed(id).unwrap().items, 2000);
    let page = lib
        .feed_items(&FeedItemQuery {
            offset: 1900,
            limit: 200,
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!(
        (page.total, page.new_total, page.items.len()),
        (2000, 2000, 100)
    );
    // Fetched again unchanged: nothing added, nothing duplicated.
    let again = fetch_feed(
        &WebClient::new().unwrap(),
        &lib.feed_validators(id).unwrap(),
    )
    .await;
    let report = lib.record_feed_fetch(id, &again).unwrap();
    assert_eq!((report.added, report.updated), (0, 0));
    assert_eq!(lib.feed(id).unwrap().items, 2000);
    // The filter finds by title.
    let found = lib
        .feed_items(&FeedItemQuery {
            text: "number 1999".into(),
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!(found.total, 1);
}

#[test]
fn the_subscription_list_round_trips_through_opml() {
    let mut lib = Library::open_in_memory().unwrap();
    let text = r#"<?xml version="1.0"?><opml version="2.0"><head/><body>
        <outline text="Shipping">
          <outline text="The Coastal Ledger" xmlUrl="https://ledger.example/rss" htmlUrl="https://ledger.example/"/>
          <outline title="River &amp; Delta" text="ignored" xmlUrl="https://river.example/feed.json"/>
        </outline></body></opml>"#;
    for feed in read_opml(text, "list.opml").unwrap() {
        lib.add_feed(&feed.url, Some(&feed.title)).unwrap();
    }
    let exported: Vec<OpmlFeed> = lib
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
        })
        .collect();
    let back = read_opml(&write_opml(&exported), "export.opml").unwrap();
    let mut urls: Vec<(String, String)> = back.into_iter().map(|f| (f.url, f.title)).collect();
    urls.sort();
    assert_eq!(
        urls,
        vec![
            (
                "https://ledger.example/rss".to_string(),
                "The Coastal Ledger".to_string()
            ),
            (
                "https://river.example/feed.json".to_string(),
                "River & Delta".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn a_drafted_item_becomes_a_brief_with_its_source_filled() {
    let server = serve(vec![(
        "/rss",
        feed("application/rss+xml", feed_fixture("rss.xml")),
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    subscribe_and_fetch(&mut lib, &server.url("/rss")).await;
    let item = all_items(&lib).remove(0);

    let brief = lib.draft_from_feed_item(item.id).unwrap();
    assert_eq!(brief.headline, "Harbour strike ends after nine days");
    assert_eq!(brief.sources.len(), 1);
    let source = &brief.sources[0];
    assert_eq!(source.outlet, "The Coastal Ledger");
    assert_eq!(
        source.url.as_deref(),
        Some("https://ledger.example/2024/03/05/harbour-strike-ends")
    );
    assert_eq!(
        source.date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-05")
    );

    let after = all_items(&lib)
        .into_iter()
        .find(|i| i.id == item.id)
        .unwrap();
    assert_eq!(after.state, FeedItemState::Drafted);
    assert_eq!(after.brief_id, Some(brief.id));
    // Its own draft is not "already used".
    assert_eq!(after.used_in, None);
    // Drafting again opens the same brief, not a second one.
    assert_eq!(lib.draft_from_feed_item(item.id).unwrap().id, brief.id);
    assert_eq!(lib.info().unwrap().brief_count, 1);
}

#[tokio::test]
async fn an_item_whose_page_is_already_a_source_is_marked() {
    let server = serve(vec![(
        "/rss",
        feed("application/rss+xml", feed_fixture("rss.xml")),
    )]);
    let mut lib = Library::open_in_memory().unwrap();
    let cited = lib
        .create_brief(&BriefDraft {
            headline: "Strike over".into(),
            sources: vec![SourceDraft {
                outlet: "Ledger".into(),
                // The same page by another address: www, http, a tracking parameter.
                url: Some(
                    "http://www.ledger.example/2024/03/05/harbour-strike-ends/?utm_source=x".into(),
                ),
                ..SourceDraft::default()
            }],
            ..BriefDraft::default()
        })
        .unwrap();
    subscribe_and_fetch(&mut lib, &server.url("/rss")).await;
    let items = all_items(&lib);
    let used = items[0].used_in.as_ref().unwrap();
    assert_eq!((used.id, used.headline.as_str()), (cited.id, "Strike over"));
    assert_eq!(items[1].used_in, None);
}

const CORPUS: &str = include_str!("../../briefdesk-core/tests/fixtures/xss-corpus.txt");

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Whether `text`, read by a browser as HTML, would make an element: a `<` before a letter,
/// `/` or `!`.
fn makes_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

#[test]
fn the_xss_corpus_in_titles_and_summaries_stays_inert() {
    let payloads: Vec<&str> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(payloads.len() >= 30);
    let mut rss =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Hostile</title>");
    for (n, payload) in payloads.iter().enumerate() {
        rss.push_str(&format!(
            "<item><guid>x{n}</guid><title>{0}</title><link>{0}</link><description>{0}</description></item>",
            xml_text(payload)
        ));
        // The same payload as CDATA HTML, as many feeds send summaries.
        rss.push_str(&format!(
            "<item><guid>y{n}</guid><title>Plain {n}</title><description><![CDATA[<p>{}</p>]]></description></item>",
            payload.replace("]]>", "")
        ));
    }
    rss.push_str("</channel></rss>");
    let feed = parse_feed(rss.as_bytes(), "http://127.0.0.1/hostile").unwrap();
    assert_eq!(feed.items.len(), payloads.len() * 2);
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib.add_feed("http://127.0.0.1/hostile", None).unwrap().id;
    lib.record_feed_fetch(
        id,
        &FeedFetch::Fetched {
            title: feed.title,
            site_url: None,
            etag: None,
            last_modified: None,
            items: feed.items,
        },
    )
    .unwrap();
    for item in all_items(&lib) {
        assert!(!makes_markup(&item.title), "title {:?}", item.title);
        assert!(!makes_markup(&item.summary), "summary {:?}", item.summary);
        if let Some(url) = &item.url {
            assert!(
                url.starts_with("http://") || url.starts_with("https://"),
                "{url}"
            );
        }
    }
}
