//! `feeds`: the inbox from the command line. Fetches run concurrently on one thread; what
//! they bring is kept in the library one feed at a time (each in its own transaction).

use anyhow::Context;
use briefdesk_core::Library;
use briefdesk_core::atomic_file::write_whole;
use briefdesk_core::library::{Feed, FeedFetched, FeedItem, FeedItemQuery, FeedItemState};
use briefdesk_web::opml::{OpmlFeed, read_opml, write_opml};
use briefdesk_web::{WebClient, fetch_feed};
use serde::Serialize;

use crate::args::FeedsCommand;
use crate::output::{print_brief_line, print_json};
use crate::web::runtime;

pub fn run(lib: &mut Library, command: FeedsCommand) -> anyhow::Result<()> {
    match command {
        FeedsCommand::Add { url, json } => {
            let feed = lib.add_feed(&url, None)?;
            let report = fetch(lib, &[feed.id])?;
            let feed = lib.feed(feed.id)?;
            if json {
                return print_json(&feed);
            }
            print_reports(&report);
            print_feed(&feed);
            Ok(())
        }
        FeedsCommand::List { json } => {
            let feeds = lib.feeds()?;
            if json {
                return print_json(&feeds);
            }
            feeds.iter().for_each(print_feed);
            Ok(())
        }
        FeedsCommand::Remove { id, json } => {
            let feed = lib.remove_feed(id)?;
            if json {
                return print_json(&feed);
            }
            println!(
                "unsubscribed from {} ({} items forgotten)",
                feed.name(),
                feed.items
            );
            Ok(())
        }
        FeedsCommand::Fetch { id, json } => {
            let ids: Vec<i64> = match id {
                Some(id) => vec![lib.feed(id)?.id],
                None => lib.feeds()?.into_iter().map(|f| f.id).collect(),
            };
            let reports = fetch(lib, &ids)?;
            if json {
                return print_json(&reports);
            }
            print_reports(&reports);
            Ok(())
        }
        FeedsCommand::Items {
            new,
            feed,
            find,
            limit,
            offset,
            json,
        } => {
            let page = lib.feed_items(&FeedItemQuery {
                feed,
                only_new: new,
                text: find,
                offset,
                limit,
            })?;
            if json {
                return print_json(&page);
            }
            page.items.iter().for_each(print_item);
            eprintln!(
                "{} shown of {} items ({} new)",
                page.items.len(),
                page.total,
                page.new_total
            );
            Ok(())
        }
        FeedsCommand::Draft { id, json } => {
            let brief = lib.draft_from_feed_item(id)?;
            if json {
                return print_json(&brief);
            }
            print_brief_line(&brief);
            Ok(())
        }
        FeedsCommand::Dismiss { id, json } => {
            lib.set_feed_item_state(id, FeedItemState::Dismissed)?;
            if json {
                return print_json(&serde_json::json!({ "id": id, "state": "dismissed" }));
            }
            println!("dismissed item {id}");
            Ok(())
        }
        FeedsCommand::ImportOpml { file, json } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let listed = read_opml(&text, &file.display().to_string())?;
            let before = lib.feeds()?.len();
            // One feed at a time: an address that is not http(s) is reported, the rest kept.
            let mut refused = Vec::new();
            for feed in &listed {
                if let Err(e) = lib.add_feed(&feed.url, Some(&feed.title)) {
                    refused.push(e.to_string());
                }
            }
            let feeds = lib.feeds()?;
            let added = feeds.len() - before;
            if json {
                return print_json(&Imported {
                    listed: listed.len(),
                    added,
                    refused,
                    feeds,
                });
            }
            for reason in &refused {
                eprintln!("skipped: {reason}");
            }
            println!(
                "{added} feeds added of {} listed ({} subscriptions in all); `briefdesk feeds fetch` reads them",
                listed.len(),
                feeds.len()
            );
            Ok(())
        }
        FeedsCommand::ExportOpml { file } => {
            let feeds: Vec<OpmlFeed> = lib
                .feeds()?
                .into_iter()
                .map(|f| OpmlFeed {
                    url: f.url,
                    title: f.title,
                    site_url: f.site_url,
                })
                .collect();
            let text = write_opml(&feeds);
            match file {
                Some(path) => {
                    write_whole(&path, text.as_bytes())?;
                    eprintln!("{} feeds written to {}", feeds.len(), path.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct Imported {
    listed: usize,
    added: usize,
    refused: Vec<String>,
    feeds: Vec<Feed>,
}

/// Fetches feeds `ids` at once and keeps what each brought.
fn fetch(lib: &mut Library, ids: &[i64]) -> anyhow::Result<Vec<FeedFetched>> {
    let client = WebClient::new()?;
    let asks = ids
        .iter()
        .map(|&id| lib.feed_validators(id).map(|v| (id, v)))
        .collect::<Result<Vec<_>, _>>()?;
    let fetched = runtime()?.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (id, validators) in asks {
            let client = client.clone();
            tasks.spawn(async move { (id, fetch_feed(&client, &validators).await) });
        }
        let mut done = Vec::new();
        while let Some(result) = tasks.join_next().await {
            done.push(result.context("a feed's fetch stopped")?);
        }
        anyhow::Ok(done)
    })?;
    let mut reports = Vec::with_capacity(fetched.len());
    for (id, fetch) in fetched {
        reports.push(lib.record_feed_fetch(id, &fetch)?);
    }
    reports.sort_by_key(|r| r.feed);
    Ok(reports)
}

fn print_reports(reports: &[FeedFetched]) {
    for r in reports {
        match &r.error {
            Some(error) => println!("{:>4}  {}: {error}", r.feed, r.title),
            None if r.not_modified => println!("{:>4}  {}: unchanged", r.feed, r.title),
            None => println!(
                "{:>4}  {}: {} new, {} changed",
                r.feed, r.title, r.added, r.updated
            ),
        }
    }
}

fn print_feed(feed: &Feed) {
    let state = match (&feed.error, feed.offline) {
        (Some(_), true) => "  (offline, will try again)".to_string(),
        (Some(error), false) => format!("  (last fetch failed: {error})"),
        (None, _) if feed.fetched_at.is_none() => "  (not fetched yet)".to_string(),
        _ => String::new(),
    };
    println!(
        "{:>4}  {}  {} items, {} new  {}{state}",
        feed.id,
        feed.name(),
        feed.items,
        feed.new_items,
        feed.url
    );
}

fn print_item(item: &FeedItem) {
    let state = match item.state {
        FeedItemState::New => "new",
        FeedItemState::Dismissed => "dismissed",
        FeedItemState::Drafted => "drafted",
    };
    let date = item
        .published_at
        .map(|d| d.date_naive().to_string())
        .unwrap_or_else(|| "-".into());
    let used = item
        .used_in
        .as_ref()
        .map(|u| format!("  [already a source of “{}”]", u.headline))
        .unwrap_or_default();
    println!(
        "{:>6}  {state:<9} {date}  {} — {}{used}",
        item.id, item.title, item.feed_title
    );
    if let Some(url) = &item.url {
        println!("        {url}");
    }
}
