//! Import layouts the editor taught by correcting one brief, saved by name: listed, renamed,
//! deleted, and used to read other texts of that layout (named, or offered when one fits).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Library, now, parse_timestamp, timestamp};
use crate::error::{Error, Result};
use crate::import::{self, ImportFormat, ImportOptions, LayoutRule, Parsed};

/// The version of the stored rules' JSON; a newer one is refused, not misread.
const RULES_VERSION: u32 = 1;
/// The longest name a layout may have, in characters.
const MAX_NAME: usize = 80;

/// A layout saved from the import preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedLayout {
    pub name: String,
    pub rules: Vec<LayoutRule>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// When an import last stored briefs read with it.
    #[ts(type = "string | null")]
    pub used_at: Option<DateTime<Utc>>,
}

/// The JSON kept in the `rules` column.
#[derive(Serialize, Deserialize)]
struct StoredRules {
    version: u32,
    rules: Vec<LayoutRule>,
}

impl Library {
    /// Every saved layout, by name.
    pub fn layouts(&self) -> Result<Vec<SavedLayout>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, rules, created_at, used_at FROM import_layouts ORDER BY name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    parse_timestamp(&r.get::<_, String>(2)?, 2)?,
                    r.get::<_, Option<String>>(3)?
                        .map(|t| parse_timestamp(&t, 3))
                        .transpose()?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(name, rules, created_at, used_at)| {
                Ok(SavedLayout {
                    rules: read_rules(&name, &rules)?,
                    name,
                    created_at,
                    used_at,
                })
            })
            .collect()
    }

    /// The saved layout called `name` (any case). An unknown name is an error on the field
    /// `layout` that lists the saved names.
    pub fn layout(&self, name: &str) -> Result<SavedLayout> {
        let all = self.layouts()?;
        let wanted = name.trim();
        if let Some(found) = all.iter().find(|l| l.name.eq_ignore_ascii_case(wanted)) {
            return Ok(found.clone());
        }
        let names: Vec<String> = all.iter().map(|l| format!("\"{}\"", l.name)).collect();
        let saved = if names.is_empty() {
            "no layout is saved yet (save one from the import preview)".to_string()
        } else {
            format!("the saved layouts are {}", names.join(", "))
        };
        Err(Error::invalid(
            "layout",
            format!("no saved layout is called \"{wanted}\"; {saved}"),
        ))
    }

    /// Saves `rules` as the layout `name`. The name must be new (in any case) and not empty.
    pub fn save_layout(&mut self, name: &str, rules: &[LayoutRule]) -> Result<SavedLayout> {
        let name = layout_name("name", name)?;
        if rules.is_empty() {
            return Err(Error::invalid(
                "rules",
                "nothing to save: correct a line in the preview first",
            ));
        }
        let json = serde_json::to_string(&StoredRules {
            version: RULES_VERSION,
            rules: rules.to_vec(),
        })
        .map_err(|e| Error::invalid("rules", e))?;
        let tx = self.conn.transaction()?;
        refuse_taken(&tx, &name, None)?;
        tx.execute(
            "INSERT INTO import_layouts (name, rules, created_at) VALUES (?1, ?2, ?3)",
            params![name, json, timestamp(now())],
        )?;
        tx.commit()?;
        self.layout(&name)
    }

    /// Saves as `name` the layout an import preview read `input` with: the saved layout it used
    /// (if any) and the editor's corrections (`options.hints`), with no line numbers.
    pub fn save_layout_from(
        &mut self,
        name: &str,
        input: &[u8],
        options: &ImportOptions,
    ) -> Result<SavedLayout> {
        // The name is checked first: a clash is the editor's to fix before anything else.
        let checked = layout_name("name", name)?;
        refuse_taken(&self.conn, &checked, None)?;
        let reading = self.read_with_layout(input, options)?;
        self.save_layout(&checked, &reading.rules)
    }

    /// Renames a saved layout; the new name must be free (renaming to another case is fine).
    pub fn rename_layout(&mut self, old: &str, new: &str) -> Result<SavedLayout> {
        let new = layout_name("new name", new)?;
        let old = self.layout(old)?.name;
        let tx = self.conn.transaction()?;
        refuse_taken(&tx, &new, Some(&old))?;
        tx.execute(
            "UPDATE import_layouts SET name = ?2 WHERE name = ?1",
            params![old, new],
        )?;
        tx.commit()?;
        self.layout(&new)
    }

    /// Deletes a saved layout; briefs imported with it are not touched.
    pub fn delete_layout(&mut self, name: &str) -> Result<()> {
        let name = self.layout(name)?.name;
        self.conn
            .execute("DELETE FROM import_layouts WHERE name = ?1", [name])?;
        Ok(())
    }

    /// Parses an import's input as `options` ask: with the saved layout it names, or, with
    /// `offer_saved`, with the saved layout that fits it better than the detected one (the
    /// most recently used of those that fit best), else as detected; the editor's hints on top.
    pub(crate) fn parse_for_import(&self, input: &[u8], options: &ImportOptions) -> Result<Parsed> {
        if options.layout.is_some() {
            return Ok(self.read_with_layout(input, options)?.parsed);
        }
        if options.offer_saved
            && let Some(name) = self.fitting_layout(input, options.format)?
        {
            let named = ImportOptions {
                layout: Some(name),
                ..options.clone()
            };
            return Ok(self.read_with_layout(input, &named)?.parsed);
        }
        import::parse_with_hints(input, options.format, &options.hints)
    }

    /// Reads `input` with the layout `options.layout` names (none: only the hints' rules).
    fn read_with_layout(
        &self,
        input: &[u8],
        options: &ImportOptions,
    ) -> Result<import::LayoutReading> {
        let saved = options
            .layout
            .as_deref()
            .map(|name| self.layout(name))
            .transpose()?;
        let rules = saved.as_ref().map(|s| s.rules.as_slice()).unwrap_or(&[]);
        let mut reading = import::parse_with_layout(input, options.format, rules, &options.hints)?;
        reading.parsed.saved_layout = saved.map(|s| s.name);
        Ok(reading)
    }

    /// The saved layout that reads `input` better than the detected layout does, if any.
    fn fitting_layout(&self, input: &[u8], format: ImportFormat) -> Result<Option<String>> {
        if !import::reads_layouts(input, format) {
            return Ok(None);
        }
        let layouts = self.layouts()?;
        if layouts.is_empty() {
            return Ok(None);
        }
        let detected = import::parse(input, format)?;
        let mut best: Option<(usize, Option<DateTime<Utc>>, String)> = None;
        for layout in layouts {
            // Input a layout cannot read (Markdown, JSON, bookmarks) is read as detected.
            let Ok(reading) = import::parse_with_layout(input, format, &layout.rules, &[]) else {
                return Ok(None);
            };
            if !import::fits_better(&reading, &detected) {
                continue;
            }
            let score = (import::fields_found(&reading.parsed), layout.used_at);
            if best.as_ref().is_none_or(|(n, used, _)| score > (*n, *used)) {
                best = Some((score.0, score.1, layout.name));
            }
        }
        Ok(best.map(|(_, _, name)| name))
    }

    /// Notes that an import stored briefs read with the layout `name`.
    pub(crate) fn mark_layout_used(conn: &rusqlite::Connection, name: &str) -> Result<()> {
        conn.execute(
            "UPDATE import_layouts SET used_at = ?2 WHERE name = ?1",
            params![name, timestamp(now())],
        )?;
        Ok(())
    }
}

/// A layout's name, trimmed: not empty, one line, not too long.
fn layout_name(field: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(field, "give the layout a name"));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(field, "a layout's name is one line of text"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            field,
            format!("a layout's name is at most {MAX_NAME} characters"),
        ));
    }
    Ok(name.to_string())
}

/// Refuses `name` when another layout (than `except`) has it, in any case.
fn refuse_taken(conn: &rusqlite::Connection, name: &str, except: Option<&str>) -> Result<()> {
    let taken: Option<String> = conn
        .query_row(
            "SELECT name FROM import_layouts WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(other) if except.is_none_or(|e| !e.eq_ignore_ascii_case(&other)) => {
            Err(Error::FieldConflict {
                field: "name".into(),
                message: format!(
                    "a layout called \"{other}\" is already saved; choose another name"
                ),
            })
        }
        _ => Ok(()),
    }
}

fn read_rules(name: &str, json: &str) -> Result<Vec<LayoutRule>> {
    let stored: StoredRules = serde_json::from_str(json).map_err(|e| {
        Error::invalid(
            "layout",
            format!("the saved layout \"{name}\" cannot be read ({e})"),
        )
    })?;
    if stored.version > RULES_VERSION {
        return Err(Error::invalid(
            "layout",
            format!(
                "the saved layout \"{name}\" was saved by a newer Briefdesk (rules version {}); \
                 update Briefdesk to use it",
                stored.version
            ),
        ));
    }
    Ok(stored.rules)
}
