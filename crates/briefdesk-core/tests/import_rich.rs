//! Rich text pasted from a web page or an email (the clipboard's `text/html`).

use briefdesk_core::import::{self, ImportFormat};

/// A digest as a browser copies it: headlines that link to the story, paragraphs with emphasis
/// and a quotation, and a script that must not survive.
const COPIED: &str = "<meta charset='utf-8'><h1>Morning Scan</h1>\
<p>Sunday, December 20, 2020</p>\
<h3><a href=\"https://www.globaltimes.cn/content/1210394.shtml\">Tiers before Christmas</a></h3>\
<p>London begins an <em>emergency</em> lockdown.</p>\
<blockquote><p>Stay at home this Christmas.</p></blockquote>\
<h3><a href=\"https://www.rfa.org/english/news/china/id-11272020.html\">Ministry Announces ID Pilot</a></h3>\
<p>The pilot is <strong>voluntary</strong>, the ministry said.</p>\
<script>document.title='x'</script><ul><li>Three cities</li><li>One year</li></ul>";

#[test]
fn a_copied_page_keeps_paragraphs_quotes_lists_emphasis_and_links() {
    let parsed = import::parse(COPIED.as_bytes(), ImportFormat::Auto).expect("rich text parses");
    assert!(
        parsed.layout.starts_with("rich text; "),
        "{}",
        parsed.layout
    );
    let briefs: Vec<_> = parsed.briefs.iter().map(|b| &b.draft).collect();
    assert_eq!(briefs.len(), 2, "{briefs:#?}");
    assert_eq!(briefs[0].headline, "Tiers before Christmas");
    assert_eq!(
        briefs[0].body,
        "London begins an *emergency* lockdown.\n\n> Stay at home this Christmas."
    );
    // The headline's link is the source; the page's date applies to every item.
    let source = &briefs[0].sources[0];
    assert_eq!(
        source.url.as_deref(),
        Some("https://www.globaltimes.cn/content/1210394.shtml")
    );
    assert_eq!(source.outlet, "globaltimes.cn");
    assert_eq!(source.date.as_deref(), Some("2020-12-20"));
    assert_eq!(briefs[1].headline, "Ministry Announces ID Pilot");
    assert_eq!(
        briefs[1].body,
        "The pilot is **voluntary**, the ministry said.\n\n- Three cities\n\n- One year"
    );
    let all: String = briefs.iter().map(|b| b.body.clone()).collect();
    assert!(!all.contains("document.title"), "{all}");
}

#[test]
fn a_url_in_angle_brackets_is_not_html() {
    let text = "<https://example.com/a>\n\nHeadline\n\nBody.\nSource: Reuters, May 1, 2021\n";
    let parsed = import::parse(text.as_bytes(), ImportFormat::Auto).expect("text parses");
    assert!(!parsed.layout.starts_with("rich text"), "{}", parsed.layout);
}
