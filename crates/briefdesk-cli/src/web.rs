//! `source fetch`: a page read from the web into a source.

use anyhow::Context;
use briefdesk_core::Library;
use briefdesk_core::check::IssueLink;
use briefdesk_core::library::PageFacts;
use briefdesk_web::{Found, LinkLimits, LinkOutcome, PageInfo, WebClient, check_links, fetch_page};
use serde::Serialize;

use crate::args::SourceCommand;
use crate::output::print_json;

#[derive(Serialize)]
struct Fetched<'a> {
    #[serde(flatten)]
    page: &'a PageInfo,
    /// The outlet this library last used for the site, when the page names none.
    library_outlet: Option<String>,
    /// What was filled in the brief given with `--brief`.
    filled: Vec<&'static str>,
}

pub fn run(lib: &mut Library, command: SourceCommand) -> anyhow::Result<()> {
    let SourceCommand::Fetch { url, brief, json } = command;
    let page = fetch(&url)?;
    let library_outlet = match page.outlet {
        Some(_) => None,
        None => lib.last_outlet_for_site(&url)?,
    };
    let mut filled = Vec::new();
    let mut headline = None;
    if let Some(id) = brief {
        let id = Library::parse_brief_id(&id)?;
        let facts = PageFacts {
            outlet: value(&page.outlet).or_else(|| library_outlet.clone()),
            date: page.published.as_ref().map(|f| f.value),
            title: value(&page.title),
            encoding: page.encoding.clone(),
            text: page.text.clone(),
        };
        let (brief, done) = lib.fill_source(id, &url, &facts)?;
        filled = done;
        headline = Some(brief.headline);
    }
    if json {
        return print_json(&Fetched {
            page: &page,
            library_outlet,
            filled,
        });
    }
    println!("{}  (read as {})", page.final_url, page.encoding);
    line("canonical", &page.canonical_url);
    match (&page.outlet, &library_outlet) {
        (None, Some(outlet)) => println!(
            "{:<10} {outlet}  (the outlet this library last used for the site)",
            "outlet"
        ),
        _ => line("outlet", &page.outlet),
    }
    line("date", &page.published);
    line("title", &page.title);
    line("language", &page.language);
    let words = page.text.split_whitespace().count();
    println!("{:<10} {words} words of readable text", "text");
    if let Some(headline) = headline {
        if filled.is_empty() {
            println!(
                "nothing to fill in “{headline}”: its source already has an outlet, date and title (the page's text is kept)"
            );
        } else {
            println!(
                "filled {} in “{headline}” (the page's text is kept)",
                filled.join(", ")
            );
        }
    }
    Ok(())
}

fn value(found: &Option<Found<String>>) -> Option<String> {
    found.as_ref().map(|f| f.value.clone())
}

fn line<T: std::fmt::Display>(name: &str, found: &Option<Found<T>>) {
    match found {
        Some(f) => println!("{name:<10} {}  (from {})", f.value, f.from.label()),
        None => println!("{name:<10} -  (not on the page)"),
    }
}

/// A runtime on this thread: the CLI does one thing at a time (the link check's requests
/// still run concurrently on it).
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")
}

fn fetch(url: &str) -> anyhow::Result<PageInfo> {
    let client = WebClient::new()?;
    Ok(runtime()?.block_on(fetch_page(&client, url))?)
}

/// A link of the issue and what became of it.
#[derive(Serialize)]
pub struct CheckedLink {
    #[serde(flatten)]
    pub link: IssueLink,
    pub outcome: LinkOutcome,
}

/// Every link of issue `number`, fetched.
pub fn check_issue_links(lib: &Library, number: u32) -> anyhow::Result<Vec<CheckedLink>> {
    let links = lib.issue_links(number)?;
    let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
    let client = WebClient::new()?;
    let checked = runtime()?.block_on(check_links(&client, &urls, &LinkLimits::default()));
    Ok(links
        .into_iter()
        .zip(checked)
        .map(|(link, checked)| CheckedLink {
            link,
            outcome: checked.outcome,
        })
        .collect())
}

/// "Headline: source link https://… is broken: … answered 404 Not Found".
pub fn describe_link(checked: &CheckedLink) -> String {
    let place = if checked.link.in_body {
        "body"
    } else {
        "source"
    };
    let (headline, url) = (&checked.link.brief.headline, &checked.link.url);
    let what = checked.outcome.describe();
    format!("{headline}: {place} link {url} {what}")
}
