//! Briefdesk Markdown: escaping text so it reads as text, neutralizing raw HTML in bodies, and
//! the invisible `<!-- briefdesk:… -->` comments that let an exported file import back.

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::{Deserialize, Serialize};

use super::json::SourceDoc;
use crate::model::{IssueStatus, Status};

/// Opens each marker comment; the reader looks for lines that start with it.
pub(crate) const MARKER_PREFIX: &str = "<!-- briefdesk:";
pub(crate) const MARKER_SUFFIX: &str = " -->";

/// What the issue marker carries: the issue fields not shown elsewhere in the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IssueMeta {
    pub number: u32,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub status: IssueStatus,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub preheader: String,
    #[serde(default)]
    pub publication: PublicationMeta,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PublicationMeta {
    pub name: String,
    pub tagline: String,
}

/// What a brief marker carries: the brief fields the visible Markdown cannot hold exactly.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct BriefMeta {
    pub status: Status,
    pub tags: Vec<String>,
    pub sources: Vec<SourceDoc>,
}

/// `<!-- briefdesk:{kind} {json} -->` on one line. `<`, `>` and `&` are written as `\u003c`…
/// so the JSON can never close the comment early.
pub(crate) fn marker(kind: &str, value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    let mut out = String::with_capacity(json.len() + 32);
    out.push_str(MARKER_PREFIX);
    out.push_str(kind);
    out.push(' ');
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out.push_str(MARKER_SUFFIX);
    out
}

/// Escapes text (a headline, an outlet) so Markdown shows it literally: no emphasis, links,
/// HTML, entities or closing `#`s. Line breaks become spaces.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL as a Markdown link destination, escaped so no character ends it early.
pub(crate) fn link_destination(url: &str) -> String {
    let pointy = url.contains(char::is_whitespace);
    let mut out = String::with_capacity(url.len() + 4);
    if pointy {
        out.push('<');
    }
    let mut rest = url;
    while let Some(c) = rest.chars().next() {
        let escape = match c {
            '\\' | '<' | '>' => true,
            '(' | ')' => !pointy,
            // Only `&name;` would be read as an entity; `?a=1&b=2` stays as it is.
            '&' => looks_like_entity(rest),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if pointy {
        out.push('>');
    }
    out
}

fn looks_like_entity(at_ampersand: &str) -> bool {
    let after = &at_ampersand[1..];
    match after.find(';') {
        Some(end) => {
            end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        }
        None => false,
    }
}

/// A Markdown body made safe for any Markdown renderer: every raw HTML tag escaped
/// (`\<script>`) and links to anything but http(s), mailto or a relative address escaped into
/// text, as Briefdesk's own HTML export shows them. Everything else is left byte for byte.
pub fn neutralize_html(md: &str) -> String {
    // Escaping an HTML block turns its text into Markdown, which may hold links to check: go
    // again until nothing changes. Each pass only adds backslashes, so this ends quickly.
    let mut out = escape_pass(md);
    for _ in 0..8 {
        let next = escape_pass(&out);
        if next == out {
            break;
        }
        out = next;
    }
    out
}

/// Undoes [`neutralize_html`] on text it produced, so an exported body reads back as it was
/// stored. The backslashes it may have added are all before `<` or `[`; removing them is only
/// accepted when neutralizing the result gives back exactly `exported`. Otherwise the text is
/// kept as written, which renders the same.
pub fn restore_neutralized(exported: &str) -> String {
    if !exported.contains("\\<") && !exported.contains("\\[") {
        return exported.to_string();
    }
    let candidate = exported.replace("\\<", "<").replace("\\[", "[");
    if neutralize_html(&candidate) == exported {
        candidate
    } else {
        exported.to_string()
    }
}

fn escape_pass(md: &str) -> String {
    let mut cuts: Vec<usize> = Vec::new();
    let parser = Parser::new_ext(md, Options::empty());
    // A link reference definition is no link by itself, but the export puts every body into
    // one document, where it would serve a `[text][label]` written in another field.
    for (_, definition) in parser.reference_definitions().iter() {
        if !is_safe_destination(&definition.dest) {
            let span = definition.span.clone();
            cuts.push(
                md[span.clone()]
                    .find('[')
                    .map_or(span.start, |at| span.start + at),
            );
        }
    }
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => cuts.extend(
                md[range.clone()]
                    .match_indices('<')
                    .map(|(at, _)| range.start + at),
            ),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe_destination(&dest_url) =>
            {
                // `[`, `![` or an autolink's `<`: escaping it leaves the link as plain text.
                let opener = md[range.clone()]
                    .find(['[', '<'])
                    .map_or(range.start, |at| range.start + at);
                cuts.push(opener);
            }
            _ => {}
        }
    }
    if cuts.is_empty() {
        return md.to_string();
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(md.len() + cuts.len());
    let mut from = 0;
    for at in cuts {
        out.push_str(&md[from..at]);
        out.push('\\');
        from = at;
    }
    out.push_str(&md[from..]);
    out
}

/// http(s) and mailto links, and relative ones (which have no scheme to abuse).
fn is_safe_destination(url: &str) -> bool {
    match url::Url::parse(url.trim()) {
        Ok(parsed) => matches!(parsed.scheme(), "http" | "https" | "mailto"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_cannot_close_early() {
        let m = marker("brief", &serde_json::json!({"t": "a --> b <!-- & c"}));
        assert_eq!(
            m,
            r#"<!-- briefdesk:brief {"t":"a --\u003e b \u003c!-- \u0026 c"} -->"#
        );
        assert_eq!(m.matches("-->").count(), 1);
    }

    #[test]
    fn raw_html_is_escaped_and_the_rest_untouched() {
        let md = "Hi <b onclick=x>there</b> & `<code>`\n\n<script>\nalert(1)\n</script>\n\n> q";
        assert_eq!(
            neutralize_html(md),
            "Hi \\<b onclick=x>there\\</b> & `<code>`\n\n\\<script>\nalert(1)\n\\</script>\n\n> q"
        );
    }

    #[test]
    fn links_revealed_by_escaping_an_html_block_are_checked_too() {
        let md = "<script>x</script> [a](javascript:alert(1))";
        assert_eq!(
            neutralize_html(md),
            "\\<script>x\\</script> \\[a](javascript:alert(1))"
        );
    }

    #[test]
    fn unsafe_links_become_text_and_safe_ones_stay() {
        let md = "[a](javascript:alert(1)) ![b](data:x) <vbscript:x> [c](&#106;avascript:x) \
                  [ok](https://x.org) [rel](/p) <mailto:a@b.c>";
        assert_eq!(
            neutralize_html(md),
            "\\[a](javascript:alert(1)) !\\[b](data:x) \\<vbscript:x> \\[c](&#106;avascript:x) \
             [ok](https://x.org) [rel](/p) <mailto:a@b.c>"
        );
    }

    #[test]
    fn unsafe_reference_definitions_become_text_for_other_fields_too() {
        // The second definition of a label counts once the first is text: it goes too.
        let md = "[ok]: https://example.org\n\n[bad]: javascript:alert(1)\n\n  [Bad]: <data:x>";
        let out = neutralize_html(md);
        assert_eq!(
            out,
            "[ok]: https://example.org\n\n\\[bad]: javascript:alert(1)\n\n  \\[Bad]: \\<data:x>"
        );
        assert_eq!(restore_neutralized(&out), md);
    }
}
