//! Issue 5, "nothing injected": every payload of the XSS corpus (tests/fixtures/xss-corpus.txt)
//! goes into every field an editor can type (brief, sources, tags, issue, sections, publication)
//! through the library on disk, and through each importer (briefing text, Briefdesk Markdown,
//! JSON). Every export format is then checked: the HTML formats, parsed by html5ever's tokenizer
//! as a browser would read them, hold no script, no handler, no frame or form and no link whose
//! scheme is not http, https or mailto; the Markdown export stays inert when a CommonMark
//! renderer with raw HTML on turns it into HTML; the text and JSON exports cite no other link.
//! The editor's text is kept: shown as text, stored as typed, and read back whole by the
//! importers. What the library refuses (a `javascript:` source URL) is refused with an error
//! that names the field.
// The fixture helpers below are test code too; clippy only exempts `#[test]` functions.
#![allow(clippy::unwrap_used)]

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;

use briefdesk_core::export::{ExportFormat, render_markdown};
use briefdesk_core::import::{ImportFormat, ImportOptions};
use briefdesk_core::{BriefDraft, Error, IssuePatch, Library, Publication, SourceDraft, Status};
use chrono::NaiveDate;
use common::*;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    states::RawKind,
};

const CORPUS: &str = include_str!("fixtures/xss-corpus.txt");

/// The corpus's payloads: every line that is neither blank nor a `#` comment.
fn corpus() -> Vec<&'static str> {
    let payloads: Vec<&str> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(
        payloads.len() >= 30,
        "the corpus shrank to {}",
        payloads.len()
    );
    payloads
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 11, 27).unwrap()
}

// --- Reading HTML as a browser does. ---

/// A start tag as the browser's tokenizer sees it: lowercase name, attributes with character
/// references decoded.
#[derive(Debug)]
struct StartTag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags, the text and the contents of `<style>` elements of an HTML document.
#[derive(Debug, Default)]
struct Tokens {
    tags: Vec<StartTag>,
    text: String,
    style: String,
}

#[derive(Default)]
struct Collect {
    tokens: RefCell<Tokens>,
    /// The raw-text element we are inside (`style`, `script`, `title`…), whose text is not shown.
    raw: RefCell<Option<String>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut tokens = self.tokens.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                tokens.tags.push(StartTag {
                    name: name.clone(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                });
                // The tree builder switches the tokenizer for these; do the same, so their
                // contents are read as the browser reads them.
                let kind = match name.as_str() {
                    "title" | "textarea" => Some(RawKind::Rcdata),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
                    "script" => Some(RawKind::ScriptData),
                    _ => None,
                };
                if let Some(kind) = kind {
                    *self.raw.borrow_mut() = Some(name);
                    return TokenSinkResult::RawData(kind);
                }
                if name == "plaintext" {
                    return TokenSinkResult::Plaintext;
                }
            }
            Token::TagToken(_) => *self.raw.borrow_mut() = None,
            Token::CharacterTokens(text) => match self.raw.borrow().as_deref() {
                Some("style") => tokens.style.push_str(&text),
                Some("title") | None => tokens.text.push_str(&text),
                Some(_) => {}
            },
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn tokenize(html: &str) -> Tokens {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.tokens.take()
}

/// The scheme of a URL as a browser resolves it: ASCII tabs and newlines removed anywhere,
/// leading and trailing control characters and spaces trimmed, lowercase. `None` for a
/// relative URL.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let valid = candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| candidate.to_ascii_lowercase())
}

/// Elements that can run script, load or embed something, or send the reader elsewhere.
const DANGEROUS: [&str; 19] = [
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "button",
    "input", "link", "svg", "math", "img", "video", "audio", "source", "template",
];

/// Attributes whose value is a URL.
const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
];

/// Checks that `html` is inert: no dangerous element, no event handler, no URL with another
/// scheme than http, https or mailto (fragment links `#…` inside the page are fine, other
/// relative links are not: an export has no base), no
/// `<meta http-equiv>`, no `style` that loads or runs anything, and only tags in `allowed` if
/// given. Returns what it read, for further checks.
fn assert_inert(html: &str, what: &str, allowed: Option<&BTreeSet<String>>) -> Tokens {
    assert_inert_with(html, what, allowed, false)
}

/// [`assert_inert`]; with `relative_ok`, relative links (no scheme, nothing to run) pass too:
/// the Markdown export keeps them as the editor wrote them.
fn assert_inert_with(
    html: &str,
    what: &str,
    allowed: Option<&BTreeSet<String>>,
    relative_ok: bool,
) -> Tokens {
    let tokens = tokenize(html);
    for tag in &tokens.tags {
        assert!(
            !DANGEROUS.contains(&tag.name.as_str()),
            "{what}: a <{}> element: {tag:?}",
            tag.name
        );
        if let Some(allowed) = allowed {
            assert!(
                allowed.contains(&tag.name),
                "{what}: <{}> is not a tag the templates or the sanitizer write: {tag:?}",
                tag.name
            );
        }
        for (name, value) in &tag.attrs {
            let name = name.to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{what}: a handler: {tag:?}");
            assert!(
                !(tag.name == "meta" && name == "http-equiv"),
                "{what}: {tag:?}"
            );
            if name == "style" {
                let lower = value.to_ascii_lowercase();
                for bad in ["url(", "expression(", "javascript:", "@import"] {
                    assert!(!lower.contains(bad), "{what}: style with {bad}: {tag:?}");
                }
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                match scheme(value) {
                    Some(s) => assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "{what}: a {s}: URL in {tag:?}"
                    ),
                    None => assert!(
                        relative_ok || value.trim().starts_with('#'),
                        "{what}: a relative URL {value:?} in {tag:?}"
                    ),
                }
            }
        }
    }
    let style = tokens.style.to_ascii_lowercase();
    for bad in [
        "@import",
        "url(",
        "expression(",
        "javascript:",
        "evil.example",
    ] {
        assert!(!style.contains(bad), "{what}: {bad} in a <style>");
    }
    tokens
}

/// The tags an export may contain: those the built-in templates write for an ordinary issue,
/// and those the body sanitizer lets through.
fn allowed_tags() -> BTreeSet<String> {
    let mut lib = memory();
    lib.set_publication(&Publication {
        name: "Desk".into(),
        tagline: "Tagline".into(),
        footer: "Footer with [a link](https://example.org).".into(),
        ..Publication::default()
    })
    .unwrap();
    lib.create_issue(1, "Plain", day()).unwrap();
    lib.update_issue(
        1,
        &IssuePatch {
            subject: Some("Subject".into()),
            preheader: Some("Preheader".into()),
            intro: Some("Intro *text*.".into()),
            closing: Some("Closing *text*.".into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    lib.add_section(1, "Empty", None).unwrap();
    for draft in sample_drafts() {
        let id = lib.create_brief(&draft).unwrap().id;
        lib.add_to_issue(1, id, Some("Section"), None).unwrap();
    }
    let mut tags = BTreeSet::new();
    for format in [ExportFormat::Html, ExportFormat::Email] {
        let out = lib.export_issue(1, format, None).unwrap();
        tags.extend(tokenize(&out).tags.into_iter().map(|t| t.name));
    }
    let everything = "p *em* **strong** `code` [a](https://a.example) <br>\n\n> quote\n\n- li\n\n\
                      1. ol\n\n```\npre\n```\n\n# h\n\n## h\n\n### h\n\n---\n";
    tags.extend(
        tokenize(&render_markdown(everything))
            .tags
            .into_iter()
            .map(|t| t.name),
    );
    tags
}

/// Checks every export of issue `number`; returns the HTML page's text (entities decoded).
fn assert_exports_inert(lib: &Library, number: u32, what: &str) -> String {
    let allowed = allowed_tags_cached();
    let page = lib.export_issue(number, ExportFormat::Html, None).unwrap();
    let page_tokens = assert_inert(&page, &format!("{what}, html"), Some(allowed));
    let email = lib.export_issue(number, ExportFormat::Email, None).unwrap();
    assert_inert(&email, &format!("{what}, email"), Some(allowed));

    // Markdown, as any CommonMark renderer with raw HTML allowed would show it.
    let md = lib
        .export_issue(number, ExportFormat::Markdown, None)
        .unwrap();
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    // The renderer writes its own tags; only the dangerous ones and bad URLs matter here.
    assert_inert_with(&rendered, &format!("{what}, markdown rendered"), None, true);

    // Plain text: the numbered references are all web links.
    let text = lib.export_issue(number, ExportFormat::Text, None).unwrap();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix('[')
            && let Some((n, url)) = rest.split_once("] ")
            && n.chars().all(|c| c.is_ascii_digit())
        {
            assert!(
                url.starts_with("https://") || url.starts_with("http://"),
                "{what}, text: reference {line:?}"
            );
        }
    }

    // JSON is data: it parses, and every source URL in it is a web URL.
    let json = lib.export_issue(number, ExportFormat::Json, None).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut urls = Vec::new();
    collect_urls(&value, &mut urls);
    for url in urls {
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{what}, json: url {url:?}"
        );
    }
    page_tokens.text
}

fn allowed_tags_cached() -> &'static BTreeSet<String> {
    static ALLOWED: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    ALLOWED.get_or_init(allowed_tags)
}

fn collect_urls(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key == "url"
                    && let Some(url) = v.as_str()
                {
                    out.push(url.to_string());
                }
                collect_urls(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_urls(v, out)),
        _ => {}
    }
}

/// White space collapsed, as a browser shows text and as one-line fields store it.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a tag field keeps of a payload: one line, at most 60 characters.
fn as_tag(payload: &str) -> String {
    squash(payload).chars().take(60).collect()
}

/// A payload URL the validator accepts: the payload after an http(s) address's `?`.
fn payload_url(payload: &str) -> String {
    format!("https://example.org/story?q={payload}")
}

/// A brief with `payload` in every field an editor types; `url` as its source URL.
fn hostile_draft(payload: &str, url: Option<String>) -> BriefDraft {
    BriefDraft {
        headline: format!("H {payload}"),
        body: format!("{payload}\n\n> {payload}\n\n- {payload}"),
        sources: vec![SourceDraft {
            outlet: format!("O {payload}"),
            date: Some("2020-11-27".into()),
            url,
            title: Some(format!("T {payload}")),
        }],
        tags: vec![as_tag(payload)],
        status: Status::Ready,
        notes: "PRIVATE-NOTE-XSS".into(),
    }
}

/// Whether the body renderer shows this payload as it was typed: raw HTML (and text with no
/// Markdown in it) is shown as text, while Markdown links and entities are Markdown.
fn shown_verbatim(payload: &str) -> bool {
    let markdown = ['[', ']', '&', '\\', '`', '*', '_'];
    let autolink = payload.starts_with("<javascript:") || payload.starts_with("<vbscript:");
    !autolink && !payload.contains(markdown)
}

#[test]
fn every_typed_field_keeps_the_payload_as_text_and_every_export_is_inert() {
    let (_dir, mut lib) = disk();
    for (i, payload) in corpus().into_iter().enumerate() {
        let number = u32::try_from(i).unwrap() + 1;
        let what = format!("payload {number} {payload:?}");
        lib.set_publication(&Publication {
            name: format!("N {payload}"),
            tagline: format!("G {payload}"),
            footer: payload.to_string(),
            ..Publication::default()
        })
        .unwrap();
        lib.create_issue(number, &format!("I {payload}"), day())
            .unwrap();
        lib.update_issue(
            number,
            &IssuePatch {
                subject: Some(format!("S {payload}")),
                preheader: Some(format!("P {payload}")),
                intro: Some(payload.to_string()),
                closing: Some(payload.to_string()),
                ..IssuePatch::default()
            },
        )
        .unwrap();
        // A payload in a source URL's query is accepted as an http(s) URL; if the URL parser
        // refuses it, the error names the field and the brief goes in without it.
        let url = payload_url(payload);
        let draft = match lib.create_brief(&hostile_draft(payload, Some(url.clone()))) {
            Ok(brief) => brief,
            Err(Error::Invalid { field, .. }) if field == "sources[0].url" => {
                lib.create_brief(&hostile_draft(payload, None)).unwrap()
            }
            Err(e) => panic!("{what}: {e}"),
        };
        let stored = lib.brief(draft.id).unwrap();
        assert_eq!(
            stored.body,
            format!("{payload}\n\n> {payload}\n\n- {payload}").trim_end(),
            "{what}: the body is stored as typed"
        );
        assert_eq!(stored.headline, squash(&format!("H {payload}")));
        assert_eq!(stored.tags, vec![squash(&as_tag(payload))]);
        lib.add_to_issue(number, draft.id, Some(&format!("Sec {payload}")), None)
            .unwrap();

        let text = squash(&assert_exports_inert(&lib, number, &what));
        // The one-line fields show exactly what was typed, as text (a source's title is not
        // part of the page; the JSON export carries it).
        for shown in [
            format!("H {payload}"),
            format!("O {payload}"),
            format!("I {payload}"),
            format!("Sec {payload}"),
            format!("N {payload}"),
            format!("G {payload}"),
        ] {
            assert!(
                text.contains(&squash(&shown)),
                "{what}: {shown:?} is not shown as text in the page"
            );
        }
        if shown_verbatim(payload) {
            assert!(
                text.contains(&squash(payload)),
                "{what}: the body is not shown as typed"
            );
        }
        for format in ExportFormat::ALL {
            let out = lib.export_issue(number, format, None).unwrap();
            assert!(!out.contains("PRIVATE-NOTE-XSS"), "{what}: notes exported");
        }
        let json = lib.export_issue(number, ExportFormat::Json, None).unwrap();
        let title = serde_json::Value::String(squash(&format!("T {payload}"))).to_string();
        assert!(
            json.contains(&title),
            "{what}: the source title is not in the JSON"
        );
        // The template engine never evaluates what an editor typed.
        if payload.contains("{{ 7*7 }}") {
            assert!(text.contains("{{ 7*7 }}"), "{what}: {text}");
            assert!(!text.contains("looploop"), "{what}: {text}");
        }
    }
}

#[test]
fn source_urls_with_other_schemes_are_refused_with_the_field_named() {
    let (_dir, mut lib) = disk();
    for url in [
        "javascript:alert(1);window.__xss=1",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/relative",
        "&#106;avascript:alert(1)",
    ] {
        let mut draft = hostile_draft("x", Some(url.to_string()));
        draft.sources[0].url = Some(url.to_string());
        match lib.create_brief(&draft) {
            Err(Error::Invalid { field, message }) => {
                assert_eq!(field, "sources[0].url", "{url:?}");
                assert!(
                    message.contains("http(s)") || message.contains("not a valid URL"),
                    "{url:?}: {message}"
                );
            }
            other => panic!("{url:?} was not refused: {other:?}"),
        }
    }
    assert_eq!(lib.info().unwrap().brief_count, 0, "nothing half-stored");
}

/// Every payload at once: one issue whose briefs carry one payload each, in a section named by
/// it. Returns the issue's number.
fn whole_corpus_issue(lib: &mut Library, number: u32) -> u32 {
    lib.create_issue(number, "Corpus <script>alert(1)</script>", day())
        .unwrap();
    lib.update_issue(
        number,
        &IssuePatch {
            intro: Some(corpus().join("\n\n")),
            closing: Some(corpus().join("\n")),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    for (i, payload) in corpus().into_iter().enumerate() {
        let mut draft = hostile_draft(payload, Some(payload_url(payload)));
        if lib.create_brief(&draft).is_err() {
            draft.sources[0].url = Some(format!("https://example.org/{i}"));
        }
        let id = match lib.create_brief(&draft) {
            Ok(brief) => brief.id,
            Err(e) => panic!("{payload:?}: {e}"),
        };
        lib.add_to_issue(number, id, Some(&format!("Sec {i} {payload}")), None)
            .unwrap();
    }
    number
}

#[test]
fn exports_of_the_whole_corpus_read_back_whole_through_their_importers() {
    let (_dir, mut lib) = disk();
    let number = whole_corpus_issue(&mut lib, 5);
    assert_exports_inert(&lib, number, "whole corpus");
    let original = lib.issue(number).unwrap();
    let briefs: Vec<BriefDraft> = original
        .sections
        .iter()
        .flat_map(|s| s.briefs.iter())
        .map(|b| BriefDraft::from(&lib.brief(b.id).unwrap()))
        .collect();

    for format in [ExportFormat::BriefdeskMarkdown, ExportFormat::Json] {
        let out = lib.export_issue(number, format, None).unwrap();
        let (_dir2, mut other) = disk();
        let report = other
            .import(out.as_bytes(), &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{}: the export does not import: {e}", format.as_str()));
        assert!(
            report.skipped.is_empty(),
            "{}: skipped {:?}",
            format.as_str(),
            report.skipped
        );
        let copy = other.issue(number).unwrap();
        assert_eq!(copy.title, original.title, "{}", format.as_str());
        assert_eq!(copy.intro, original.intro, "{}", format.as_str());
        assert_eq!(copy.closing, original.closing, "{}", format.as_str());
        let names = |i: &briefdesk_core::Issue| {
            i.sections
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&copy), names(&original), "{}", format.as_str());
        let read: Vec<BriefDraft> = report.briefs.iter().map(BriefDraft::from).collect();
        assert_eq!(read.len(), briefs.len());
        for (got, want) in read.iter().zip(&briefs) {
            let mut want = want.clone();
            want.notes = got.notes.clone(); // notes are private: never exported
            assert_eq!(
                got,
                &want,
                "{}: a brief changed on the way",
                format.as_str()
            );
        }
        assert_exports_inert(&other, number, &format!("re-imported {}", format.as_str()));
    }
}

#[test]
fn briefing_text_with_every_payload_imports_as_text_and_exports_inert() {
    let (_dir, mut lib) = disk();
    lib.create_issue(9, "Imported", day()).unwrap();
    let mut input = String::new();
    for (i, payload) in corpus().into_iter().enumerate() {
        input.push_str(&format!(
            "Headline {i} {payload}\n\n{payload}\n\nSource: Outlet {i} {payload}, November 27, 2020\n\
             https://example.org/{i}\n\n"
        ));
    }
    let report = lib
        .import(
            input.as_bytes(),
            &ImportOptions {
                format: ImportFormat::Text,
                issue: Some(9),
                ..ImportOptions::default()
            },
        )
        .unwrap();
    // Nothing is lost: each payload is in a brief or in the report of skipped lines.
    let stored: String = report
        .briefs
        .iter()
        .map(|b| {
            let outlets: Vec<&str> = b.sources.iter().map(|s| s.outlet.as_str()).collect();
            format!("{}\n{}\n{}\n", b.headline, b.body, outlets.join("\n"))
        })
        .collect();
    let skipped: String = report
        .skipped
        .iter()
        .map(|s| format!("{}\n", s.text))
        .collect();
    for payload in corpus() {
        assert!(
            stored.contains(payload) || skipped.contains(payload),
            "{payload:?} was lost by the text importer"
        );
    }
    assert_exports_inert(&lib, 9, "text import");
}

#[test]
fn a_json_import_with_a_script_url_is_refused_whole_with_its_line() {
    let (_dir, mut lib) = disk();
    let number = whole_corpus_issue(&mut lib, 3);
    let json = lib.export_issue(number, ExportFormat::Json, None).unwrap();
    let bad = json.replacen(
        "\"url\": \"https://example.org/story",
        "\"url\": \"javascript:alert(1);//",
        1,
    );
    assert_ne!(bad, json, "the JSON export has a source URL to replace");
    let (_dir2, mut other) = disk();
    match other.import(bad.as_bytes(), &ImportOptions::default()) {
        Err(Error::InvalidLine {
            field: Some(field),
            message,
            ..
        }) => {
            assert!(field.ends_with("sources[0].url"), "{field}");
            assert!(message.contains("http(s)"), "{message}");
        }
        result => panic!("a javascript: source URL was imported: {result:?}"),
    }
    assert_eq!(
        other.info().unwrap().brief_count,
        0,
        "nothing half-imported"
    );
    assert!(other.issues().unwrap().is_empty(), "nothing half-imported");
}

#[test]
fn search_snippets_carry_no_markup_but_their_highlights() {
    let (_dir, mut lib) = disk();
    whole_corpus_issue(&mut lib, 4);
    for word in [
        "alert",
        "script",
        "onerror",
        "javascript",
        "svg",
        "href",
        "xss",
    ] {
        let hits = lib.search(word, 200).unwrap();
        assert!(!hits.is_empty(), "{word}: no hits");
        for hit in hits {
            let tokens = tokenize(&hit.snippet);
            for tag in &tokens.tags {
                assert!(
                    tag.name == "mark" && tag.attrs.is_empty(),
                    "{word}: {tag:?} in snippet {:?}",
                    hit.snippet
                );
            }
        }
    }
}
