//! Netscape bookmark HTML (`<DT><A HREF=… ADD_DATE=… TAGS=…>Title</A>` in `<DL>` folders under
//! `<H3>` names) and Pocket's HTML export (`<li><a href=… time_added=… tags=…>`). Both are
//! written by programs, not people, so a tolerant scan of the tags is enough; nothing in them is
//! ever rendered as HTML.

use super::{Link, briefs};
use crate::import::Parsed;

/// Whether `text` is a bookmark file or Pocket's HTML export.
pub(in crate::import) fn is_bookmarks_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<!doctype netscape-bookmark-file")
        || (head.contains("<title>pocket export</title>"))
        || (head.trim_start().starts_with('<') && text.to_ascii_lowercase().contains("<dt><a "))
}

pub(in crate::import) fn parse(text: &str) -> Parsed {
    let pocket = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase()
        .contains("pocket export");
    let mut links: Vec<Link> = Vec::new();
    // The folders open around the current position: each <H3> names the <DL> after it.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut pending_folder: Option<String> = None;
    // Pocket's "Unread" / "Read Archive" headings are not folders an editor made.
    let mut at = 0;
    // Lines counted so far, up to `counted`: counting from the start for every link would make
    // a 20,000-link file quadratic.
    let (mut line, mut counted) = (1, 0);
    while let Some(open) = text[at..].find('<').map(|o| at + o) {
        let Some(close) = text[open..].find('>').map(|c| open + c) else {
            break;
        };
        let tag = &text[open + 1..close];
        at = close + 1;
        let name = tag_name(tag);
        match name.as_str() {
            "h3" => {
                let (title, end) = inner_text(text, at, "</h3");
                pending_folder = Some(title);
                at = end;
            }
            "dl" => folders.push(pending_folder.take()),
            "/dl" => {
                folders.pop();
            }
            "a" => {
                let (title, end) = inner_text(text, at, "</a");
                line += text[counted..open].matches('\n').count();
                counted = open;
                let mut tags: Vec<String> = if pocket {
                    Vec::new()
                } else {
                    folders.iter().flatten().cloned().collect()
                };
                if let Some(list) = attribute(tag, "tags") {
                    tags.extend(
                        list.split([',', '|'])
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_string),
                    );
                }
                let saved = attribute(tag, "add_date")
                    .or_else(|| attribute(tag, "time_added"))
                    .and_then(|s| s.trim().parse::<i64>().ok());
                let (note, after) = description(text, end);
                links.push(Link {
                    line,
                    url: attribute(tag, "href").unwrap_or_default(),
                    title,
                    tags,
                    saved,
                    note,
                });
                at = after;
            }
            _ => {}
        }
    }
    let layout = if pocket {
        "Pocket's export (HTML): each saved link a draft brief"
    } else {
        "a bookmarks file: each link a draft brief, its folders and tags as tags"
    };
    briefs(links, layout)
}

/// "A HREF=…" → "a"; "/DL" → "/dl"; "br/" → "br".
fn tag_name(tag: &str) -> String {
    let name = tag.split(char::is_whitespace).next().unwrap_or_default();
    let name = name.strip_suffix('/').unwrap_or(name);
    name.to_ascii_lowercase()
}

/// Where `needle` (lowercase ASCII) starts in `haystack`, ignoring ASCII case.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, pin) = (haystack.as_bytes(), needle.as_bytes());
    let first = *pin.first()?;
    let mut from = 0;
    while let Some(at) = hay[from..]
        .iter()
        .position(|b| b.to_ascii_lowercase() == first)
        .map(|p| from + p)
    {
        if hay
            .get(at..at + pin.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(pin))
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The text up to the closing tag `end_tag` (lowercase, without `>`), entities decoded, and
/// where scanning resumes.
fn inner_text(text: &str, from: usize, end_tag: &str) -> (String, usize) {
    let rest = &text[from..];
    match find_ignoring_case(rest, end_tag) {
        Some(end) => {
            let after = rest[end..]
                .find('>')
                .map_or(text.len(), |c| from + end + c + 1);
            (decode(&strip_tags(&rest[..end])), after)
        }
        None => (String::new(), from),
    }
}

/// The `<DD>` description right after a bookmark, if there is one.
fn description(text: &str, from: usize) -> (String, usize) {
    let rest = &text[from..];
    let trimmed = rest.trim_start();
    if !trimmed
        .get(..4)
        .is_some_and(|t| t.eq_ignore_ascii_case("<dd>"))
    {
        return (String::new(), from);
    }
    let start = from + (rest.len() - trimmed.len()) + 4;
    let end = text[start..].find('<').map_or(text.len(), |e| start + e);
    (decode(text[start..end].trim()), end)
}

/// The value of `name` (any case) in a tag's attributes, quoted or not, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name).map(|f| from + f) {
        from = found + name.len();
        let before_ok = lower[..found].ends_with(char::is_whitespace);
        let rest = lower[found + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value.split_whitespace().next().unwrap_or_default(),
        };
        return Some(decode(value));
    }
    None
}

fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Decodes the entities these files use: named `&amp; &lt; &gt; &quot; &apos; &nbsp;` and
/// numeric ones. Anything else stays as written.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32)
                .filter(|c| *c != '\0'),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_entities() {
        let tag =
            r#"A HREF="https://a.example/?x=1&amp;y=2" ADD_DATE="1606473600" TAGS="china,tech""#;
        assert_eq!(
            attribute(tag, "href").as_deref(),
            Some("https://a.example/?x=1&y=2")
        );
        assert_eq!(attribute(tag, "add_date").as_deref(), Some("1606473600"));
        assert_eq!(attribute(tag, "tags").as_deref(), Some("china,tech"));
        assert_eq!(attribute(tag, "date"), None);
        assert_eq!(
            decode("A &lt;b&gt; &#233;t&#xE9; &bogus; &"),
            "A <b> été &bogus; &"
        );
    }
}
