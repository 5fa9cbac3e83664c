//! The whole library as one JSON document (`export-all` / `import-all`), so a library can move
//! between machines and Briefdesk versions: briefs (ids, times, sources, tags, status, notes),
//! tags with colours, issues with their sections and order, and the publication settings.
//!
//! Import fills an empty library only. Merging two libraries would have to decide what to do
//! with two issues No. 12 or one brief edited on both sides; refusing keeps "nothing lost"
//! simple: import into a new library, and nothing already stored can be changed by it.

use std::collections::HashSet;

use rusqlite::params;
use serde::Serialize;
use uuid::Uuid;

use super::briefs::{begin_inserts, insert_brief_as};
use super::{Library, issues, tags, timestamp};
pub use crate::format::library::{
    DUMP_FORMAT, DUMP_VERSION, DumpBrief, DumpIssue, DumpSection, DumpTag, LibraryDump,
    is_library_dump,
};

use crate::error::{Error, Result};
use crate::model::{Brief, BriefDraft, Source};
use crate::validate;

/// What an import-all stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DumpCounts {
    pub briefs: usize,
    pub tags: usize,
    pub issues: usize,
}

impl Library {
    /// The whole library as one document, in a stable order.
    #[tracing::instrument(skip_all)]
    pub fn export_all(&self) -> Result<LibraryDump> {
        let conn = self.conn();
        let ids: Vec<Uuid> = conn
            .prepare("SELECT id FROM briefs ORDER BY created_at, id")?
            .query_map([], |r| {
                let text: String = r.get(0)?;
                super::parse_uuid(&text, 0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        let briefs = self
            .briefs_by_id(&ids)?
            .into_iter()
            .map(dump_brief)
            .collect();
        let tags = self
            .tags()?
            .into_iter()
            .map(|t| DumpTag {
                name: t.name,
                colour: t.colour,
            })
            .collect();
        let ids: Vec<String> = conn
            .prepare("SELECT id FROM issues ORDER BY number")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut issues = ids
            .iter()
            .map(|id| issues::issue_doc(conn, id))
            .collect::<Result<Vec<_>>>()?;
        issues.sort_by_key(|i| i.number);
        Ok(LibraryDump {
            format: DUMP_FORMAT.into(),
            version: DUMP_VERSION,
            exported_at: super::now(),
            schema_version: self.schema_version()?,
            publication: self.publication()?,
            tags,
            briefs,
            issues,
        })
    }

    /// Reads an [`export_all`](Library::export_all) document into this library, which must be
    /// empty (no briefs, tags or issues): all of it in one transaction, or nothing.
    #[tracing::instrument(skip_all, fields(briefs = dump.briefs.len(), issues = dump.issues.len()))]
    pub fn import_all(&mut self, dump: &LibraryDump) -> Result<DumpCounts> {
        if dump.format != DUMP_FORMAT {
            return Err(Error::invalid(
                "format",
                format!("{:?} is not a Briefdesk library export", dump.format),
            ));
        }
        if dump.version > DUMP_VERSION {
            return Err(Error::invalid(
                "version",
                format!(
                    "the file is version {} of the library export; this Briefdesk reads up to \
                     version {DUMP_VERSION} (update Briefdesk)",
                    dump.version
                ),
            ));
        }
        let (briefs, tags, issues): (i64, i64, i64) = self.conn().query_row(
            "SELECT (SELECT count(*) FROM briefs), (SELECT count(*) FROM tags),
                    (SELECT count(*) FROM issues)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if briefs + tags + issues > 0 {
            return Err(Error::Conflict(format!(
                "this library is not empty ({briefs} briefs, {tags} tags, {issues} issues); \
                 a whole-library import only fills an empty library, so nothing here is \
                 overwritten. Import into a new library file instead"
            )));
        }
        let valid = dump
            .briefs
            .iter()
            .enumerate()
            .map(|(i, b)| {
                // A library's own briefs come back as they were, even from before the limits.
                validate::brief_as_stored(&draft_of(b)).map_err(|e| match e {
                    Error::Invalid { field, message } => {
                        Error::invalid(format!("briefs[{i}].{field}"), message)
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut seen = HashSet::new();
        for (i, b) in dump.briefs.iter().enumerate() {
            if !seen.insert(b.id) {
                return Err(Error::invalid(
                    format!("briefs[{i}].id"),
                    format!("{} appears twice", b.id),
                ));
            }
        }

        let tx = self.conn.transaction()?;
        begin_inserts(&tx)?;
        for (i, tag) in dump.tags.iter().enumerate() {
            let name = validate::tag_name(&format!("tags[{i}].name"), &tag.name)?;
            let colour = tag
                .colour
                .as_deref()
                .map(|c| validate::colour(&format!("tags[{i}].colour"), c))
                .transpose()?;
            let id = tags::ensure_tag(&tx, &name)?;
            tx.execute(
                "UPDATE tags SET colour = ?2 WHERE id = ?1",
                params![id, colour],
            )?;
        }
        for (brief, valid) in dump.briefs.iter().zip(&valid) {
            insert_brief_as(
                &tx,
                brief.id,
                valid,
                &timestamp(brief.created_at),
                &timestamp(brief.updated_at),
                brief.version,
            )?;
            super::review::write_review(&tx, brief.id, brief.review.as_ref())?;
        }
        let mut placed = HashSet::new();
        for (i, issue) in dump.issues.iter().enumerate() {
            let field = format!("issues[{i}]");
            issues::check_number(issue.number)?;
            if issues::issue_id(&tx, issue.number)?.is_some() {
                return Err(Error::invalid(
                    format!("{field}.number"),
                    format!("issue No. {} appears twice", issue.number),
                ));
            }
            let title = validate::one_line(&issue.title);
            if title.is_empty() {
                return Err(Error::invalid(
                    format!("{field}.title"),
                    "must not be empty",
                ));
            }
            let id = issue.id.to_string();
            tx.execute(
                "INSERT INTO issues (id, number, title, date, status, subject, preheader, intro,
                                     closing, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
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
                    timestamp(issue.created_at),
                    timestamp(issue.updated_at)
                ],
            )?;
            for (j, section) in issue.sections.iter().enumerate() {
                let name = validate::section_name(&section.name)
                    .map_err(|e| Error::invalid(format!("{field}.sections[{j}].name"), e))?;
                if issues::section_id(&tx, &id, &name)?.is_some() {
                    return Err(Error::invalid(
                        format!("{field}.sections[{j}].name"),
                        format!("section {name:?} appears twice"),
                    ));
                }
                let section_id = issues::insert_section(&tx, &id, &name, None, section.id)?;
                for (k, brief) in section.briefs.iter().enumerate() {
                    let at = format!("{field}.sections[{j}].briefs[{k}]");
                    if !seen.contains(brief) {
                        return Err(Error::invalid(at, format!("no brief has the id {brief}")));
                    }
                    if !placed.insert(*brief) {
                        return Err(Error::invalid(
                            at,
                            format!("brief {brief} is placed twice (a brief sits in one issue)"),
                        ));
                    }
                    issues::append_to_section(&tx, &section_id, *brief)?;
                }
            }
        }
        let publication = &dump.publication;
        tx.execute(
            "UPDATE publication SET name = ?1, tagline = ?2, footer = ?3, default_template = ?4,
                 date_style = ?5 WHERE id = 1",
            params![
                publication.name.trim(),
                publication.tagline.trim(),
                publication.footer.trim_end(),
                publication.default_template.as_str(),
                publication.date_style.name()
            ],
        )?;
        tx.commit()?;
        Ok(DumpCounts {
            briefs: dump.briefs.len(),
            tags: self.tags()?.len(),
            issues: dump.issues.len(),
        })
    }
}

/// A stored brief as the document form carries it (without its place in an issue).
pub(super) fn dump_brief(b: Brief) -> DumpBrief {
    DumpBrief {
        id: b.id,
        headline: b.headline,
        body: b.body,
        sources: b.sources,
        tags: b.tags,
        status: b.status,
        notes: b.notes,
        created_at: b.created_at,
        updated_at: b.updated_at,
        version: b.version,
        review: b.review,
    }
}

pub(super) fn draft_of(brief: &DumpBrief) -> BriefDraft {
    BriefDraft {
        headline: brief.headline.clone(),
        body: brief.body.clone(),
        sources: brief.sources.iter().map(Source::draft).collect(),
        tags: brief.tags.clone(),
        status: brief.status,
        notes: brief.notes.clone(),
    }
}
