//! The browser clipper's links, `briefdesk://clip?url=…&title=…&selection=…`: read, checked and
//! turned into a draft brief. A link comes from any web page the editor visits, so it is
//! hostile input: it can only ever describe one draft (no other action exists), every part has a
//! length limit, and its text is cleaned as imported text is before anything is stored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{BriefDraft, BriefId, SourceDraft, Status};
use crate::validate;

/// The scheme the app is registered for (tauri.conf.json, plugins.deep-link).
pub const SCHEME: &str = "briefdesk";

/// The whole link, in bytes as it arrives (percent-encoded). Under Linux's limit on one
/// command-line argument (128 KiB), which is how the link reaches the app there; it leaves room
/// for a selection of [`MAX_SELECTION_CHARS`] even in a script whose characters encode to 9 bytes.
pub const MAX_LINK_BYTES: usize = 120_000;
/// The page's address, in characters.
pub const MAX_URL_CHARS: usize = 2_048;
/// The page's title, in characters: it becomes the headline, which holds 300.
pub const MAX_TITLE_CHARS: usize = validate::MAX_HEADLINE_CHARS;
/// The selected text, in characters: a few paragraphs to quote. The bookmarklet cuts a longer
/// selection to this; a link carrying more is refused.
pub const MAX_SELECTION_CHARS: usize = 10_000;

/// What a clip link carries, checked and cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// The page's http(s) address.
    pub url: String,
    /// The page's host, for "clipped from …" (without a leading `www.`).
    pub host: String,
    /// The page's title, one line; empty when the link had none.
    pub title: String,
    /// The selected text, its line breaks kept; empty when nothing was selected.
    pub selection: String,
}

/// What the window is told of a clip link: the draft it made ("clipped from <host>"), then again
/// when the page's fill is done; or, with no draft, why the link was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClipNotice {
    /// The draft made; `None` when nothing was made.
    pub brief: Option<BriefId>,
    /// The page's host, empty when the link was refused before it was read.
    pub host: String,
    /// What happened, in words, for the notice.
    pub message: String,
    /// False when the link was refused (or could not be kept): the notice is an error.
    pub ok: bool,
}

/// Reads a `briefdesk://clip?…` link. Anything else, anything oversized or malformed, is
/// refused with an error saying what and which part; nothing is ever half-read.
pub fn parse_link(link: &str) -> Result<Clip> {
    if link.len() > MAX_LINK_BYTES {
        return Err(Error::invalid(
            "link",
            format!(
                "the clip link is {} bytes, over the limit of {} bytes; nothing was clipped",
                validate::thousands(link.len()),
                validate::thousands(MAX_LINK_BYTES)
            ),
        ));
    }
    let parsed = url::Url::parse(link.trim())
        .map_err(|e| Error::invalid("link", format!("not a link Briefdesk can read ({e})")))?;
    if !parsed.scheme().eq_ignore_ascii_case(SCHEME) {
        return Err(Error::invalid(
            "link",
            format!("not a {SCHEME}:// link (it is {}:)", parsed.scheme()),
        ));
    }
    let action = parsed.host_str().unwrap_or_default();
    if !action.eq_ignore_ascii_case("clip") || !matches!(parsed.path(), "" | "/") {
        return Err(Error::invalid(
            "link",
            "a Briefdesk link can only clip a page (briefdesk://clip?url=…); nothing else is done",
        ));
    }
    let (mut url, mut title, mut selection) = (None, None, None);
    for (key, value) in parsed.query_pairs() {
        let slot = match key.as_ref() {
            "url" => &mut url,
            "title" => &mut title,
            "selection" => &mut selection,
            // Parts a later bookmarklet may add are not this version's business.
            _ => continue,
        };
        if slot.is_some() {
            return Err(Error::invalid(
                key.as_ref(),
                "given twice in the link; nothing was clipped",
            ));
        }
        *slot = Some(value.into_owned());
    }
    let url = url.map(|u| clean(&u)).unwrap_or_default();
    let url = page_url(url.trim())?;
    let host = parsed_host(&url);
    let title = validate::one_line(&clean(title.as_deref().unwrap_or_default()));
    validate::within("title", &title, MAX_TITLE_CHARS)?;
    let selection = clean(selection.as_deref().unwrap_or_default());
    let selection = selection.trim_matches('\n').trim_end().to_string();
    validate::within("selection", &selection, MAX_SELECTION_CHARS)?;
    Ok(Clip {
        url,
        host,
        title,
        selection,
    })
}

/// Only an http(s) page with a host, no user name or password, of a sane length.
fn page_url(url: &str) -> Result<String> {
    if url.is_empty() {
        return Err(Error::invalid(
            "url",
            "the link names no page (url=…); nothing was clipped",
        ));
    }
    validate::within("url", url, MAX_URL_CHARS)?;
    let parsed = url::Url::parse(url)
        .map_err(|e| Error::invalid("url", format!("{url:?} is not a web address ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid(
            "url",
            format!(
                "only web pages (http, https) can be clipped, not a {}: address",
                parsed.scheme()
            ),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid(
            "url",
            "the page's address carries a user name or password; nothing was clipped",
        ));
    }
    validate::url("url", url)
}

fn parsed_host(url: &str) -> String {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

/// Text from the page as imported text is kept: line breaks made `\n`, and control characters,
/// direction overrides and invisible characters (which could hide or reorder what the editor
/// sees) dropped. Tabs become spaces; everything else, markup included, stays as text: the
/// window shows it as text and every export escapes or sanitises it.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect()
}

impl Clip {
    /// The draft the clip makes: the title as headline (else "Clipped from <host>"), the
    /// selection as a Markdown block quote with its lines kept, and one source whose URL is the
    /// page and whose outlet is the host until the page's own fill names a better one.
    pub fn draft(&self) -> BriefDraft {
        let headline = if self.title.is_empty() {
            format!("Clipped from {}", self.host)
        } else {
            self.title.clone()
        };
        BriefDraft {
            headline,
            body: block_quote(&self.selection),
            sources: vec![SourceDraft {
                outlet: self.host.clone(),
                date: None,
                url: Some(self.url.clone()),
                title: (!self.title.is_empty()).then(|| self.title.clone()),
            }],
            tags: Vec::new(),
            status: Status::Draft,
            notes: String::new(),
        }
    }
}

/// `text` as a Markdown block quote: each line behind `> `, blank lines kept inside the quote.
fn block_quote(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    text.lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                ">".to_string()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, title: &str, selection: &str) -> String {
        let mut out = url::Url::parse("briefdesk://clip").unwrap();
        out.query_pairs_mut()
            .append_pair("url", url)
            .append_pair("title", title)
            .append_pair("selection", selection);
        out.to_string()
    }

    fn refusal(link: &str) -> String {
        parse_link(link).unwrap_err().to_string()
    }

    #[test]
    fn a_clip_becomes_a_draft_with_the_selection_quoted() {
        let clip = parse_link(&link(
            "https://www.rfa.org/english/news/story.html",
            "Ferry line  restored",
            "He said: \"it runs again\".\n\nFrom Monday, 'they' said.\n",
        ))
        .unwrap();
        assert_eq!(clip.host, "rfa.org");
        assert_eq!(clip.title, "Ferry line restored");
        let draft = clip.draft();
        assert_eq!(draft.headline, "Ferry line restored");
        assert_eq!(
            draft.body,
            "> He said: \"it runs again\".\n>\n> From Monday, 'they' said."
        );
        assert_eq!(draft.status, Status::Draft);
        assert_eq!(draft.sources.len(), 1);
        assert_eq!(
            draft.sources[0].url.as_deref(),
            Some("https://www.rfa.org/english/news/story.html")
        );
        assert_eq!(draft.sources[0].outlet, "rfa.org");
        assert!(validate::brief(&draft).is_ok());
    }

    #[test]
    fn the_bookmarklets_encoding_reads_back() {
        // encodeURIComponent: spaces as %20, "+" as %2B, newlines as %0A.
        let clip = parse_link(
            "briefdesk://clip?url=https%3A%2F%2Fexample.org%2Fa%3Fb%3D1%26c%3D2&title=A%20%2B%20B&selection=line%201%0Aline%202",
        )
        .unwrap();
        assert_eq!(clip.url, "https://example.org/a?b=1&c=2");
        assert_eq!(clip.title, "A + B");
        assert_eq!(clip.selection, "line 1\nline 2");
    }

    #[test]
    fn no_title_and_no_selection_still_make_a_draft() {
        let clip = parse_link("briefdesk://clip?url=http%3A%2F%2Fnews.example%2Fx").unwrap();
        let draft = clip.draft();
        assert_eq!(draft.headline, "Clipped from news.example");
        assert_eq!(draft.body, "");
        assert!(validate::brief(&draft).is_ok());
    }

    #[test]
    fn only_clip_links_are_read() {
        for other in [
            "https://example.org/",
            "file:///etc/passwd",
            "briefdesk://delete?id=1",
            "briefdesk://export?issue=12",
            "briefdesk://clip/publish?url=https%3A%2F%2Fexample.org",
            "not a link at all",
            "",
        ] {
            assert!(parse_link(other).is_err(), "{other:?} was read");
        }
        assert!(refusal("briefdesk://delete?id=1").contains("can only clip a page"));
    }

    #[test]
    fn only_web_pages_can_be_clipped() {
        for page in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///home/editor/library.sqlite3",
            "ftp://example.org/file",
            "briefdesk://clip?url=x",
            "https://user:secret@example.org/",
            "https://",
            "example.org/no-scheme",
        ] {
            let refused = refusal(&link(page, "Title", "text"));
            assert!(refused.starts_with("url: "), "{page}: {refused}");
        }
        assert!(refusal(&link("javascript:alert(1)", "T", "")).contains("only web pages"));
        assert!(refusal("briefdesk://clip?title=x").contains("names no page"));
    }

    #[test]
    fn oversized_links_and_parts_are_refused_with_the_limit() {
        let ten_mb = "x".repeat(10 * 1024 * 1024);
        let refused = refusal(&link("https://example.org/", "T", &ten_mb));
        assert!(
            refused.contains("over the limit of 120,000 bytes"),
            "{refused}"
        );

        let long_selection = "y".repeat(MAX_SELECTION_CHARS + 1);
        let refused = refusal(&link("https://example.org/", "T", &long_selection));
        assert!(refused.starts_with("selection: "), "{refused}");
        let at_limit = "y".repeat(MAX_SELECTION_CHARS);
        assert!(parse_link(&link("https://example.org/", "T", &at_limit)).is_ok());

        let long_title = "t".repeat(MAX_TITLE_CHARS + 1);
        assert!(refusal(&link("https://example.org/", &long_title, "")).starts_with("title: "));
        let long_url = format!("https://example.org/{}", "p".repeat(MAX_URL_CHARS));
        assert!(refusal(&link(&long_url, "T", "")).starts_with("url: "));
    }

    #[test]
    fn malformed_links_are_refused() {
        assert!(
            refusal("briefdesk://clip?url=https%3A%2F%2Fa.org&url=https%3A%2F%2Fb.org")
                .contains("given twice")
        );
        assert!(parse_link("briefdesk://clip").is_err());
        assert!(parse_link("briefdesk://clip?url=%ZZ").is_err());
    }

    #[test]
    fn hostile_text_stays_text_and_loses_its_hidden_characters() {
        let clip = parse_link(&link(
            "https://example.org/",
            "<script>alert('x')</script>\u{202E}evil\u{0007}",
            "<img src=x onerror=alert(1)>\u{200B}\r\nnext\u{0000}",
        ))
        .unwrap();
        // Kept as text (the window shows text; exports escape and sanitise), not run, not lost.
        assert_eq!(clip.title, "<script>alert('x')</script>evil");
        assert_eq!(clip.selection, "<img src=x onerror=alert(1)>\nnext");
        assert!(!clip.draft().body.contains('\u{200B}'));
    }
}
