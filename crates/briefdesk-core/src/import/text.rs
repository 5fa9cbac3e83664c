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
use super::{ImportWarning, Parsed, ParsedBrief, Skipped};
use crate::model::{BriefDraft, SourceDraft};

const CHROME: &str = "page chrome, not part of a brief";
const BEFORE_FIRST: &str = "text before the first brief's headline";
const ORPHAN_SOURCE: &str = "a Source line with no brief before it";
const ORPHAN_URL: &str = "a URL after a Source line with no brief before it";
const LONE_LINE: &str = "a single line with no body and no Source line; not a brief";

/// Lines pasted from web pages that are navigation, not news. Compared lowercased, without a
/// trailing colon or period.
const CHROME_LINES: &[&str] = &[
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "jump to content",
    "jump to navigation",
    "menu",
    "main menu",
    "home",
    "search",
    "close",
    "share",
    "share this",
    "share this article",
    "print",
    "advertisement",
    "back to top",
    "return to top",
    "sponsored",
    "sponsored content",
    "related",
    "related articles",
    "related stories",
    "read more",
    "continue reading",
    "listen to this article",
    "subscribe",
    "comments",
];

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
            // "Source:" alone, with "Outlet, Date" on the next line (pasted from a page that
            // sets the label apart).
            if content.trim().is_empty()
                && let Some(j) = (i..lines.len()).find(|&j| !is_blank(lines[j]))
                && url_line(lines[j]).is_none()
                && source_content(lines[j]).is_none()
                && names_a_date(lines[j])
            {
                content = spaces_only(lines[j]);
                i = j + 1;
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
            Some(open) => open.urls.push((no, url.to_string())),
            None => self.skip(no, url, ORPHAN_URL),
        }
    }

    fn source_line(&mut self, no: usize, line: &str, content: &str) {
        let block = mem::take(&mut self.pending);
        self.blank_before = false;
        self.after_source = true;
        let block = self.drop_chrome(block);
        if block.is_empty() {
            // A second Source line for the brief just read, or one with nothing to belong to.
            match &mut self.open {
                Some(open) => add_sources(open, no, content, &mut self.out.warnings),
                None => self.skip(no, line, ORPHAN_SOURCE),
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
        add_sources(&mut open, no, content, &mut self.out.warnings);
        self.open = Some(open);
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
        });
    }
}

/// Turns one story's lines (not empty) into a brief's headline and body.
fn start_brief(block: Vec<TextLine>) -> OpenBrief {
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
    }
}

/// Reads the sources of one Source line into `open`, warning about dates it cannot use.
fn add_sources(open: &mut OpenBrief, no: usize, content: &str, warnings: &mut Vec<ImportWarning>) {
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

/// Where an http(s) URL starts in a word, if one does.
fn url_start(word: &str) -> Option<usize> {
    let lower = word.to_ascii_lowercase();
    let at = lower.find("https://").or_else(|| lower.find("http://"))?;
    // Only when the URL is not glued to a letter ("xhttp://" is no URL).
    let before = word[..at].chars().next_back();
    before.is_none_or(|c| !c.is_alphanumeric()).then_some(at)
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
    let is_sep = |c: char| c == ',' || c == '，' || c == ' ';
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
        let mut outlet = text[..at].trim_end_matches(is_sep);
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

/// The content after `Source:` / `Sources:` (either colon, ASCII or full-width), if `line` is a
/// Source line.
fn source_content(line: &str) -> Option<&str> {
    let line = line.trim_start_matches(is_space);
    for label in ["sources", "source", "来源", "來源"] {
        if let Some((head, rest)) = line.split_at_checked(label.len())
            && head.eq_ignore_ascii_case(label)
        {
            let rest = rest.trim_start_matches(is_space);
            if let Some(content) = rest.strip_prefix([':', '：']) {
                return Some(content);
            }
        }
    }
    None
}

/// The URL if the line is one http(s) URL and nothing else (`<…>` around it allowed).
fn url_line(line: &str) -> Option<&str> {
    let text = line.trim_matches(is_space);
    let text = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    let scheme = text.get(..8)?.to_ascii_lowercase();
    let is_url = scheme == "https://" || scheme.starts_with("http://");
    (is_url && !text.contains(char::is_whitespace)).then_some(text)
}

/// The host of a URL without "www.", to name an outlet the editor left out.
fn host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// The chrome lines, matched whole and case-insensitively.
fn is_chrome(line: &str) -> bool {
    let text = line
        .trim_matches(is_space)
        .trim_end_matches([':', '.', '…', '↑'])
        .trim_end_matches(is_space);
    // Every chrome line is short; skip the lowercase copy for real text.
    if text.len() > 64 {
        return false;
    }
    let lower = one_line(text).to_lowercase();
    CHROME_LINES.contains(&lower.as_str()) || is_reading_time(&lower) || is_staff_byline(&lower)
}

/// "3 min read", "5 minute read", "2 mins read".
fn is_reading_time(lower: &str) -> bool {
    let Some((number, rest)) = lower.split_once(' ') else {
        return false;
    };
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            rest,
            "min read" | "mins read" | "minute read" | "minutes read" | "min. read"
        )
}

/// A newsroom's byline rather than a writer's: "By Reuters Staff", "Reuters Staff", "By AP
/// staff writers". A person's byline ("By Lin Mei") may be part of the story and stays.
fn is_staff_byline(lower: &str) -> bool {
    let name = lower.strip_prefix("by ").unwrap_or(lower);
    let words = name.split(' ').count();
    (2..=5).contains(&words)
        && [
            " staff",
            " staff writer",
            " staff writers",
            " staff reporter",
            " staff reporters",
            " newsroom",
        ]
        .iter()
        .any(|tail| name.ends_with(tail))
}

/// A line that reads as a headline: short, starting with a capital (or a script without case),
/// not a quotation or list item, and not ending as a sentence does. A closing quote at the end
/// is allowed ("… Disguised as “Cultural Exchanges”").
fn is_headline_shaped(line: &str) -> bool {
    let text = line.trim_matches(is_space);
    let Some(first) = text.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    if first.is_lowercase()
        || text.starts_with(['>', '-', '*', '•', '(', '[', '“', '"', '「'])
        || url_start(text).is_some()
    {
        return false;
    }
    let words = text.split_whitespace().count();
    if words > 20 || text.chars().count() > 160 {
        return false;
    }
    let end = text.trim_end_matches(['”', '"', '’', '\'', '」', '』', ')', '）']);
    !end.ends_with([
        '.', '!', '?', ':', ';', ',', '…', '。', '！', '？', '：', '；', '，',
    ])
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

fn ends_like_sentence(line: &str) -> bool {
    line.trim_end_matches(is_space).ends_with([
        '.', '!', '?', ':', '…', '"', '”', '\'', '’', ')', '。', '！', '？', '：', '）', '」', '』',
    ])
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

/// Whitespace of any kind (NBSP included), and the invisible characters pasted text carries.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_space)
}

/// A structure line with every kind of space made a plain space and invisible characters gone.
fn spaces_only(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_space(c) || c.is_whitespace())
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Collapses runs of whitespace (NBSP included) to one space, as the library does for headlines.
fn one_line(text: &str) -> String {
    crate::validate::one_line(text)
}

/// A headline for a message, in quotes and cut short when long.
fn quoted(headline: &str) -> String {
    const MAX: usize = 60;
    if headline.chars().count() <= MAX {
        format!("\"{headline}\"")
    } else {
        let cut: String = headline.chars().take(MAX - 1).collect();
        format!("\"{}…\"", cut.trim_end())
    }
}
