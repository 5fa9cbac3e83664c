//! A layout taught by correcting one brief: the editor marks a line as the headline, the outlet,
//! the date, body text or something to skip, and the mark is generalised to every line like it.
//!
//! "Like it" is the line's signature: numbered, tagged 【…】, starting with the same symbols
//! ("📰", "+++", "▶"), a date line, a time line. A plain line has none; then a headline is
//! generalised by the line before it (a headline after every time line), and an outlet or a date
//! by its place in its item (the second line under every headline).

use chrono::NaiveDate;

use super::Kind;
use super::lines::{date_line, find_date, is_time_line, numbered, tagged};
use crate::import::lines::{is_blank, is_space};
use crate::import::{HintRole, LineHint};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Sig {
    Numbered,
    Tagged,
    Lead(String),
    DateLine,
    TimeLine,
    Plain,
}

fn sig(line: &str, year: Option<i32>) -> Sig {
    let text = line.trim_matches(is_space);
    if numbered(text).is_some() {
        return Sig::Numbered;
    }
    if tagged(text).is_some() {
        return Sig::Tagged;
    }
    let lead: String = text
        .chars()
        .take_while(|c| {
            !c.is_alphanumeric() && !is_space(*c) && !matches!(c, '"' | '“' | '«' | '(')
        })
        .collect();
    if (1..=4).contains(&lead.chars().count()) {
        return Sig::Lead(lead);
    }
    if date_line(text, year).is_some() {
        return Sig::DateLine;
    }
    if is_time_line(text) {
        return Sig::TimeLine;
    }
    Sig::Plain
}

/// What the hints change, applied in two steps around finding the headlines.
pub(super) struct Taught {
    hints: Vec<(usize, HintRole, Sig)>,
    pub described: Vec<String>,
}

impl Taught {
    pub(super) fn new(lines: &[&str], hints: &[LineHint], year: Option<i32>) -> Taught {
        let hints = hints
            .iter()
            .filter(|h| (1..=lines.len()).contains(&h.line))
            .map(|h| (h.line - 1, h.role, sig(lines[h.line - 1], year)))
            .collect();
        Taught {
            hints,
            described: Vec::new(),
        }
    }

    /// Before headlines are found: lines to skip, and outlet or date lines known by their
    /// signature.
    pub(super) fn kinds(&mut self, lines: &[&str], kinds: &mut [Kind], year: Option<i32>) {
        for (at, role, signature) in self.hints.clone() {
            let alike: Vec<usize> = if signature == Sig::Plain {
                let text = lines[at].trim_matches(is_space);
                (0..lines.len())
                    .filter(|&i| lines[i].trim_matches(is_space) == text)
                    .collect()
            } else {
                (0..lines.len())
                    .filter(|&i| !is_blank(lines[i]) && sig(lines[i], year) == signature)
                    .collect()
            };
            match role {
                HintRole::Skip => {
                    for &i in &alike {
                        kinds[i] = Kind::Chrome;
                    }
                    self.described
                        .push(format!("lines like line {} skipped", at + 1));
                }
                HintRole::Outlet if matches!(signature, Sig::Lead(_)) => {
                    for &i in &alike {
                        kinds[i] = Kind::Outlets(outlets_after_lead(lines[i]));
                    }
                    self.described
                        .push(format!("outlets on lines like line {}", at + 1));
                }
                HintRole::Date if signature != Sig::Plain => {
                    for &i in &alike {
                        if let Some(found) = find_date(lines[i], year) {
                            kinds[i] = Kind::Date(found.date);
                        }
                    }
                    self.described
                        .push(format!("dates on lines like line {}", at + 1));
                }
                HintRole::Headline | HintRole::Body => {
                    // A headline or body line is text, whatever it was read as.
                    kinds[at] = Kind::Text;
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
        kinds: &[Kind],
        heads: &mut Vec<usize>,
        year: Option<i32>,
    ) {
        let previous = |i: usize| (0..i).rev().find(|&j| !is_blank(lines[j]));
        let mut taught: Option<Vec<usize>> = None;
        for (at, role, signature) in self.hints.clone() {
            match role {
                HintRole::Headline => {
                    let alike: Vec<usize> = match &signature {
                        Sig::Plain => match previous(at).map(|p| sig(lines[p], year)) {
                            Some(before) if before != Sig::Plain => (0..lines.len())
                                .filter(|&i| kinds[i] == Kind::Text)
                                .filter(|&i| {
                                    previous(i).map(|p| sig(lines[p], year)).as_ref()
                                        == Some(&before)
                                })
                                .collect(),
                            // Nothing marks the line before it: headlines are the
                            // headline-shaped lines that start a block, as this one does.
                            _ => (0..lines.len())
                                .filter(|&i| kinds[i] == Kind::Text)
                                .filter(|&i| i == 0 || is_blank(lines[i - 1]))
                                .filter(|&i| i == at || super::headline_shaped(lines[i]))
                                .collect(),
                        },
                        _ => (0..lines.len())
                            .filter(|&i| !is_blank(lines[i]) && sig(lines[i], year) == signature)
                            .collect(),
                    };
                    taught.get_or_insert_with(Vec::new).extend(alike);
                    self.described
                        .push(format!("headlines like line {}", at + 1));
                }
                HintRole::Body => {
                    self.described
                        .push(format!("lines like line {} are body text", at + 1));
                }
                _ => {}
            }
        }
        if let Some(taught) = taught {
            *heads = taught;
        }
        for (at, role, signature) in &self.hints {
            if *role == HintRole::Body {
                if *signature == Sig::Plain {
                    heads.retain(|h| h != at);
                } else {
                    heads.retain(|&h| sig(lines[h], year) != *signature);
                }
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
        for (at, role, signature) in self.hints.clone() {
            let by_place = matches!(role, HintRole::Outlet) && !matches!(signature, Sig::Lead(_))
                || matches!(role, HintRole::Date) && signature == Sig::Plain;
            if !by_place {
                continue;
            }
            let Some(k) = heads.iter().rposition(|&h| h < at) else {
                continue;
            };
            let nth = (heads[k] + 1..=at).filter(|&i| !is_blank(lines[i])).count();
            for (n, &head) in heads.iter().enumerate() {
                let end = heads.get(n + 1).copied().unwrap_or(lines.len());
                let Some(i) = (head + 1..end)
                    .filter(|&i| !is_blank(lines[i]))
                    .nth(nth - 1)
                else {
                    continue;
                };
                let text = lines[i].trim_matches(is_space);
                match role {
                    // "Eleanor Ainge Roy, The Guardian": the outlet follows its author.
                    HintRole::Outlet => {
                        let outlet = text.rsplit([',', '，']).next().unwrap_or(text).trim();
                        kinds[i] = Kind::Outlets(vec![outlet.to_string()]);
                    }
                    _ => {
                        if let Some(date) = date_in(text, year) {
                            kinds[i] = Kind::Date(date);
                        }
                    }
                }
            }
            let what = if role == HintRole::Outlet {
                "the outlet"
            } else {
                "the date"
            };
            self.described.push(format!(
                "{what} on line {nth} under each headline (as line {})",
                at + 1
            ));
        }
    }
}

fn date_in(text: &str, year: Option<i32>) -> Option<NaiveDate> {
    find_date(text, year).map(|f| f.date)
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
