//! One pass of html5ever's tokenizer over a page, collecting the raw facts a page states about
//! itself (its `<title>`, `<meta>`, `<link rel=canonical>`, JSON-LD blocks, the first `<time>`,
//! `<html lang>`) and its readable text. Tokens, not a tree: nothing is built that could run,
//! and the text is text (character references decoded, markup gone).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// What the markup says, before any choosing between sources.
#[derive(Debug, Default)]
pub struct RawPage {
    pub title: String,
    pub lang: Option<String>,
    /// `<meta>` name / property / itemprop (lowercased) and content, in page order.
    pub metas: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub json_ld: Vec<String>,
    pub first_time: Option<String>,
    /// Paragraphs inside `<article>`, inside `<main>`, and in the whole body.
    pub article: Vec<String>,
    pub main: Vec<String>,
    pub body: Vec<String>,
}

/// Elements whose content is never readable text: code, styling, chrome and forms.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer", "aside",
    "form", "button", "select", "textarea", "iframe", "object",
];

/// Elements that end a paragraph of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "article",
    "section",
    "main",
    "tr",
    "table",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "hr",
    "body",
];

#[derive(Default)]
struct State {
    page: RawPage,
    skip_depth: usize,
    article_depth: usize,
    main_depth: usize,
    in_title: bool,
    in_json_ld: bool,
    json_ld: String,
    paragraph: String,
}

impl State {
    fn end_paragraph(&mut self) {
        let text = collapse(&self.paragraph);
        self.paragraph.clear();
        if text.is_empty() {
            return;
        }
        if self.article_depth > 0 {
            self.page.article.push(text.clone());
        }
        if self.main_depth > 0 {
            self.page.main.push(text.clone());
        }
        self.page.body.push(text);
    }

    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let attr = |wanted: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == wanted)
                .map(|a| a.value.to_string())
        };
        if BLOCKS.contains(&name) {
            self.end_paragraph();
        }
        match name {
            "html" => self.page.lang = attr("lang").or_else(|| attr("xml:lang")),
            "title" => {
                self.in_title = self.page.title.is_empty();
                return TokenSinkResult::RawData(RawKind::Rcdata);
            }
            "meta" => {
                let key = attr("property")
                    .or_else(|| attr("name"))
                    .or_else(|| attr("itemprop"));
                if let (Some(key), Some(content)) = (key, attr("content")) {
                    self.page.metas.push((key.to_ascii_lowercase(), content));
                }
            }
            "link" => {
                let canonical = attr("rel").is_some_and(|rel| {
                    rel.split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical && self.page.canonical.is_none() {
                    self.page.canonical = attr("href");
                }
            }
            "time" if self.page.first_time.is_none() => {
                self.page.first_time = attr("datetime");
            }
            "article" => self.article_depth += 1,
            "main" => self.main_depth += 1,
            _ => {}
        }
        let raw = match name {
            "script" => {
                self.in_json_ld = attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                Some(RawKind::ScriptData)
            }
            "style" | "noscript" | "iframe" | "xmp" | "noembed" | "noframes" => {
                Some(RawKind::Rawtext)
            }
            "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        if SKIPPED.contains(&name) && !tag.self_closing {
            self.skip_depth += 1;
        }
        match raw {
            Some(kind) => TokenSinkResult::RawData(kind),
            None => TokenSinkResult::Continue,
        }
    }

    fn end(&mut self, tag: &Tag) {
        let name: &str = &tag.name;
        if BLOCKS.contains(&name) {
            self.end_paragraph();
        }
        match name {
            "title" => self.in_title = false,
            "script" if self.in_json_ld => {
                self.in_json_ld = false;
                self.page.json_ld.push(std::mem::take(&mut self.json_ld));
            }
            "article" => self.article_depth = self.article_depth.saturating_sub(1),
            "main" => self.main_depth = self.main_depth.saturating_sub(1),
            _ => {}
        }
        if SKIPPED.contains(&name) {
            self.skip_depth = self.skip_depth.saturating_sub(1);
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_title {
            self.page.title.push_str(text);
        } else if self.in_json_ld {
            self.json_ld.push_str(text);
        } else if self.skip_depth == 0 {
            self.paragraph.push_str(text);
        }
    }
}

struct Sink(RefCell<State>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return state.start(&tag),
                TagKind::EndTag => state.end(&tag),
            },
            Token::CharacterTokens(text) => state.text(&text),
            Token::EOFToken => state.end_paragraph(),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

pub fn tokenize(html: &str) -> RawPage {
    let sink = Sink(RefCell::new(State::default()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut state = tokenizer.sink.0.borrow_mut();
    state.end_paragraph();
    std::mem::take(&mut state.page)
}

/// Runs of whitespace as one space, control characters gone, ends trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
