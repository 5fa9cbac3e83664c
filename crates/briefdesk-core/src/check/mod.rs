//! Checks before publishing: what an editor should see before an issue goes out. Computed from
//! what it is given (the issue, its briefs, the sources of earlier issues, the email's size);
//! the library reads those (`library/check.rs`).

mod links;
mod quotes;
mod url_key;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use links::{IssueLink, LinkReport, LinkReports, LinkState, body_links, issue_links};
pub use quotes::{missing_quotations, quotations};
pub use url_key::url_key;

use crate::export::EMAIL_SIZE_LIMIT;
use crate::model::{Brief, Issue, IssueBrief, IssueStatus, Status};

/// What kind of problem a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A source URL a brief in an earlier issue already used.
    CoveredBefore,
    /// Two briefs of this issue share a source URL.
    DuplicateInIssue,
    Draft,
    NoSource,
    NoSourceDate,
    EmptySection,
    MalformedUrl,
    EmailTooLarge,
    /// A passage the body quotes is not in the text kept from its sources' pages.
    QuoteNotInSource,
}

/// One thing to look at before sending, and the brief or section it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub brief: Option<IssueBrief>,
    pub section: Option<String>,
    /// The other brief, for duplicates.
    pub other: Option<SourceUse>,
}

/// A brief that cites a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceUse {
    #[ts(type = "string")]
    pub id: Uuid,
    pub headline: String,
    /// The issue it sits in, if any.
    pub issue: Option<u32>,
    /// Whether that issue was published: only a sent issue is prior coverage; a draft issue's
    /// brief is "also in draft No. N".
    pub published: bool,
    pub url: String,
}

/// The part of a URL key a database can match by substring, to narrow a scan before
/// [`same_page`] decides.
pub fn key_host(key: &str) -> &str {
    key.split(['/', '?', ':']).next().unwrap_or_default()
}

/// The uses in `candidates` whose URL points at the same page as `url` (see [`url_key`]), one
/// per brief, in the order given.
pub fn same_page(url: &str, candidates: impl IntoIterator<Item = SourceUse>) -> Vec<SourceUse> {
    let Some(key) = url_key(url) else {
        return Vec::new();
    };
    let mut uses: Vec<SourceUse> = Vec::new();
    for found in candidates {
        if url_key(&found.url).as_deref() == Some(key.as_str())
            && !uses.iter().any(|u| u.id == found.id)
        {
            uses.push(found);
        }
    }
    uses
}

/// The URL keys of `uses` (sources of earlier issues, newest issue first), each to its first
/// use: "previously in No. 12" names the latest.
pub fn earlier_keys(uses: impl IntoIterator<Item = SourceUse>) -> HashMap<String, SourceUse> {
    let mut keys = HashMap::new();
    for found in uses {
        if let Some(key) = url_key(&found.url) {
            keys.entry(key).or_insert(found);
        }
    }
    keys
}

/// The problems of `issue`, in issue order: per section, per brief. `briefs` holds the
/// issue's briefs in any order (one missing from it is passed over), `earlier` the sources of
/// earlier issues ([`earlier_keys`]), `snapshots` the texts kept of source pages by their
/// [`url_key`], `email_bytes` the size of its email export.
pub fn issue_problems(
    issue: &Issue,
    briefs: &[Brief],
    earlier: &HashMap<String, SourceUse>,
    snapshots: &HashMap<String, String>,
    email_bytes: usize,
) -> Vec<Problem> {
    let by_id: HashMap<Uuid, &Brief> = briefs.iter().map(|b| (b.id, b)).collect();
    let mut problems = Vec::new();
    // Key → first brief in this issue that cites it.
    let mut in_issue: HashMap<String, SourceUse> = HashMap::new();
    for section in &issue.sections {
        if section.briefs.is_empty() {
            problems.push(Problem {
                kind: ProblemKind::EmptySection,
                message: format!("section “{}” has no briefs", section.name),
                brief: None,
                section: Some(section.name.clone()),
                other: None,
            });
        }
        for brief in section.briefs.iter().filter_map(|b| by_id.get(&b.id)) {
            let mut found = Vec::new();
            brief_problems(brief, issue, earlier, &mut in_issue, &mut found);
            quote_problems(brief, snapshots, &mut found);
            problems.extend(found.into_iter().map(|(kind, message, other)| Problem {
                kind,
                message,
                brief: Some(IssueBrief {
                    id: brief.id,
                    headline: brief.headline.clone(),
                }),
                section: Some(section.name.clone()),
                other,
            }));
        }
    }
    if email_bytes > EMAIL_SIZE_LIMIT {
        problems.push(Problem {
            kind: ProblemKind::EmailTooLarge,
            message: format!(
                "the email is {} KB; Gmail clips messages over {} KB (move briefs to another issue or shorten them)",
                email_bytes.div_ceil(1024),
                EMAIL_SIZE_LIMIT / 1024
            ),
            brief: None,
            section: None,
            other: None,
        });
    }
    problems
}

type Found = (ProblemKind, String, Option<SourceUse>);

/// Quotations of `brief` missing from the texts kept of its sources; nothing is said of a
/// brief none of whose pages was kept (there is nothing to compare with).
fn quote_problems(brief: &Brief, snapshots: &HashMap<String, String>, found: &mut Vec<Found>) {
    let texts: Vec<&str> = brief
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref().and_then(url_key))
        .filter_map(|key| snapshots.get(&key).map(String::as_str))
        .collect();
    if texts.is_empty() {
        return;
    }
    for passage in missing_quotations(&brief.body, &texts) {
        found.push((
            ProblemKind::QuoteNotInSource,
            format!("this quotation is not in the source: “{passage}”"),
            None,
        ));
    }
}

fn brief_problems(
    brief: &Brief,
    issue: &Issue,
    earlier: &HashMap<String, SourceUse>,
    in_issue: &mut HashMap<String, SourceUse>,
    found: &mut Vec<Found>,
) {
    if brief.status == Status::Draft {
        found.push((ProblemKind::Draft, "still a draft".into(), None));
    }
    if brief.sources.is_empty() {
        found.push((ProblemKind::NoSource, "has no source".into(), None));
    }
    for source in &brief.sources {
        if source.date.is_none() {
            found.push((
                ProblemKind::NoSourceDate,
                format!("source “{}” has no date", source.outlet),
                None,
            ));
        }
        let Some(url) = &source.url else { continue };
        let Some(key) = url_key(url) else {
            found.push((
                ProblemKind::MalformedUrl,
                format!("source “{}” has a malformed URL: {url}", source.outlet),
                None,
            ));
            continue;
        };
        if let Some(previous) = earlier.get(&key) {
            found.push((
                ProblemKind::CoveredBefore,
                format!(
                    "{url} was previously in No. {}: {}",
                    previous.issue.unwrap_or_default(),
                    previous.headline
                ),
                Some(previous.clone()),
            ));
        }
        match in_issue.get(&key) {
            Some(first) if first.id != brief.id => found.push((
                ProblemKind::DuplicateInIssue,
                format!(
                    "{url} is also the source of “{}” in this issue",
                    first.headline
                ),
                Some(first.clone()),
            )),
            Some(_) => {}
            None => {
                in_issue.insert(
                    key,
                    SourceUse {
                        id: brief.id,
                        headline: brief.headline.clone(),
                        issue: Some(issue.number),
                        published: issue.status == IssueStatus::Published,
                        url: url.clone(),
                    },
                );
            }
        }
    }
}
