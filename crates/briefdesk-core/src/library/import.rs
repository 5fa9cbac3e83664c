//! Storing what an import parsed: every brief, its placement in an issue, in one transaction.

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use uuid::Uuid;

use super::briefs::{begin_inserts, insert_brief};
use super::issues::{self, DEFAULT_SECTION};
use super::{Library, now, parse_uuid, timestamp};
use crate::check::url_key;
use crate::error::{Error, Result};
use crate::import::{
    self, Duplicate, DuplicateReason, ImportOptions, ImportProgress, ImportReport, ImportStage,
    Parsed, ParsedIssue,
};
use crate::model::BriefDraft;
use crate::validate::{self, ValidBrief};

impl Library {
    /// Imports `input` (briefing text, Briefdesk Markdown or JSON): all of it in one
    /// transaction, or nothing. With `dry_run` the same work is done and rolled back, so the
    /// report shows exactly what an import would store.
    pub fn import(&mut self, input: &[u8], options: &ImportOptions) -> Result<ImportReport> {
        self.import_with_progress(input, options, &mut |_| {})
    }

    /// [`Self::import`], telling `progress` how far it has got (every [`PROGRESS_STEP`] briefs).
    #[tracing::instrument(skip_all, fields(bytes = input.len(), format = ?options.format, dry_run = options.dry_run))]
    pub fn import_with_progress(
        &mut self,
        input: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        progress(ImportProgress {
            stage: ImportStage::Reading,
            done: 0,
            total: 0,
        });
        let parsed = self.parse_for_import(input, options)?;
        let layout = parsed.saved_layout.clone();
        let report = self.import_parsed_with_progress(parsed, options, progress)?;
        if let Some(name) = layout
            && !options.dry_run
            && !report.briefs.is_empty()
        {
            self.mark_layout_used(&name)?;
        }
        Ok(report)
    }

    /// Stores briefs already parsed (see [`import::parse`]).
    pub fn import_parsed(
        &mut self,
        parsed: Parsed,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        self.import_parsed_with_progress(parsed, options, &mut |_| {})
    }

    fn import_parsed_with_progress(
        &mut self,
        parsed: Parsed,
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let total = u32::try_from(parsed.briefs.len()).unwrap_or(u32::MAX);
        let mut report = |stage, done: usize| {
            progress(ImportProgress {
                stage,
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total,
            })
        };
        if options.section.is_some() && options.issue.is_none() {
            return Err(Error::invalid(
                "section",
                "a section needs an issue to be in (give the issue number too)",
            ));
        }
        let valid = parsed
            .briefs
            .iter()
            .map(|b| {
                let mut draft = b.draft.clone();
                draft.tags.extend(options.tags.iter().cloned());
                validate_at(b.line, &draft)
            })
            .collect::<Result<Vec<ValidBrief>>>()?;

        let (duplicates, left_out) = self.duplicates_of(&parsed, !options.import_duplicates)?;

        let stamp = timestamp(now());
        let tx = self.conn.transaction()?;
        begin_inserts(&tx)?;
        // Where the briefs go: the issue asked for, else the issue the file describes, else none.
        let target = match (options.issue, &parsed.issue) {
            (Some(number), _) => Some(issues::require_issue(&tx, number)?),
            (None, Some(described)) => Some(insert_described_issue(&tx, described, &stamp)?),
            (None, None) => None,
        };
        let mut ids = Vec::with_capacity(valid.len());
        let mut origins = Vec::with_capacity(valid.len());
        report(ImportStage::Storing, 0);
        for (n, (brief, parsed_brief)) in valid.iter().zip(&parsed.briefs).enumerate() {
            if n > 0 && n % PROGRESS_STEP == 0 {
                report(ImportStage::Storing, n);
            }
            if left_out.contains(&n) {
                continue;
            }
            let id = insert_brief(&tx, brief, &stamp)?;
            origins.push(parsed_brief.placed.clone());
            if let Some(issue) = &target {
                let section = options
                    .section
                    .as_deref()
                    .or(parsed_brief.section.as_deref());
                let section = issues::target_section(&tx, issue, section)?;
                issues::append_to_section(&tx, &section, id)?;
            }
            ids.push(id);
        }
        if let Some(issue) = &target {
            issues::touch_issue(&tx, issue)?;
        }
        if let Some(publication) = &parsed.publication {
            // A file's publication settings fill a library that has none; they never replace an
            // editor's own.
            tx.execute(
                "UPDATE publication SET name = ?1, tagline = ?2, footer = ?3
                 WHERE id = 1 AND name = '' AND tagline = '' AND footer = ''",
                params![
                    publication.name.trim(),
                    publication.tagline.trim(),
                    publication.footer.trim_end()
                ],
            )?;
        }
        report(ImportStage::Finishing, ids.len());
        // Read back inside the transaction, so a dry run reports the stored shape too.
        let briefs = Library::briefs_by_id_in(&tx, &ids)?;
        if options.dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(ImportReport {
            layout: parsed.layout.clone(),
            briefs,
            origins,
            warnings: with_repeats_in_file(&parsed),
            skipped: parsed.skipped,
            duplicates,
            saved_layout: parsed.saved_layout,
        })
    }

    /// The parsed briefs already in the library, marked `skipped` when `skip`, and the indexes
    /// of those to leave out. One scan of the library's sources, so a large import costs one
    /// query, not one per brief.
    fn duplicates_of(
        &self,
        parsed: &Parsed,
        skip: bool,
    ) -> Result<(Vec<Duplicate>, HashSet<usize>)> {
        let mut left_out = HashSet::new();
        if parsed.briefs.is_empty() {
            return Ok((Vec::new(), left_out));
        }
        let mut stmt = self.conn().prepare(
            "SELECT b.id, b.headline, s.outlet, s.url,
                    (SELECT i.number FROM issue_briefs ib
                     JOIN sections sec ON sec.id = ib.section_id
                     JOIN issues i ON i.id = sec.issue_id
                     WHERE ib.brief_id = b.id)
             FROM briefs b LEFT JOIN sources s ON s.brief_id = b.id
             ORDER BY b.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                parse_uuid(&r.get::<_, String>(0)?, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<u32>>(4)?,
            ))
        })?;
        let mut by_url: HashMap<String, Existing> = HashMap::new();
        let mut by_headline: HashMap<(String, String), Existing> = HashMap::new();
        for row in rows {
            let (id, headline, outlet, url, issue) = row?;
            let existing = Existing {
                id,
                headline: headline.clone(),
                issue,
            };
            if let Some(key) = url.as_deref().and_then(url_key) {
                by_url.entry(key).or_insert_with(|| existing.clone());
            }
            let outlet = outlet.as_deref().map(same_text).unwrap_or_default();
            by_headline
                .entry((same_text(&headline), outlet))
                .or_insert(existing);
        }
        let mut found = Vec::new();
        for (n, brief) in parsed.briefs.iter().enumerate() {
            let draft = &brief.draft;
            let by_source = draft
                .sources
                .iter()
                .filter_map(|s| s.url.as_deref().and_then(url_key))
                .find_map(|key| by_url.get(&key))
                .map(|e| (e, DuplicateReason::SameUrl));
            let headline = same_text(&draft.headline);
            let outlets: Vec<String> = if draft.sources.is_empty() {
                vec![String::new()]
            } else {
                draft.sources.iter().map(|s| same_text(&s.outlet)).collect()
            };
            let by_name = || {
                outlets
                    .into_iter()
                    .find_map(|outlet| by_headline.get(&(headline.clone(), outlet)))
                    .map(|e| (e, DuplicateReason::SameHeadlineAndOutlet))
            };
            if let Some((existing, reason)) = by_source.or_else(by_name) {
                found.push(Duplicate {
                    line: brief.line,
                    headline: validate::one_line(&draft.headline),
                    existing: existing.id.into(),
                    existing_headline: existing.headline.clone(),
                    existing_issue: existing.issue,
                    reason,
                    skipped: skip,
                });
                if skip {
                    left_out.insert(n);
                }
            }
        }
        Ok((found, left_out))
    }
}

/// A brief in the library, as a duplicate names it.
#[derive(Clone)]
struct Existing {
    id: Uuid,
    headline: String,
    issue: Option<u32>,
}

/// The parser's warnings, and one for each brief that repeats an earlier one of the same input
/// (the same source page, or the same headline and outlet): both are imported, so the editor is
/// told where the second one is.
fn with_repeats_in_file(parsed: &Parsed) -> Vec<import::ImportWarning> {
    let mut warnings = parsed.warnings.clone();
    let mut by_url: HashMap<String, usize> = HashMap::new();
    let mut by_headline: HashMap<(String, String), usize> = HashMap::new();
    for brief in &parsed.briefs {
        let draft = &brief.draft;
        let headline = same_text(&draft.headline);
        let urls: Vec<String> = draft
            .sources
            .iter()
            .filter_map(|s| s.url.as_deref().and_then(url_key))
            .collect();
        let outlets: Vec<String> = if draft.sources.is_empty() {
            vec![String::new()]
        } else {
            draft.sources.iter().map(|s| same_text(&s.outlet)).collect()
        };
        let earlier = urls
            .iter()
            .find_map(|key| by_url.get(key))
            .map(|&line| (line, "the same source page"))
            .or_else(|| {
                outlets
                    .iter()
                    .find_map(|o| by_headline.get(&(headline.clone(), o.clone())))
                    .map(|&line| (line, "the same headline and outlet"))
            });
        if let Some((line, why)) = earlier {
            warnings.push(import::ImportWarning {
                line: brief.line,
                message: format!(
                    "\"{}\": {why} as the brief on line {line} of this input; both are imported",
                    validate::one_line(&draft.headline)
                ),
            });
        }
        for key in urls {
            by_url.entry(key).or_insert(brief.line);
        }
        for outlet in outlets {
            by_headline
                .entry((headline.clone(), outlet))
                .or_insert(brief.line);
        }
    }
    warnings.sort_by_key(|w| w.line);
    warnings
}

/// Text as compared for "the same headline and outlet": spaces collapsed, case ignored.
fn same_text(text: &str) -> String {
    validate::one_line(text).to_lowercase()
}

/// How many briefs an import stores between two progress reports: often enough for a smooth
/// bar (10,000 briefs take about 2 s), rarely enough to cost nothing.
pub const PROGRESS_STEP: usize = 250;

/// Validates one parsed brief, naming its line in any error.
fn validate_at(line: usize, draft: &BriefDraft) -> Result<ValidBrief> {
    validate::brief(draft).map_err(|e| match e {
        Error::Invalid { field, message } => Error::InvalidLine {
            line,
            column: None,
            field: Some(field),
            message,
        },
        other => other,
    })
}

/// Creates the issue an exported file describes, with its sections in order (empty ones too).
fn insert_described_issue(
    tx: &rusqlite::Transaction<'_>,
    issue: &ParsedIssue,
    stamp: &str,
) -> Result<String> {
    issues::check_number(issue.number)?;
    if issues::issue_id(tx, issue.number)?.is_some() {
        return Err(Error::Conflict(format!(
            "issue No. {} already exists in this library; import into another issue \
             (--issue N) or delete that one first",
            issue.number
        )));
    }
    let title = validate::one_line(&issue.title);
    if title.is_empty() {
        return Err(Error::invalid("issue.title", "must not be empty"));
    }
    let id = Uuid::now_v7().to_string();
    tx.execute(
        "INSERT INTO issues (id, number, title, date, status, subject, preheader, intro, closing,
                             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            id,
            issue.number,
            title,
            issue.date.to_string(),
            issue.status.as_str(),
            validate::one_line(&issue.subject),
            validate::one_line(&issue.preheader),
            issue.intro.trim(),
            issue.closing.trim(),
            stamp
        ],
    )?;
    for name in &issue.sections {
        let name = validate::section_name(name)?;
        if issues::section_id(tx, &id, &name)?.is_none() {
            issues::insert_section(tx, &id, &name, None, None)?;
        }
    }
    if issue.sections.is_empty() {
        issues::insert_section(tx, &id, DEFAULT_SECTION, None, None)?;
    }
    Ok(id)
}

/// The sample issue that ships with Briefdesk: eight briefs in the house style.
pub const SAMPLE_ISSUE_TEXT: &str = include_str!("../../samples/sample-issue.txt");

impl Library {
    /// Loads the sample issue into a new issue (the next number, dated `date`), so a new user
    /// sees real content at once. Returns the new issue's number.
    pub fn load_sample(&mut self, date: chrono::NaiveDate) -> Result<u32> {
        let number = self.next_issue_number()?;
        self.create_issue(number, "China Briefing (sample)", date)?;
        let imported = self.import(
            SAMPLE_ISSUE_TEXT.as_bytes(),
            &ImportOptions {
                issue: Some(number),
                section: Some("This week".into()),
                tags: vec!["Sample".into()],
                // The sample is a fresh issue of its own, even where its briefs were kept.
                import_duplicates: true,
                ..ImportOptions::default()
            },
        );
        if let Err(e) = imported {
            // The issue alone would be an empty shell: take it away again.
            self.delete_issue(number)?;
            return Err(e);
        }
        Ok(number)
    }
}
