//! Markdown to safe HTML: the one place a brief body becomes HTML, for every export and the
//! app's live preview.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// What sanitized HTML may contain. Built once: the builder's sets are not free to make.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from([
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
        ]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("ol", HashSet::from(["start"])),
        ]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        // An export has no base to resolve "/path" or "page.html" against.
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
});

/// Sanitized HTML of one Markdown body (CommonMark). Raw HTML in the Markdown is shown as text,
/// images become links to themselves (exports load nothing remote), and body headings are
/// demoted to h4–h6 so they sit under the brief's own headline.
pub fn render_markdown(md: &str) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    let events = Parser::new_ext(md, Options::empty()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H4,
        HeadingLevel::H2 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a URL may become a link in an export: only absolute http(s) URLs.
pub(crate) fn is_web_url(url: &str) -> bool {
    url::Url::parse(url.trim())
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::markdown::{escape_text, link_destination, neutralize_html};

    #[test]
    fn commonmark_becomes_the_allowed_tags() {
        let html = render_markdown(
            "Para with *em*, **strong**, `code` and [a link](https://rfa.org).\n\n\
             > quoted\n\n- one\n- two\n\n1. first\n",
        );
        assert!(
            html.contains("<p>Para with <em>em</em>, <strong>strong</strong>, <code>code</code>")
        );
        assert!(html.contains(r#"<a href="https://rfa.org" rel="noopener noreferrer">a link</a>"#));
        assert!(html.contains("<blockquote>\n<p>quoted</p>\n</blockquote>"));
        assert!(html.contains("<ul>\n<li>one</li>"));
        assert!(html.contains("<ol>\n<li>first</li>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render_markdown("<script>alert(1)</script>\n\nand <b onclick=x>bold</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn unsafe_links_lose_their_href_and_images_load_nothing() {
        let html = render_markdown(
            "[x](javascript:alert(1)) [y](data:text/html,hi) [z](vbscript:msgbox) \
             [e](&#106;avascript:alert(1)) [r](/relative) ![pic](https://x.org/p.png)",
        );
        for bad in ["javascript:", "data:", "vbscript:", "/relative", "<img"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(
            html.contains(r#"<a href="https://x.org/p.png" rel="noopener noreferrer">pic</a>"#)
        );
    }

    #[test]
    fn body_headings_sit_below_the_headline() {
        assert_eq!(render_markdown("# Big"), "<h4>Big</h4>\n");
        assert_eq!(render_markdown("### Small"), "<h6>Small</h6>\n");
    }

    #[test]
    fn only_absolute_web_urls_are_links() {
        assert!(is_web_url("https://www.rfa.org/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,x"));
        assert!(!is_web_url("/relative"));
        assert_eq!(
            escape_html(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn escaped_text_renders_as_itself() {
        let raw = r"*Not* _em_ [link](x) <b>&amp; # 1\2 `c` ~s~";
        let html = render_markdown(&escape_text(raw));
        assert_eq!(
            html,
            "<p>*Not* _em_ [link](x) &lt;b&gt;&amp;amp; # 1\\2 `c` ~s~</p>\n"
        );
    }

    #[test]
    fn neutralized_html_renders_as_text() {
        let md = "Hi <b onclick=x>there</b> & `<code>`\n\n<script>\nalert(1)\n</script>\n\n> q";
        let html = render_markdown(&neutralize_html(md));
        assert!(!html.contains("<b ") && !html.contains("<script"), "{html}");
    }

    #[test]
    fn destinations_survive_parentheses_spaces_and_entities() {
        for url in [
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            "https://x.org/a b",
            "https://x.org/?a=1&b=2",
            "https://x.org/?q=&copy;",
        ] {
            let md = format!("[x]({})", link_destination(url));
            let html = render_markdown(&md);
            let expected = escape_html(url).replace(' ', "%20").replace("&#39;", "'");
            assert!(
                html.contains(&format!("href=\"{expected}\"")),
                "{url}: {html}"
            );
        }
    }
}
