//! The layout reader: briefings in other newsrooms' layouts, which have no Source lines.
//!
//! It classifies every line (a date, an "Author, Outlet | Topic | Date" line, a 📰 list of
//! outlets, a URL, a paper's name, page chrome, or text), finds the headlines the way the whole
//! text writes them (numbered, tagged 【…】, or standing alone before a body, a date or a URL),
//! and reads each item's outlet, date and URL from the lines around its headline. A date or
//! outlet above the first headline applies to every item that names none. What the text's
//! layout turned out to be is said in words ([`Parsed::layout`]); every line is placed in a brief
//! or reported as skipped.

mod lines;
mod taught;

pub use taught::{LayoutRule, LineLike, LineShape};

use chrono::NaiveDate;

use super::lines::{host, is_blank, is_chrome, is_space, one_line, quoted, url_line};
use super::{ImportWarning, LineHint, LineRole, Parsed, ParsedBrief, Placed, Skipped};
use crate::model::{BriefDraft, SourceDraft};
use lines::{
    date_line, find_year, is_outlet_name, meta_line, numbered, outlet_prefix, outlet_suffix,
    outlets_line, tagged, trailing_date,
};

const CHROME: &str = "page chrome, not part of a brief";
const BEFORE_FIRST: &str = "text before the first brief's headline";

/// What a line is, before headlines are chosen.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Blank,
    Chrome,
    Url(String),
    Date(NaiveDate),
    /// "Author, Outlet | Topic | Date".
    Meta(String, NaiveDate),
    Outlets(Vec<String>),
    /// A time of day alone ("19:41 Uhr"), as tickers print over each item.
    Time,
    /// A paper's name alone on its line.
    OutletName,
    Text,
}

/// How the text marks its headlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marking {
    /// "1. Headline", "3、标题", "【社会】見出し".
    Numbered,
    /// A headline-shaped line standing alone.
    Alone,
}

/// Where items name their outlet inside the headline line, when most of them do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InHeadline {
    None,
    Prefix,
    Suffix,
}

pub(super) fn parse(text: &str) -> Parsed {
    parse_taught(text, &[])
}

/// Reads `text` with the editor's corrections of some of its lines applied to every line like
/// them (see [`taught`]).
pub(super) fn parse_taught(text: &str, hints: &[LineHint]) -> Parsed {
    read_taught(text, &[], hints).parsed
}

/// A reading with taught rules: what was read, the rules it was read with (the saved ones and
/// those the hints taught), and whether every rule found its lines in the text.
pub(super) struct TaughtReading {
    pub parsed: Parsed,
    pub rules: Vec<LayoutRule>,
    pub applies: bool,
}

/// Reads `text` with a saved layout's `rules` and the editor's `hints` applied.
pub(super) fn read_taught(text: &str, rules: &[LayoutRule], hints: &[LineHint]) -> TaughtReading {
    let lines: Vec<&str> = text.split('\n').collect();
    // The page's year, for dates written without one ("12月1日").
    let year = lines
        .iter()
        .filter(|l| !is_blank(l))
        .take(3)
        .find_map(|l| find_year(l));
    let mut kinds: Vec<Kind> = lines.iter().map(|l| classify(l, year)).collect();
    let mut taught = taught::Taught::new(&lines, rules, hints, year);
    taught.kinds(&lines, &mut kinds, year);
    let marking = if lines
        .iter()
        .zip(&kinds)
        .filter(|(l, k)| **k == Kind::Text && (numbered(l).is_some() || tagged(l).is_some()))
        .count()
        >= 2
    {
        Marking::Numbered
    } else {
        Marking::Alone
    };
    let mut heads: Vec<usize> = (0..lines.len())
        .filter(|&i| is_headline(&lines, &kinds, i, marking))
        .collect();
    drop_page_titles(&kinds, &mut heads, marking);
    taught.heads(&lines, &mut kinds, &mut heads, year);
    taught.places(&lines, &mut kinds, &heads, year);
    let in_headline = outlet_in_headline(&lines, &heads, marking);
    let mut parsed = Reader {
        lines: &lines,
        kinds: &kinds,
        heads: &heads,
        marking,
        in_headline,
        year,
        out: Parsed::default(),
        described: Description::default(),
    }
    .read();
    if !taught.described.is_empty() {
        parsed.layout = format!(
            "{}; as taught: {}",
            parsed.layout,
            taught.described.join(", ")
        );
    }
    TaughtReading {
        applies: taught.all_apply(parsed.briefs.len()),
        parsed,
        rules: taught.rules(),
    }
}

fn classify(line: &str, year: Option<i32>) -> Kind {
    if is_blank(line) {
        Kind::Blank
    } else if is_chrome(line) {
        Kind::Chrome
    } else if let Some(url) = url_in_line(line) {
        Kind::Url(url)
    } else if let Some((outlet, date)) = meta_line(line) {
        Kind::Meta(outlet, date)
    } else if let Some(outlets) = outlets_line(line) {
        Kind::Outlets(outlets)
    } else if let Some(date) = date_line(line, year) {
        Kind::Date(date)
    } else if lines::is_time_line(line) {
        Kind::Time
    } else if is_outlet_name(line) {
        Kind::OutletName
    } else {
        Kind::Text
    }
}

/// A line that is one URL, allowing a rule of dashes glued to its end (as some archives print).
fn url_in_line(line: &str) -> Option<String> {
    let text = line.trim_matches(is_space);
    let trimmed = text.trim_end_matches(['-', '=', '_']);
    let text = if text.len() - trimmed.len() >= 3 {
        trimmed
    } else {
        text
    };
    url_line(text).map(str::to_string)
}

/// Whether line `i` starts an item.
fn is_headline(lines: &[&str], kinds: &[Kind], i: usize, marking: Marking) -> bool {
    if kinds[i] != Kind::Text {
        return false;
    }
    if marking == Marking::Numbered {
        return numbered(lines[i]).is_some() || tagged(lines[i]).is_some();
    }
    let alone_before = i == 0 || kinds[i - 1] != Kind::Text;
    let alone_after = kinds.get(i + 1).is_none_or(|k| {
        matches!(
            k,
            Kind::Blank | Kind::Meta(..) | Kind::Date(_) | Kind::Outlets(_) | Kind::Url(_)
        )
    });
    // A time or date line over it marks an item even when the body follows at once.
    let led = i > 0 && matches!(kinds[i - 1], Kind::Time | Kind::Date(_));
    // An "Author, Outlet | Topic | Date" line under it makes it a headline, however it ends.
    let over_meta = matches!(kinds.get(i + 1), Some(Kind::Meta(..)));
    let text = ticker_headline(lines[i]);
    alone_before
        && (alone_after || led)
        && (headline_shaped(text) || (over_meta && text.split_whitespace().count() <= 25))
}

/// A ticker's headline without its decoration and time: "+++ 16.19 Uhr: Headline +++".
fn ticker_headline(line: &str) -> &str {
    let text = undecorated(line.trim_matches(is_space)).trim_matches(is_space);
    match lines::leading_time(text) {
        Some(rest) => rest,
        None => text,
    }
}

/// A headline without ticker decoration: "■ Headline", "== Headline ==", "**Headline**". A mark
/// is decoration only when a space parts it from the words or the same marks close the line, so
/// "C++", "#1" and "¹=" keep theirs.
fn undecorated(text: &str) -> &str {
    const MARKS: [char; 7] = ['+', '*', '#', '=', '■', '▶', '►'];
    let lead = text.len() - text.trim_start_matches(MARKS).len();
    let trail = text.len() - text.trim_end_matches(MARKS).len();
    if lead + trail >= text.len() {
        return text;
    }
    let (open, close) = (&text[..lead], &text[text.len() - trail..]);
    let symmetric = lead > 0 && open.chars().rev().eq(close.chars());
    let inner = &text[lead..text.len() - trail];
    let start = if lead > 0 && (symmetric || inner.starts_with(is_space)) {
        lead
    } else {
        0
    };
    let end = if trail > 0 && (symmetric || inner.ends_with(is_space)) {
        text.len() - trail
    } else {
        text.len()
    };
    &text[start..end]
}

/// Short, starting with a capital (or a script without case), not a quotation or list item, not
/// ending as a sentence does (a question or an exclamation may end a headline).
fn headline_shaped(line: &str) -> bool {
    let text = line.trim_matches(is_space);
    let Some(first) = text.chars().find(|c| c.is_alphanumeric()) else {
        return false;
    };
    let words = text.split_whitespace().count();
    // "… The F.B.I." ends in an abbreviation, not a sentence.
    let abbreviation = text
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|last| last.matches('.').count() >= 2 && !last.ends_with(".."));
    // A quoted title as the kicker ("\"Der Fall Richard Jewell\": Eastwood inszeniert …") is
    // a headline; a quotation standing alone is not.
    let quoted_kicker = ["\": ", "”: ", "“: ", "»: "]
        .iter()
        .any(|k| text.contains(k));
    !first.is_lowercase()
        && (quoted_kicker || !text.starts_with(['>', '-', '*', '•', '“', '"', '«', '©']))
        && words <= 25
        && text.chars().count() <= 200
        && (abbreviation || !text.ends_with(['.', ',', ';', '…', '。', '，', '；']))
}

/// Removes leading headline candidates that are the page's title or a section line: alone, with
/// nothing under them, before items that do have something under them.
fn drop_page_titles(kinds: &[Kind], heads: &mut Vec<usize>, marking: Marking) {
    if marking == Marking::Numbered {
        return;
    }
    let has_content = |k: usize, heads: &[usize]| {
        let end = heads.get(k + 1).copied().unwrap_or(kinds.len());
        // A date alone under a page title is the page's date, not the title's content.
        kinds[heads[k] + 1..end].iter().any(|kind| {
            !matches!(
                kind,
                Kind::Blank | Kind::Chrome | Kind::OutletName | Kind::Date(_) | Kind::Time
            )
        })
    };
    let with_content = (0..heads.len()).filter(|&k| has_content(k, heads)).count();
    if with_content * 2 <= heads.len() {
        return;
    }
    while heads.len() > 1 && !has_content(0, heads) {
        heads.remove(0);
    }
}

/// Whether most headlines carry their outlet ("WAZ: …", "… (Reuters)"); only then is it read.
fn outlet_in_headline(lines: &[&str], heads: &[usize], marking: Marking) -> InHeadline {
    if heads.len() < 2 {
        return InHeadline::None;
    }
    let text = |i: usize| headline_text(lines[i], marking).1;
    let most = |n: usize| n * 10 >= heads.len() * 6;
    let prefixes: Vec<&str> = heads
        .iter()
        .filter_map(|&i| outlet_prefix(text(i)).map(|(outlet, _)| outlet))
        .collect();
    let mut outlets = prefixes.clone();
    outlets.sort_unstable();
    outlets.dedup();
    // A press review quotes several papers; one name before every headline ("RFA: …") is how
    // a newsroom writes its own headlines, and stays in them.
    if most(prefixes.len()) && outlets.len() >= 3 {
        InHeadline::Prefix
    } else if most(
        heads
            .iter()
            .filter(|&&i| outlet_suffix(text(i)).is_some())
            .count(),
    ) {
        InHeadline::Suffix
    } else {
        InHeadline::None
    }
}

/// A headline line without its number, and its 【tag】 if it has one.
fn headline_text(line: &str, marking: Marking) -> (Option<&str>, &str) {
    if marking == Marking::Numbered {
        if let Some((tag, rest)) = tagged(line) {
            return (Some(tag), rest);
        }
        if let Some(rest) = numbered(line) {
            return (None, rest);
        }
    }
    (None, ticker_headline(line))
}

/// What the reader saw, to say which layout it found.
#[derive(Default)]
struct Description {
    meta: bool,
    outlets_line: bool,
    paper_names: bool,
    urls: bool,
    date_under: bool,
    date_before: bool,
    date_in_brackets: bool,
    page_date: bool,
    tags: bool,
}

struct Reader<'t> {
    lines: &'t [&'t str],
    kinds: &'t [Kind],
    heads: &'t [usize],
    marking: Marking,
    in_headline: InHeadline,
    year: Option<i32>,
    out: Parsed,
    described: Description,
}

/// One item being read.
#[derive(Default)]
struct Item {
    line: usize,
    headline: String,
    tags: Vec<String>,
    outlets: Vec<String>,
    date: Option<NaiveDate>,
    url: Option<String>,
    paragraphs: Vec<Vec<String>>,
    placed: Vec<Placed>,
}

impl Reader<'_> {
    fn read(mut self) -> Parsed {
        let first = self.heads.first().copied().unwrap_or(self.lines.len());
        let mut page_date = None;
        let mut paper: Option<String> = None;
        let mut pending_placed: Vec<Placed> = Vec::new();
        // The page header: a date and a paper's name there apply to the items below.
        for i in 0..first {
            match &self.kinds[i] {
                Kind::Blank => {}
                Kind::Date(date) if page_date.is_none() => {
                    page_date = Some(*date);
                    pending_placed.push(placed(self.lines, i, LineRole::HeaderDate));
                }
                Kind::OutletName => {
                    paper = Some(one_line(self.lines[i]));
                    pending_placed.push(placed(self.lines, i, LineRole::HeaderOutlet));
                }
                Kind::Chrome => self.skip(i, CHROME),
                Kind::Time => pending_placed.push(placed(self.lines, i, LineRole::Source)),
                _ => {
                    if page_date.is_none()
                        && let Some(found) = lines::find_date(self.lines[i], self.year)
                    {
                        page_date = Some(found.date);
                        pending_placed.push(placed(self.lines, i, LineRole::HeaderDate));
                    } else {
                        self.skip(i, BEFORE_FIRST);
                    }
                }
            }
        }
        self.described.page_date = page_date.is_some();
        // A date line closing an item's span belongs to the next item when no item has a date
        // under its headline and the header ended with one ("date, headline, body" layouts).
        let dates_lead = self.dates_lead(first);
        let mut carried_date: Option<NaiveDate> = None;
        for (k, &head) in self.heads.iter().enumerate() {
            let end = self.heads.get(k + 1).copied().unwrap_or(self.lines.len());
            let mut item = self.headline(head);
            item.placed.append(&mut pending_placed);
            if let Some(date) = carried_date.take() {
                item.date.get_or_insert(date);
            }
            // A paper's name in this item's span heads the next items, not this one.
            let this_paper = paper.clone();
            let next_dates = self.span(&mut item, head, end, dates_lead, &mut paper);
            carried_date = next_dates.0;
            pending_placed = next_dates.1;
            if item.outlets.is_empty()
                && let Some(paper) = this_paper
            {
                item.outlets.push(paper);
            }
            if item.date.is_none() {
                item.date = page_date;
            }
            self.emit(item);
        }
        for p in pending_placed {
            self.skip(p.line - 1, "a line after the last brief");
        }
        if self.heads.is_empty() {
            self.out.warnings.push(ImportWarning {
                line: 1,
                message: "no headline found: no Source lines, numbered lines or headlines \
                          standing alone over a paragraph"
                    .into(),
            });
        }
        self.out.skipped.sort_by_key(|s| s.line);
        self.out.warnings.sort_by_key(|w| w.line);
        self.out.layout = self.describe();
        self.out
    }

    fn dates_lead(&self, first: usize) -> bool {
        let under = self.heads.iter().any(|&h| {
            self.kinds[h + 1..]
                .iter()
                .find(|k| **k != Kind::Blank)
                .is_some_and(|k| matches!(k, Kind::Date(_) | Kind::Meta(..)))
        });
        let header_ends_with_date = self.kinds[..first]
            .iter()
            .rev()
            .find(|k| **k != Kind::Blank)
            .is_some_and(|k| matches!(k, Kind::Date(_)));
        !under && header_ends_with_date
    }

    /// The item a headline line starts.
    fn headline(&mut self, head: usize) -> Item {
        let (tag, mut text) = headline_text(self.lines[head], self.marking);
        let mut item = Item {
            line: head + 1,
            placed: vec![placed(self.lines, head, LineRole::Headline)],
            ..Item::default()
        };
        if let Some(tag) = tag {
            item.tags.push(tag.to_string());
            self.described.tags = true;
        }
        if let Some((rest, date)) = trailing_date(text, self.year) {
            text = rest;
            item.date = Some(date);
            self.described.date_in_brackets = true;
        }
        let split = match self.in_headline {
            InHeadline::Prefix => outlet_prefix(text).map(|(o, h)| (h, o)),
            InHeadline::Suffix => outlet_suffix(text),
            InHeadline::None => None,
        };
        if let Some((headline, outlet)) = split {
            text = headline;
            item.outlets.push(outlet.to_string());
        }
        item.headline = one_line(text.trim_end_matches([':', '：']).trim_end());
        item
    }

    /// Reads the lines after a headline up to the next one. Returns a date (and its placing)
    /// that belongs to the next item.
    fn span(
        &mut self,
        item: &mut Item,
        head: usize,
        end: usize,
        dates_lead: bool,
        paper: &mut Option<String>,
    ) -> (Option<NaiveDate>, Vec<Placed>) {
        let last_text = (head + 1..end)
            .rev()
            .find(|&i| self.kinds[i] != Kind::Blank);
        let mut paragraph: Vec<String> = Vec::new();
        let mut next_date = None;
        let mut next_placed = Vec::new();
        let mut seen_body = false;
        for i in head + 1..end {
            match &self.kinds[i] {
                Kind::Blank => flush(&mut item.paragraphs, &mut paragraph),
                Kind::Chrome => self.skip(i, CHROME),
                Kind::Text => {
                    seen_body = true;
                    paragraph.push(one_line(self.lines[i]));
                    item.placed.push(placed(self.lines, i, LineRole::Body));
                }
                Kind::Url(url) => {
                    self.described.urls = true;
                    if item.url.is_none() {
                        item.url = Some(url.clone());
                        item.placed.push(placed(self.lines, i, LineRole::Url));
                    } else {
                        paragraph.push(url.clone());
                        item.placed.push(placed(self.lines, i, LineRole::Body));
                    }
                }
                Kind::Meta(outlet, date) => {
                    self.described.meta = true;
                    item.outlets.insert(0, outlet.clone());
                    item.date = Some(*date);
                    item.placed.push(placed(self.lines, i, LineRole::Source));
                }
                Kind::Outlets(outlets) => {
                    self.described.outlets_line = true;
                    item.outlets.extend(outlets.iter().cloned());
                    item.placed.push(placed(self.lines, i, LineRole::Source));
                }
                Kind::Date(date) => {
                    if dates_lead && Some(i) == last_text && end < self.lines.len() {
                        self.described.date_before = true;
                        next_date = Some(*date);
                        next_placed.push(placed(self.lines, i, LineRole::Source));
                    } else if item.date.is_none() || !seen_body {
                        self.described.date_under |= !seen_body;
                        item.date = Some(*date);
                        item.placed.push(placed(self.lines, i, LineRole::Source));
                    } else {
                        paragraph.push(one_line(self.lines[i]));
                        item.placed.push(placed(self.lines, i, LineRole::Body));
                    }
                }
                Kind::Time => {
                    // The time of day of the next item (tickers print it over the headline).
                    next_placed.push(placed(self.lines, i, LineRole::Source));
                }
                Kind::OutletName => {
                    // A paper's name over the headlines that follow it.
                    self.described.paper_names = true;
                    *paper = Some(one_line(self.lines[i]));
                    next_placed.push(placed(self.lines, i, LineRole::HeaderOutlet));
                }
            }
        }
        flush(&mut item.paragraphs, &mut paragraph);
        (next_date, next_placed)
    }

    fn emit(&mut self, item: Item) {
        let name = quoted(&item.headline);
        let mut outlets = item.outlets;
        outlets.dedup();
        let mut notes = String::new();
        let date = item.date.map(|d| d.to_string());
        if outlets.is_empty()
            && let Some(url) = &item.url
            && let Some(host) = host(url)
        {
            outlets.push(host);
        }
        if outlets.is_empty() {
            let message = match &date {
                Some(date) => {
                    notes = format!("Dated {date} in the imported text.");
                    format!(
                        "{name}: no outlet named; imported without a source (its date, {date}, \
                         is in the brief's notes)"
                    )
                }
                None => format!("{name}: no outlet named; imported without a source"),
            };
            self.out.warnings.push(ImportWarning {
                line: item.line,
                message,
            });
        } else if date.is_none() {
            self.out.warnings.push(ImportWarning {
                line: item.line,
                message: format!("{name}: no date for source \"{}\"", outlets[0]),
            });
        }
        let mut url = item.url;
        let sources = outlets
            .into_iter()
            .map(|outlet| SourceDraft {
                outlet,
                date: date.clone(),
                url: url.take(),
                title: None,
            })
            .collect();
        let body = item
            .paragraphs
            .iter()
            .map(|p| p.join("\n"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let mut placed = item.placed;
        placed.sort_by_key(|p| p.line);
        self.out.briefs.push(ParsedBrief {
            line: item.line,
            draft: BriefDraft {
                headline: item.headline,
                body,
                sources,
                tags: item.tags,
                notes,
                ..BriefDraft::default()
            },
            section: None,
            placed,
        });
    }

    fn skip(&mut self, i: usize, reason: &str) {
        self.out.skipped.push(Skipped {
            line: i + 1,
            text: self.lines[i].trim_matches(is_space).to_string(),
            reason: reason.to_string(),
        });
    }

    /// The layout found, in words: "numbered headlines, outlets after 📰, one date at the top
    /// for every brief".
    fn describe(&self) -> String {
        let d = &self.described;
        let mut parts: Vec<&str> = Vec::new();
        parts.push(match self.marking {
            Marking::Numbered if d.tags => "headlines tagged 【…】",
            Marking::Numbered => "numbered headlines",
            Marking::Alone => "headlines on lines of their own",
        });
        match self.in_headline {
            InHeadline::Prefix => parts.push("the outlet before the headline (Outlet: Headline)"),
            InHeadline::Suffix => parts.push("the outlet after the headline"),
            InHeadline::None => {}
        }
        if d.meta {
            parts.push("\"author, outlet | topic | date\" under the headline");
        }
        if d.outlets_line {
            parts.push("the outlets on a line of their own");
        }
        if d.paper_names {
            parts.push("each paper's name over its headlines");
        }
        if d.urls {
            parts.push("a URL under the headline");
        }
        if d.date_in_brackets {
            parts.push("the date in brackets after the headline");
        }
        if d.date_under {
            parts.push("the date under the headline");
        }
        if d.date_before {
            parts.push("the date before the headline");
        }
        if d.page_date {
            parts.push("a date at the top for every brief");
        }
        parts.join(", ")
    }
}

fn placed(lines: &[&str], i: usize, role: LineRole) -> Placed {
    Placed {
        line: i + 1,
        role,
        text: lines[i].trim_matches(is_space).to_string(),
    }
}

fn flush(paragraphs: &mut Vec<Vec<String>>, paragraph: &mut Vec<String>) {
    if !paragraph.is_empty() {
        paragraphs.push(std::mem::take(paragraph));
    }
}

#[cfg(test)]
mod tests {
    use super::ticker_headline;

    #[test]
    fn ticker_marks_go_and_marks_in_words_stay() {
        assert_eq!(
            ticker_headline("■ Huawei sales slump"),
            "Huawei sales slump"
        );
        assert_eq!(
            ticker_headline("== Huawei sales slump =="),
            "Huawei sales slump"
        );
        assert_eq!(
            ticker_headline("**Huawei sales slump**"),
            "Huawei sales slump"
        );
        assert_eq!(
            ticker_headline("Why C++ is hard to replace"),
            "Why C++ is hard to replace"
        );
        assert_eq!(ticker_headline("Rust or C++"), "Rust or C++");
        assert_eq!(ticker_headline("#1 in sales"), "#1 in sales");
        assert_eq!(ticker_headline("¹="), "¹=");
        assert_eq!(ticker_headline("+++"), "+++");
    }
}
