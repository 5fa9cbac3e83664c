//! Finishing email HTML: block quotes as table cells (desktop Outlook drops blockquote
//! borders), then the template's CSS inlined into `style` attributes.

use crate::error::{Error, Result};

/// Gmail clips messages larger than this; the built-in email template stays well under it for
/// an issue of 20 typical briefs.
pub const EMAIL_SIZE_LIMIT: usize = 102 * 1024;

const QUOTE_OPEN: &str = "<table role=\"presentation\" class=\"quote\" width=\"100%\" \
                          cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td class=\"quote-cell\">";
const QUOTE_CLOSE: &str = "</td></tr></table>";

pub(crate) fn finish(html: &str) -> Result<String> {
    let html = quotes_as_tables(html);
    let inliner = css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_link_tags(false)
        .keep_style_tags(false)
        .keep_at_rules(true)
        .minify_css(true)
        .build();
    inliner.inline(&html).map_err(|e| {
        Error::invalid(
            "template",
            format!("the email's CSS cannot be inlined: {e}"),
        )
    })
}

/// Sanitized bodies carry bare `<blockquote>` tags (attributes are stripped), so a plain
/// replacement finds every one.
fn quotes_as_tables(html: &str) -> String {
    html.replace("<blockquote>", QUOTE_OPEN)
        .replace("</blockquote>", QUOTE_CLOSE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_inlined_and_quotes_become_cells() {
        let html = "<!DOCTYPE html><html lang=\"en\"><head><title>t</title><style>\
                    p { color: red; } .quote-cell { border-left: 3px solid #ccc; }\
                    @media (max-width: 600px) { p { color: blue; } }</style></head>\
                    <body><blockquote>\n<p>q</p>\n</blockquote></body></html>";
        let out = finish(html).unwrap();
        assert!(
            out.contains("<td class=\"quote-cell\" style=\"border-left:3px solid #ccc\">"),
            "{out}"
        );
        assert!(out.contains("<p style=\"color:red\">q</p>"), "{out}");
        assert!(!out.contains("blockquote"), "{out}");
        assert!(out.contains("@media"), "{out}");
        assert!(!out.contains("p { color: red; }"), "{out}");
    }
}
