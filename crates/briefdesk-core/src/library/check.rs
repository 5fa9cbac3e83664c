//! What the checks before publishing need from the library (see [`crate::check`]).

use std::collections::HashMap;

use tracing::instrument;

use super::{Library, parse_uuid};
use crate::check::{self, Problem, SourceUse, url_key};
use crate::error::Result;
use crate::model::ExportFormat;

impl Library {
    /// Every brief with a source that points at the same page as `url` (see [`url_key`]),
    /// newest issue first, then those in no issue. For warning an editor while they type.
    pub fn source_uses(&self, url: &str) -> Result<Vec<SourceUse>> {
        let Some(key) = url_key(url) else {
            return Ok(Vec::new());
        };
        let candidates = self.source_candidates(&[check::key_host(&key)])?;
        Ok(check::same_page(url, candidates))
    }

    /// Every source whose address contains one of `hosts`, with its brief, newest issue first:
    /// what [`check::same_page`] chooses from. The hosts narrow the scan in SQL (one pass over
    /// the sources for them all); the key decides.
    pub(super) fn source_candidates(&self, hosts: &[&str]) -> Result<Vec<SourceUse>> {
        if hosts.is_empty() {
            return Ok(Vec::new());
        }
        let any_host = (1..=hosts.len())
            .map(|n| format!("s.url LIKE '%' || ?{n} || '%'"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT b.id, b.headline, i.number, s.url, coalesce(i.status = 'published', 0)
             FROM sources s JOIN briefs b ON b.id = s.brief_id
             LEFT JOIN issue_briefs ib ON ib.brief_id = b.id
             LEFT JOIN sections sec ON sec.id = ib.section_id
             LEFT JOIN issues i ON i.id = sec.issue_id
             WHERE {any_host}
             ORDER BY i.number DESC NULLS LAST, b.id DESC"
        ))?;
        Ok(stmt
            .query_map(rusqlite::params_from_iter(hosts), source_use_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The problems of issue `number`, in issue order: per section, per brief.
    #[instrument(skip(self))]
    pub fn check_issue(&self, number: u32) -> Result<Vec<Problem>> {
        let issue = self.issue(number)?;
        let earlier = self.earlier_sources(number)?;
        let ids: Vec<_> = issue
            .sections
            .iter()
            .flat_map(|s| s.briefs.iter().map(|b| b.id))
            .collect();
        let briefs = self.briefs_by_id(&ids)?;
        let email = self.export_issue(number, ExportFormat::Email, None)?;
        let mut snapshots = HashMap::new();
        for url in briefs
            .iter()
            .flat_map(|b| b.sources.iter().filter_map(|s| s.url.as_deref()))
        {
            if let (Some(key), Some(kept)) = (url_key(url), self.snapshot(url)?) {
                snapshots.insert(key, kept.text);
            }
        }
        let problems = check::issue_problems(&issue, &briefs, &earlier, &snapshots, email.len());
        tracing::debug!(problems = problems.len(), "checked");
        Ok(problems)
    }

    /// Every source URL and body link of issue `number`'s briefs, in issue order, for checking
    /// the links before sending.
    pub fn issue_links(&self, number: u32) -> Result<Vec<check::IssueLink>> {
        let issue = self.issue(number)?;
        let ids: Vec<_> = issue
            .sections
            .iter()
            .flat_map(|s| s.briefs.iter().map(|b| b.id))
            .collect();
        Ok(check::issue_links(&self.briefs_by_id(&ids)?))
    }

    /// Source URL keys of briefs in published issues numbered below `number`, newest issue
    /// first. A draft issue was never sent: a story in it is not yet covered.
    fn earlier_sources(&self, number: u32) -> Result<HashMap<String, SourceUse>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT b.id, b.headline, i.number, s.url, 1
             FROM issues i JOIN sections sec ON sec.issue_id = i.id
             JOIN issue_briefs ib ON ib.section_id = sec.id
             JOIN briefs b ON b.id = ib.brief_id
             JOIN sources s ON s.brief_id = b.id
             WHERE i.number < ?1 AND i.status = 'published' AND s.url IS NOT NULL
             ORDER BY i.number DESC, sec.position, ib.position",
        )?;
        let uses = stmt
            .query_map([number], source_use_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(check::earlier_keys(uses))
    }
}

fn source_use_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SourceUse> {
    Ok(SourceUse {
        id: parse_uuid(&r.get::<_, String>(0)?, 0)?,
        headline: r.get(1)?,
        issue: r.get(2)?,
        url: r.get(3)?,
        published: r.get(4)?,
    })
}
