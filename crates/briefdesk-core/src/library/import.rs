//! Storing what an import parsed: every brief and its placement in an issue, in parts of a few
//! hundred briefs, all of them or none (see [`Library::start_import`]).

use std::collections::{HashMap, HashSet};

use rusqlite::params;
use uuid::Uuid;

use super::briefs::{begin_inserts, insert_brief};
use super::issues::{self, DEFAULT_SECTION};
use super::unfinished::{self, Added};
use super::{Library, now, parse_uuid, tags, timestamp};
use crate::check::url_key;
use crate::error::{Error, Result};
use crate::import::{
    self, Duplicate, DuplicateReason, ImportOptions, ImportProgress, ImportReport, ImportStage,
    Parsed, ParsedIssue,
};
use crate::model::BriefDraft;
use crate::validate::{self, ValidBrief};

impl Library {
    /// Imports `input` (briefing text, Briefdesk Markdown or JSON): all of it, or nothing. With
    /// `dry_run` the same work is done and rolled back, so the report shows exactly what an
    /// import would store.
    pub fn import(&mut self, input: &[u8], options: &ImportOptions) -> Result<ImportReport> {
        self.import_with_progress(input, options, &mut |_| {})
    }

    /// [`Self::import`], telling `progress` how far it has got (every [`PROGRESS_STEP`] briefs).
    /// It is stored part by part (see [`Self::start_import`]) on this connection.
    #[tracing::instrument(skip_all, fields(bytes = input.len(), format = ?options.format, dry_run = options.dry_run))]
    pub fn import_with_progress(
        &mut self,
        input: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        match self.start_import(input, options, progress)? {
            ImportStart::Done(report) => Ok(*report),
            ImportStart::InParts(mut run) => {
                while !self.import_part(&mut run, progress)? {}
                self.finish_import(run, progress)
            }
        }
    }

    /// Reads and checks `input`, and begins storing it. An import is stored in parts of
    /// [`IMPORT_PART`] briefs, each its own short transaction ([`Self::import_part`], then
    /// [`Self::finish_import`]), so a caller that holds this library behind a lock can release
    /// it between parts and an autosave never waits for a whole import. Until the last part
    /// commits, its rows are marked as an unfinished import: a failed part takes them all away
    /// again, and so does the next open of the library after a crash (migration 14). To the
    /// editor it stays all or nothing.
    ///
    /// A dry run, and an import into a team's replica (whose outbox a sync between parts would
    /// push half of), are done whole in one transaction here: [`ImportStart::Done`].
    pub fn start_import(
        &mut self,
        input: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportStart> {
        let run = self.prepare_import(input, options, progress)?;
        self.start_prepared_import(run, progress)
    }

    /// The reading and checking of [`Self::start_import`], which write nothing: a caller may
    /// do them on a reader connection ([`Library::open_reader`]) so the writer is not held for
    /// them, then store the run with [`Self::start_prepared_import`] on the writer.
    pub fn prepare_import(
        &self,
        input: &[u8],
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportRun> {
        progress(ImportProgress {
            stage: ImportStage::Reading,
            done: 0,
            total: 0,
        });
        let parsed = self.parse_for_import(input, options)?;
        self.prepare_parsed(parsed, options)
    }

    /// Stores briefs already parsed (see [`import::parse`]), all of them or none.
    pub fn import_parsed(
        &mut self,
        parsed: Parsed,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let run = self.prepare_parsed(parsed, options)?;
        match self.start_prepared_import(run, &mut |_| {})? {
            ImportStart::Done(report) => Ok(*report),
            ImportStart::InParts(mut run) => {
                while !self.import_part(&mut run, &mut |_| {})? {}
                self.finish_import(run, &mut |_| {})
            }
        }
    }

    fn prepare_parsed(&self, parsed: Parsed, options: &ImportOptions) -> Result<ImportRun> {
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
        let total = parsed.briefs.len();
        let run = ImportRun {
            id: Uuid::now_v7().to_string(),
            parsed,
            options: options.clone(),
            valid,
            left_out,
            duplicates,
            target: None,
            stamp: timestamp(now()),
            next: 0,
            ids: Vec::with_capacity(total),
            origins: Vec::with_capacity(total),
            spent: false,
            _running: None,
        };
        Ok(run)
    }

    /// Begins storing a run [`Self::prepare_import`] made (see [`Self::start_import`]).
    pub fn start_prepared_import(
        &mut self,
        mut run: ImportRun,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportStart> {
        if run.options.dry_run || self.team_replica()?.is_some() {
            return self
                .import_whole(run, progress)
                .map(|r| ImportStart::Done(Box::new(r)));
        }
        run._running = Some(unfinished::running(self.path.as_deref())?);
        let tx = self.conn.transaction()?;
        unfinished::begin(&tx, &run.id, &run.stamp)?;
        run.target = place_of(&tx, &run, true)?;
        tx.commit()?;
        Ok(ImportStart::InParts(run))
    }

    /// Stores the next [`IMPORT_PART`] briefs of `run` in one transaction; true once every
    /// brief is stored (then [`Self::finish_import`]). On an error the whole import is taken
    /// away again, and `run` is spent.
    pub fn import_part(
        &mut self,
        run: &mut ImportRun,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<bool> {
        if run.spent {
            return Err(Error::Conflict("this import has already ended".into()));
        }
        let end = (run.next + IMPORT_PART).min(run.valid.len());
        progress(run.progress(ImportStage::Storing, run.next));
        let stored = (|| {
            let tx = self.conn.transaction()?;
            begin_inserts(&tx)?;
            store(&tx, run, end, true, &mut |_| {})?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = stored {
            // The part's own transaction rolled back; earlier parts are taken away here.
            self.abandon_import(run);
            return Err(e);
        }
        Ok(run.next >= run.valid.len())
    }

    /// Ends an import whose parts are all stored: it becomes the library's like any other
    /// change, in one last transaction, and its briefs are read back for the report. On an
    /// error before the commit the whole import is taken away again.
    pub fn finish_import(
        &mut self,
        run: ImportRun,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.commit_import(run, progress)?.report(self)
    }

    /// [`Self::finish_import`] without reading the briefs back: that is
    /// [`ImportCommitted::report`], which a caller may do on a reader connection, so the
    /// writer is not held for reading 10,000 briefs.
    pub fn commit_import(
        &mut self,
        mut run: ImportRun,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportCommitted> {
        if run.spent || run.next < run.valid.len() {
            return Err(Error::Conflict(
                "this import has not stored all of its briefs".into(),
            ));
        }
        progress(run.progress(ImportStage::Finishing, run.ids.len()));
        let finished = (|| {
            let tx = self.conn.transaction()?;
            finish(&tx, &run)?;
            unfinished::finish(&tx, &run.id)?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = finished {
            self.abandon_import(&mut run);
            return Err(e);
        }
        run.spent = true;
        Ok(ImportCommitted(run))
    }

    /// Gives an import up before it finished: what it stored so far is taken away, in one
    /// transaction. Should that fail too, the next open of the library takes it away.
    pub fn abandon_import(&mut self, run: &mut ImportRun) {
        run.spent = true;
        let undone = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            unfinished::undo(&tx, &run.id)?;
            Ok(tx.commit()?)
        })();
        if let Err(e) = undone {
            tracing::error!(error = %e, "an unfinished import could not be taken away now; the next open of the library does it");
        }
    }

    /// A dry run, or an import into a team's replica: every brief in one transaction.
    fn import_whole(
        &mut self,
        mut run: ImportRun,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let tx = self.conn.transaction()?;
        begin_inserts(&tx)?;
        run.target = place_of(&tx, &run, false)?;
        let all = run.valid.len();
        progress(run.progress(ImportStage::Storing, 0));
        store(&tx, &mut run, all, false, progress)?;
        progress(run.progress(ImportStage::Finishing, run.ids.len()));
        finish(&tx, &run)?;
        // Read back inside the transaction, so a dry run reports the stored shape too.
        let briefs = Library::briefs_by_id_in(&tx, &run.ids)?;
        if run.options.dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        run.spent = true;
        Library::report_of(run, briefs)
    }

    fn report_of(run: ImportRun, briefs: Vec<crate::model::Brief>) -> Result<ImportReport> {
        let parsed = run.parsed;
        Ok(ImportReport {
            layout: parsed.layout.clone(),
            briefs,
            origins: run.origins,
            warnings: with_repeats_in_file(&parsed),
            skipped: parsed.skipped,
            duplicates: run.duplicates,
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

/// How [`Library::start_import`] began: done already (a dry run, a team replica's import), or
/// a run to store part by part.
#[allow(clippy::large_enum_variant)] // Made and moved once per import.
pub enum ImportStart {
    Done(Box<ImportReport>),
    InParts(ImportRun),
}

/// An import whose last part has committed: its briefs are the library's.
pub struct ImportCommitted(ImportRun);

impl ImportCommitted {
    /// The briefs it stored, by id.
    pub fn brief_ids(&self) -> &[Uuid] {
        &self.0.ids
    }

    /// The issue they went into, by number.
    pub fn issue(&self) -> Option<u32> {
        self.0
            .options
            .issue
            .or(self.0.parsed.issue.as_ref().map(|i| i.number))
    }

    /// The import's report, its briefs read back from `library` (the writer, or a reader).
    pub fn report(self, library: &Library) -> Result<ImportReport> {
        let briefs = Library::briefs_by_id_in(library.conn(), &self.0.ids)?;
        Library::report_of(self.0, briefs)
    }
}

/// An import being stored part by part: what was read and checked, and how far it has got.
pub struct ImportRun {
    /// Its mark in `unfinished_imports` until it finishes.
    id: String,
    parsed: Parsed,
    options: ImportOptions,
    valid: Vec<ValidBrief>,
    /// Indexes of the briefs left out as already in the library.
    left_out: HashSet<usize>,
    duplicates: Vec<Duplicate>,
    /// The issue the briefs go into, if any.
    target: Option<String>,
    stamp: String,
    /// The index of the first brief not stored yet.
    next: usize,
    ids: Vec<Uuid>,
    origins: Vec<Vec<import::Placed>>,
    /// Finished or taken away: nothing more to do.
    spent: bool,
    /// Tells other processes' opens that this import is still running.
    _running: Option<unfinished::Running>,
}

impl ImportRun {
    fn progress(&self, stage: ImportStage, done: usize) -> ImportProgress {
        ImportProgress {
            stage,
            done: u32::try_from(done).unwrap_or(u32::MAX),
            total: u32::try_from(self.valid.len()).unwrap_or(u32::MAX),
        }
    }

    /// How many briefs it holds to store (those left out as duplicates included).
    pub fn total(&self) -> usize {
        self.valid.len()
    }
}

/// Where the briefs go: the issue asked for, else the issue the file describes (created here,
/// and marked as the run's when `marked`), else none.
fn place_of(
    tx: &rusqlite::Transaction<'_>,
    run: &ImportRun,
    marked: bool,
) -> Result<Option<String>> {
    Ok(match (run.options.issue, &run.parsed.issue) {
        (Some(number), _) => Some(issues::require_issue(tx, number)?),
        (None, Some(described)) => {
            let id = insert_described_issue(tx, described, &run.stamp)?;
            if marked {
                unfinished::added(tx, &run.id, Added::Issue, &id)?;
                for section in issues_sections(tx, &id)? {
                    unfinished::added(tx, &run.id, Added::Section, &section)?;
                }
            }
            Some(id)
        }
        (None, None) => None,
    })
}

fn issues_sections(tx: &rusqlite::Transaction<'_>, issue: &str) -> Result<Vec<String>> {
    Ok(tx
        .prepare("SELECT id FROM sections WHERE issue_id = ?1")?
        .query_map([issue], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Stores the briefs of `run` from `run.next` up to `end` in `tx` (readied by `begin_inserts`),
/// marking what it adds as the run's when `marked`.
fn store(
    tx: &rusqlite::Transaction<'_>,
    run: &mut ImportRun,
    end: usize,
    marked: bool,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<()> {
    // Sections by the name asked for, as found or made in this transaction.
    let mut sections: HashMap<Option<String>, String> = HashMap::new();
    for n in run.next..end {
        if !marked && n > 0 && n % PROGRESS_STEP == 0 {
            progress(run.progress(ImportStage::Storing, n));
        }
        if run.left_out.contains(&n) {
            continue;
        }
        let (brief, parsed_brief) = (&run.valid[n], &run.parsed.briefs[n]);
        if marked {
            for name in &brief.tags {
                if tags::tag_id(tx, name)?.is_none() {
                    let tag = tags::ensure_tag(tx, name)?;
                    unfinished::added(tx, &run.id, Added::Tag, &tag.to_string())?;
                }
            }
        }
        let id = insert_brief(tx, brief, &run.stamp)?;
        if marked {
            unfinished::added(tx, &run.id, Added::Brief, &id.to_string())?;
        }
        run.origins.push(parsed_brief.placed.clone());
        if let Some(issue) = &run.target {
            let name = run
                .options
                .section
                .clone()
                .or_else(|| parsed_brief.section.clone());
            let section = match sections.get(&name) {
                Some(id) => id.clone(),
                None => {
                    let before = issues_sections(tx, issue)?;
                    let id = issues::target_section(tx, issue, name.as_deref())?;
                    if marked && !before.contains(&id) {
                        unfinished::added(tx, &run.id, Added::Section, &id)?;
                    }
                    sections.insert(name, id.clone());
                    id
                }
            };
            issues::append_to_section(tx, &section, id)?;
        }
        run.ids.push(id);
    }
    run.next = end;
    Ok(())
}

/// What an import does once its briefs are stored: the issue they went into is touched, and a
/// file's publication settings fill a library that has none (they never replace an editor's).
fn finish(tx: &rusqlite::Transaction<'_>, run: &ImportRun) -> Result<()> {
    if let Some(issue) = &run.target {
        issues::touch_issue(tx, issue)?;
    }
    if let Some(name) = &run.parsed.saved_layout
        && !run.ids.is_empty()
    {
        Library::mark_layout_used(tx, name)?;
    }
    if let Some(publication) = &run.parsed.publication {
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
    Ok(())
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

/// How many briefs an import stores between two progress reports: one part.
pub const PROGRESS_STEP: usize = IMPORT_PART;

/// How many briefs each part of an import stores in one transaction (see
/// [`Library::start_import`]): the longest a save waits behind an import is one part (tens of
/// milliseconds), and each part's commit costs one sync of the WAL file.
pub const IMPORT_PART: usize = 250;

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
