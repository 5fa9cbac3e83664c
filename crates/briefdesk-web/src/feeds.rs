//! Feeds: RSS, Atom and JSON Feed read with feed-rs, fetched with conditional requests so an
//! unchanged feed costs a 304. Titles and summaries leave here as plain text: whatever markup a
//! feed carries (and any script in it) is reduced to its words before the library sees it.

use briefdesk_core::library::{FeedFetch, FeedValidators, IncomingItem};
use chrono::{DateTime, Utc};

use crate::html::{collapse, tokenize};
use crate::{WebClient, WebError};

/// The most characters of a summary kept: the inbox shows a line or two.
const SUMMARY_CHARS: usize = 600;

/// A feed as read from its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub title: String,
    pub site_url: Option<String>,
    pub items: Vec<IncomingItem>,
}

/// Fetches the feed at `validators.url`, sending its ETag and Last-Modified so that an
/// unchanged feed answers 304. A failure (offline, a 500, broken XML) is returned as
/// [`FeedFetch::Failed`], never as an error: the caller records it on the feed and keeps its
/// items.
pub async fn fetch_feed(client: &WebClient, validators: &FeedValidators) -> FeedFetch {
    match try_fetch(client, validators).await {
        Ok(fetch) => fetch,
        Err(e) => FeedFetch::Failed {
            offline: e.is_offline(),
            message: e.to_string(),
        },
    }
}

async fn try_fetch(client: &WebClient, validators: &FeedValidators) -> Result<FeedFetch, WebError> {
    let fetched = client
        .get_conditional(
            &validators.url,
            validators.etag.as_deref(),
            validators.last_modified.as_deref(),
        )
        .await?;
    if fetched.status == 304 {
        return Ok(FeedFetch::NotModified);
    }
    fetched.require_success()?;
    let feed = parse_feed(&fetched.body, fetched.final_url.as_str())?;
    Ok(FeedFetch::Fetched {
        title: feed.title,
        site_url: feed.site_url,
        etag: fetched.etag,
        last_modified: fetched.last_modified,
        items: feed.items,
    })
}

/// Reads `bytes` as RSS, Atom or JSON Feed; `url` is where they came from (for relative links
/// and the error). Broken XML is an error naming the feed and what was wrong.
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, WebError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .sanitize_content(false)
        // An item without an id of its own is known by its link, else its title: the same on
        // every fetch (feed-rs would otherwise make a random one, a duplicate each time).
        .id_generator(|links, title, _| {
            links
                .first()
                .map(|l| l.href.trim().to_string())
                .or_else(|| title.as_ref().map(|t| t.content.trim().to_string()))
                .unwrap_or_default()
        })
        .build();
    let feed = parser.parse(bytes).map_err(|e| WebError::NotAFeed {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    let site_url = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.clone())
        .filter(|h| is_web(h));
    let items = feed
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.trim().to_string())
                .filter(|h| is_web(h));
            let title = entry
                .title
                .as_ref()
                .map(|t| plain(&t.content))
                .unwrap_or_default();
            let summary = entry
                .summary
                .as_ref()
                .map(|t| t.content.clone())
                .or_else(|| entry.content.as_ref().and_then(|c| c.body.clone()))
                .map(|s| shorten(&plain(&s), SUMMARY_CHARS))
                .unwrap_or_default();
            let published: Option<DateTime<Utc>> = entry.published.or(entry.updated);
            let guid = if entry.id.trim().is_empty() {
                link.clone().unwrap_or_else(|| title.clone())
            } else {
                entry.id.trim().to_string()
            };
            IncomingItem {
                guid,
                url: link,
                title,
                summary,
                published_at: published,
            }
        })
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| plain(&t.content)).unwrap_or_default(),
        site_url,
        items,
    })
}

/// Only http(s) links are kept: a `javascript:` or `data:` link in a feed is not a source.
fn is_web(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The words of `text`, which may be HTML (escaped or not): tags, scripts and styles gone,
/// character references decoded, whitespace collapsed.
pub fn plain(text: &str) -> String {
    if !text.contains('<') && !text.contains('&') {
        return collapse(text);
    }
    let page = tokenize(text);
    let words = page.body.join(" ");
    let once = collapse(&words);
    // Feeds often escape their HTML twice ("&lt;p&gt;"); a second pass removes what the first
    // decoded into markup.
    if once.contains('<') {
        collapse(&tokenize(&once).body.join(" "))
    } else {
        once
    }
}

fn shorten(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rsplit_once(' ').map_or(head, |(h, _)| h);
            format!("{head}…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_script_become_words() {
        assert_eq!(
            plain("<p>Ports <b>reopen</b></p><script>alert(1)</script>"),
            "Ports reopen"
        );
        assert_eq!(
            plain("&lt;p&gt;Ports &amp; docks&lt;/p&gt;"),
            "Ports & docks"
        );
        assert_eq!(plain("  plain   words "), "plain words");
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let text = "word ".repeat(400);
        let cut = shorten(text.trim(), 20);
        assert_eq!(cut, "word word word word…");
    }
}
