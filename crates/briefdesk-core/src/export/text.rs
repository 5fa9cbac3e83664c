//! Markdown to plain text for the text/plain part of an email: wrapped at 72 columns, links
//! turned into numbered references listed after each brief.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use textwrap::core::display_width;

use super::render::is_web_url;

/// The column plain text wraps at: what mail clients expect of text/plain.
pub const WIDTH: usize = 72;

/// A numbered link target: `[3] https://…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub number: usize,
    pub url: String,
}

/// Numbers links for one block of text (a brief, the intro); numbers run on across the issue so
/// that `[3]` means one thing in the whole message.
pub(crate) struct References<'a> {
    next: &'a mut usize,
    pub(crate) items: Vec<Reference>,
}

impl<'a> References<'a> {
    pub(crate) fn new(next: &'a mut usize) -> Self {
        References {
            next,
            items: Vec::new(),
        }
    }

    /// The number of `url`, the same one each time it is cited in this block.
    pub(crate) fn number(&mut self, url: &str) -> usize {
        if let Some(known) = self.items.iter().find(|r| r.url == url) {
            return known.number;
        }
        let number = *self.next;
        *self.next += 1;
        self.items.push(Reference {
            number,
            url: url.to_string(),
        });
        number
    }
}

/// Wraps each line of `text` at `width` columns; long words (URLs) are never broken.
pub fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| fill(line, width, "", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Wraps one line first-fit, as mail clients do: `first` leads the first line and `rest` the
/// others; a word longer than the line (a URL) is never broken. Wide (CJK) characters are
/// words of their own, since those scripts may break between any two characters.
fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let width = width.max(1);
    let mut out = String::with_capacity(text.len() + first.len() + 8);
    out.push_str(first);
    let mut used = display_width(first);
    let rest_width = display_width(rest);
    let mut line_has_word = false;
    for (word, spaced) in words(text) {
        let word_width = if word.is_ascii() {
            word.len()
        } else {
            display_width(word)
        };
        let gap = usize::from(line_has_word && spaced);
        if line_has_word && used + gap + word_width > width {
            trim_line_end(&mut out);
            out.push('\n');
            out.push_str(rest);
            used = rest_width;
        } else if gap == 1 {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += word_width;
        line_has_word = true;
    }
    trim_line_end(&mut out);
    out
}

fn trim_line_end(out: &mut String) {
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
}

/// The words of a line, each with whether spaces came before it.
fn words(line: &str) -> impl Iterator<Item = (&str, bool)> + '_ {
    let mut rest = line;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start_matches(' ');
        let spaced = trimmed.len() < rest.len();
        rest = trimmed;
        let mut chars = rest.char_indices();
        let (_, c) = chars.next()?;
        let end = if is_wide(c) {
            c.len_utf8()
        } else {
            chars
                .find(|&(_, c)| c == ' ' || is_wide(c))
                .map_or(rest.len(), |(at, _)| at)
        };
        let (word, after) = rest.split_at(end);
        rest = after;
        Some((word, spaced))
    })
}

fn is_wide(c: char) -> bool {
    // ASCII is never wide: most text skips the width lookup.
    !c.is_ascii() && display_width(c.encode_utf8(&mut [0; 4])) > 1
}

/// A block that prefixes the lines inside it; `started` once a line inside it was written.
struct Container {
    kind: Kind,
    started: bool,
}

enum Kind {
    Quote,
    /// A list item; `marker` ("- ", "3. ") goes on its first line, spaces on the others.
    Item {
        marker: String,
    },
}

struct List {
    next: Option<u64>,
    first_item: bool,
}

/// Renders Markdown as wrapped plain text; links get `[n]` from `refs`.
pub(crate) fn markdown_to_text(md: &str, refs: &mut References<'_>) -> String {
    let mut writer = Writer::default();
    let mut links: Vec<(String, usize)> = Vec::new();
    for event in Parser::new_ext(md, Options::empty()) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::HtmlBlock) => writer.flush(),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock) => {
                writer.flush()
            }
            Event::Start(Tag::BlockQuote(_)) => {
                writer.flush();
                writer.containers.push(Container {
                    kind: Kind::Quote,
                    started: false,
                });
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                writer.flush();
                writer.containers.pop();
                writer.blank = true;
            }
            Event::Start(Tag::List(start)) => {
                writer.flush();
                writer.lists.push(List {
                    next: start,
                    first_item: true,
                });
            }
            Event::End(TagEnd::List(_)) => {
                writer.flush();
                writer.lists.pop();
                writer.blank = true;
            }
            Event::Start(Tag::Item) => writer.start_item(),
            Event::End(TagEnd::Item) => writer.end_item(),
            Event::Start(Tag::CodeBlock(_)) => {
                writer.flush();
                writer.code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => writer.end_code(),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push((dest_url.to_string(), writer.inline.len()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, from)) = links.pop() {
                    let shown = writer.inline.get(from..).unwrap_or("").trim();
                    let autolink = shown == url || url.strip_prefix("mailto:") == Some(shown);
                    let citable = is_web_url(&url) || url.starts_with("mailto:");
                    if citable && !autolink {
                        let number = refs.number(&url);
                        writer.inline.push_str(&format!(" [{number}]"));
                    }
                }
            }
            Event::Text(text) => match &mut writer.code {
                Some(code) => code.push_str(&text),
                None => writer.inline.push_str(&text),
            },
            Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                writer.inline.push_str(&text)
            }
            Event::SoftBreak => writer.inline.push(' '),
            Event::HardBreak => writer.inline.push('\n'),
            Event::Rule => {
                writer.flush();
                writer.inline.push_str("* * *");
                writer.flush();
            }
            _ => {}
        }
    }
    writer.flush();
    writer.lines.join("\n")
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    containers: Vec<Container>,
    lists: Vec<List>,
    inline: String,
    code: Option<String>,
    /// A blank line is due before the next block.
    blank: bool,
}

impl Writer {
    /// The prefixes of the next block's first line, of the lines after it, and of a blank line
    /// before it (which belongs only to the containers already begun).
    fn prefixes(&self) -> (String, String, String) {
        let mut first = String::new();
        let mut rest = String::new();
        let mut blank = String::new();
        for container in &self.containers {
            let (lead, pad) = match &container.kind {
                Kind::Quote => ("> ".to_string(), "> ".to_string()),
                Kind::Item { marker } => {
                    let pad = " ".repeat(marker.chars().count());
                    let lead = if container.started {
                        pad.clone()
                    } else {
                        marker.clone()
                    };
                    (lead, pad)
                }
            };
            if container.started {
                blank.push_str(&pad);
            }
            first.push_str(&lead);
            rest.push_str(&pad);
        }
        (first, rest, blank)
    }

    fn begin_block(&mut self) -> (String, String) {
        let (first, rest, blank) = self.prefixes();
        if self.blank && !self.lines.is_empty() {
            self.lines.push(blank.trim_end().to_string());
        }
        for container in &mut self.containers {
            container.started = true;
        }
        self.blank = true;
        (first, rest)
    }

    /// Writes the pending inline text as one wrapped paragraph.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.inline);
        let text = text.trim_matches(|c: char| c == ' ' || c == '\n');
        if text.is_empty() {
            return;
        }
        let (first, rest) = self.begin_block();
        for (i, line) in text.split('\n').enumerate() {
            let lead = if i == 0 { &first } else { &rest };
            let filled = fill(line.trim(), WIDTH, lead, &rest);
            self.lines.extend(filled.split('\n').map(str::to_string));
        }
    }

    fn start_item(&mut self) {
        self.flush();
        let marker = match self.lists.last_mut() {
            Some(list) => {
                // Items of one list follow each other without blank lines.
                if !list.first_item {
                    self.blank = false;
                }
                list.first_item = false;
                match &mut list.next {
                    Some(n) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    None => "- ".to_string(),
                }
            }
            None => "- ".to_string(),
        };
        self.containers.push(Container {
            kind: Kind::Item { marker },
            started: false,
        });
    }

    fn end_item(&mut self) {
        self.flush();
        if let Some(Container {
            kind: Kind::Item { .. },
            started: false,
        }) = self.containers.last()
        {
            let (first, _) = self.begin_block();
            self.lines.push(first.trim_end().to_string());
        }
        self.containers.pop();
    }

    fn end_code(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let (first, rest) = self.begin_block();
        for (i, line) in code.trim_end_matches('\n').split('\n').enumerate() {
            let lead = if i == 0 { &first } else { &rest };
            self.lines
                .push(format!("{lead}    {line}").trim_end().to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> (String, Vec<Reference>) {
        let mut next = 1;
        let mut refs = References::new(&mut next);
        let text = markdown_to_text(md, &mut refs);
        (text, refs.items)
    }

    #[test]
    fn paragraphs_wrap_at_72_and_links_become_references() {
        let md = "The ministry [announced](https://www.rfa.org/a) a pilot of internet ID cards in \
                  Fujian and Guangdong, [again](https://www.rfa.org/a), and [more](https://x.org).";
        let (text, refs) = text(md);
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        assert!(text.contains("announced [1]"), "{text}");
        assert!(text.contains("again [1]"), "{text}");
        assert!(text.contains("more [2]"), "{text}");
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].url, "https://x.org");
    }

    #[test]
    fn quotes_lists_and_code_keep_their_shape() {
        let (text, _) = text(
            "Intro.\n\n> Quoted line\n> goes on.\n>\n> > Nested.\n\n    code  here\n\n\
             - one\n- two\n\n  more two\n\n3. three\n",
        );
        assert_eq!(
            text,
            "Intro.\n\n> Quoted line goes on.\n>\n> > Nested.\n\n    code  here\n\n\
             - one\n- two\n\n  more two\n\n3. three"
        );
    }

    #[test]
    fn unsafe_and_auto_links_get_no_reference() {
        let (text, refs) = text("[x](javascript:alert(1)) and <https://rfa.org>");
        assert_eq!(text, "x and https://rfa.org");
        assert!(refs.is_empty());
    }

    #[test]
    fn long_urls_stay_whole_and_cjk_wraps_between_characters() {
        let url = format!("https://example.org/{}", "a".repeat(90));
        assert_eq!(wrap(&format!("see {url}"), WIDTH), format!("see\n{url}"));
        let cjk = "中華人民共和國".repeat(12);
        let wrapped = wrap(&cjk, WIDTH);
        assert!(wrapped.lines().count() > 1);
        assert!(
            wrapped.lines().all(|l| display_width(l) <= WIDTH),
            "{wrapped}"
        );
    }
}
