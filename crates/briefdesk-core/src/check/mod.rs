//! Checks before publishing: what an editor should see before an issue goes out.

mod url_key;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use url_key::url_key;

use crate::error::Result;
use crate::export::{EMAIL_SIZE_LIMIT, ExportFormat};
use crate::library::Library;
use crate::model::{Brief, IssueBrief, Status};

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
    pub url: String,
}

impl Library {
    /// Every brief with a source that points at the same page as `url` (see [`url_key`]),
    /// newest issue first, then those in no issue. For warning an editor while they type.
    pub fn source_uses(&self, url: &str) -> Result<Vec<SourceUse>> {
        let Some(key) = url_key(url) else {
            return Ok(Vec::new());
        };
        // The host narrows the scan in SQL; the key decides.
        let host = key.split(['/', '?', ':']).next().unwrap_or_default();
        let mut stmt = self.conn().prepare_cached(
            "SELECT b.id, b.headline, i.number, s.url
             FROM sources s JOIN briefs b ON b.id = s.brief_id
             LEFT JOIN issue_briefs ib ON ib.brief_id = b.id
             LEFT JOIN sections sec ON sec.id = ib.section_id
             LEFT JOIN issues i ON i.id = sec.issue_id
             WHERE s.url LIKE '%' || ?1 || '%'
             ORDER BY i.number DESC NULLS LAST, b.id DESC",
        )?;
        let rows = stmt.query_map([host], source_use_row)?;
        let mut uses = Vec::new();
        let mut seen = Vec::new();
        for row in rows {
            let found = row?;
            if url_key(&found.url).as_deref() == Some(key.as_str()) && !seen.contains(&found.id) {
                seen.push(found.id);
                uses.push(found);
            }
        }
        Ok(uses)
    }

    /// The problems of issue `number`, in issue order: per section, per brief.
    pub fn check_issue(&self, number: u32) -> Result<Vec<Problem>> {
        let issue = self.issue(number)?;
        let earlier = self.earlier_sources(number)?;
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
            let ids: Vec<Uuid> = section.briefs.iter().map(|b| b.id).collect();
            for brief in self.briefs_by_id(&ids)? {
                let mut found = Vec::new();
                brief_problems(&brief, number, &earlier, &mut in_issue, &mut found);
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
        let email = self.export_issue(number, ExportFormat::Email, None)?;
        if email.len() > EMAIL_SIZE_LIMIT {
            problems.push(Problem {
                kind: ProblemKind::EmailTooLarge,
                message: format!(
                    "the email is {} KB; Gmail clips messages over {} KB (move briefs to another issue or shorten them)",
                    email.len().div_ceil(1024),
                    EMAIL_SIZE_LIMIT / 1024
                ),
                brief: None,
                section: None,
                other: None,
            });
        }
        Ok(problems)
    }

    /// Source URL keys of briefs in issues numbered below `number`, newest issue first.
    fn earlier_sources(&self, number: u32) -> Result<HashMap<String, SourceUse>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT b.id, b.headline, i.number, s.url
             FROM issues i JOIN sections sec ON sec.issue_id = i.id
             JOIN issue_briefs ib ON ib.section_id = sec.id
             JOIN briefs b ON b.id = ib.brief_id
             JOIN sources s ON s.brief_id = b.id
             WHERE i.number < ?1 AND s.url IS NOT NULL
             ORDER BY i.number DESC, sec.position, ib.position",
        )?;
        let rows = stmt.query_map([number], source_use_row)?;
        let mut keys = HashMap::new();
        for row in rows {
            let found = row?;
            if let Some(key) = url_key(&found.url) {
                // The most recent issue wins: "previously in No. 12" names the latest.
                keys.entry(key).or_insert(found);
            }
        }
        Ok(keys)
    }
}

type Found = (ProblemKind, String, Option<SourceUse>);

fn brief_problems(
    brief: &Brief,
    number: u32,
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
                        issue: Some(number),
                        url: url.clone(),
                    },
                );
            }
        }
    }
}

fn source_use_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SourceUse> {
    Ok(SourceUse {
        id: crate::library::parse_uuid(&r.get::<_, String>(0)?, 0)?,
        headline: r.get(1)?,
        issue: r.get(2)?,
        url: r.get(3)?,
    })
}
