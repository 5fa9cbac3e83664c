//! Exporting issues: every format's structure, determinism, safety, size, templates, and the
//! round trip of the Markdown and JSON exports through their readers.
// The fixture helpers below are test code too; clippy only exempts `#[test]` functions.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use briefdesk_core::export::{self, EMAIL_SIZE_LIMIT, ExportFormat};
use briefdesk_core::import::{self, ImportFormat, Parsed};
use briefdesk_core::{
    Brief, BriefDraft, DateStyle, Error, Issue, IssueBrief, IssuePatch, IssueStatus, Library,
    Publication, Section, Source, SourceDraft, Status,
};
use chrono::{NaiveDate, Utc};
use common::*;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn publication() -> Publication {
    Publication {
        name: "Asia Desk".into(),
        tagline: "What happened, in short".into(),
        footer: "You receive this because you asked. [Unsubscribe](https://example.org/u)".into(),
        default_template: ExportFormat::Html,
        ..Publication::default()
    }
}

/// Issue No. 7: the five sample briefs in "Domestic" and "International", an empty "Letters",
/// an intro, a closing and publication settings.
fn setup(lib: &mut Library) {
    lib.set_publication(&publication()).unwrap();
    lib.create_issue(7, "China Briefing", day(2020, 12, 8))
        .unwrap();
    lib.update_issue(
        7,
        &IssuePatch {
            subject: Some("No. 7: Huawei, cotton and chips".into()),
            preheader: Some("Five stories from the week".into()),
            intro: Some("This week: *five* stories. See [our site](https://example.org).".into()),
            closing: Some("Thanks for reading.".into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    for (i, mut draft) in sample_drafts().into_iter().enumerate() {
        draft.notes = "PRIVATE-NOTE: call the source back".into();
        let id = lib.create_brief(&draft).unwrap().id;
        let section = if i < 3 { "Domestic" } else { "International" };
        lib.add_to_issue(7, id, Some(section), None).unwrap();
    }
    lib.add_section(7, "Letters", None).unwrap();
}

fn export(lib: &Library, format: ExportFormat) -> String {
    lib.export_issue(7, format, None)
        .unwrap_or_else(|e| panic!("{} export failed: {e}", format.as_str()))
}

#[test]
fn the_date_style_setting_rewrites_every_exported_date_and_still_imports() {
    for (style, source_date, issue_date) in [
        (DateStyle::Long, "November 27, 2020", "December 8, 2020"),
        (DateStyle::DayFirst, "27 November 2020", "8 December 2020"),
        (DateStyle::Short, "Nov 27, 2020", "Dec 8, 2020"),
        (DateStyle::Iso, "2020-11-27", "2020-12-08"),
    ] {
        let mut lib = memory();
        setup(&mut lib);
        lib.set_publication(&Publication {
            date_style: style,
            ..publication()
        })
        .unwrap();
        assert_eq!(lib.publication().unwrap().date_style, style);
        let md = export(&lib, ExportFormat::Markdown);
        let rfa = format!(
            "Source: [Radio Free Asia](https://www.rfa.org/english/news/uyghur/cotton-plots-11272020100000.html), {source_date}"
        );
        assert!(
            md.lines().any(|l| l == rfa),
            "{style:?}: {rfa:?} missing in\n{md}"
        );
        assert!(
            md.contains(&format!("No. 7 · {issue_date}")),
            "{style:?}\n{md}"
        );
        for format in [ExportFormat::Html, ExportFormat::Email, ExportFormat::Text] {
            let out = export(&lib, format);
            assert!(
                out.contains(source_date),
                "{style:?} {}: no {source_date:?}",
                format.as_str()
            );
        }
        // Every style reads back as the same date, so a Markdown export re-imports whole.
        let parsed = import::parse(md.as_bytes(), ImportFormat::Markdown).unwrap();
        let dates: Vec<_> = parsed
            .briefs
            .iter()
            .flat_map(|b| b.draft.sources.iter().filter_map(|s| s.date.clone()))
            .collect();
        assert!(
            dates.iter().any(|d| d == "2020-11-27"),
            "{style:?}: {dates:?}"
        );
    }
}

/// Every start tag in `html`, as written (`<a href="…" rel="…">`). Text never holds a raw `<`
/// in our output, so each `<` opens a tag.
fn tags(html: &str) -> Vec<&str> {
    html.match_indices('<')
        .filter_map(|(at, _)| html[at..].find('>').map(|end| &html[at..=at + end]))
        .filter(|t| t[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .collect()
}

/// Values of `name="…"` attributes in every tag.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    let mut values = Vec::new();
    for tag in tags(html) {
        for (at, _) in tag.match_indices(&key) {
            let value = &tag[at + key.len()..];
            if let Some(end) = value.find('"') {
                values.push(&value[..end]);
            }
        }
    }
    values
}

#[test]
fn every_format_exports_the_same_bytes_each_time() {
    on_both(|lib| {
        setup(lib);
        for format in ExportFormat::ALL {
            let first = export(lib, format);
            assert!(!first.is_empty());
            assert_eq!(first, export(lib, format), "{} differs", format.as_str());
        }
    });
}

#[test]
fn private_notes_are_never_exported() {
    on_both(|lib| {
        setup(lib);
        for format in ExportFormat::ALL {
            assert!(
                !export(lib, format).contains("PRIVATE-NOTE"),
                "{}",
                format.as_str()
            );
        }
    });
}

#[test]
fn briefdesk_markdown_has_commonmark_headings_markers_and_source_lines() {
    let mut lib = memory();
    setup(&mut lib);
    let md = export(&lib, ExportFormat::BriefdeskMarkdown);
    assert!(md.starts_with("<!-- briefdesk:issue {"), "{md}");
    let lines: Vec<&str> = md.lines().collect();
    for heading in [
        "# China Briefing",
        "## Domestic",
        "## International",
        "## Letters",
        "### LTN: Huawei Western Europe Sales Are in Free Fall",
        "### SCMP: Court Refuses Bail to Publisher Awaiting Security Trial",
        "Source: [Radio Free Asia](https://www.rfa.org/english/news/uyghur/cotton-plots-11272020100000.html), November 27, 2020",
        "<!-- briefdesk:closing -->",
        "<!-- briefdesk:footer -->",
        "No. 7 · December 8, 2020",
    ] {
        assert!(lines.contains(&heading), "{heading:?} missing in\n{md}");
    }
    assert_eq!(lines.iter().filter(|l| l.starts_with("### ")).count(), 5);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("<!-- briefdesk:brief {"))
            .count(),
        5
    );
    // The empty section is a heading with nothing under it.
    let letters = lines.iter().position(|l| *l == "## Letters").unwrap();
    let next = lines[letters + 1..].iter().find(|l| !l.trim().is_empty());
    assert_eq!(next, Some(&"<!-- briefdesk:closing -->"));
    assert!(md.ends_with("[Unsubscribe](https://example.org/u)\n"));
    // A CommonMark renderer sees the headings and no comment text.
    let html = render_commonmark(&md);
    assert!(html.contains("<h1>China Briefing</h1>"), "{html}");
    assert!(html.contains("<h2>Letters</h2>"), "{html}");
    assert!(
        html.contains("<h3>RFA: Farmers in Aksu Told to Plant Cotton on Collective Plots</h3>")
    );
}

/// What a CommonMark renderer that passes raw HTML through would make of `md`.
fn render_commonmark(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(md));
    html
}

#[test]
fn html_is_a_standalone_semantic_page() {
    let mut lib = memory();
    setup(&mut lib);
    let html = export(&lib, ExportFormat::Html);
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    );
    for part in [
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>China Briefing · No. 7</title>",
        "<style>",
        "@media print",
        "<header",
        "<nav",
        "<main",
        "<footer",
        "<time datetime=\"2020-12-08\">December 8, 2020</time>",
        "<blockquote>",
        "<p class=\"publication\">Asia Desk</p>",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<article id=").count(), 5);
    for banned in [
        "<script", "<link", "<img", "<iframe", " src=", "@import", "url(",
    ] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    // Every table-of-contents link lands on a unique id.
    let ids = attributes(&html, "id");
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    let internal: Vec<&str> = attributes(&html, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix('#'))
        .collect();
    assert_eq!(internal.len(), 3 + 5, "a link per section and per brief");
    for target in internal {
        assert!(unique.contains(target), "#{target} has no element");
    }
    for href in attributes(&html, "href")
        .iter()
        .filter(|h| !h.starts_with('#'))
    {
        assert!(href.starts_with("https://"), "{href}");
    }
}

#[test]
fn anchors_are_unique_when_headlines_repeat() {
    let mut lib = memory();
    lib.create_issue(1, "Repeats", day(2021, 1, 4)).unwrap();
    for _ in 0..3 {
        let id = lib.create_brief(&bare("Same Headline")).unwrap().id;
        lib.add_to_issue(1, id, Some("Same Headline"), None)
            .unwrap();
    }
    let html = lib.export_issue(1, ExportFormat::Html, None).unwrap();
    for id in [
        "same-headline",
        "same-headline-2",
        "same-headline-3",
        "same-headline-4",
    ] {
        assert!(html.contains(&format!(" id=\"{id}\"")), "{id} missing");
    }
}

#[test]
fn email_is_an_inlined_table_layout_with_a_preheader() {
    let mut lib = memory();
    setup(&mut lib);
    let email = export(&lib, ExportFormat::Email);
    assert!(email.starts_with("<!DOCTYPE html>"));
    let body = &email[email.find("<body").expect("a body")..];
    let first_in_body = tags(body)[1];
    assert!(
        first_in_body.starts_with("<div style=\"display:none;max-height:0;overflow:hidden"),
        "{first_in_body}"
    );
    assert!(body.contains("Five stories from the week</div>"));
    assert!(email.contains("<table class=\"container\""));
    assert!(email.contains("width=\"600\""));
    // The CSS is in style attributes; only @media rules stay in a style block.
    assert!(email.contains("<p style=\"margin:0 0 14px\">"), "{email}");
    let styles: Vec<&str> = email.split("<style>").skip(1).collect();
    for style in styles {
        let css = &style[..style.find("</style>").unwrap()];
        assert!(css.trim_start().starts_with("@media"), "{css}");
    }
    // Block quotes are one-cell tables with a left border.
    assert!(!email.contains("<blockquote"));
    assert!(
        email.contains("<td class=\"quote-cell\" style=\"padding:0 0 0 14px;border-left:3px solid")
    );
    for banned in [
        "<script",
        "<link",
        "<form",
        "<img",
        " src=",
        "@import",
        "url(",
        "@font-face",
    ] {
        assert!(!email.contains(banned), "{banned} in the email");
    }
}

/// About 200 words of plausible brief text with a quote and a link.
fn typical_body(n: usize) -> String {
    let sentence = "Officials in the provincial capital said on Tuesday that the new rules \
                    would take effect next month, after a consultation that drew more than \
                    four thousand comments from residents and businesses.";
    format!(
        "{sentence} {sentence}\n\n> {sentence}\n\nThe [ministry's notice](https://example.org/notice/{n}) \
         adds that {sentence}\n\n{sentence} {sentence} {sentence}"
    )
}

#[test]
fn an_email_of_twenty_typical_briefs_fits_under_gmails_clipping_limit() {
    let mut lib = memory();
    lib.set_publication(&publication()).unwrap();
    lib.create_issue(1, "Weekly Briefing", day(2021, 1, 4))
        .unwrap();
    for n in 0..20 {
        let body = typical_body(n);
        let words = body.split_whitespace().count();
        assert!((150..=250).contains(&words), "{words} words");
        let draft = draft(
            &format!("Brief number {n}: Provincial Rules Take Effect Next Month"),
            &body,
            vec![source(
                "Radio Free Asia",
                "2020-11-27",
                &format!("https://www.rfa.org/english/news/{n}"),
            )],
            &["China"],
        );
        let id = lib.create_brief(&draft).unwrap().id;
        let section = if n < 10 { "Domestic" } else { "International" };
        lib.add_to_issue(1, id, Some(section), None).unwrap();
    }
    let email = lib.export_issue(1, ExportFormat::Email, None).unwrap();
    assert!(email.len() > 20 * 1000, "the 20 briefs are all there");
    assert!(
        email.len() < EMAIL_SIZE_LIMIT,
        "{} bytes, over Gmail's {EMAIL_SIZE_LIMIT}",
        email.len()
    );
}

#[test]
fn text_is_wrapped_with_numbered_references() {
    let mut lib = memory();
    setup(&mut lib);
    let text = export(&lib, ExportFormat::Text);
    for line in text.lines() {
        let is_reference = line.starts_with('[') && line.contains("] https://");
        assert!(
            is_reference || line.chars().count() <= 72,
            "longer than 72: {line:?}"
        );
    }
    assert!(text.contains("CHINA BRIEFING\n=============="), "{text}");
    assert!(text.contains("See our site [1]."), "{text}");
    assert!(text.contains("\n[1] https://example.org\n"), "{text}");
    assert!(
        text.contains("Source: Radio Free Asia [3], November 27, 2020"),
        "{text}"
    );
    assert!(text.contains(
        "\n[3] https://www.rfa.org/english/news/uyghur/cotton-plots-11272020100000.html\n"
    ));
    assert!(text.contains("> Retailers in Germany"), "{text}");
    assert!(!text.contains('<'), "no markup in plain text");
    assert!(!text.contains("](http"), "no Markdown links in plain text");
}

#[test]
fn json_holds_the_whole_issue() {
    let mut lib = memory();
    setup(&mut lib);
    let json = export(&lib, ExportFormat::Json);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["briefdesk"], 1);
    assert_eq!(doc["publication"]["name"], "Asia Desk");
    let issue = &doc["issue"];
    assert_eq!(issue["number"], 7);
    assert_eq!(issue["date"], "2020-12-08");
    assert_eq!(issue["status"], "draft");
    assert_eq!(issue["preheader"], "Five stories from the week");
    let names: Vec<&str> = issue["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Domestic", "International", "Letters"]);
    let brief = &issue["sections"][0]["briefs"][0];
    assert_eq!(brief["headline"], huawei().headline);
    assert_eq!(brief["body"], huawei().body);
    assert_eq!(brief["tags"], serde_json::json!(["China", "Technology"]));
    assert_eq!(brief["sources"][0]["date"], "2020-11-26");
    for private in ["\"id\"", "created_at", "updated_at", "notes"] {
        assert!(!json.contains(private), "{private} in the JSON");
    }
}

#[test]
fn a_custom_template_replaces_the_built_in_one() {
    let mut lib = memory();
    setup(&mut lib);
    let template = "{{ issue.title }} No. {{ issue.number }}: {{ counts.briefs }} briefs\n\
                    {% for s in sections %}{{ s.name }}={{ s.briefs|length }} {% endfor %}";
    let out = lib
        .export_issue(7, ExportFormat::Text, Some(template))
        .unwrap();
    assert_eq!(
        out,
        "China Briefing No. 7: 5 briefs\nDomestic=3 International=2 Letters=0 "
    );
    // HTML templates escape what they print.
    lib.update_issue(
        7,
        &IssuePatch {
            title: Some("<b>Bold</b> & co".into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    let html = lib
        .export_issue(7, ExportFormat::Html, Some("<h1>{{ issue.title }}</h1>"))
        .unwrap();
    assert_eq!(html, "<h1>&lt;b&gt;Bold&lt;&#x2f;b&gt; &amp; co</h1>");
    let md = lib
        .export_issue(
            7,
            ExportFormat::Markdown,
            Some("# {{ issue.title|md_escape }}"),
        )
        .unwrap();
    assert_eq!(md, "# \\<b\\>Bold\\</b\\> \\& co");
}

fn template_error(lib: &Library, format: ExportFormat, template: &str) -> String {
    match lib.export_issue(7, format, Some(template)) {
        Err(Error::Invalid { field, message }) => {
            assert_eq!(field, "template");
            message
        }
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn template_errors_name_the_line() {
    let mut lib = memory();
    setup(&mut lib);
    let unknown_filter =
        "Title\n{{ issue.title }}\n\n{% for s in sections %}\n{{ s.name|foo }}\n{% endfor %}";
    let message = template_error(&lib, ExportFormat::Text, unknown_filter);
    assert!(message.starts_with("line 5: "), "{message}");
    assert!(message.contains("unknown filter"), "{message}");
    let syntax = "ok\n{% for s in %}\n{% endfor %}";
    let message = template_error(&lib, ExportFormat::Html, syntax);
    assert!(message.starts_with("line 2: syntax error"), "{message}");
    let misspelt = "{{ issue.title }}\n{{ issue.titel }}";
    let message = template_error(&lib, ExportFormat::Markdown, misspelt);
    assert!(message.starts_with("line 2: "), "{message}");
}

const PAYLOADS: &str = "<script>alert(1)</script> <img src=x onerror=alert(1)> \
    [x](javascript:alert(1)) <a href=\"data:text/html,<script>alert(1)</script>\">d</a> \
    <iframe src=\"https://evil.example\"></iframe> <svg onload=alert(1)> [v](vbscript:msgbox(1)) \
    [e](&#106;avascript:alert(1)) <math><mi xlink:href=\"javascript:alert(1)\">m</mi></math> \
    <a href=\"java\nscript:alert(1)\">n</a> <div onclick=\"alert(1)\">c</div>";

/// No tag in `html` is dangerous, whatever the text around it says.
fn assert_inert(html: &str, what: &str) {
    let lower = html.to_ascii_lowercase();
    for tag in tags(&lower) {
        for banned in [
            "<script", "<iframe", "<svg", "<math", "<img", "<object", "<embed",
        ] {
            assert!(!tag.starts_with(banned), "{what}: {tag}");
        }
        let mut rest = tag;
        while let Some(at) = rest.find(" on") {
            let name: String = rest[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase())
                .collect();
            let after = &rest[at + 3 + name.len()..];
            assert!(
                name.is_empty() || !after.starts_with('='),
                "{what}: event handler in {tag}"
            );
            rest = &rest[at + 3..];
        }
    }
    for name in ["href", "src", "xlink:href", "action"] {
        for value in attributes(&lower, name) {
            for scheme in ["javascript:", "data:", "vbscript:"] {
                assert!(
                    !value.trim_start().starts_with(scheme),
                    "{what}: {name}={value}"
                );
            }
        }
    }
}

fn hostile_brief() -> BriefDraft {
    draft(
        &format!("Headline {PAYLOADS}"),
        &format!("Body {PAYLOADS}\n\n> quoted {PAYLOADS}\n\n- item {PAYLOADS}"),
        vec![SourceDraft {
            outlet: format!("Outlet {PAYLOADS}"),
            date: Some("2020-11-27".into()),
            url: Some("https://example.org/ok?<script>".into()),
            title: Some(PAYLOADS.into()),
        }],
        &["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"],
    )
}

#[test]
fn hostile_text_never_becomes_live_html() {
    let mut lib = memory();
    lib.set_publication(&Publication {
        name: PAYLOADS.replace('\n', " "),
        tagline: "t".into(),
        footer: PAYLOADS.into(),
        default_template: ExportFormat::Html,
        ..Publication::default()
    })
    .unwrap();
    lib.create_issue(7, "Safe", day(2020, 12, 8)).unwrap();
    lib.update_issue(
        7,
        &IssuePatch {
            intro: Some(PAYLOADS.into()),
            closing: Some(PAYLOADS.into()),
            preheader: Some(PAYLOADS.into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    // A headline holds at most 300 characters: the payloads go into two briefs' headlines.
    let (first, second) = PAYLOADS.split_at(PAYLOADS.find("[e]").unwrap());
    for half in [first, second] {
        let mut brief = hostile_brief();
        brief.headline = format!("Headline {half}");
        let id = lib.create_brief(&brief).unwrap().id;
        lib.add_to_issue(7, id, Some("<script>alert(1)</script>"), None)
            .unwrap();
    }
    for format in [ExportFormat::Html, ExportFormat::Email] {
        let out = export(&lib, format);
        assert_inert(&out, format.as_str());
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "payloads show as text"
        );
    }
    // Rendered by an ordinary CommonMark renderer (raw HTML on), the Markdown exports are inert.
    for format in [ExportFormat::Markdown, ExportFormat::BriefdeskMarkdown] {
        let md = export(&lib, format);
        assert_inert(&render_commonmark(&md), format.as_str());
    }
    // Plain text cites no dangerous link.
    let text = export(&lib, ExportFormat::Text);
    for line in text.lines().filter(|l| l.starts_with('[')) {
        assert!(
            line.contains("] https://") || !line.contains("] "),
            "{line}"
        );
    }
    for scheme in ["] javascript:", "] data:", "] vbscript:"] {
        assert!(!text.contains(scheme), "{scheme} cited");
    }
}

#[test]
fn only_web_source_urls_become_links() {
    // The library only stores http(s) URLs; a view built by hand may hold anything.
    let mut brief = brief_from(&hostile_brief());
    brief.sources = [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "https://ok.example/a",
    ]
    .iter()
    .map(|url| Source {
        outlet: "O".into(),
        date: None,
        url: Some(url.to_string()),
        title: None,
    })
    .collect();
    let issue = issue_of(&[("S", std::slice::from_ref(&brief))]);
    let view = export::issue_view(&issue, &[brief], &Publication::default());
    for format in [ExportFormat::Html, ExportFormat::Email] {
        let out = export::render(&view, format, None).unwrap();
        assert_inert(&out, format.as_str());
        assert!(out.contains("href=\"https://ok.example/a\""));
    }
    let md = export::render(&view, ExportFormat::Markdown, None).unwrap();
    assert!(
        md.contains("Sources: O; O; O; [O](https://ok.example/a)"),
        "{md}"
    );
    assert_inert(&render_commonmark(&md), "markdown rendered");
}

// --- The round trip: export, read back, export again. ---

fn brief_from(draft: &BriefDraft) -> Brief {
    Brief {
        id: Uuid::now_v7(),
        headline: draft.headline.clone(),
        body: draft.body.clone(),
        sources: draft
            .sources
            .iter()
            .map(|s| Source {
                outlet: s.outlet.clone(),
                date: s
                    .date
                    .as_deref()
                    .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
                url: s.url.clone(),
                title: s.title.clone(),
            })
            .collect(),
        tags: draft.tags.clone(),
        status: draft.status,
        notes: draft.notes.clone(),
        issue: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
        review: None,
    }
}

fn issue_of(sections: &[(&str, &[Brief])]) -> Issue {
    Issue {
        id: Uuid::now_v7(),
        number: 1,
        title: "T".into(),
        date: day(2021, 1, 1),
        status: IssueStatus::Draft,
        subject: String::new(),
        preheader: String::new(),
        intro: String::new(),
        closing: String::new(),
        sections: sections
            .iter()
            .map(|(name, briefs)| Section {
                name: name.to_string(),
                briefs: briefs
                    .iter()
                    .map(|b| IssueBrief {
                        id: b.id,
                        headline: b.headline.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// An issue with everything the formats must carry: several sections (one empty), several
/// sources (one without URL, one without date), tags, statuses, and bodies with quotes, lists,
/// links, emphasis, curly quotes, CJK and Markdown-significant headline characters.
fn rich_library() -> Library {
    let mut lib = memory();
    lib.set_publication(&publication()).unwrap();
    lib.create_issue(12, "China *Briefing* #12", day(2020, 12, 8))
        .unwrap();
    lib.update_issue(
        12,
        &IssuePatch {
            status: Some(IssueStatus::Published),
            subject: Some("Issue 12 — “arms” & <sales>".into()),
            preheader: Some("Arms, ID cards and 香港".into()),
            intro: Some(
                "Welcome back.\n\n- one\n- two\n\nSee [the site](https://example.org).".into(),
            ),
            closing: Some("> Parting quote\n\n_Until next week._".into()),
            ..IssuePatch::default()
        },
    )
    .unwrap();
    let briefs = [
        BriefDraft {
            headline: "RFA: Ministry Announced “Internet ID Card” Pilot [Fujian] *not emphasis*"
                .into(),
            body: "The Ministry of Public Security announced a pilot of **Internet ID Cards** in \
                   Fujian and Guangdong, using the applicants’ biometrics.\n\n\
                   > “It is extremely difficult to be forged,” the statement said.\n\n\
                   1. Face\n2. Fingerprint\n3. ID card chip\n\n\
                   More at [RFA](https://www.rfa.org/mandarin/a_(b).html) and *elsewhere*.  \n\
                   Hard break above. 中华人民共和国公安部表示，网络身份证难以伪造。"
                .into(),
            sources: vec![
                source(
                    "Radio Free Asia",
                    "2020-11-27",
                    "https://www.rfa.org/mandarin/GF1.html",
                ),
                SourceDraft {
                    outlet: "Xinhua [state] & co".into(),
                    date: Some("2020-11-28".into()),
                    url: None,
                    title: Some("“官方”通报".into()),
                },
                SourceDraft {
                    outlet: "Caixin".into(),
                    date: None,
                    url: Some("https://www.caixin.com/x?a=1&b=2".into()),
                    title: None,
                },
            ],
            tags: vec!["China".into(), "Surveillance".into()],
            status: Status::Ready,
            notes: "PRIVATE".into(),
        },
        BriefDraft {
            status: Status::Published,
            ..huawei()
        },
        draft(
            "A draft with no source",
            "Just a line with `code` and a list:\n\n- a\n  - nested\n- b",
            Vec::new(),
            &["Misc"],
        ),
        cotton(),
    ];
    for (i, d) in briefs.iter().enumerate() {
        let id = lib.create_brief(d).unwrap().id;
        let section = [
            "Domestic",
            "International",
            "International",
            "Xinjiang & Tibet",
        ][i];
        lib.add_to_issue(12, id, Some(section), None).unwrap();
    }
    lib.add_section(12, "Empty, for now", Some(2)).unwrap();
    lib
}

/// Rebuilds the issue, its briefs and the publication from what a reader parsed.
fn rebuild(parsed: &Parsed) -> (Issue, Vec<Brief>, Publication) {
    let read = parsed.issue.as_ref().expect("the issue was read back");
    let briefs: Vec<(Option<String>, Brief)> = parsed
        .briefs
        .iter()
        .map(|b| (b.section.clone(), brief_from(&b.draft)))
        .collect();
    let issue = Issue {
        id: Uuid::now_v7(),
        number: read.number,
        title: read.title.clone(),
        date: read.date,
        status: read.status,
        subject: read.subject.clone(),
        preheader: read.preheader.clone(),
        intro: read.intro.clone(),
        closing: read.closing.clone(),
        sections: read
            .sections
            .iter()
            .map(|name| Section {
                name: name.clone(),
                briefs: briefs
                    .iter()
                    .filter(|(s, _)| s.as_deref() == Some(name))
                    .map(|(_, b)| IssueBrief {
                        id: b.id,
                        headline: b.headline.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let publication = parsed.publication.clone().unwrap_or_default();
    (
        issue,
        briefs.into_iter().map(|(_, b)| b).collect(),
        publication,
    )
}

fn round_trip(format: ExportFormat) {
    let lib = rich_library();
    let first = lib.export_issue(12, format, None).unwrap();
    let parsed = import::parse(first.as_bytes(), ImportFormat::Auto).unwrap();
    assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);

    // The drafts are the stored briefs' (less their private notes), section by section.
    let issue = lib.issue(12).unwrap();
    let mut expected = Vec::new();
    for section in &issue.sections {
        for listed in &section.briefs {
            let mut draft = BriefDraft::from(&lib.brief(listed.id).unwrap());
            draft.notes.clear();
            expected.push((Some(section.name.clone()), draft));
        }
    }
    let got: Vec<(Option<String>, BriefDraft)> = parsed
        .briefs
        .iter()
        .map(|b| (b.section.clone(), b.draft.clone()))
        .collect();
    assert_eq!(got, expected);
    let read = parsed.issue.as_ref().unwrap();
    assert_eq!(
        (read.number, &*read.title, read.date, read.status),
        (12, issue.title.as_str(), issue.date, issue.status)
    );
    assert_eq!(
        (
            &*read.subject,
            &*read.preheader,
            &*read.intro,
            &*read.closing
        ),
        (
            &*issue.subject,
            &*issue.preheader,
            &*issue.intro,
            &*issue.closing
        )
    );
    let names: Vec<&str> = issue.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(read.sections, names);
    assert_eq!(
        parsed
            .publication
            .as_ref()
            .map(|p| (&*p.name, &*p.tagline, &*p.footer)),
        Some((
            "Asia Desk",
            "What happened, in short",
            &*publication().footer
        ))
    );

    let (issue, briefs, publication) = rebuild(&parsed);
    let again = export::render(
        &export::issue_view(&issue, &briefs, &publication),
        format,
        None,
    )
    .unwrap();
    assert_eq!(
        again,
        first,
        "the second {} export differs",
        format.as_str()
    );
}

#[test]
fn briefdesk_markdown_round_trips_without_loss() {
    round_trip(ExportFormat::BriefdeskMarkdown);
}

#[test]
fn json_round_trips_without_loss() {
    round_trip(ExportFormat::Json);
}

#[test]
fn published_markdown_is_briefdesk_markdown_without_the_comments() {
    let lib = rich_library();
    let marked = lib
        .export_issue(12, ExportFormat::BriefdeskMarkdown, None)
        .unwrap();
    let visible: Vec<&str> = marked
        .lines()
        .filter(|l| !l.starts_with("<!-- briefdesk:"))
        .skip_while(|l| l.is_empty())
        .collect();
    let md = lib.export_issue(12, ExportFormat::Markdown, None).unwrap();
    assert_eq!(md.lines().collect::<Vec<_>>(), visible);
}

#[test]
fn published_markdown_and_every_other_published_format_carry_no_internal_data() {
    let lib = rich_library();
    let issue = lib.issue(12).unwrap();
    let briefs: Vec<Brief> = issue
        .sections
        .iter()
        .flat_map(|s| s.briefs.iter())
        .map(|b| lib.brief(b.id).unwrap())
        .collect();
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Email,
        ExportFormat::Text,
    ] {
        let out = lib.export_issue(12, format, None).unwrap();
        let what = format.as_str();
        assert!(!out.contains("briefdesk:"), "{what}: a briefdesk comment");
        assert!(!out.contains("\"status\""), "{what}: a status");
        for brief in &briefs {
            if !brief.notes.is_empty() {
                assert!(
                    !out.contains(&brief.notes),
                    "{what}: the notes {:?}",
                    brief.notes
                );
            }
            for tag in &brief.tags {
                let outside = out.replace(&brief.body, "").replace(&brief.headline, "");
                assert!(
                    !outside.contains(&format!("\"{tag}\"")),
                    "{what}: the tag {tag:?}"
                );
            }
        }
    }
    let md = lib.export_issue(12, ExportFormat::Markdown, None).unwrap();
    assert!(!md.contains("<!--"), "{md}");
}

#[test]
fn published_markdown_reads_back_by_its_headings_and_source_lines() {
    let lib = rich_library();
    let md = lib.export_issue(12, ExportFormat::Markdown, None).unwrap();
    let parsed = import::parse(md.as_bytes(), ImportFormat::Auto).unwrap();
    assert!(parsed.issue.is_none());
    let headlines: Vec<&str> = parsed
        .briefs
        .iter()
        .map(|b| b.draft.headline.as_str())
        .collect();
    assert_eq!(
        headlines,
        [
            "RFA: Ministry Announced “Internet ID Card” Pilot [Fujian] *not emphasis*",
            huawei().headline.as_str(),
            "A draft with no source",
            cotton().headline.as_str(),
        ]
    );
    let first = &parsed.briefs[0].draft;
    assert_eq!(first.sources.len(), 3);
    assert_eq!(first.sources[1].outlet, "Xinhua [state] & co");
    assert_eq!(first.sources[1].date.as_deref(), Some("2020-11-28"));
    assert_eq!(
        first.sources[2].url.as_deref(),
        Some("https://www.caixin.com/x?a=1&b=2")
    );
    assert_eq!(first.sources[2].date, None);
    assert_eq!(parsed.briefs[1].draft.body, huawei().body);
    assert_eq!(
        parsed.briefs[3].section.as_deref(),
        Some("Xinjiang & Tibet")
    );
}

/// Runs the Nu HTML Checker on the HTML and email exports when `BRIEFDESK_VNU_JAR` names its
/// jar (npm package vnu-jar; needs Java), and skips with a note otherwise.
#[test]
fn html_and_email_pass_the_nu_html_checker() {
    let Some(jar) = std::env::var_os("BRIEFDESK_VNU_JAR") else {
        eprintln!("skipped: set BRIEFDESK_VNU_JAR to vnu.jar to run the Nu HTML Checker");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let lib = rich_library();
    let mut files = Vec::new();
    for format in [ExportFormat::Html, ExportFormat::Email] {
        let path = dir.path().join(format!("{}.html", format.as_str()));
        std::fs::write(&path, lib.export_issue(12, format, None).unwrap()).unwrap();
        files.push(path);
    }
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("--errors-only")
        .args(&files)
        .output()
        .expect("java runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_body_with_raw_html_or_an_unsafe_link_reads_back_as_it_was_stored() {
    let mut lib = memory();
    lib.create_issue(7, "China Briefing", day(2020, 12, 1))
        .unwrap();
    let body = "Text with <b>raw</b> html, [a bad link](javascript:alert(1)), \
                `<code>` in code, and ![an image](data:image/png;base64,xx).\n\n<div>block</div>";
    let id = lib
        .create_brief(&draft("Raw", body, Vec::new(), &[]))
        .unwrap()
        .id;
    lib.add_to_issue(7, id, None, None).unwrap();
    let markdown = export(&lib, ExportFormat::BriefdeskMarkdown);
    assert!(
        markdown.contains("\\<b>raw"),
        "raw HTML is escaped in the export"
    );
    let parsed = import::parse(markdown.as_bytes(), ImportFormat::Markdown).unwrap();
    assert_eq!(parsed.briefs[0].draft.body, body);
}

#[test]
fn export_document_counts_bytes_and_knows_the_email_limit() {
    use briefdesk_core::export::ExportDocument;
    let text = ExportDocument::new(ExportFormat::Text, "Café".to_string());
    assert_eq!(text.bytes, 5, "UTF-8 bytes, not characters");
    assert_eq!(text.size_limit, None);
    assert!(!text.over_size_limit());

    let small = ExportDocument::new(ExportFormat::Email, "x".repeat(EMAIL_SIZE_LIMIT));
    assert_eq!(small.size_limit, Some(EMAIL_SIZE_LIMIT));
    assert!(
        !small.over_size_limit(),
        "exactly at the limit is not clipped"
    );
    let big = ExportDocument::new(ExportFormat::Email, "x".repeat(EMAIL_SIZE_LIMIT + 1));
    assert!(big.over_size_limit());
}
