//! Briefdesk's way onto the web, kept out of the core and free of Tauri so it can be tested
//! headless: the one HTTP client of the app ([`WebClient`]), the decoding of pages in whatever
//! charset they declare ([`charset`]), and what a page says about itself: canonical URL,
//! outlet, publication date, title, language and its readable text ([`page`]); and feeds
//! ([`feeds`]) with their subscription lists ([`opml`]).

pub mod charset;
pub mod client;
mod error;
pub mod feeds;
mod html;
pub mod links;
pub mod opml;
pub mod page;

pub use client::{Fetched, Limits, Probe, USER_AGENT, WebClient};
pub use error::WebError;
pub use feeds::{ParsedFeed, fetch_feed, parse_feed};
pub use links::{LinkCheck, LinkLimits, LinkOutcome, check_links};
pub use page::{Found, Origin, PageInfo, read_page};

/// Fetches `url` and reads it as a web page: the work behind "fill this source from its URL".
pub async fn fetch_page(client: &WebClient, url: &str) -> Result<PageInfo, WebError> {
    let fetched = client.get(url).await?;
    fetched.require_success()?;
    fetched.require_html()?;
    Ok(read_page(&fetched))
}
