//! The view model: everything a template may use, computed once per issue. Every format renders
//! from this, so all exports of one issue agree, and the same issue always gives the same view.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::anchors::Anchors;
use super::render::{escape_html, is_web_url, render_markdown};
use super::text::{self, Reference, References, markdown_to_text};
use crate::format::json::SourceDoc;
use crate::format::markdown::{
    BriefMeta, IssueMeta, PublicationMeta, escape_text, link_destination, marker,
};
use crate::model::{Brief, DateStyle, Issue, IssueStatus, Publication, Source, Status};

/// Words an editor's reader gets through in a minute, for `reading_minutes`.
const WORDS_PER_MINUTE: usize = 200;

/// An issue ready for a template. See `docs/templates.md` for what each field holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueView {
    pub publication: PublicationView,
    pub issue: IssueInfo,
    pub sections: Vec<SectionView>,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationView {
    pub name: String,
    pub tagline: String,
    /// Markdown, as typed in the settings.
    pub footer: String,
    pub footer_html: String,
    pub footer_text: String,
    pub footer_references: Vec<Reference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueInfo {
    pub number: u32,
    pub title: String,
    /// ISO 8601 (`2020-12-08`) when serialized.
    pub date: NaiveDate,
    /// `December 8, 2020`.
    pub date_text: String,
    pub status: IssueStatus,
    pub subject: String,
    pub preheader: String,
    pub intro: String,
    pub intro_html: String,
    pub intro_text: String,
    pub intro_references: Vec<Reference>,
    pub closing: String,
    pub closing_html: String,
    pub closing_text: String,
    pub closing_references: Vec<Reference>,
    /// The `<!-- briefdesk:issue {…} -->` line of the Markdown export.
    pub marker: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionView {
    pub name: String,
    pub anchor: String,
    pub briefs: Vec<BriefView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BriefView {
    pub headline: String,
    pub anchor: String,
    /// Markdown, as the editor wrote it.
    pub body: String,
    /// Sanitized HTML.
    pub body_html: String,
    /// Plain text wrapped at 72 columns, links as `[n]`.
    pub body_text: String,
    pub sources: Vec<SourceView>,
    pub source_line_markdown: String,
    pub source_line_html: String,
    pub source_line_text: String,
    /// The `[n]` links of `body_text` and `source_line_text`, in order.
    pub references: Vec<Reference>,
    pub tags: Vec<String>,
    pub status: Status,
    pub word_count: usize,
    /// The `<!-- briefdesk:brief {…} -->` line of the Markdown export.
    pub marker: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceView {
    pub outlet: String,
    /// ISO 8601 when serialized; null when the source has no date.
    pub date: Option<NaiveDate>,
    /// `November 27, 2020`; null when the source has no date.
    pub date_text: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Whether `url` is an http(s) URL, the only kind exports turn into links.
    pub is_link: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub briefs: usize,
    pub words: usize,
    pub reading_minutes: usize,
}

impl SourceView {
    pub(crate) fn doc(&self) -> SourceDoc {
        SourceDoc {
            outlet: self.outlet.clone(),
            date: self.date,
            url: self.url.clone(),
            title: self.title.clone(),
        }
    }

    fn link(&self) -> Option<&str> {
        self.url.as_deref().filter(|_| self.is_link)
    }
}

/// `November 27, 2020`: the house style for dates.
pub fn date_text(date: NaiveDate) -> String {
    DateStyle::Long.format(date)
}

/// Builds the view of `issue`. `briefs` holds the issue's briefs in any order; a brief listed in
/// the issue but missing from `briefs` shows with its headline only.
pub fn issue_view(issue: &Issue, briefs: &[Brief], publication: &Publication) -> IssueView {
    let by_id: HashMap<Uuid, &Brief> = briefs.iter().map(|b| (b.id, b)).collect();
    let mut anchors = Anchors::new();
    let mut next_reference = 1;

    let (intro_html, intro_text, intro_references) =
        rendered_block(&issue.intro, &mut next_reference);
    let mut sections = Vec::with_capacity(issue.sections.len());
    let mut counts = Counts {
        briefs: 0,
        words: 0,
        reading_minutes: 0,
    };
    for section in &issue.sections {
        let anchor = anchors.unique(&section.name, "section");
        let mut views = Vec::with_capacity(section.briefs.len());
        for listed in &section.briefs {
            let view = match by_id.get(&listed.id) {
                Some(brief) => brief_view(
                    brief,
                    publication.date_style,
                    &mut anchors,
                    &mut next_reference,
                ),
                None => brief_view(
                    &placeholder(listed.id, &listed.headline),
                    publication.date_style,
                    &mut anchors,
                    &mut next_reference,
                ),
            };
            counts.briefs += 1;
            counts.words += view.word_count;
            views.push(view);
        }
        sections.push(SectionView {
            name: section.name.clone(),
            anchor,
            briefs: views,
        });
    }
    counts.reading_minutes = counts.words.div_ceil(WORDS_PER_MINUTE);
    let (closing_html, closing_text, closing_references) =
        rendered_block(&issue.closing, &mut next_reference);
    let (footer_html, footer_text, footer_references) =
        rendered_block(&publication.footer, &mut next_reference);

    let meta = IssueMeta {
        number: issue.number,
        title: issue.title.clone(),
        date: issue.date,
        status: issue.status,
        subject: issue.subject.clone(),
        preheader: issue.preheader.clone(),
        publication: PublicationMeta {
            name: publication.name.clone(),
            tagline: publication.tagline.clone(),
        },
    };
    IssueView {
        publication: PublicationView {
            name: publication.name.clone(),
            tagline: publication.tagline.clone(),
            footer: publication.footer.clone(),
            footer_html,
            footer_text,
            footer_references,
        },
        issue: IssueInfo {
            number: issue.number,
            title: issue.title.clone(),
            date: issue.date,
            date_text: publication.date_style.format(issue.date),
            status: issue.status,
            subject: issue.subject.clone(),
            preheader: issue.preheader.clone(),
            intro: issue.intro.clone(),
            intro_html,
            intro_text,
            intro_references,
            closing: issue.closing.clone(),
            closing_html,
            closing_text,
            closing_references,
            marker: marker("issue", &meta),
        },
        sections,
        counts,
    }
}

fn rendered_block(md: &str, next_reference: &mut usize) -> (String, String, Vec<Reference>) {
    let mut refs = References::new(next_reference);
    let text = markdown_to_text(md, &mut refs);
    (render_markdown(md), text, refs.items)
}

fn placeholder(id: Uuid, headline: &str) -> Brief {
    let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    Brief {
        id,
        headline: headline.to_string(),
        body: String::new(),
        sources: Vec::new(),
        tags: Vec::new(),
        status: Status::default(),
        notes: String::new(),
        issue: None,
        created_at: epoch,
        updated_at: epoch,
        version: 1,
        review: None,
    }
}

fn brief_view(
    brief: &Brief,
    style: DateStyle,
    anchors: &mut Anchors,
    next_reference: &mut usize,
) -> BriefView {
    let sources: Vec<SourceView> = brief
        .sources
        .iter()
        .map(|s| source_view(s, style))
        .collect();
    let mut refs = References::new(next_reference);
    let body_text = markdown_to_text(&brief.body, &mut refs);
    let source_line_text = source_line_text(&sources, &mut refs);
    let word_count = count_words(&brief.headline) + count_words(&body_text);
    let meta = BriefMeta {
        status: brief.status,
        tags: brief.tags.clone(),
        sources: sources.iter().map(SourceView::doc).collect(),
    };
    BriefView {
        headline: brief.headline.clone(),
        anchor: anchors.unique(&brief.headline, "brief"),
        body: brief.body.clone(),
        body_html: render_markdown(&brief.body),
        body_text,
        source_line_markdown: source_line_markdown(&sources),
        source_line_html: source_line_html(&sources),
        source_line_text,
        references: refs.items,
        sources,
        tags: brief.tags.clone(),
        status: brief.status,
        word_count,
        marker: marker("brief", &meta),
    }
}

fn source_view(source: &Source, style: DateStyle) -> SourceView {
    SourceView {
        outlet: source.outlet.clone(),
        date: source.date,
        date_text: source.date.map(|d| style.format(d)),
        url: source.url.clone(),
        title: source.title.clone(),
        is_link: source.url.as_deref().is_some_and(is_web_url),
    }
}

fn label(sources: &[SourceView]) -> &'static str {
    if sources.len() == 1 {
        "Source: "
    } else {
        "Sources: "
    }
}

/// `Source: [Radio Free Asia](https://…), November 27, 2020`; several joined by `; `.
fn source_line_markdown(sources: &[SourceView]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let items: Vec<String> = sources
        .iter()
        .map(|s| {
            let outlet = escape_text(&s.outlet);
            let mut item = match s.link() {
                Some(url) => format!("[{outlet}]({})", link_destination(url)),
                None => outlet,
            };
            if let Some(date) = &s.date_text {
                item.push_str(", ");
                item.push_str(date);
            }
            item
        })
        .collect();
    format!("{}{}", label(sources), items.join("; "))
}

fn source_line_html(sources: &[SourceView]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let items: Vec<String> = sources
        .iter()
        .map(|s| {
            let outlet = escape_html(&s.outlet);
            let mut item = match s.link() {
                Some(url) => format!(
                    "<a href=\"{}\" rel=\"noopener noreferrer\">{outlet}</a>",
                    escape_html(&href(url))
                ),
                None => outlet,
            };
            if let Some(date) = &s.date_text {
                item.push_str(", ");
                item.push_str(date);
            }
            item
        })
        .collect();
    format!("{}{}", escape_html(label(sources)), items.join("; "))
}

/// A URL as the url crate writes it: percent-encoded, so no `<`, `"` or space in an href.
fn href(url: &str) -> String {
    url::Url::parse(url.trim()).map_or_else(|_| url.to_string(), String::from)
}

/// `Source: Radio Free Asia [3], November 27, 2020`, wrapped; the URL goes to the references.
fn source_line_text(sources: &[SourceView], refs: &mut References<'_>) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let items: Vec<String> = sources
        .iter()
        .map(|s| {
            let mut item = s.outlet.clone();
            if let Some(url) = s.link() {
                item.push_str(&format!(" [{}]", refs.number(url)));
            }
            if let Some(date) = &s.date_text {
                item.push_str(", ");
                item.push_str(date);
            }
            item
        })
        .collect();
    text::wrap(
        &format!("{}{}", label(sources), items.join("; ")),
        text::WIDTH,
    )
}

/// Words in plain text: space-separated runs with a letter or digit, not counting `[n]`
/// reference marks; each CJK character counts as a word, as those scripts are read.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| {
            !(w.starts_with('[') && w.ends_with(']') && w[1..w.len() - 1].parse::<usize>().is_ok())
        })
        .map(|w| {
            if w.is_ascii() {
                return usize::from(w.bytes().any(|b| b.is_ascii_alphanumeric()));
            }
            let wide = w.chars().filter(|c| is_cjk(*c)).count();
            let other = w.chars().any(|c| c.is_alphanumeric() && !is_cjk(c));
            wide + usize::from(other)
        })
        .sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // kana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{ac00}'..='\u{d7af}' // Hangul syllables
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(outlet: &str, date: Option<(i32, u32, u32)>, url: Option<&str>) -> SourceView {
        source_view(
            &Source {
                outlet: outlet.into(),
                date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                url: url.map(str::to_string),
                title: None,
            },
            DateStyle::Long,
        )
    }

    #[test]
    fn source_lines_follow_the_house_style() {
        let one = [source(
            "Radio Free Asia",
            Some((2020, 11, 27)),
            Some("https://www.rfa.org/a"),
        )];
        assert_eq!(
            source_line_markdown(&one),
            "Source: [Radio Free Asia](https://www.rfa.org/a), November 27, 2020"
        );
        let several = [
            source("A*", Some((2020, 11, 27)), Some("https://a.org/1")),
            source("B", Some((2020, 12, 1)), None),
            source("C", None, Some("https://c.org")),
            source("D", None, Some("javascript:alert(1)")),
        ];
        assert_eq!(
            source_line_markdown(&several),
            "Sources: [A\\*](https://a.org/1), November 27, 2020; B, December 1, 2020; \
             [C](https://c.org); D"
        );
        assert_eq!(
            source_line_html(&several),
            "Sources: <a href=\"https://a.org/1\" rel=\"noopener noreferrer\">A*</a>, November 27, \
             2020; B, December 1, 2020; <a href=\"https://c.org/\" rel=\"noopener noreferrer\">C</a>; D"
        );
        let mut next = 4;
        let mut refs = References::new(&mut next);
        assert_eq!(
            source_line_text(&several, &mut refs),
            "Sources: A* [4], November 27, 2020; B, December 1, 2020; C [5]; D"
        );
        assert_eq!(refs.items.len(), 2);
    }

    #[test]
    fn words_are_counted_as_read() {
        assert_eq!(count_words("Three plain words [1]"), 3);
        assert_eq!(count_words("香港 news — 2020"), 4);
    }
}
