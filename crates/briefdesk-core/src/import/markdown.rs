//! The Briefdesk Markdown reader: the inverse of the Markdown export.
//!
//! A file that starts with the issue comment is read by its `<!-- briefdesk:… -->` comments,
//! which carry what the visible Markdown cannot hold exactly (tags, status, every source). Any
//! other Markdown is read by its headings: `##` sections, `###` briefs, and a visible
//! `Source: [Outlet](url), November 27, 2020` line at the end of each brief.

use chrono::NaiveDate;

use super::{ImportWarning, Parsed, ParsedBrief, ParsedIssue, Skipped};
use crate::error::{Error, Result};
use crate::format::markdown::{BriefMeta, IssueMeta, MARKER_PREFIX, restore_neutralized};
use crate::model::{BriefDraft, Publication, SourceDraft};

/// The comment that opens a Briefdesk Markdown export.
pub(super) const ISSUE_MARKER: &str = "<!-- briefdesk:issue";

pub(super) fn parse(text: &str) -> Result<Parsed> {
    let lines: Vec<&str> = text.split('\n').collect();
    let marked = lines
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.starts_with(ISSUE_MARKER));
    if marked {
        read_marked(&lines)
    } else {
        Ok(read_headings(&lines))
    }
}

enum Marker {
    Issue(Box<IssueMeta>),
    Section,
    Brief(BriefMeta),
    Closing,
    Footer,
}

/// Reads `<!-- briefdesk:kind {json} -->` on line `number`; `None` if the line is not one.
fn marker(line: &str, number: usize) -> Result<Option<Marker>> {
    let Some(inner) = line
        .trim_end()
        .strip_prefix(MARKER_PREFIX)
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return Ok(None);
    };
    let (kind, json) = inner.split_once(' ').unwrap_or((inner, ""));
    let json_column = MARKER_PREFIX.len() + kind.len() + 1;
    let meta_error = |e: serde_json::Error| {
        Error::at_column(
            number,
            json_column + e.column(),
            format!("the briefdesk:{kind} comment: {}", serde_message(&e)),
        )
    };
    Ok(Some(match kind {
        "issue" => Marker::Issue(Box::new(serde_json::from_str(json).map_err(meta_error)?)),
        "brief" => Marker::Brief(serde_json::from_str(json).map_err(meta_error)?),
        "section" => Marker::Section,
        "closing" => Marker::Closing,
        "footer" => Marker::Footer,
        other => {
            return Err(Error::at_line(
                number,
                format!("unknown Briefdesk comment briefdesk:{other}"),
            ));
        }
    }))
}

/// serde_json's message without its own " at line L column C".
pub(super) fn serde_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string()
}

fn read_marked(lines: &[&str]) -> Result<Parsed> {
    let mut markers: Vec<(usize, Marker)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(m) = marker(line, i + 1)? {
            markers.push((i, m));
        }
    }
    let mut parsed = Parsed {
        layout: "Briefdesk Markdown".into(),
        ..Parsed::default()
    };
    let mut issue: Option<ParsedIssue> = None;
    let mut publication = Publication::default();
    let mut section: Option<String> = None;
    for (k, (at, marker)) in markers.iter().enumerate() {
        let end = markers.get(k + 1).map_or(lines.len(), |(next, _)| *next);
        let chunk = Chunk {
            first: at + 2,
            lines: &lines[at + 1..end],
        };
        match marker {
            Marker::Issue(meta) => {
                let meta = meta.as_ref().clone();
                publication.name = meta.publication.name;
                publication.tagline = meta.publication.tagline;
                let mut rest = chunk.skip_blank();
                if rest.peek().is_some_and(|l| l.starts_with("# ")) {
                    rest = rest.advance().skip_blank();
                }
                if rest.peek().is_some_and(|l| l.starts_with("No. ")) {
                    rest = rest.advance();
                }
                issue = Some(ParsedIssue {
                    number: meta.number,
                    title: meta.title,
                    date: meta.date,
                    status: meta.status,
                    subject: meta.subject,
                    preheader: meta.preheader,
                    intro: restore_neutralized(rest.block().trim()),
                    closing: String::new(),
                    sections: Vec::new(),
                });
            }
            Marker::Section => {
                let rest = chunk.skip_blank();
                match rest.peek().and_then(|l| heading(l, 2)) {
                    Some(name) => {
                        if let Some(issue) = &mut issue {
                            issue.sections.push(name.clone());
                        }
                        section = Some(name);
                        rest.advance().skip_into(
                            &mut parsed.skipped,
                            "text under a section heading, outside any brief",
                        );
                    }
                    None => {
                        parsed.warnings.push(ImportWarning {
                            line: at + 1,
                            message: "a briefdesk:section comment without a `## Section` heading after it".into(),
                        });
                        rest.skip_into(
                            &mut parsed.skipped,
                            "text after a section comment without a heading",
                        );
                    }
                }
            }
            Marker::Brief(meta) => {
                let rest = chunk.skip_blank();
                let Some(headline) = rest.peek().and_then(|l| heading(l, 3)) else {
                    parsed.warnings.push(ImportWarning {
                        line: at + 1,
                        message: "a briefdesk:brief comment without a `### Headline` after it; the brief is left out".into(),
                    });
                    rest.skip_into(&mut parsed.skipped, "a brief without a headline");
                    continue;
                };
                let line = rest.first;
                let mut body = rest.advance();
                if !meta.sources.is_empty() {
                    body = body.without_source_line();
                }
                parsed.briefs.push(ParsedBrief {
                    line,
                    draft: BriefDraft {
                        headline,
                        body: restore_neutralized(&body.block()),
                        sources: meta.sources.iter().map(|s| s.draft()).collect(),
                        tags: meta.tags.clone(),
                        status: meta.status,
                        notes: String::new(),
                    },
                    section: section.clone(),
                    placed: Vec::new(),
                });
            }
            Marker::Closing => {
                let closing = restore_neutralized(chunk.block().trim());
                if let Some(issue) = &mut issue {
                    issue.closing = closing;
                }
            }
            Marker::Footer => {
                let mut rest = chunk.skip_blank();
                if rest.peek().is_some_and(|l| l.trim() == "---") {
                    rest = rest.advance();
                }
                publication.footer = restore_neutralized(rest.block().trim_end());
            }
        }
    }
    if let Some((first, _)) = markers.first() {
        Chunk {
            first: 1,
            lines: &lines[..*first],
        }
        .skip_into(
            &mut parsed.skipped,
            "text before the Briefdesk issue comment",
        );
    }
    parsed.issue = issue;
    let has_publication = !(publication.name.is_empty()
        && publication.tagline.is_empty()
        && publication.footer.is_empty());
    parsed.publication = has_publication.then_some(publication);
    Ok(parsed)
}

/// A run of lines; `first` is the 1-based number of its first line.
#[derive(Clone, Copy)]
struct Chunk<'a> {
    first: usize,
    lines: &'a [&'a str],
}

impl<'a> Chunk<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.lines.first().copied()
    }

    fn advance(self) -> Chunk<'a> {
        match self.lines.split_first() {
            Some((_, rest)) => Chunk {
                first: self.first + 1,
                lines: rest,
            },
            None => self,
        }
    }

    fn skip_blank(mut self) -> Chunk<'a> {
        while self.peek().is_some_and(|l| l.trim().is_empty()) {
            self = self.advance();
        }
        self
    }

    /// The chunk as Markdown: blank lines around it dropped, the rest byte for byte.
    fn block(self) -> String {
        let lines = self.skip_blank().lines;
        let end = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].join("\n").trim_end().to_string()
    }

    /// The chunk less its last non-blank line, when that is the visible source line the
    /// export writes (the sources themselves come from the brief comment).
    fn without_source_line(self) -> Chunk<'a> {
        match self.lines.iter().rposition(|l| !l.trim().is_empty()) {
            Some(last) if is_source_line(self.lines[last]) => Chunk {
                first: self.first,
                lines: &self.lines[..last],
            },
            _ => self,
        }
    }

    /// Reports every non-blank line as skipped.
    fn skip_into(self, skipped: &mut Vec<Skipped>, reason: &str) {
        for (i, line) in self.lines.iter().enumerate() {
            if !line.trim().is_empty() {
                skipped.push(Skipped {
                    line: self.first + i,
                    text: line.trim().to_string(),
                    reason: reason.to_string(),
                });
            }
        }
    }
}

fn is_source_line(line: &str) -> bool {
    line.starts_with("Source:") || line.starts_with("Sources:")
}

/// The text of an ATX heading of exactly `level`, unescaped; `None` for any other line.
fn heading(line: &str, level: usize) -> Option<String> {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    if hashes != level {
        return None;
    }
    let rest = &line[level..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let mut text = rest.trim();
    // An optional closing sequence: ` ###`, but not an escaped `\#`.
    let without = text.trim_end_matches('#');
    if without.len() < text.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        text = without.trim_end();
    }
    Some(unescape(text))
}

/// Undoes Markdown backslash escapes: `\*` is `*`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Reads hand-written Markdown by its headings.
fn read_headings(lines: &[&str]) -> Parsed {
    let mut parsed = Parsed {
        layout: "Markdown headings: `#` issue, `##` section, `###` brief".into(),
        ..Parsed::default()
    };
    let mut section: Option<String> = None;
    let mut title_seen = false;
    let mut intro_line: Option<usize> = None;
    let mut brief: Option<(usize, String, usize)> = None;
    let mut in_fence = false;
    let finish = |parsed: &mut Parsed,
                  brief: Option<(usize, String, usize)>,
                  end: usize,
                  section: &Option<String>| {
        if let Some((line, headline, body_start)) = brief {
            let chunk = Chunk {
                first: body_start + 1,
                lines: &lines[body_start..end],
            };
            parsed.briefs.push(visible_brief(
                line,
                headline,
                chunk,
                section.clone(),
                &mut parsed.warnings,
            ));
        }
    };
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let fence = line.trim_start();
        if line.len() - fence.len() < 4 && (fence.starts_with("```") || fence.starts_with("~~~")) {
            in_fence = !in_fence;
        }
        if in_fence {
            if brief.is_none() {
                Chunk {
                    first: number,
                    lines: &lines[i..=i],
                }
                .skip_into(&mut parsed.skipped, "text before the first brief");
            }
            continue;
        }
        if let Some(headline) = heading(line, 3) {
            finish(&mut parsed, brief.take(), i, &section);
            brief = Some((number, headline, i + 1));
        } else if let Some(name) = heading(line, 2) {
            finish(&mut parsed, brief.take(), i, &section);
            section = Some(name);
        } else if heading(line, 1).is_some()
            && !title_seen
            && brief.is_none()
            && section.is_none()
            && parsed.briefs.is_empty()
        {
            title_seen = true;
        } else if brief.is_some() || line.starts_with(MARKER_PREFIX) || line.trim().is_empty() {
            // Body lines are taken by range when the brief ends; stray comments are invisible.
            continue;
        } else if title_seen && section.is_none() && parsed.briefs.is_empty() {
            intro_line.get_or_insert(number);
        } else {
            let reason = if section.is_some() {
                "text under a section heading, before any brief"
            } else {
                "text before the title"
            };
            parsed.skipped.push(Skipped {
                line: number,
                text: line.trim().to_string(),
                reason: reason.to_string(),
            });
        }
    }
    finish(&mut parsed, brief.take(), lines.len(), &section);
    if let Some(line) = intro_line {
        parsed.warnings.push(ImportWarning {
            line,
            message: "the introduction is not imported: the file has no Briefdesk issue comment"
                .into(),
        });
    }
    parsed
}

/// A brief read from its visible Markdown: the body, and sources from a closing
/// `Source:` line (optionally followed by a bare URL line, as in briefing text).
fn visible_brief(
    line: usize,
    headline: String,
    chunk: Chunk<'_>,
    section: Option<String>,
    warnings: &mut Vec<ImportWarning>,
) -> ParsedBrief {
    let lines = chunk.lines;
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut sources = Vec::new();
    let mut body_end = lines.len();
    let last = non_blank.last().copied();
    let before_last = non_blank.len().checked_sub(2).map(|k| non_blank[k]);
    let bare_url = |i: usize| {
        let t = lines[i].trim();
        (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(' ')
    };
    match (before_last, last) {
        (Some(s), Some(u)) if is_source_line(lines[s]) && bare_url(u) => {
            sources = source_line(lines[s], chunk.first + s, warnings);
            if let Some(source) = sources.last_mut().filter(|s| s.url.is_none()) {
                source.url = Some(lines[u].trim().to_string());
            }
            body_end = s;
        }
        (_, Some(s)) if is_source_line(lines[s]) => {
            sources = source_line(lines[s], chunk.first + s, warnings);
            body_end = s;
        }
        _ => warnings.push(ImportWarning {
            line,
            message: "no `Source:` line at the end of this brief".into(),
        }),
    }
    ParsedBrief {
        line,
        draft: BriefDraft {
            headline,
            body: Chunk {
                first: chunk.first,
                lines: &lines[..body_end],
            }
            .block(),
            sources,
            ..BriefDraft::default()
        },
        section,
        placed: Vec::new(),
    }
}

/// Reads `Source: [A](u1), November 27, 2020; B, December 1, 2020`.
fn source_line(line: &str, number: usize, warnings: &mut Vec<ImportWarning>) -> Vec<SourceDraft> {
    let rest = line
        .strip_prefix("Sources:")
        .or_else(|| line.strip_prefix("Source:"))
        .unwrap_or(line);
    split_items(rest)
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| source_item(item, number, warnings))
        .collect()
}

/// Splits at `;` outside link text and destinations.
fn split_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start, mut escaped) = (0i32, 0, false);
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' | '(' | '<' => depth += 1,
            ']' | ')' | '>' => depth -= 1,
            ';' if depth <= 0 => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

fn source_item(item: &str, number: usize, warnings: &mut Vec<ImportWarning>) -> SourceDraft {
    let (outlet, url, after) = match link(item) {
        Some((text, url, after)) => (unescape(text), Some(url), after.trim_start()),
        None => (String::new(), None, item),
    };
    let (outlet, date) = if url.is_some() {
        let date_text = after.trim_start_matches(',').trim();
        let date = (!date_text.is_empty())
            .then(|| source_date(date_text))
            .flatten();
        if !date_text.is_empty() && date.is_none() {
            warnings.push(ImportWarning {
                line: number,
                message: format!(
                    "{date_text:?} is not a date Briefdesk understands; the source has no date"
                ),
            });
        }
        (outlet, date)
    } else {
        split_date(after)
    };
    SourceDraft {
        outlet,
        date: date.map(|d| d.to_string()),
        url,
        title: None,
    }
}

/// `Outlet, November 27, 2020` → the outlet and the date, if the end of the item is one.
fn split_date(item: &str) -> (String, Option<NaiveDate>) {
    let commas: Vec<usize> = item.match_indices(',').map(|(at, _)| at).collect();
    for k in [2, 1] {
        if let Some(&at) = commas.len().checked_sub(k).and_then(|i| commas.get(i))
            && let Some(date) = source_date(item[at + 1..].trim())
        {
            return (unescape(item[..at].trim()), Some(date));
        }
    }
    (unescape(item.trim()), None)
}

/// `[text](destination)` at the start of `item`: the text, the URL and what follows.
fn link(item: &str) -> Option<(&str, String, &str)> {
    let inner = item.strip_prefix('[')?;
    let mut depth = 0i32;
    let mut escaped = false;
    let mut close = None;
    for (at, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(at);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let text = &inner[..close];
    let dest = inner[close + 1..].strip_prefix('(')?;
    if let Some(pointy) = dest.strip_prefix('<') {
        let end = find_unescaped(pointy, '>')?;
        let after = pointy[end + 1..].strip_prefix(')')?;
        return Some((text, unescape(&pointy[..end]), after));
    }
    let mut depth = 0i32;
    let mut escaped = false;
    for (at, c) in dest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some((text, unescape(dest[..at].trim()), &dest[at + 1..])),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn find_unescaped(text: &str, wanted: char) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == wanted => return Some(at),
            _ => {}
        }
    }
    None
}

/// The house date style ("November 27, 2020"), ISO dates, and whatever the shared date reader
/// understands.
fn source_date(text: &str) -> Option<NaiveDate> {
    ["%B %-d, %Y", "%B %d, %Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
        .or_else(|| super::parse_source_date(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(outlet: &str, date: Option<&str>, url: Option<&str>) -> SourceDraft {
        SourceDraft {
            outlet: outlet.into(),
            date: date.map(str::to_string),
            url: url.map(str::to_string),
            title: None,
        }
    }

    #[test]
    fn visible_source_lines_are_read_back() {
        let mut warnings = Vec::new();
        let line = "Sources: [Radio Free Asia](https://www.rfa.org/a_(b)), November 27, 2020; \
                    Xinhua, December 1, 2020; [A\\*B](<https://x.org/a b>); Plain; Bad, Someday";
        assert_eq!(
            source_line(line, 3, &mut warnings),
            vec![
                src(
                    "Radio Free Asia",
                    Some("2020-11-27"),
                    Some("https://www.rfa.org/a_(b)")
                ),
                src("Xinhua", Some("2020-12-01"), None),
                src("A*B", None, Some("https://x.org/a b")),
                src("Plain", None, None),
                src("Bad, Someday", None, None),
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn headings_are_unescaped_and_lose_closing_hashes() {
        assert_eq!(heading("### A \\*b\\* ###", 3).as_deref(), Some("A *b*"));
        assert_eq!(heading("### C\\#", 3).as_deref(), Some("C#"));
        assert_eq!(heading("#### Deeper", 3), None);
        assert_eq!(heading("###NoSpace", 3), None);
    }

    #[test]
    fn hand_written_markdown_is_read_by_its_headings() {
        let md = "Skip to content\n\n# China Briefing\n\nThis week in short.\n\n## Domestic\n\n\
                  Stray note.\n\n### RFA: Internet ID Cards\n\nThe ministry announced a pilot.\n\n\
                  > A quote.\n\nSource: [Radio Free Asia](https://www.rfa.org/x), November 27, 2020\n\n\
                  ## World\n\n### SIPRI: Arms Sales Grew\n\nBody.\n\nSource: SIPRI, December 7, 2020\n\
                  https://www.sipri.org/y\n\n### No Source\n\nJust text.\n";
        let parsed = parse(md).unwrap();
        assert!(parsed.issue.is_none());
        assert_eq!(parsed.briefs.len(), 3);
        let first = &parsed.briefs[0];
        assert_eq!(
            (first.line, first.section.as_deref()),
            (11, Some("Domestic"))
        );
        assert_eq!(first.draft.headline, "RFA: Internet ID Cards");
        assert_eq!(
            first.draft.body,
            "The ministry announced a pilot.\n\n> A quote."
        );
        assert_eq!(
            first.draft.sources,
            vec![src(
                "Radio Free Asia",
                Some("2020-11-27"),
                Some("https://www.rfa.org/x")
            )]
        );
        let second = &parsed.briefs[1];
        assert_eq!(second.section.as_deref(), Some("World"));
        assert_eq!(
            second.draft.sources,
            vec![src(
                "SIPRI",
                Some("2020-12-07"),
                Some("https://www.sipri.org/y")
            )]
        );
        assert_eq!(parsed.briefs[2].draft.body, "Just text.");
        let skipped: Vec<(usize, &str)> = parsed
            .skipped
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(skipped, vec![(1, "Skip to content"), (9, "Stray note.")]);
        let warned: Vec<usize> = parsed.warnings.iter().map(|w| w.line).collect();
        assert_eq!(warned, vec![28, 5]);
    }

    #[test]
    fn a_broken_comment_names_line_and_column() {
        let md = "<!-- briefdesk:issue {\"number\":1,\"title\":\"T\",\"date\":\"2020-13-01\"} -->\n# T\n";
        let err = parse(md).unwrap_err().to_string();
        assert!(err.starts_with("line 1: column "), "{err}");
        assert!(err.contains("briefdesk:issue"), "{err}");
    }
}
