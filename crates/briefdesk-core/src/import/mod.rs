//! Turning text into briefs: briefing text (the house style), Briefdesk Markdown and JSON.
//!
//! Parsing is pure (bytes in, [`Parsed`] out, nothing stored); [`crate::Library::import`] writes
//! what was parsed in one transaction.

mod dates;
mod json;
mod layout;
mod lines;
mod links;
mod markdown;
mod rich;
mod text;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use dates::parse_source_date;
pub use layout::{LayoutRule, LineLike, LineShape};

use crate::error::{Error, Result};
use crate::model::{Brief, BriefDraft, BriefId, IssueStatus, Publication};

/// The largest file an import reads. Bigger files are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

/// Which reader to use; `Auto` looks at the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    #[default]
    Auto,
    Text,
    Markdown,
    Json,
    /// A browser's bookmarks file (Netscape HTML) or Pocket's HTML export.
    Bookmarks,
    /// Pocket's or Instapaper's CSV export.
    Csv,
    /// Rich text (HTML) as the clipboard holds it when a web page or an email is copied.
    Rich,
}

impl ImportFormat {
    pub fn parse(text: &str) -> Option<ImportFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ImportFormat::Auto),
            "text" | "txt" => Some(ImportFormat::Text),
            "markdown" | "md" => Some(ImportFormat::Markdown),
            "json" => Some(ImportFormat::Json),
            "bookmarks" => Some(ImportFormat::Bookmarks),
            "csv" => Some(ImportFormat::Csv),
            "rich" | "html" => Some(ImportFormat::Rich),
            _ => None,
        }
    }
}

/// Text the importer read but did not turn into a brief ("Skip to content").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skipped {
    /// 1-based line number in the input.
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// Something imported that the editor should look at (a brief with no URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportWarning {
    /// 1-based line number in the input.
    pub line: usize,
    pub message: String,
}

/// A brief found in the input, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedBrief {
    /// The line its headline is on (1-based).
    pub line: usize,
    pub draft: BriefDraft,
    /// The issue section it was under, for formats that carry sections.
    pub section: Option<String>,
    /// Which lines of the input went where, for the preview (briefing text only; empty for the
    /// Markdown and JSON exports, whose structure is explicit).
    pub placed: Vec<Placed>,
}

/// One input line and the part of a brief it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Placed {
    /// 1-based line number in the input.
    pub line: usize,
    pub role: LineRole,
    /// The line's text, spaces trimmed (for a Source line, what follows its label).
    pub text: String,
}

/// What a line of briefing text was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineRole {
    Headline,
    Body,
    /// A line naming the outlet, the date or both ("Source: Reuters, May 1, 2021").
    Source,
    Url,
    /// A date that applies to the briefs after it (a page or section header).
    HeaderDate,
    /// An outlet that applies to the briefs after it (a paper's name over its headlines).
    HeaderOutlet,
}

/// An issue described by the input (Briefdesk Markdown and JSON exports carry one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedIssue {
    pub number: u32,
    pub title: String,
    pub date: chrono::NaiveDate,
    pub status: IssueStatus,
    pub subject: String,
    pub preheader: String,
    pub intro: String,
    pub closing: String,
    /// Every section in order, empty ones too.
    pub sections: Vec<String>,
}

/// What a reader found: briefs in input order, and everything it could not place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The layout recognised, in words ("headline, then Source: outlet, date").
    pub layout: String,
    pub briefs: Vec<ParsedBrief>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<ImportWarning>,
    pub issue: Option<ParsedIssue>,
    pub publication: Option<Publication>,
    /// The saved layout the text was read with, by name.
    pub saved_layout: Option<String>,
}

/// Where imported briefs go, and what to add to them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// Put the briefs into this issue (which must exist).
    pub issue: Option<u32>,
    /// The section of `issue` to put them in; by default the section named in the file, or the
    /// issue's first section.
    pub section: Option<String>,
    /// Tags added to every imported brief.
    pub tags: Vec<String>,
    /// Parse and check everything, store nothing.
    pub dry_run: bool,
    /// Store briefs already in the library too; by default they are left out (see
    /// [`ImportReport::duplicates`]).
    pub import_duplicates: bool,
    /// The editor's corrections of lines in the preview, applied to every line like them
    /// (briefing text and rich text only).
    pub hints: Vec<LineHint>,
    /// Read the text with this saved layout (see [`crate::Library::save_layout`]).
    pub layout: Option<String>,
    /// With no `layout` named, read the text with the saved layout that fits it, if one does
    /// (see [`fits_better`]); the report names it.
    pub offer_saved: bool,
}

/// A line of the input the editor says is something else than the importer read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LineHint {
    /// 1-based line number in the input.
    pub line: usize,
    pub role: HintRole,
}

/// What the editor says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HintRole {
    Headline,
    Outlet,
    Date,
    Body,
    Skip,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    /// The layout the importer recognised, in words.
    pub layout: String,
    /// The briefs stored (or, for a dry run, that would be).
    pub briefs: Vec<Brief>,
    /// For each of `briefs`, in the same order, the input lines it was made from and what each
    /// became (empty for Markdown and JSON).
    pub origins: Vec<Vec<Placed>>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<ImportWarning>,
    /// Briefs of the input already in the library, in input order; left out of `briefs` unless
    /// [`ImportOptions::import_duplicates`] was set.
    pub duplicates: Vec<Duplicate>,
    /// The saved layout the text was read with, if any.
    pub saved_layout: Option<String>,
}

/// A brief of the input that is already in the library: the same source page (URLs compared as
/// [`crate::check::url_key`] does), or the same headline from the same outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Duplicate {
    /// The line its headline is on (1-based).
    pub line: usize,
    pub headline: String,
    /// The brief in the library it repeats.
    pub existing: BriefId,
    pub existing_headline: String,
    /// The issue the library's brief is in, if any.
    pub existing_issue: Option<u32>,
    pub reason: DuplicateReason,
    /// Whether this import left it out.
    pub skipped: bool,
}

/// Why an imported brief counts as one already in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameUrl,
    SameHeadlineAndOutlet,
}

/// How far an import has got, for a progress bar: `done` of `total` briefs in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: u32,
    pub total: u32,
}

/// The steps of an import, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportStage {
    /// Reading the text into briefs; `total` is not known yet.
    Reading,
    /// Writing briefs into the library.
    Storing,
    /// Making it all durable (or, for a preview, taking it back).
    Finishing,
}

/// Decodes and parses `input`. Refuses, with the line where there is one, input that is empty,
/// too big, binary or not UTF-8.
pub fn parse(input: &[u8], format: ImportFormat) -> Result<Parsed> {
    parse_with_hints(input, format, &[])
}

/// [`parse`], with the editor's corrections of some lines applied to every line like them.
pub fn parse_with_hints(input: &[u8], format: ImportFormat, hints: &[LineHint]) -> Result<Parsed> {
    let text = decode(input)?;
    let format = match format {
        ImportFormat::Auto => detect(&text),
        other => other,
    };
    match format {
        ImportFormat::Json => json::parse(&text),
        ImportFormat::Markdown => markdown::parse(&text),
        ImportFormat::Bookmarks => Ok(links::parse_html(&text)),
        ImportFormat::Csv => Ok(links::parse_csv(&text)),
        ImportFormat::Rich => {
            let text = rich::to_text(&text);
            let mut parsed = if hints.is_empty() {
                briefing_text(&text)
            } else {
                layout::parse_taught(&text, hints)
            };
            parsed.layout = format!("rich text; {}", parsed.layout);
            Ok(parsed)
        }
        ImportFormat::Text | ImportFormat::Auto if !hints.is_empty() => {
            Ok(layout::parse_taught(&text, hints))
        }
        ImportFormat::Text | ImportFormat::Auto => Ok(briefing_text(&text)),
    }
}

/// A reading with a saved layout's rules: what was read, every rule it was read with (the
/// layout's and those the hints taught, with no line numbers: what "Save as layout" keeps), and
/// whether each rule that finds headlines, outlets or dates found some in this text.
#[derive(Debug, Clone)]
pub struct LayoutReading {
    pub parsed: Parsed,
    pub rules: Vec<LayoutRule>,
    pub applies: bool,
}

/// Reads briefing text or rich text with a saved layout's `rules` and the editor's `hints`.
/// Other formats carry their structure and are refused.
pub fn parse_with_layout(
    input: &[u8],
    format: ImportFormat,
    rules: &[LayoutRule],
    hints: &[LineHint],
) -> Result<LayoutReading> {
    let text = decode(input)?;
    let format = match format {
        ImportFormat::Auto => detect(&text),
        other => other,
    };
    let (text, rich) = match format {
        ImportFormat::Text => (text, false),
        ImportFormat::Rich => (rich::to_text(&text), true),
        other => {
            return Err(Error::invalid(
                "layout",
                format!(
                    "a saved layout reads briefing text or rich text; this input is {}",
                    format_name(other)
                ),
            ));
        }
    };
    let reading = layout::read_taught(&text, rules, hints);
    let mut parsed = reading.parsed;
    if rich {
        parsed.layout = format!("rich text; {}", parsed.layout);
    }
    Ok(LayoutReading {
        parsed,
        rules: reading.rules,
        applies: reading.applies,
    })
}

/// Whether `input` would be read as briefing text or rich text, the input a saved layout reads;
/// from its start only, so that a large bookmarks file is not read once more to learn it.
pub fn reads_layouts(input: &[u8], format: ImportFormat) -> bool {
    let format = match format {
        ImportFormat::Auto => {
            let start = &input[..input.len().min(64 * 1024)];
            let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
            detect(&String::from_utf8_lossy(start).replace("\r\n", "\n"))
        }
        other => other,
    };
    matches!(format, ImportFormat::Text | ImportFormat::Rich)
}

fn format_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Markdown => "Briefdesk Markdown",
        ImportFormat::Json => "Briefdesk JSON",
        ImportFormat::Bookmarks => "a bookmarks file",
        ImportFormat::Csv => "a read-later CSV export",
        _ => "text",
    }
}

/// What a reading found, as far as the text alone can tell: for each brief, one for its
/// headline, one for an outlet and one for a date. Finding more briefs, or more of their
/// sources, scores higher; running two items into one scores lower.
pub fn fields_found(parsed: &Parsed) -> usize {
    parsed
        .briefs
        .iter()
        .map(|b| {
            let headline = usize::from(!b.draft.headline.trim().is_empty());
            let outlet = b.draft.sources.iter().any(|s| !s.outlet.trim().is_empty());
            let date = b.draft.sources.iter().any(|s| s.date.is_some());
            headline + usize::from(outlet) + usize::from(date)
        })
        .sum()
}

/// Whether a saved layout's reading of a text fits it "like" the text it was taught on: its
/// headline rules find lines of the shape they were taught on, each of its outlet and date rules
/// finds its line in at least half of the items, and the reading finds more than the detected
/// layout's ([`fields_found`]). On a tie the importer's own reading stands: a layout is saved to
/// read what that one misses.
pub fn fits_better(saved: &LayoutReading, detected: &Parsed) -> bool {
    saved.applies && fields_found(&saved.parsed) > fields_found(detected)
}

/// Briefing text in the house style (briefs closed by Source lines) goes to the house reader;
/// text without a single Source line is another newsroom's layout, which the layout reader
/// works out from the text itself.
fn briefing_text(text: &str) -> Parsed {
    if text::has_source_line(text) {
        text::parse(text)
    } else {
        layout::parse(text)
    }
}

/// Whether text starts as HTML does: `<!DOCTYPE html`, `<html`, `<meta …>`, `<p>`, `<div …>`…
/// (`<https://…>` is a URL in angle brackets, not a tag).
fn is_html(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect::<String>()
        .to_ascii_lowercase();
    let after = rest[name.len()..].chars().next();
    matches!(
        name.as_str(),
        "!doctype"
            | "html"
            | "head"
            | "body"
            | "meta"
            | "p"
            | "div"
            | "span"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "ul"
            | "ol"
            | "blockquote"
            | "b"
            | "article"
            | "section"
            | "a"
            | "em"
            | "strong"
    ) && after.is_some_and(|c| c == '>' || c.is_whitespace())
}

/// Checks the bytes are text we can read and returns them with a BOM removed and line endings
/// made `\n` (line numbers are unchanged).
fn decode(input: &[u8]) -> Result<String> {
    if input.len() > MAX_IMPORT_BYTES {
        return Err(Error::invalid(
            "input",
            format!(
                "the file is {:.1} MB; an import reads at most {} MB (split it into several files)",
                input.len() as f64 / 1_048_576.0,
                MAX_IMPORT_BYTES / 1_048_576
            ),
        ));
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    if let Some(at) = input.iter().position(|&b| b == 0) {
        return Err(Error::at_line(
            line_of(input, at),
            "the file is binary (it contains NUL bytes), not text",
        ));
    }
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(e) => {
            return Err(Error::at_line(
                line_of(input, e.valid_up_to()),
                "the file is not UTF-8 text; save it as UTF-8 and import again",
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::invalid(
            "input",
            "the file is empty: nothing to import",
        ));
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The 1-based line of byte offset `at`.
fn line_of(input: &[u8], at: usize) -> usize {
    input[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

/// JSON starts with `{`; Briefdesk Markdown with its issue marker or a `#` heading; bookmark
/// files with their doctype (or `<DT><A` links); read-later CSV with a header naming `url` and
/// `title`; anything else is briefing text.
fn detect(text: &str) -> ImportFormat {
    let first = text.trim_start();
    if links::is_bookmarks_html(first) {
        ImportFormat::Bookmarks
    } else if links::is_read_later_csv(first) {
        ImportFormat::Csv
    } else if is_html(first) {
        ImportFormat::Rich
    } else if first.starts_with('{') {
        ImportFormat::Json
    } else if first.starts_with(markdown::ISSUE_MARKER) || first.starts_with("# ") {
        ImportFormat::Markdown
    } else {
        ImportFormat::Text
    }
}
