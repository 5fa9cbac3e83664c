//! Saved links as draft briefs: browser bookmark files (the Netscape HTML every browser,
//! Pinboard and Raindrop export), Pocket's export (HTML and CSV) and Instapaper's CSV.
//!
//! Each link becomes a draft brief: its title the headline (the address when it has none), the
//! link its source (the outlet named after the site), its folders and tags the brief's tags, and
//! the date it was saved kept in the brief's notes (it is not the date the page was published,
//! so it is not the source's date). Links that are not web pages (`javascript:`, `place:`) are
//! reported as skipped; links already in the library are found as any import's duplicates are.

mod csv;
mod html;

use chrono::DateTime;

use super::lines::{host, one_line};
use super::{LineRole, Parsed, ParsedBrief, Placed, Skipped};
use crate::model::{BriefDraft, SourceDraft};

pub(super) use csv::{is_read_later_csv, parse as parse_csv};
pub(super) use html::{is_bookmarks_html, parse as parse_html};

/// One saved link, as a file describes it.
#[derive(Debug, Default)]
struct Link {
    /// 1-based line of the link in the file.
    line: usize,
    url: String,
    title: String,
    tags: Vec<String>,
    /// Seconds since 1970 when it was saved, if the file says.
    saved: Option<i64>,
    /// A note or the selected text saved with it.
    note: String,
}

/// Turns links into draft briefs, skipping what is not a web page.
fn briefs(links: Vec<Link>, layout: &str) -> Parsed {
    let mut out = Parsed {
        layout: layout.to_string(),
        ..Parsed::default()
    };
    for link in links {
        let url = link.url.trim().to_string();
        if crate::validate::url("url", &url).is_err() {
            out.skipped.push(Skipped {
                line: link.line,
                text: if url.is_empty() { link.title } else { url },
                reason: "a saved link that is not a web page (http or https)".into(),
            });
            continue;
        }
        let outlet = host(&url).unwrap_or_else(|| url.clone());
        let mut headline = one_line(&link.title);
        if headline.is_empty() {
            headline = url.clone();
        }
        let headline: String = headline
            .chars()
            .take(crate::validate::MAX_HEADLINE_CHARS)
            .collect();
        let mut notes = Vec::new();
        if let Some(saved) = link.saved.and_then(|s| DateTime::from_timestamp(s, 0)) {
            notes.push(format!("Saved {}.", saved.date_naive()));
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in link.tags {
            let tag = one_line(&tag);
            if !tag.is_empty() && !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                tags.push(tag);
            }
        }
        out.briefs.push(ParsedBrief {
            line: link.line,
            draft: BriefDraft {
                headline: headline.clone(),
                body: link.note.trim().to_string(),
                sources: vec![SourceDraft {
                    outlet,
                    date: None,
                    url: Some(url.clone()),
                    title: None,
                }],
                tags,
                notes: notes.join(" "),
                ..BriefDraft::default()
            },
            section: None,
            placed: vec![Placed {
                line: link.line,
                role: LineRole::Headline,
                text: headline,
            }],
        });
    }
    out
}
