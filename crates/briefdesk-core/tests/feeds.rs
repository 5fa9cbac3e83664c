//! The feeds inbox in the library, without the network: what fetches bring is kept, paged,
//! filtered and marked; a failed fetch and a removed feed do what they say and no more.
#![allow(clippy::unwrap_used)]

use briefdesk_core::Library;
use briefdesk_core::library::{FeedFetch, FeedItemQuery, FeedItemState, IncomingItem};
use chrono::{TimeZone, Utc};

fn items(n: usize) -> Vec<IncomingItem> {
    (0..n)
        .map(|i| IncomingItem {
            guid: format!("g{i}"),
            url: Some(format!("https://wire.example/story/{i}")),
            title: format!("Story {i}"),
            summary: if i % 2 == 0 {
                "harbour".into()
            } else {
                "pass".into()
            },
            published_at: Some(Utc.timestamp_opt(1_700_000_000 + i as i64 * 60, 0).unwrap()),
        })
        .collect()
}

fn fetched(items: Vec<IncomingItem>) -> FeedFetch {
    FeedFetch::Fetched {
        title: "Wire".into(),
        site_url: None,
        etag: Some("\"e\"".into()),
        last_modified: None,
        items,
    }
}

#[test]
fn a_ten_thousand_item_inbox_is_read_a_page_at_a_time() {
    let mut lib = Library::open_in_memory().unwrap();
    let feed = lib.add_feed("https://wire.example/rss", None).unwrap().id;
    let report = lib
        .record_feed_fetch(feed, &fetched(items(10_000)))
        .unwrap();
    assert_eq!(report.added, 10_000);

    let page = lib.feed_items(&FeedItemQuery::default()).unwrap();
    assert_eq!(
        (page.items.len(), page.total, page.new_total),
        (100, 10_000, 10_000)
    );
    // Newest first.
    assert_eq!(page.items[0].title, "Story 9999");
    // A page never holds more than 500, whatever is asked.
    let big = lib
        .feed_items(&FeedItemQuery {
            limit: 100_000,
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!(big.items.len(), 500);

    // Dismissed items go after the new ones; the filter counts only what matches.
    lib.set_feed_item_state(page.items[0].id, FeedItemState::Dismissed)
        .unwrap();
    let again = lib.feed_items(&FeedItemQuery::default()).unwrap();
    assert_eq!(again.items[0].title, "Story 9998");
    assert_eq!(again.new_total, 9_999);
    let only_new = lib
        .feed_items(&FeedItemQuery {
            only_new: true,
            text: "HARBOUR".into(),
            ..FeedItemQuery::default()
        })
        .unwrap();
    assert_eq!((only_new.total, only_new.new_total), (5_000, 5_000));
    assert!(only_new.items.iter().all(|i| i.summary == "harbour"));

    // The library's own lists do not read the inbox.
    assert_eq!(lib.info().unwrap().brief_count, 0);
}

#[test]
fn a_failed_fetch_is_noted_and_leaves_the_items() {
    let mut lib = Library::open_in_memory().unwrap();
    let feed = lib.add_feed("https://wire.example/rss", None).unwrap().id;
    lib.record_feed_fetch(feed, &fetched(items(3))).unwrap();
    let before = lib.feed_items(&FeedItemQuery::default()).unwrap();
    lib.record_feed_fetch(
        feed,
        &FeedFetch::Failed {
            message: "offline, will try again: wire.example could not be reached".into(),
            offline: true,
        },
    )
    .unwrap();
    let shown = lib.feed(feed).unwrap();
    assert!(shown.offline);
    assert_eq!(lib.feed_items(&FeedItemQuery::default()).unwrap(), before);
    // The validators of the last good answer are kept for the next try.
    assert_eq!(
        lib.feed_validators(feed).unwrap().etag.as_deref(),
        Some("\"e\"")
    );
    // A 304 clears the error.
    lib.record_feed_fetch(feed, &FeedFetch::NotModified)
        .unwrap();
    let shown = lib.feed(feed).unwrap();
    assert!(!shown.offline && shown.error.is_none() && shown.fetched_at.is_some());
}

#[test]
fn subscriptions_are_web_addresses_kept_once_and_removed_with_their_items() {
    let mut lib = Library::open_in_memory().unwrap();
    let err = lib.add_feed("javascript:alert(1)", None).unwrap_err();
    assert_eq!(err.code(), "invalid");
    let a = lib
        .add_feed("https://wire.example/rss", Some("Wire"))
        .unwrap();
    let b = lib.add_feed(" https://wire.example/rss ", None).unwrap();
    assert_eq!((a.id, b.title.as_str()), (b.id, "Wire"));
    lib.record_feed_fetch(a.id, &fetched(items(2))).unwrap();
    let item = lib.feed_items(&FeedItemQuery::default()).unwrap().items[0].id;
    let brief = lib.draft_from_feed_item(item).unwrap();
    lib.remove_feed(a.id).unwrap();
    assert!(lib.feeds().unwrap().is_empty());
    assert_eq!(lib.feed_items(&FeedItemQuery::default()).unwrap().total, 0);
    // The brief drafted from it stays.
    assert_eq!(lib.brief(brief.id).unwrap().headline, "Story 1");
}
