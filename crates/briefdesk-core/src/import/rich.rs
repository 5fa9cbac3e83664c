//! Rich text from the clipboard (`text/html`, as a browser or a mail program copies it) turned
//! into briefing text whose bodies are Markdown: paragraphs, block quotes, lists, emphasis and
//! links kept; scripts, styles, images and every attribute but a web link's address dropped.
//! The briefing-text readers then find the briefs in it as in pasted plain text.
//!
//! A headline or a paragraph that is only a link is written as its text with the address on the
//! next line, so the link becomes the item's source URL, as a URL line under a headline does.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The briefing text of an HTML fragment.
pub(super) fn to_text(html: &str) -> String {
    let tokenizer = Tokenizer::new(Writer::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut out = tokenizer.sink.out.take();
    out.end_block();
    out.text.trim().to_string() + "\n"
}

#[derive(Default)]
struct Writer {
    out: RefCell<Out>,
}

/// The text being written, and where in the document it is.
#[derive(Default)]
struct Out {
    text: String,
    /// The block being collected (a paragraph, a heading, a list item…).
    block: String,
    /// Inside `<blockquote>`s, how deep.
    quote: usize,
    /// The list item marker of the block, if it is one ("- ", "1. ").
    marker: Option<String>,
    /// Numbers of the ordered lists open (None for bulleted ones).
    lists: Vec<Option<u32>>,
    /// The open link: its address, and where its text starts in `block`.
    link: Option<(String, usize)>,
    /// The one link that is a whole block's content, if it is.
    whole_link: Option<String>,
    /// Inside `<script>`, `<style>` and the like: text not shown.
    hidden: Option<String>,
}

impl Out {
    /// Ends the current block: written as a paragraph of its own (blank line after).
    fn end_block(&mut self) {
        let block = self.block.trim().to_string();
        self.block.clear();
        let whole_link = self.whole_link.take();
        if block.is_empty() {
            return;
        }
        let mut lines = vec![block.clone()];
        // "[Headline](url)" alone: the text, then the address on its own line.
        if let Some(url) = whole_link
            && let Some(text) = block
                .strip_prefix('[')
                .and_then(|b| b.strip_suffix(&format!("]({url})")))
        {
            lines = vec![text.to_string(), url];
        }
        let marker = self.marker.take().unwrap_or_default();
        let quote = "> ".repeat(self.quote);
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 { marker.as_str() } else { "" };
            self.text.push_str(&format!("{quote}{lead}{line}\n"));
        }
        self.text.push('\n');
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden.is_some() {
            return;
        }
        // Whitespace in HTML is one space, wherever it is.
        for c in text.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.block.is_empty() && !self.block.ends_with([' ', '\n']) {
                    self.block.push(' ');
                }
            } else {
                self.block.push(c);
            }
        }
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "tr",
    "table",
    "dd",
    "dt",
    "figcaption",
    "pre",
    "hr",
];

impl TokenSink for Writer {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut out = self.out.borrow_mut();
        match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                let start = tag.kind == TagKind::StartTag;
                if let Some(hidden) = &out.hidden {
                    if !start && *hidden == name {
                        out.hidden = None;
                    }
                    return TokenSinkResult::Continue;
                }
                match (name.as_str(), start) {
                    ("script" | "style" | "template" | "noscript" | "title" | "head", true) => {
                        out.hidden = Some(name.clone());
                        let kind = if name == "script" {
                            RawKind::ScriptData
                        } else if name == "title" {
                            RawKind::Rcdata
                        } else {
                            RawKind::Rawtext
                        };
                        if name != "head" && name != "template" {
                            return TokenSinkResult::RawData(kind);
                        }
                    }
                    (block, _) if BLOCKS.contains(&block) => out.end_block(),
                    ("br", _) => out.block.push('\n'),
                    ("blockquote", true) => {
                        out.end_block();
                        out.quote += 1;
                    }
                    ("blockquote", false) => {
                        out.end_block();
                        out.quote = out.quote.saturating_sub(1);
                    }
                    ("ul", true) => {
                        out.end_block();
                        out.lists.push(None);
                    }
                    ("ol", true) => {
                        out.end_block();
                        out.lists.push(Some(0));
                    }
                    ("ul" | "ol", false) => {
                        out.end_block();
                        out.lists.pop();
                    }
                    ("li", true) => {
                        out.end_block();
                        let marker = match out.lists.last_mut() {
                            Some(Some(n)) => {
                                *n += 1;
                                format!("{n}. ")
                            }
                            _ => "- ".to_string(),
                        };
                        out.marker = Some(marker);
                    }
                    ("li", false) => out.end_block(),
                    ("em" | "i", _) => out.block.push('*'),
                    ("strong" | "b", _) => out.block.push_str("**"),
                    ("a", true) => {
                        let href = tag
                            .attrs
                            .iter()
                            .find(|a| &*a.name.local == "href")
                            .map(|a| a.value.trim().to_string())
                            .filter(|href| crate::validate::url("url", href).is_ok());
                        if let Some(href) = href {
                            let at = out.block.len();
                            out.block.push('[');
                            out.link = Some((href, at));
                        }
                    }
                    ("a", false) => {
                        if let Some((href, at)) = out.link.take() {
                            let whole = out.block[..at].trim().is_empty();
                            out.block.push_str(&format!("]({href})"));
                            if whole {
                                out.whole_link = Some(href);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Token::CharacterTokens(text) => out.push_text(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_quotes_lists_emphasis_and_links_become_markdown() {
        let html = "<meta charset=utf-8><h3><a href=\"https://www.rfa.org/a.html\">Ministry \
                    Announces ID Pilot</a></h3><p>The <em>ministry</em> said the pilot is \
                    <strong>voluntary</strong>.</p><blockquote><p>It is a test.</p></blockquote>\
                    <ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>\
                    <script>alert(1)</script><p><a href=\"javascript:alert(1)\">x</a> y</p>";
        assert_eq!(
            to_text(html),
            "Ministry Announces ID Pilot\nhttps://www.rfa.org/a.html\n\n\
             The *ministry* said the pilot is **voluntary**.\n\n\
             > It is a test.\n\n\
             - one\n\n- two\n\n1. first\n\n\
             x y\n"
        );
    }
}
