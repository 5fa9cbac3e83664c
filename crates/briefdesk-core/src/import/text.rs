//! The briefing-text reader: headline, paragraphs, `Source: Outlet, Date`, URL.
//!
//! Source lines decide the structure: each one closes a brief, whose headline is the first line
//! after the previous brief's Source and URL lines. A headline-shaped line standing alone after a
//! brief's body, with paragraphs after it, starts a new brief even where the one before never got
//! a Source line, so a missing Source line never merges two stories. Page chrome ("Skip to
//! content", "By Reuters Staff", "3 Min Read") and anything else that cannot be placed is
//! reported in `skipped`; briefs missing a date, a URL or a Source line are imported with a
//! warning, so no text is lost silently.

use std::mem;

use chrono::NaiveDate;

use super::dates::{self, DateRead};
use super::lines::{
    ends_like_sentence, host, is_blank, is_chrome, is_headline_shaped, is_space, one_line, quoted,
    spaces_only, url_line, url_start,
};
use super::{ImportWarning, LineRole, Parsed, ParsedBrief, Placed, Skipped};
use crate::model::{BriefDraft, SourceDraft};

const CHROME: &str = "page chrome, not part of a brief";
const BEFORE_FIRST: &str = "text before the first brief's headline";
const ORPHAN_SOURCE: &str = "a Source line with no brief before it";
const ORPHAN_URL: &str = "a URL after a Source line with no brief before it";
const LONE_LINE: &str = "a single line with no body and no Source line; not a brief";

/// What the house reader recognises, for the preview.
const LAYOUT: &str = "headline, body, then a Source line (outlet, date) and its URL";

/// Whether any line is a Source line: the house reader's structure rests on them.
pub(super) fn has_source_line(text: &str) -> bool {
    text.split('\n').any(|line| source_content(line).is_some())
}

pub(super) fn parse(text: &str) -> Parsed {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut reader = Reader::default();
    let mut i = 0;
    while i < lines.len() {
        let (no, line) = (i + 1, lines[i]);
        i += 1;
        if is_blank(line) {
            reader.blank();
        } else if let Some(content) = source_content(line) {
            let mut content = spaces_only(content);
            let mut label_line = None;
            // "Source:" alone, with "Outlet, Date" on the next line (pasted from a page that
            // sets the label apart).
            if content.trim().is_empty()
                && let Some(j) = (i..lines.len()).find(|&j| !is_blank(lines[j]))
                && url_line(lines[j]).is_none()
                && source_content(lines[j]).is_none()
                && names_a_date(lines[j])
            {
                content = spaces_only(lines[j]);
                label_line = Some(j + 1);
                i = j + 1;
            }
            if let Some(content_line) = label_line {
                reader.placed_source(content_line, lines[content_line - 1]);
            }
            reader.source_line(no, line, &content);
        } else if reader.after_source
            && let Some(url) = url_line(line)
        {
            reader.url(no, url);
        } else {
            reader.text(no, line);
        }
    }
    reader.finish()
}

/// A non-blank line waiting to become part of a brief.
struct TextLine<'a> {
    no: usize,
    text: &'a str,
    /// A blank line (or the start of the block) comes before it.
    starts_paragraph: bool,
}

/// A brief whose Source line has been read; it stays open for further Source and URL lines.
struct OpenBrief {
    line: usize,
    headline: String,
    body: String,
    sources: Vec<LineSource>,
    /// URLs not yet tied to a source, in order: URL lines, and extra URLs on Source lines.
    urls: Vec<(usize, String)>,
    placed: Vec<Placed>,
}

struct LineSource {
    line: usize,
    outlet: String,
    date: Option<NaiveDate>,
    /// A warning about the date was already given (impossible or unreadable).
    date_noted: bool,
    url: Option<String>,
    /// The part of the Source line it came from, for messages.
    text: String,
}

#[derive(Default)]
struct Reader<'a> {
    pending: Vec<TextLine<'a>>,
    blank_before: bool,
    open: Option<OpenBrief>,
    /// Between a Source line and the next text: URL lines here belong to that Source line.
    after_source: bool,
    /// The content line of a "Source:" label alone on its line (number and text).
    label: Option<(usize, &'a str)>,
    out: Parsed,
}

impl<'a> Reader<'a> {
    fn blank(&mut self) {
        if !self.pending.is_empty() {
            self.blank_before = true;
        }
    }

    fn text(&mut self, no: usize, text: &'a str) {
        let starts_paragraph = self.blank_before || self.pending.is_empty();
        self.blank_before = false;
        if !is_chrome(text) {
            self.after_source = false;
        }
        self.pending.push(TextLine {
            no,
            text,
            starts_paragraph,
        });
    }

    fn url(&mut self, no: usize, url: &str) {
        match &mut self.open {
            Some(open) => {
                open.urls.push((no, url.to_string()));
                open.placed.push(Placed {
                    line: no,
                    role: LineRole::Url,
                    text: url.to_string(),
                });
            }
            None => self.skip(no, url, ORPHAN_URL),
        }
    }

    fn source_line(&mut self, no: usize, line: &'a str, content: &str) {
        let block = mem::take(&mut self.pending);
        self.blank_before = false;
        self.after_source = true;
        let block = self.drop_chrome(block);
        if block.is_empty() {
            // A second Source line for the brief just read, or one with nothing to belong to.
            match &mut self.open {
                Some(open) => {
                    open.placed
                        .extend(self.label.take().map(|(line, text)| Placed {
                            line,
                            role: LineRole::Source,
                            text: text.trim_matches(is_space).to_string(),
                        }));
                    add_sources(open, no, content, &mut self.out.warnings);
                }
                None => {
                    self.skip(no, line, ORPHAN_SOURCE);
                    if let Some((label_no, text)) = self.label.take() {
                        self.skip(label_no, text, ORPHAN_SOURCE);
                    }
                }
            }
            return;
        }
        self.close_open();
        let mut stories = self.stories(block);
        let Some(mut open) = stories.pop() else {
            return;
        };
        for earlier in stories {
            self.without_source(earlier);
        }
        open.placed.extend(self.take_label());
        add_sources(&mut open, no, content, &mut self.out.warnings);
        self.open = Some(open);
    }

    /// The line after a "Source:" label alone on its line, which holds its content.
    fn placed_source(&mut self, no: usize, text: &'a str) {
        self.label = Some((no, text));
    }

    /// The label's content line as placed in a brief.
    fn take_label(&mut self) -> Option<Placed> {
        self.label.take().map(|(line, text)| Placed {
            line,
            role: LineRole::Source,
            text: text.trim_matches(is_space).to_string(),
        })
    }

    /// Emits a brief that never got a Source line, with a warning on its headline's line.
    fn without_source(&mut self, open: OpenBrief) {
        self.out.warnings.push(ImportWarning {
            line: open.line,
            message: format!(
                "{}: no Source line; imported without a source",
                quoted(&open.headline)
            ),
        });
        self.open = Some(open);
        self.close_open();
    }

    /// Reports the chrome lines of a block as skipped and returns the rest; a line after a
    /// removed one takes over its paragraph start.
    fn drop_chrome(&mut self, block: Vec<TextLine<'a>>) -> Vec<TextLine<'a>> {
        let mut kept: Vec<TextLine<'a>> = Vec::with_capacity(block.len());
        let mut starts_paragraph = false;
        for mut line in block {
            if is_chrome(line.text) {
                self.skip(line.no, line.text, CHROME);
                starts_paragraph |= line.starts_paragraph;
            } else {
                line.starts_paragraph |= starts_paragraph || kept.is_empty();
                starts_paragraph = false;
                kept.push(line);
            }
        }
        kept
    }

    /// Turns a block (chrome removed, not empty) into one brief per story in it: a new story
    /// starts at a headline-shaped line standing alone after at least a headline and a body
    /// line, with a paragraph after it.
    fn stories(&mut self, mut block: Vec<TextLine<'a>>) -> Vec<OpenBrief> {
        if self.out.briefs.is_empty() {
            let titles = leading_titles(&block);
            for title in block.drain(..titles) {
                self.skip(title.no, title.text, BEFORE_FIRST);
            }
        }
        let mut stories = Vec::new();
        let mut story: Vec<TextLine<'a>> = Vec::new();
        let mut lines = block.into_iter().peekable();
        while let Some(line) = lines.next() {
            let stands_alone =
                line.starts_paragraph && lines.peek().is_some_and(|next| next.starts_paragraph);
            if story.len() >= 2 && stands_alone && is_headline_shaped(line.text) {
                stories.push(start_brief(mem::take(&mut story)));
            }
            story.push(line);
        }
        if !story.is_empty() {
            stories.push(start_brief(story));
        }
        stories
    }

    /// Text after the last Source line: a headline with paragraphs is kept as a brief without
    /// sources; chrome and a lone line are skipped.
    fn finish(mut self) -> Parsed {
        self.close_open();
        let block = mem::take(&mut self.pending);
        let block = self.drop_chrome(block);
        match block.len() {
            0 => {}
            1 => {
                let lone = &block[0];
                self.skip(lone.no, lone.text, LONE_LINE);
            }
            _ => {
                for open in self.stories(block) {
                    self.without_source(open);
                }
            }
        }
        // Chrome after a brief is found only when the brief closes; report in file order.
        self.out.skipped.sort_by_key(|s| s.line);
        self.out.warnings.sort_by_key(|w| w.line);
        self.out.layout = LAYOUT.to_string();
        self.out
    }

    fn skip(&mut self, line: usize, text: &str, reason: &str) {
        self.out.skipped.push(Skipped {
            line,
            text: text.trim_matches(is_space).to_string(),
            reason: reason.to_string(),
        });
    }

    /// Ties the open brief's URLs to its sources, warns about what is missing, and emits it.
    fn close_open(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        let warnings = &mut self.out.warnings;
        let name = quoted(&open.headline);
        let mut sources = open.sources;
        let mut urls = open.urls.into_iter().filter(|(line, url)| {
            let valid = crate::validate::url("url", url).is_ok();
            if !valid {
                warnings.push(ImportWarning {
                    line: *line,
                    message: format!("{name}: \"{url}\" is not an http(s) URL; left out"),
                });
            }
            valid
        });
        for source in sources.iter_mut().filter(|s| s.url.is_none()) {
            match urls.next() {
                Some((_, url)) => source.url = Some(url),
                None => break,
            }
        }
        let extra: Vec<(usize, String)> = urls.collect();
        if sources.is_empty() {
            // "Source: https://…" with no outlet: the URL is all we have.
            for (line, url) in extra {
                sources.push(LineSource {
                    line,
                    outlet: String::new(),
                    date: None,
                    date_noted: false,
                    url: Some(url),
                    text: String::new(),
                });
            }
        } else {
            for (line, url) in extra {
                warnings.push(ImportWarning {
                    line,
                    message: format!("{name}: extra URL {url} has no source to go with; left out"),
                });
            }
        }
        let mut drafts = Vec::with_capacity(sources.len());
        for mut source in sources {
            let line = source.line;
            let warn = |message: String| ImportWarning { line, message };
            if source.outlet.is_empty() {
                match source.url.as_deref().and_then(host) {
                    Some(host) => {
                        warnings.push(warn(format!(
                            "{name}: the Source line names no outlet; used \"{host}\" from the URL"
                        )));
                        source.outlet = host;
                    }
                    None => {
                        warnings.push(warn(format!(
                            "{name}: source \"{}\" names no outlet and has no URL; left out",
                            source.text
                        )));
                        continue;
                    }
                }
            }
            let outlet = &source.outlet;
            if source.date.is_none() && !source.date_noted {
                warnings.push(warn(format!("{name}: no date for source \"{outlet}\"")));
            }
            if source.url.is_none() {
                warnings.push(warn(format!("{name}: no URL for source \"{outlet}\"")));
            }
            drafts.push(SourceDraft {
                outlet: source.outlet,
                date: source.date.map(|d| d.to_string()),
                url: source.url,
                title: None,
            });
        }
        self.out.briefs.push(ParsedBrief {
            line: open.line,
            draft: BriefDraft {
                headline: open.headline,
                body: open.body,
                sources: drafts,
                ..BriefDraft::default()
            },
            section: None,
            placed: open.placed,
        });
    }
}

/// Turns one story's lines (not empty) into a brief's headline and body.
fn start_brief(block: Vec<TextLine>) -> OpenBrief {
    let mut placed: Vec<Placed> = block
        .iter()
        .map(|l| Placed {
            line: l.no,
            role: LineRole::Body,
            text: l.text.trim_matches(is_space).to_string(),
        })
        .collect();
    if let Some(first) = placed.first_mut() {
        first.role = LineRole::Headline;
    }
    let mut lines = block.into_iter();
    let (line, headline) = match lines.next() {
        Some(first) => (first.no, one_line(first.text)),
        None => (0, String::new()),
    };
    OpenBrief {
        line,
        headline,
        body: body(lines),
        sources: Vec::new(),
        urls: Vec::new(),
        placed,
    }
}

/// Reads the sources of one Source line into `open`, warning about dates it cannot use.
fn add_sources(open: &mut OpenBrief, no: usize, content: &str, warnings: &mut Vec<ImportWarning>) {
    open.placed.push(Placed {
        line: no,
        role: LineRole::Source,
        text: content.trim().to_string(),
    });
    let parts = split_parts(content);
    if parts.is_empty() {
        warnings.push(ImportWarning {
            line: no,
            message: format!(
                "{}: the Source line names no source",
                quoted(&open.headline)
            ),
        });
    }
    for part in parts {
        let mut urls = part.urls.into_iter();
        if part.text.is_empty() {
            open.urls.extend(urls.map(|url| (no, url)));
            continue;
        }
        let (outlet, date) = outlet_and_date(&part.text);
        let label = if outlet.is_empty() {
            &part.text
        } else {
            &outlet
        };
        let problem = match &date {
            SourceDate::Impossible(text) => Some(format!("\"{text}\" is not a real date")),
            SourceDate::Unreadable(text) => Some(format!("\"{text}\" is not a date it can read")),
            SourceDate::Date(_) | SourceDate::Missing => None,
        };
        if let Some(problem) = &problem {
            warnings.push(ImportWarning {
                line: no,
                message: format!(
                    "{}: {problem}; source \"{label}\" imported without a date",
                    quoted(&open.headline)
                ),
            });
        }
        open.sources.push(LineSource {
            line: no,
            outlet,
            date: match date {
                SourceDate::Date(d) => Some(d),
                _ => None,
            },
            date_noted: problem.is_some(),
            url: urls.next(),
            text: part.text.clone(),
        });
        // More than one URL in a part: the rest wait for sources without one.
        open.urls.extend(urls.map(|url| (no, url)));
    }
}

/// One `Outlet, Date` part of a Source line, with the URLs written in it.
#[derive(Default)]
struct Part {
    text: String,
    urls: Vec<String>,
}

/// Splits a Source line's content (spaces only) into `;`-separated parts, taking URLs out of the
/// text (a `;` inside a URL does not split).
fn split_parts(content: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut part = Part::default();
    for word in content.split(' ').filter(|w| !w.is_empty()) {
        let (text, url) = match url_start(word) {
            // "(https://…)" and "<https://…>": the bracket is not text.
            Some(at) => {
                let (text, url) = word.split_at(at);
                (text.trim_end_matches(['(', '<']), url)
            }
            None => (word, ""),
        };
        let mut pieces = text.split([';', '；']);
        if let Some(first) = pieces.next() {
            push_word(&mut part.text, first);
        }
        for piece in pieces {
            parts.push(mem::take(&mut part));
            push_word(&mut part.text, piece);
        }
        if !url.is_empty() {
            let trimmed = url.trim_end_matches([',', '，', '.', ';', '；', '>']);
            let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            part.urls.push(trimmed.to_string());
            if url[trimmed.len()..].contains([';', '；']) {
                parts.push(mem::take(&mut part));
            }
        }
    }
    parts.push(part);
    parts.retain_mut(|p| {
        p.text = p.text.trim_end_matches([',', '，', ' ']).to_string();
        !p.text.is_empty() || !p.urls.is_empty()
    });
    parts
}

fn push_word(text: &mut String, word: &str) {
    let word = word.trim_start_matches('<');
    if word.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(word);
}

/// What a Source part says about its date.
enum SourceDate {
    Date(NaiveDate),
    Missing,
    /// Written like a date but not on the calendar ("February 30, 2020").
    Impossible(String),
    /// The last comma part has digits but is no date style we read ("12/01/2020").
    Unreadable(String),
}

/// Splits "Outlet, Date" at the longest tail that reads as a date, so commas may appear in the
/// outlet ("Reuters, Hong Kong, December 1, 2020") and in the date.
fn outlet_and_date(text: &str) -> (String, SourceDate) {
    // Pipes and dashes part an outlet from its date too ("Global Times | 2020/12/27 11:20:04").
    let is_sep = |c: char| matches!(c, ',' | '，' | ' ' | '|' | '—' | '–');
    // A colon may close the outlet ("Soure:Global Times: 2020/12/28"), but a time has colons.
    let outlet_end = |c: char| is_sep(c) || c == ':' || c == '：';
    let text = text.trim_matches(is_sep);
    let mut starts: Vec<usize> = text
        .char_indices()
        .filter(|&(at, c)| {
            !is_sep(c) && (at == 0 || text[..at].chars().next_back().is_some_and(is_sep))
        })
        .map(|(at, _)| at)
        .collect();
    // A date is at most three words ("November 27, 2020").
    let keep = starts.len().saturating_sub(3);
    starts.drain(..keep);
    for at in starts {
        let tail = &text[at..];
        let date = match dates::read_date(tail, false) {
            DateRead::Date(date) => SourceDate::Date(date),
            DateRead::Impossible => SourceDate::Impossible(tail.to_string()),
            DateRead::NotADate => continue,
        };
        let mut outlet = text[..at].trim_end_matches(outlet_end);
        // "U.S. State Department, Friday, December 4, 2020": the weekday is not the outlet's.
        if let Some((head, last)) = outlet.rsplit_once([',', '，'])
            && dates::is_full_weekday(last.trim())
        {
            outlet = head.trim_end_matches(is_sep);
        }
        return (outlet.to_string(), date);
    }
    if let Some((head, last)) = text.rsplit_once([',', '，'])
        && last.bytes().any(|b| b.is_ascii_digit())
        && !head.trim_matches(is_sep).is_empty()
    {
        return (
            head.trim_matches(is_sep).to_string(),
            SourceDate::Unreadable(last.trim().to_string()),
        );
    }
    (text.to_string(), SourceDate::Missing)
}

/// Whether a line ends in something that reads as a date (for "Source:" alone on its line).
fn names_a_date(line: &str) -> bool {
    let text = spaces_only(line);
    matches!(outlet_and_date(&text).1, SourceDate::Date(_))
}

/// The labels of a Source line: English (and its common misspellings, a letter dropped, as
/// "Soure:"), French, German, Spanish, Portuguese, Italian, Russian, Chinese and Japanese.
const SOURCE_LABELS: &[&str] = &[
    "sources",
    "source",
    "soure",
    "sorce",
    "souce",
    "surce",
    "sourc",
    "quelle",
    "quellen",
    "fuente",
    "fuentes",
    "fonte",
    "fonti",
    "источник",
    "источники",
    "来源",
    "來源",
    "消息来源",
    "出典",
    "出处",
    "出處",
];

/// The content after `Source:` / `Sources:` (either colon, ASCII or full-width), if `line` is a
/// Source line.
fn source_content(line: &str) -> Option<&str> {
    let line = line.trim_start_matches(is_space);
    for label in SOURCE_LABELS {
        if let Some((head, rest)) = line.split_at_checked(label.len())
            && head.to_lowercase() == *label
        {
            let rest = rest.trim_start_matches(is_space);
            if let Some(content) = rest.strip_prefix([':', '：']) {
                return Some(content);
            }
        }
    }
    None
}

/// How many lines at the start of the first block are a page or newsletter title rather than the
/// first headline: a short line with no sentence ending, followed by a longer such line standing
/// alone (the headline) and then a paragraph (the body).
fn leading_titles(block: &[TextLine]) -> usize {
    let mut titles = 0;
    while let [title, headline, body, ..] = &block[titles..] {
        let short = title.text.split_whitespace().count() <= 4 && title.text.chars().count() <= 40;
        let is_title = short
            && body.starts_paragraph
            && !ends_like_sentence(title.text)
            && !ends_like_sentence(headline.text)
            && headline.text.trim().chars().count() > title.text.trim().chars().count();
        if !is_title {
            break;
        }
        titles += 1;
    }
    titles
}

/// Body paragraphs (lines trimmed, joined by "\n") separated by a blank line, as Markdown. A
/// paragraph marked as a quotation with `>` stays a block quote on every line.
fn body<'a>(lines: impl Iterator<Item = TextLine<'a>>) -> String {
    let mut body = String::new();
    let mut quote = false;
    for (i, line) in lines.enumerate() {
        let text = line.text.trim_matches(is_space);
        if i == 0 || line.starts_paragraph {
            if i > 0 {
                body.push_str("\n\n");
            }
            quote = text.starts_with('>');
        } else {
            body.push('\n');
            if quote && !text.starts_with('>') {
                body.push_str("> ");
            }
        }
        body.push_str(text);
    }
    body
}
