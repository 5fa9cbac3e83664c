//! A layout taught by correcting one brief: the editor marks a line as the headline, the outlet,
//! the date, body text or something to skip, and the mark is generalised to every line like it.
//!
//! "Like it" is the line's signature: numbered, tagged 【…】, starting with the same symbols
//! ("📰", "+++", "▶"), a date line, a time line. A plain line has none; then a headline is
//! generalised by the line before it (a headline after every time line), and an outlet or a date
//! by its place in its item (the second line under every headline).
//!
//! Each mark becomes a [`LayoutRule`] that names no line number, so that the rules can be saved
//! as a named layout and applied to another text of the same layout.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Kind;
use super::lines::{date_line, find_date, is_time_line, numbered, tagged};
use crate::import::lines::{is_blank, is_space};
use crate::import::{HintRole, LineHint};

/// The shape a line has, that other lines like it share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "shape", rename_all = "snake_case")]
pub enum LineShape {
    /// "1. …", "3、…".
    Numbered,
    /// "【社会】…".
    Tagged,
    /// Starting with these one to four symbols ("📰", "+++", "▶").
    Lead { symbols: String },
    /// A date alone.
    DateLine,
    /// A time of day alone.
    TimeLine,
}

/// Which lines a rule is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "lines", rename_all = "snake_case")]
pub enum LineLike {
    /// Lines of this shape.
    Shaped { shape: LineShape },
    /// Lines with exactly this text ("Ads by Partner").
    Text { text: String },
    /// Text lines right after a line of this shape (a headline after every time line).
    After { shape: LineShape },
    /// Headline-shaped plain text lines (of no shape above) that start a block.
    BlockStart,
    /// The `nth` (1-based) non-blank line under each headline, when it has `shape` (none: a
    /// plain line), as the line taught had.
    Under {
        nth: usize,
        shape: Option<LineShape>,
    },
}

/// One thing a taught layout says: lines like these are `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LayoutRule {
    pub role: HintRole,
    pub like: LineLike,
}

fn sig(line: &str, year: Option<i32>) -> Option<LineShape> {
    let text = line.trim_matches(is_space);
    if numbered(text).is_some() {
        return Some(LineShape::Numbered);
    }
    if tagged(text).is_some() {
        return Some(LineShape::Tagged);
    }
    let lead: String = text
        .chars()
        .take_while(|c| {
            !c.is_alphanumeric() && !is_space(*c) && !matches!(c, '"' | '“' | '«' | '(')
        })
        .collect();
    if (1..=4).contains(&lead.chars().count()) {
        return Some(LineShape::Lead { symbols: lead });
    }
    if date_line(text, year).is_some() {
        return Some(LineShape::DateLine);
    }
    if is_time_line(text) {
        return Some(LineShape::TimeLine);
    }
    None
}

/// A rule, and the line of this text it was taught on (none for a saved layout's rules).
#[derive(Debug, Clone)]
struct Mark {
    at: Option<usize>,
    rule: LayoutRule,
}

/// What the hints and rules change, applied in steps around finding the headlines.
pub(super) struct Taught {
    marks: Vec<Mark>,
    /// Hints for an outlet or date by its place, resolved once the headlines are known.
    by_place: Vec<(usize, HintRole)>,
    /// How many lines each of `marks` (then of the resolved `by_place`) found in this text.
    pub hits: Vec<usize>,
    pub described: Vec<String>,
}

impl Taught {
    pub(super) fn new(
        lines: &[&str],
        rules: &[LayoutRule],
        hints: &[LineHint],
        year: Option<i32>,
    ) -> Taught {
        let previous = |i: usize| (0..i).rev().find(|&j| !is_blank(lines[j]));
        let mut marks: Vec<Mark> = rules
            .iter()
            .map(|rule| Mark {
                at: None,
                rule: rule.clone(),
            })
            .collect();
        let mut by_place = Vec::new();
        for h in hints.iter().filter(|h| (1..=lines.len()).contains(&h.line)) {
            let at = h.line - 1;
            let shape = sig(lines[at], year);
            let text = lines[at].trim_matches(is_space).to_string();
            let like = match (h.role, shape) {
                (HintRole::Outlet, Some(shape @ LineShape::Lead { .. })) => {
                    LineLike::Shaped { shape }
                }
                (HintRole::Outlet, _) | (HintRole::Date, None) => {
                    by_place.push((at, h.role));
                    continue;
                }
                (HintRole::Headline, None) => {
                    match previous(at).and_then(|p| sig(lines[p], year)) {
                        Some(shape) => LineLike::After { shape },
                        None => LineLike::BlockStart,
                    }
                }
                (_, Some(shape)) => LineLike::Shaped { shape },
                (_, None) => LineLike::Text { text },
            };
            marks.push(Mark {
                at: Some(at),
                rule: LayoutRule { role: h.role, like },
            });
        }
        let hits = vec![0; marks.len()];
        Taught {
            marks,
            by_place,
            hits,
            described: Vec::new(),
        }
    }

    /// Every rule this text taught or was read with, lines numbers left behind: what a saved
    /// layout keeps.
    pub(super) fn rules(&self) -> Vec<LayoutRule> {
        self.marks.iter().map(|m| m.rule.clone()).collect()
    }

    /// The lines a rule is about, in the layout's description: "lines like line 4" for a
    /// correction of this text, the rule itself for a saved layout's ("lines starting with ▶").
    fn what(at: Option<usize>, like: &LineLike) -> String {
        if let Some(at) = at {
            return format!("lines like line {}", at + 1);
        }
        match like {
            LineLike::Shaped { shape } => shape_words(shape),
            LineLike::Text { text } => format!("lines reading \"{text}\""),
            LineLike::After { shape } => format!("lines after {}", shape_words(shape)),
            LineLike::BlockStart => "lines standing alone at the start of a block".to_string(),
            LineLike::Under { nth, .. } => format!("line {nth} under each headline"),
        }
    }

    fn alike(lines: &[&str], like: &LineLike, year: Option<i32>) -> Vec<usize> {
        match like {
            LineLike::Shaped { shape } => (0..lines.len())
                .filter(|&i| !is_blank(lines[i]) && sig(lines[i], year).as_ref() == Some(shape))
                .collect(),
            LineLike::Text { text } => (0..lines.len())
                .filter(|&i| lines[i].trim_matches(is_space) == text.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Before headlines are found: lines to skip, and outlet or date lines known by their
    /// signature.
    pub(super) fn kinds(&mut self, lines: &[&str], kinds: &mut [Kind], year: Option<i32>) {
        for (m, mark) in self.marks.iter().enumerate() {
            let at = mark.at;
            let alike = Self::alike(lines, &mark.rule.like, year);
            let what = Self::what(at, &mark.rule.like);
            match (mark.rule.role, &mark.rule.like) {
                (HintRole::Skip, _) => {
                    for &i in &alike {
                        kinds[i] = Kind::Chrome;
                    }
                    self.hits[m] += alike.len();
                    self.described.push(format!("{what} skipped"));
                }
                (HintRole::Outlet, LineLike::Shaped { .. }) => {
                    for &i in &alike {
                        kinds[i] = Kind::Outlets(outlets_after_lead(lines[i]));
                    }
                    self.hits[m] += alike.len();
                    self.described.push(format!("outlets on {what}"));
                }
                (HintRole::Date, LineLike::Shaped { .. }) => {
                    for &i in &alike {
                        if let Some(found) = find_date(lines[i], year) {
                            kinds[i] = Kind::Date(found.date);
                            self.hits[m] += 1;
                        }
                    }
                    self.described.push(format!("dates on {what}"));
                }
                (HintRole::Headline | HintRole::Body, _) => {
                    // A headline or body line is text, whatever it was read as.
                    if let Some(at) = at {
                        kinds[at] = Kind::Text;
                    }
                }
                _ => {}
            }
        }
    }

    /// After the default headlines are found: the taught headlines replace them, and lines
    /// taught as body leave them.
    pub(super) fn heads(
        &mut self,
        lines: &[&str],
        kinds: &mut [Kind],
        heads: &mut Vec<usize>,
        year: Option<i32>,
    ) {
        let previous = |i: usize| (0..i).rev().find(|&j| !is_blank(lines[j]));
        let mut taught: Option<Vec<usize>> = None;
        for (m, mark) in self.marks.iter().enumerate() {
            let what = Self::what(mark.at, &mark.rule.like);
            match mark.rule.role {
                HintRole::Headline => {
                    let alike: Vec<usize> = match &mark.rule.like {
                        LineLike::After { shape } => (0..lines.len())
                            .filter(|&i| kinds[i] == Kind::Text)
                            .filter(|&i| {
                                previous(i).and_then(|p| sig(lines[p], year)).as_ref()
                                    == Some(shape)
                            })
                            .collect(),
                        // Nothing marks the line before it: headlines are the headline-shaped
                        // lines that start a block, as this one does.
                        LineLike::BlockStart => (0..lines.len())
                            .filter(|&i| kinds[i] == Kind::Text)
                            .filter(|&i| i == 0 || is_blank(lines[i - 1]))
                            .filter(|&i| {
                                Some(i) == mark.at
                                    || (super::headline_shaped(lines[i])
                                        && sig(lines[i], year).is_none())
                            })
                            .collect(),
                        like => Self::alike(lines, like, year),
                    };
                    self.hits[m] += alike.len();
                    taught.get_or_insert_with(Vec::new).extend(alike);
                    // "headlines like line 3", "headlines starting with ▶".
                    let what = what.strip_prefix("lines ").map_or_else(
                        || format!("headlines on {what}"),
                        |like| format!("headlines {like}"),
                    );
                    self.described.push(what);
                }
                HintRole::Body => {
                    self.described.push(format!("{what} are body text"));
                }
                _ => {}
            }
        }
        if let Some(taught) = taught {
            // A taught headline is text, whatever its line looked like.
            for &h in &taught {
                kinds[h] = Kind::Text;
            }
            *heads = taught;
        }
        for (m, mark) in self.marks.iter().enumerate() {
            if mark.rule.role == HintRole::Body {
                let before = heads.len();
                match &mark.rule.like {
                    LineLike::Text { text } => {
                        heads.retain(|&h| lines[h].trim_matches(is_space) != text.as_str());
                    }
                    LineLike::Shaped { shape } => {
                        heads.retain(|&h| sig(lines[h], year).as_ref() != Some(shape));
                    }
                    _ => {}
                }
                self.hits[m] += before - heads.len();
            }
        }
        heads.sort_unstable();
        heads.dedup();
    }

    /// Outlet and date lines known by their place under the headline.
    pub(super) fn places(
        &mut self,
        lines: &[&str],
        kinds: &mut [Kind],
        heads: &[usize],
        year: Option<i32>,
    ) {
        // Hints by place become rules now that the headlines are known.
        for (at, role) in std::mem::take(&mut self.by_place) {
            let Some(k) = heads.iter().rposition(|&h| h < at) else {
                continue;
            };
            let nth = (heads[k] + 1..=at).filter(|&i| !is_blank(lines[i])).count();
            self.marks.push(Mark {
                at: Some(at),
                rule: LayoutRule {
                    role,
                    like: LineLike::Under {
                        nth,
                        shape: sig(lines[at], year),
                    },
                },
            });
            self.hits.push(0);
        }
        for (m, mark) in self.marks.iter().enumerate() {
            let LineLike::Under { nth, ref shape } = mark.rule.like else {
                continue;
            };
            let role = mark.rule.role;
            if nth == 0 || !matches!(role, HintRole::Outlet | HintRole::Date) {
                continue;
            }
            for (n, &head) in heads.iter().enumerate() {
                let end = heads.get(n + 1).copied().unwrap_or(lines.len());
                let Some(i) = (head + 1..end)
                    .filter(|&i| !is_blank(lines[i]))
                    .nth(nth - 1)
                else {
                    continue;
                };
                // Only a line like the one taught: a "— Reuters" line is not a by-line.
                if sig(lines[i], year).as_ref() != shape.as_ref() {
                    continue;
                }
                let text = lines[i].trim_matches(is_space);
                match role {
                    // "Eleanor Ainge Roy, The Guardian": the outlet follows its author.
                    HintRole::Outlet => {
                        // A saved layout meets texts it was not taught on: a sentence there is
                        // body text, not an outlet.
                        if mark.at.is_none()
                            && (!outlet_shaped(text) || matches!(kinds[i], Kind::Url(_)))
                        {
                            continue;
                        }
                        let outlet = text.rsplit([',', '，']).next().unwrap_or(text).trim();
                        kinds[i] = Kind::Outlets(vec![outlet.to_string()]);
                        self.hits[m] += 1;
                    }
                    _ => {
                        if let Some(date) = date_in(text, year) {
                            kinds[i] = Kind::Date(date);
                            self.hits[m] += 1;
                        }
                    }
                }
            }
            let what = if role == HintRole::Outlet {
                "the outlet"
            } else {
                "the date"
            };
            let like = match mark.at {
                Some(at) => format!(" (as line {})", at + 1),
                None => String::new(),
            };
            self.described
                .push(format!("{what} on line {nth} under each headline{like}"));
        }
    }

    /// Whether the rules fit a text of `briefs` items: the headline rules found some, and each
    /// outlet and date rule found its line in at least half of the items, as a layout's rules do
    /// in every item of it. Rules that skip lines or keep them as body may have nothing to do.
    pub(super) fn all_apply(&self, briefs: usize) -> bool {
        !self.marks.is_empty()
            && self
                .marks
                .iter()
                .zip(&self.hits)
                .all(|(mark, &hits)| match mark.rule.role {
                    HintRole::Skip | HintRole::Body => true,
                    HintRole::Headline => hits > 0,
                    HintRole::Outlet | HintRole::Date => hits > 0 && hits * 2 >= briefs,
                })
    }
}

fn date_in(text: &str, year: Option<i32>) -> Option<NaiveDate> {
    find_date(text, year).map(|f| f.date)
}

/// A short line that can name an outlet, perhaps after its author ("Lin Mei, SCMP"), not a
/// sentence of the body.
fn outlet_shaped(text: &str) -> bool {
    text.split_whitespace().count() <= 10
        && text.chars().count() <= 90
        && !text.contains("://")
        && !text.ends_with(['.', ';', ':', '。', '…', '?', '!'])
}

/// "numbered lines", "lines starting with ▶".
fn shape_words(shape: &LineShape) -> String {
    match shape {
        LineShape::Numbered => "numbered lines".to_string(),
        LineShape::Tagged => "lines tagged 【…】".to_string(),
        LineShape::Lead { symbols } => format!("lines starting with {symbols}"),
        LineShape::DateLine => "date lines".to_string(),
        LineShape::TimeLine => "time lines".to_string(),
    }
}

/// "📰 El País, ABC" → ["El País", "ABC"]; "▶ Reuters" → ["Reuters"].
fn outlets_after_lead(line: &str) -> Vec<String> {
    let rest = line
        .trim_matches(is_space)
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    rest.split([',', '，', ';', '、'])
        .map(|o| o.trim_matches(is_space).to_string())
        .filter(|o| !o.is_empty())
        .collect()
}
