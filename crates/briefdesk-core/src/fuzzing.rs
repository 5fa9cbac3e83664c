//! What the fuzz targets (`fuzz/fuzz_targets/`) do with one input, shared with the test that
//! replays the committed corpus on stable Rust (`tests/fuzz_corpus.rs`). Each function feeds
//! bytes through the public entry points the app and the CLI call, and panics when a promise is
//! broken: a panic inside the core, an import error that does not say where, a line number
//! outside the input, an issue that imports but does not export, or HTML that could run script
//! or load something.

use crate::error::Error;
use crate::export::{self, ExportFormat};
use crate::import::{self, ImportFormat, ImportOptions, Parsed};
use crate::library::Library;

/// Briefing text (the house style).
pub fn import_text(data: &[u8]) {
    check_parse(data, ImportFormat::Text);
}

/// Briefdesk Markdown.
pub fn import_markdown(data: &[u8]) {
    check_parse(data, ImportFormat::Markdown);
}

/// Briefdesk JSON.
pub fn import_json(data: &[u8]) {
    check_parse(data, ImportFormat::Json);
}

/// A bookmarks file (Netscape HTML) or Pocket's HTML export: besides the parse checks, every
/// brief is a web link.
pub fn import_bookmarks(data: &[u8]) {
    check_parse(data, ImportFormat::Bookmarks);
    check_links(data, ImportFormat::Bookmarks);
}

/// Pocket's or Instapaper's CSV export, checked as [`import_bookmarks`].
pub fn import_csv(data: &[u8]) {
    check_parse(data, ImportFormat::Csv);
    check_links(data, ImportFormat::Csv);
}

/// Rich text (HTML) as the clipboard holds it: converted to briefing text and read.
pub fn import_rich(data: &[u8]) {
    // Line numbers are the converted text's, which may be longer than the HTML's lines; the
    // parse must still not panic and must say where a refusal is.
    match import::parse(data, ImportFormat::Rich) {
        Ok(_) | Err(Error::InvalidLine { .. }) => {}
        Err(Error::Invalid { field, message }) => assert!(
            field == "input",
            "an import error that says neither line nor input: {field}: {message}"
        ),
        Err(other) => panic!("an import failed with a non-input error: {other}"),
    }
}

/// Every brief made from saved links has one source, an http(s) link, and a headline.
fn check_links(data: &[u8], format: ImportFormat) {
    let Ok(parsed) = import::parse(data, format) else {
        return;
    };
    for brief in &parsed.briefs {
        let [source] = brief.draft.sources.as_slice() else {
            panic!("a link brief without exactly one source: {:?}", brief.draft);
        };
        let url = source.url.as_deref().unwrap_or_default();
        assert!(
            crate::validate::url("url", url).is_ok(),
            "a link brief with a link that is no web page: {url:?}"
        );
        assert!(
            !brief.draft.headline.trim().is_empty(),
            "a link brief without a headline"
        );
    }
}

/// A brief body through Markdown → sanitized HTML (every export and the app's preview).
pub fn render_markdown(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let html = export::render_markdown(md);
    if let Err(problem) = check_fragment(&html) {
        panic!("unsafe HTML from Markdown {md:?}: {problem}\n{html}");
    }
}

/// Any input (format detected) imported into a fresh library, then its issue exported in every
/// format: the HTML page and email must be safe, and the Markdown and JSON exports must import
/// again with every brief.
pub fn import_and_export(data: &[u8]) {
    let Ok(parsed) = import::parse(data, ImportFormat::Auto) else {
        return;
    };
    let mut lib = Library::open_in_memory().expect("an in-memory library");
    let (number, options) = match &parsed.issue {
        Some(issue) => (issue.number, ImportOptions::default()),
        None => {
            let date = chrono::NaiveDate::from_ymd_opt(2020, 12, 8).expect("a valid date");
            lib.create_issue(1, "Fuzz Briefing", date)
                .expect("a new issue in an empty library");
            let options = ImportOptions {
                issue: Some(1),
                ..ImportOptions::default()
            };
            (1, options)
        }
    };
    // Briefs the validator refuses are a clear error, not a bug.
    let Ok(report) = lib.import_parsed(parsed, &options) else {
        return;
    };
    let view = lib.issue_view(number).expect("the imported issue's view");
    for format in ExportFormat::ALL {
        let out = export::render(&view, format, None)
            .unwrap_or_else(|e| panic!("issue imported but its {format:?} export failed: {e}"));
        match format {
            ExportFormat::Html | ExportFormat::Email => {
                if let Err(problem) = check_page(&out) {
                    panic!("unsafe {format:?} export: {problem}\n{out}");
                }
            }
            ExportFormat::Markdown | ExportFormat::BriefdeskMarkdown | ExportFormat::Json => {
                let again = import::parse(out.as_bytes(), ImportFormat::Auto).unwrap_or_else(|e| {
                    panic!("the {format:?} export does not import again: {e}\n{out}")
                });
                assert_eq!(
                    again.briefs.len(),
                    report.briefs.len(),
                    "the {format:?} export lost briefs\n{out}"
                );
            }
            ExportFormat::Text => {}
        }
    }
}

/// Parses `data` as `format`: line numbers stay inside the input, and a refusal names its line
/// or the whole input.
fn check_parse(data: &[u8], format: ImportFormat) {
    // Lines as the importer counts them (`\r\n`, `\r` and `\n` each end one): an upper bound.
    let lines = 1 + data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    match import::parse(data, format) {
        Ok(parsed) => check_lines(&parsed, lines),
        Err(Error::InvalidLine { line, message, .. }) => assert!(
            (1..=lines).contains(&line),
            "error at line {line} of a {lines}-line input: {message}"
        ),
        Err(Error::Invalid { field, message }) => assert!(
            field == "input",
            "an import error that says neither line nor input: {field}: {message}"
        ),
        Err(other) => panic!("an import failed with a non-input error: {other}"),
    }
}

fn check_lines(parsed: &Parsed, lines: usize) {
    let found = parsed
        .briefs
        .iter()
        .map(|b| b.line)
        .chain(parsed.skipped.iter().map(|s| s.line))
        .chain(parsed.warnings.iter().map(|w| w.line));
    for line in found {
        assert!(
            (1..=lines).contains(&line),
            "line {line} reported for a {lines}-line input"
        );
    }
}

/// A tag as written in HTML: its lower-case name and attributes (values with the entities
/// ammonia writes decoded).
#[derive(Debug)]
pub struct HtmlTag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// Checks a sanitized fragment (a rendered body): only the tags and attributes the sanitizer
/// allows, and links only to http, https and mailto.
pub fn check_fragment(html: &str) -> Result<(), String> {
    const TAGS: [&str; 15] = [
        "p",
        "br",
        "em",
        "strong",
        "a",
        "blockquote",
        "ul",
        "ol",
        "li",
        "code",
        "pre",
        "h4",
        "h5",
        "h6",
        "hr",
    ];
    for tag in tags(html) {
        if !TAGS.contains(&tag.name.as_str()) {
            return Err(format!("tag <{}>", tag.name));
        }
        for (name, value) in &tag.attributes {
            match (tag.name.as_str(), name.as_str()) {
                ("a", "href") => check_url(value)?,
                ("a", "rel") | ("ol", "start") => {}
                _ => return Err(format!("attribute {name}= on <{}>", tag.name)),
            }
        }
    }
    Ok(())
}

/// Checks a whole exported page or email: no script or embedded content, no event handlers,
/// nothing loaded from elsewhere, links only to web and mail addresses or within the page.
pub fn check_page(html: &str) -> Result<(), String> {
    const FORBIDDEN: [&str; 11] = [
        "script", "iframe", "frame", "object", "embed", "img", "link", "base", "form", "svg",
        "math",
    ];
    for tag in tags(html) {
        if FORBIDDEN.contains(&tag.name.as_str()) {
            return Err(format!("tag <{}>", tag.name));
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") || name == "src" || name == "srcset" {
                return Err(format!("attribute {name}= on <{}>", tag.name));
            }
            if name == "href" && !value.starts_with('#') {
                check_url(value)?;
            }
        }
    }
    Ok(())
}

/// An href a browser would follow only to http(s) or mailto: leading spaces and controls, and
/// tabs and newlines anywhere, are ignored as a browser's URL parser ignores them.
fn check_url(value: &str) -> Result<(), String> {
    let url: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    if ["http:", "https:", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
    {
        Ok(())
    } else {
        Err(format!("link to {value:?}"))
    }
}

/// The start tags of `html`, read as a browser's tokenizer would (comments, doctypes and end
/// tags skipped; a `<` not followed by a letter is text).
pub fn tags(html: &str) -> Vec<HtmlTag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        match bytes.get(i) {
            Some(b'!') => {
                i = if html[i..].starts_with("!--") {
                    html[i..].find("-->").map_or(bytes.len(), |at| i + at + 3)
                } else {
                    html[i..].find('>').map_or(bytes.len(), |at| i + at + 1)
                };
            }
            Some(b'/') => i = html[i..].find('>').map_or(bytes.len(), |at| i + at + 1),
            Some(c) if c.is_ascii_alphabetic() => {
                let (tag, next) = read_tag(html, i);
                out.push(tag);
                i = next;
            }
            _ => {}
        }
    }
    out
}

/// Reads the tag whose name starts at `start`; returns it and the index after its `>`.
fn read_tag(html: &str, start: usize) -> (HtmlTag, usize) {
    let bytes = html.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut i = start;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let mut tag = HtmlTag {
        name: html[start..i].to_ascii_lowercase(),
        attributes: Vec::new(),
    };
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, i);
        }
        if bytes[i] == b'>' {
            return (tag, i + 1);
        }
        let name_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let (value_start, end) = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let from = i + 1;
                    let len = bytes[from..].iter().position(|&b| b == quote);
                    (from, len.map_or(bytes.len(), |n| from + n))
                }
                _ => {
                    let len = bytes[i..].iter().position(|&b| is_space(b) || b == b'>');
                    (i, len.map_or(bytes.len(), |n| i + n))
                }
            };
            value = decode_entities(&html[value_start..end]);
            i = if end < bytes.len() && matches!(bytes[end], b'"' | b'\'') {
                end + 1
            } else {
                end
            };
        }
        tag.attributes.push((name, value));
    }
}

/// The entities an HTML serializer writes in attribute values.
fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_catch_what_they_look_for() {
        assert!(check_fragment("<p>Hi <a href=\"https://rfa.org\" rel=\"x\">x</a></p>").is_ok());
        assert!(check_fragment("<p onclick=\"x\">hi</p>").is_err());
        assert!(check_fragment("<script>alert(1)</script>").is_err());
        assert!(check_fragment("<a href=\"javascript:alert(1)\">x</a>").is_err());
        assert!(check_fragment("<a href=' &#10;java\tscript:x'>x</a>").is_err());
        assert!(check_fragment("<a href=/relative>x</a>").is_err());
        assert!(check_fragment("<img src=x>").is_err());
        assert!(check_fragment("1 &lt; 2 <!-- <script> --> 3").is_ok());
        assert!(check_page("<!doctype html><style>a::after{content:\" <\"}</style>").is_ok());
        assert!(check_page("<a href=\"#top\">top</a>").is_ok());
        assert!(check_page("<a href=\"/x\">x</a>").is_err());
        assert!(check_page("<body ONLOAD=x>").is_err());
        assert!(check_page("<div><SCRIPT src=x></SCRIPT></div>").is_err());
        assert!(check_page("<td style=\"x\" title='a > b' onmouseover=y>").is_err());
    }
}
