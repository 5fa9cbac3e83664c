//! Issues, their ordered sections, and the ordered briefs in each section.
//! Positions are always the gapless sequence 0..n; every change is one transaction.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Library, now, parse_date, parse_timestamp, parse_uuid, timestamp};
use crate::error::{Error, Result};
use crate::format::library::{DumpIssue, DumpSection};
use crate::model::{Issue, IssueBrief, IssuePatch, IssueStatus, Section, Status};
use crate::validate;

/// The section a brief lands in when the editor names none and the issue has no section yet.
pub const DEFAULT_SECTION: &str = "Briefs";

impl Library {
    pub fn create_issue(&mut self, number: u32, title: &str, date: NaiveDate) -> Result<Issue> {
        check_number(number)?;
        let title = validate::one_line(title);
        if title.is_empty() {
            return Err(Error::invalid("title", "must not be empty"));
        }
        let tx = self.conn.transaction()?;
        if issue_id(&tx, number)?.is_some() {
            return Err(duplicate_number(number));
        }
        let stamp = timestamp(now());
        tx.execute(
            "INSERT INTO issues (id, number, title, date, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![Uuid::now_v7().to_string(), number, title, date.to_string(), stamp],
        )?;
        tx.commit()?;
        self.issue(number)
    }

    pub fn update_issue(&mut self, number: u32, patch: &IssuePatch) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let id = require_issue(&tx, number)?;
        let mut current = read_issue(&tx, &id)?;
        if let Some(new_number) = patch.number.filter(|n| *n != number) {
            check_number(new_number)?;
            if issue_id(&tx, new_number)?.is_some() {
                return Err(duplicate_number(new_number));
            }
            current.number = new_number;
        }
        if let Some(title) = &patch.title {
            let title = validate::one_line(title);
            if title.is_empty() {
                return Err(Error::invalid("title", "must not be empty"));
            }
            current.title = title;
        }
        if let Some(subject) = &patch.subject {
            current.subject = validate::one_line(subject);
        }
        if let Some(preheader) = &patch.preheader {
            current.preheader = validate::one_line(preheader);
        }
        if let Some(intro) = &patch.intro {
            current.intro = intro.trim().to_string();
        }
        if let Some(closing) = &patch.closing {
            current.closing = closing.trim().to_string();
        }
        current.date = patch.date.unwrap_or(current.date);
        current.status = patch.status.unwrap_or(current.status);
        tx.execute(
            "UPDATE issues SET number = ?2, title = ?3, date = ?4, status = ?5, subject = ?6,
                 preheader = ?7, intro = ?8, closing = ?9, updated_at = ?10 WHERE id = ?1",
            params![
                id,
                current.number,
                current.title,
                current.date.to_string(),
                current.status.as_str(),
                current.subject,
                current.preheader,
                current.intro,
                current.closing,
                timestamp(now())
            ],
        )?;
        tx.commit()?;
        self.issue(current.number)
    }

    /// Marks an issue published and every brief in it too, in one transaction: what went out to
    /// readers is published, and the library never shows a sent issue holding drafts.
    #[tracing::instrument(skip(self))]
    pub fn publish_issue(&mut self, number: u32) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let stamp = timestamp(now());
        tx.execute(
            "UPDATE issues SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![issue, IssueStatus::Published.as_str(), stamp],
        )?;
        tx.execute(
            "UPDATE briefs SET status = ?2, updated_at = ?3, version = version + 1
             WHERE status <> ?2 AND id IN (
                 SELECT ib.brief_id FROM issue_briefs ib JOIN sections s ON s.id = ib.section_id
                 WHERE s.issue_id = ?1)",
            params![issue, Status::Published.as_str(), stamp],
        )?;
        tx.commit()?;
        self.issue(number)
    }

    /// Deletes an issue; its briefs stay in the library, unassigned.
    #[tracing::instrument(skip(self))]
    pub fn delete_issue(&mut self, number: u32) -> Result<()> {
        let changed = self
            .conn
            .execute("DELETE FROM issues WHERE number = ?1", [number])?;
        if changed == 0 {
            return Err(Error::not_found("issue", format!("No. {number}")));
        }
        Ok(())
    }

    pub fn issue(&self, number: u32) -> Result<Issue> {
        let id: String = self
            .conn
            .query_row("SELECT id FROM issues WHERE number = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::not_found("issue", format!("No. {number}")))?;
        read_issue(&self.conn, &id)
    }

    /// All issues, newest number first.
    pub fn issues(&self) -> Result<Vec<Issue>> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM issues ORDER BY number DESC")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| read_issue(&self.conn, id)).collect()
    }

    /// The number after the highest one used, for a new issue.
    pub fn next_issue_number(&self) -> Result<u32> {
        let max: Option<u32> = self
            .conn
            .query_row("SELECT max(number) FROM issues", [], |r| r.get(0))?;
        Ok(max.map_or(1, |n| n + 1))
    }

    /// Adds a section at `at` (default: the end).
    pub fn add_section(&mut self, number: u32, name: &str, at: Option<usize>) -> Result<Issue> {
        let name = validate::section_name(name)?;
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        if section_id(&tx, &issue, &name)?.is_some() {
            return Err(Error::Conflict(format!(
                "issue No. {number} already has a section {name:?}"
            )));
        }
        insert_section(&tx, &issue, &name, at, None)?;
        tx.commit()?;
        self.issue(number)
    }

    pub fn rename_section(&mut self, number: u32, old: &str, new: &str) -> Result<Issue> {
        let new = validate::section_name(new)?;
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let id = require_section(&tx, &issue, number, old)?;
        if let Some(other) = section_id(&tx, &issue, &new)?
            && other != id
        {
            return Err(Error::Conflict(format!(
                "issue No. {number} already has a section {new:?}"
            )));
        }
        tx.execute(
            "UPDATE sections SET name = ?2 WHERE id = ?1",
            params![id, new],
        )?;
        tx.commit()?;
        self.issue(number)
    }

    /// Moves a section to position `to` among the issue's sections.
    pub fn move_section(&mut self, number: u32, name: &str, to: usize) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let id = require_section(&tx, &issue, number, name)?;
        let mut order = section_order(&tx, &issue)?;
        order.retain(|s| *s != id);
        check_position(
            "to",
            to,
            order.len(),
            &format!("issue No. {number}'s sections"),
        )?;
        order.insert(to, id);
        write_section_order(&tx, &order)?;
        tx.commit()?;
        self.issue(number)
    }

    /// Deletes a section; the briefs in it go back to unassigned.
    pub fn delete_section(&mut self, number: u32, name: &str) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let id = require_section(&tx, &issue, number, name)?;
        tx.execute("DELETE FROM sections WHERE id = ?1", [&id])?;
        write_section_order(&tx, &section_order(&tx, &issue)?)?;
        tx.commit()?;
        self.issue(number)
    }

    /// Places a brief in an issue's section (created if missing) at `at` (default: the end).
    /// Without a section name, the issue's first section is used, or `DEFAULT_SECTION`.
    pub fn add_to_issue(
        &mut self,
        number: u32,
        brief: Uuid,
        section: Option<&str>,
        at: Option<usize>,
    ) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let headline = Library::require_brief(&tx, brief)?;
        if let Some((_, held_by)) = placement(&tx, brief)? {
            let verb = if held_by == number {
                "move it within"
            } else {
                "remove it from"
            };
            return Err(Error::Conflict(format!(
                "brief {headline:?} is already in issue No. {held_by}; {verb} that issue first"
            )));
        }
        let section = target_section(&tx, &issue, section)?;
        let mut order = brief_order(&tx, &section)?;
        let at = at.unwrap_or(order.len());
        check_position("at", at, order.len(), "the section")?;
        order.insert(at, brief.to_string());
        tx.execute(
            "INSERT INTO issue_briefs (brief_id, section_id, position) VALUES (?1, ?2, ?3)",
            params![brief.to_string(), section, at as i64],
        )?;
        write_brief_order(&tx, &order)?;
        touch_issue(&tx, &issue)?;
        tx.commit()?;
        self.issue(number)
    }

    /// Moves a brief already in the issue to position `to`, in `section` if given (created if
    /// missing), else in the section it is in.
    pub fn move_in_issue(
        &mut self,
        number: u32,
        brief: Uuid,
        section: Option<&str>,
        to: usize,
    ) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let from_section = brief_section_in(&tx, &issue, number, brief)?;
        let to_section = match section {
            Some(name) => target_section(&tx, &issue, Some(name))?,
            None => from_section.clone(),
        };
        let key = brief.to_string();
        let mut source = brief_order(&tx, &from_section)?;
        source.retain(|b| *b != key);
        if to_section == from_section {
            check_position("to", to, source.len(), "the section")?;
            source.insert(to, key);
            write_brief_order(&tx, &source)?;
        } else {
            let mut target = brief_order(&tx, &to_section)?;
            check_position("to", to, target.len(), "the section")?;
            target.insert(to, key.clone());
            tx.execute(
                "UPDATE issue_briefs SET section_id = ?2 WHERE brief_id = ?1",
                params![key, to_section],
            )?;
            write_brief_order(&tx, &source)?;
            write_brief_order(&tx, &target)?;
        }
        touch_issue(&tx, &issue)?;
        tx.commit()?;
        self.issue(number)
    }

    /// Sends a brief to the end of `section` (created if missing; default as for `add_to_issue`)
    /// of issue No. `number`, taking it out of the issue that holds it, if any, in one step: the
    /// composer's "Move to… another issue" and the library's "Add to issue".
    pub fn move_to_issue(
        &mut self,
        brief: Uuid,
        number: u32,
        section: Option<&str>,
    ) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let headline = Library::require_brief(&tx, brief)?;
        if let Some((from_section, held_by)) = placement(&tx, brief)? {
            if held_by == number {
                return Err(Error::Conflict(format!(
                    "brief {headline:?} is already in issue No. {number}; move it within that issue"
                )));
            }
            tx.execute(
                "DELETE FROM issue_briefs WHERE brief_id = ?1",
                [brief.to_string()],
            )?;
            renumber(&tx, &from_section)?;
            if let Some(old) = issue_id(&tx, held_by)? {
                touch_issue(&tx, &old)?;
            }
        }
        let section = target_section(&tx, &issue, section)?;
        append_to_section(&tx, &section, brief)?;
        touch_issue(&tx, &issue)?;
        tx.commit()?;
        self.issue(number)
    }

    /// Takes a brief out of an issue; it stays in the library, unassigned.
    pub fn remove_from_issue(&mut self, number: u32, brief: Uuid) -> Result<Issue> {
        let tx = self.conn.transaction()?;
        let issue = require_issue(&tx, number)?;
        let section = brief_section_in(&tx, &issue, number, brief)?;
        tx.execute(
            "DELETE FROM issue_briefs WHERE brief_id = ?1",
            [brief.to_string()],
        )?;
        renumber(&tx, &section)?;
        touch_issue(&tx, &issue)?;
        tx.commit()?;
        self.issue(number)
    }
}

pub(super) fn check_number(number: u32) -> Result<()> {
    if number == 0 {
        return Err(Error::invalid("number", "an issue number starts at 1"));
    }
    Ok(())
}

pub(super) fn duplicate_number(number: u32) -> Error {
    Error::FieldConflict {
        field: "number".into(),
        message: format!("issue No. {number} already exists"),
    }
}

fn check_position(field: &str, at: usize, len: usize, what: &str) -> Result<()> {
    if at > len {
        return Err(Error::invalid(
            field,
            format!("position {at} is past the end of {what} (positions run from 0 to {len})"),
        ));
    }
    Ok(())
}

pub(super) fn issue_id(tx: &Transaction<'_>, number: u32) -> Result<Option<String>> {
    Ok(tx
        .query_row("SELECT id FROM issues WHERE number = ?1", [number], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(super) fn require_issue(tx: &Transaction<'_>, number: u32) -> Result<String> {
    issue_id(tx, number)?.ok_or_else(|| Error::not_found("issue", format!("No. {number}")))
}

pub(super) fn touch_issue(tx: &Transaction<'_>, issue: &str) -> Result<()> {
    tx.execute(
        "UPDATE issues SET updated_at = ?2 WHERE id = ?1",
        params![issue, timestamp(now())],
    )?;
    Ok(())
}

pub(super) fn section_id(tx: &Transaction<'_>, issue: &str, name: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT id FROM sections WHERE issue_id = ?1 AND name = ?2",
            params![issue, validate::one_line(name)],
            |r| r.get(0),
        )
        .optional()?)
}

fn require_section(tx: &Transaction<'_>, issue: &str, number: u32, name: &str) -> Result<String> {
    section_id(tx, issue, name)?.ok_or_else(|| {
        Error::not_found(
            "section",
            format!("{:?} in issue No. {number}", validate::one_line(name)),
        )
    })
}

pub(super) fn insert_section(
    tx: &Transaction<'_>,
    issue: &str,
    name: &str,
    at: Option<usize>,
    id: Option<Uuid>,
) -> Result<String> {
    let mut order = section_order(tx, issue)?;
    let at = at.unwrap_or(order.len());
    check_position("at", at, order.len(), "the issue's sections")?;
    let id = id.unwrap_or_else(Uuid::now_v7).to_string();
    tx.execute(
        "INSERT INTO sections (id, issue_id, name, position) VALUES (?1, ?2, ?3, ?4)",
        params![id, issue, name, at as i64],
    )?;
    order.insert(at, id.clone());
    write_section_order(tx, &order)?;
    Ok(id)
}

/// The section named, created at the end if missing; or the first section, or a default one.
pub(super) fn target_section(
    tx: &Transaction<'_>,
    issue: &str,
    name: Option<&str>,
) -> Result<String> {
    match name {
        Some(name) => {
            let name = validate::section_name(name)?;
            match section_id(tx, issue, &name)? {
                Some(id) => Ok(id),
                None => insert_section(tx, issue, &name, None, None),
            }
        }
        None => match section_order(tx, issue)?.into_iter().next() {
            Some(first) => Ok(first),
            None => insert_section(tx, issue, DEFAULT_SECTION, None, None),
        },
    }
}

/// Closes the gaps in an issue's section positions after a section left it.
pub(super) fn renumber_sections(tx: &Transaction<'_>, issue: &str) -> Result<()> {
    let order = section_order(tx, issue)?;
    write_section_order(tx, &order)
}

pub(super) fn section_exists(tx: &Transaction<'_>, section: &str) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sections WHERE id = ?1)",
        [section],
        |r| r.get(0),
    )?)
}

fn section_order(tx: &Transaction<'_>, issue: &str) -> Result<Vec<String>> {
    let mut stmt =
        tx.prepare_cached("SELECT id FROM sections WHERE issue_id = ?1 ORDER BY position")?;
    let ids = stmt
        .query_map([issue], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn write_section_order(tx: &Transaction<'_>, order: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE sections SET position = ?2 WHERE id = ?1")?;
    for (position, id) in order.iter().enumerate() {
        stmt.execute(params![id, position as i64])?;
    }
    Ok(())
}

fn brief_order(tx: &Transaction<'_>, section: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare_cached(
        "SELECT brief_id FROM issue_briefs WHERE section_id = ?1 ORDER BY position",
    )?;
    let ids = stmt
        .query_map([section], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn write_brief_order(tx: &Transaction<'_>, order: &[String]) -> Result<()> {
    let mut stmt =
        tx.prepare_cached("UPDATE issue_briefs SET position = ?2 WHERE brief_id = ?1")?;
    for (position, id) in order.iter().enumerate() {
        stmt.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// Puts a restored brief back at `position` of its old section, if the issue and section are
/// still there; otherwise it stays unassigned.
pub(super) fn put_back(
    tx: &Transaction<'_>,
    brief: Uuid,
    place: &crate::model::IssueRef,
    position: Option<u32>,
) -> Result<()> {
    let Some(issue) = issue_id(tx, place.number)? else {
        return Ok(());
    };
    let Some(section) = section_id(tx, &issue, &place.section)? else {
        return Ok(());
    };
    let mut order = brief_order(tx, &section)?;
    let at = position.map_or(order.len(), |p| (p as usize).min(order.len()));
    order.insert(at, brief.to_string());
    tx.execute(
        "INSERT INTO issue_briefs (brief_id, section_id, position) VALUES (?1, ?2, ?3)",
        params![brief.to_string(), section, at as i64],
    )?;
    write_brief_order(tx, &order)?;
    touch_issue(tx, &issue)
}

/// Puts a brief that is in no issue at the end of a section.
pub(super) fn append_to_section(tx: &Transaction<'_>, section: &str, brief: Uuid) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO issue_briefs (brief_id, section_id, position)
         VALUES (?1, ?2, (SELECT count(*) FROM issue_briefs WHERE section_id = ?2))",
    )?
    .execute(params![brief.to_string(), section])?;
    Ok(())
}

/// Closes the gaps in a section's positions after a brief left it.
pub(crate) fn renumber(tx: &Transaction<'_>, section: &str) -> Result<()> {
    let order = brief_order(tx, section)?;
    write_brief_order(tx, &order)
}

/// The section id and issue number a brief sits in, if any.
pub(crate) fn placement(tx: &Transaction<'_>, brief: Uuid) -> Result<Option<(String, u32)>> {
    Ok(tx
        .query_row(
            "SELECT ib.section_id, i.number FROM issue_briefs ib
             JOIN sections s ON s.id = ib.section_id JOIN issues i ON i.id = s.issue_id
             WHERE ib.brief_id = ?1",
            [brief.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

fn brief_section_in(tx: &Transaction<'_>, issue: &str, number: u32, brief: Uuid) -> Result<String> {
    Library::require_brief(tx, brief)?;
    tx.query_row(
        "SELECT ib.section_id FROM issue_briefs ib JOIN sections s ON s.id = ib.section_id
         WHERE ib.brief_id = ?1 AND s.issue_id = ?2",
        params![brief.to_string(), issue],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("brief", format!("{brief} in issue No. {number}")))
}

fn read_issue(conn: &rusqlite::Connection, id: &str) -> Result<Issue> {
    let mut issue = conn.query_row(
        "SELECT id, number, title, date, status, subject, preheader, intro, closing FROM issues WHERE id = ?1",
        [id],
        |r| {
            let status: String = r.get(4)?;
            Ok(Issue {
                id: parse_uuid(&r.get::<_, String>(0)?, 0)?,
                number: r.get(1)?,
                title: r.get(2)?,
                date: parse_date(&r.get::<_, String>(3)?, 3)?,
                status: IssueStatus::parse(&status).unwrap_or_default(),
                subject: r.get(5)?,
                preheader: r.get(6)?,
                intro: r.get(7)?,
                closing: r.get(8)?,
                sections: Vec::new(),
            })
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT s.name, b.id, b.headline FROM sections s
         LEFT JOIN issue_briefs ib ON ib.section_id = s.id
         LEFT JOIN briefs b ON b.id = ib.brief_id
         WHERE s.issue_id = ?1 ORDER BY s.position, ib.position",
    )?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        if issue.sections.last().is_none_or(|s| s.name != name) {
            issue.sections.push(Section {
                name,
                briefs: Vec::new(),
            });
        }
        let brief: Option<String> = r.get(1)?;
        if let (Some(brief), Some(section)) = (brief, issue.sections.last_mut()) {
            section.briefs.push(IssueBrief {
                id: parse_uuid(&brief, 1)?,
                headline: r.get(2)?,
            });
        }
    }
    Ok(issue)
}

/// An issue as the document form carries it: its fields, and its sections (with their ids) and
/// their briefs in order.
pub(crate) fn issue_doc(conn: &rusqlite::Connection, id: &str) -> Result<DumpIssue> {
    let issue = read_issue(conn, id)?;
    let (created, updated): (String, String) = conn.query_row(
        "SELECT created_at, updated_at FROM issues WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut sections = Vec::with_capacity(issue.sections.len());
    for section in issue.sections {
        let section_id: String = conn.query_row(
            "SELECT id FROM sections WHERE issue_id = ?1 AND name = ?2",
            params![id, section.name],
            |r| r.get(0),
        )?;
        sections.push(DumpSection {
            id: Some(parse_uuid(&section_id, 0)?),
            name: section.name,
            briefs: section.briefs.into_iter().map(|b| b.id).collect(),
        });
    }
    Ok(DumpIssue {
        id: issue.id,
        number: issue.number,
        title: issue.title,
        date: issue.date,
        status: issue.status,
        subject: issue.subject,
        preheader: issue.preheader,
        intro: issue.intro,
        closing: issue.closing,
        created_at: parse_timestamp(&created, 0)?,
        updated_at: parse_timestamp(&updated, 1)?,
        sections,
    })
}
