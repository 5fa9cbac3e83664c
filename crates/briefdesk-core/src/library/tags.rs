//! Tags: unique by name without regard to case, optionally coloured. Rename and merge keep links.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Library;
use crate::error::{Error, Result};
use crate::model::TagInfo;
use crate::validate;

impl Library {
    /// Every tag with the number of briefs carrying it, by name.
    pub fn tags(&self) -> Result<Vec<TagInfo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.name, t.colour, (SELECT count(*) FROM brief_tags bt WHERE bt.tag_id = t.id)
             FROM tags t ORDER BY t.name COLLATE NOCASE",
        )?;
        let tags = stmt
            .query_map([], |r| {
                Ok(TagInfo {
                    name: r.get(0)?,
                    colour: r.get(1)?,
                    count: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(tags)
    }

    /// Creates a tag, or sets the colour of the existing one with that name.
    pub fn add_tag(&mut self, name: &str, colour: Option<&str>) -> Result<TagInfo> {
        let name = validate::tag_name("name", name)?;
        let colour = colour.map(|c| validate::colour("colour", c)).transpose()?;
        let tx = self.conn.transaction()?;
        let id = ensure_tag(&tx, &name)?;
        if colour.is_some() {
            tx.execute(
                "UPDATE tags SET colour = ?2 WHERE id = ?1",
                params![id, colour],
            )?;
        }
        tx.commit()?;
        self.tag(&name)
    }

    /// One tag by name (any case), with its count.
    pub fn tag(&self, name: &str) -> Result<TagInfo> {
        let id = tag_id(&self.conn, name)?.ok_or_else(|| Error::not_found("tag", name.trim()))?;
        Ok(self.conn.query_row(
            "SELECT name, colour, (SELECT count(*) FROM brief_tags WHERE tag_id = ?1) FROM tags WHERE id = ?1",
            [id],
            |r| {
                Ok(TagInfo {
                    name: r.get(0)?,
                    colour: r.get(1)?,
                    count: r.get(2)?,
                })
            },
        )?)
    }

    /// Sets or clears a tag's colour.
    pub fn recolour_tag(&mut self, name: &str, colour: Option<&str>) -> Result<TagInfo> {
        let colour = colour.map(|c| validate::colour("colour", c)).transpose()?;
        let id = tag_id(&self.conn, name)?.ok_or_else(|| Error::not_found("tag", name.trim()))?;
        self.conn.execute(
            "UPDATE tags SET colour = ?2 WHERE id = ?1",
            params![id, colour],
        )?;
        self.tag(name)
    }

    /// Renames a tag; every brief keeps it. Refuses a name another tag already has (merge instead).
    pub fn rename_tag(&mut self, old: &str, new: &str) -> Result<TagInfo> {
        let new = validate::tag_name("new name", new)?;
        let tx = self.conn.transaction()?;
        let id = tag_id(&tx, old)?.ok_or_else(|| Error::not_found("tag", old.trim()))?;
        if let Some(other) = tag_id(&tx, &new)?
            && other != id
        {
            return Err(Error::Conflict(format!(
                "a tag named {new:?} already exists; merge {:?} into it instead",
                old.trim()
            )));
        }
        tx.execute("UPDATE tags SET name = ?2 WHERE id = ?1", params![id, new])?;
        tx.commit()?;
        self.tag(&new)
    }

    /// Moves every brief tagged `from` to `into`, then deletes `from`. One transaction.
    pub fn merge_tags(&mut self, from: &str, into: &str) -> Result<TagInfo> {
        let tx = self.conn.transaction()?;
        let from_id = tag_id(&tx, from)?.ok_or_else(|| Error::not_found("tag", from.trim()))?;
        let into_id = tag_id(&tx, into)?.ok_or_else(|| Error::not_found("tag", into.trim()))?;
        if from_id == into_id {
            return Err(Error::invalid("into", "cannot merge a tag into itself"));
        }
        tx.execute(
            "INSERT OR IGNORE INTO brief_tags (brief_id, tag_id)
             SELECT brief_id, ?2 FROM brief_tags WHERE tag_id = ?1",
            params![from_id, into_id],
        )?;
        tx.execute("DELETE FROM tags WHERE id = ?1", [from_id])?;
        tx.commit()?;
        self.tag(into)
    }

    /// Deletes a tag no brief carries (a typo, one left over after a merge); a tag still in use
    /// is refused, naming how many briefs carry it, so nothing is untagged by accident.
    pub fn delete_unused_tag(&mut self, name: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        let id = tag_id(&tx, name)?.ok_or_else(|| Error::not_found("tag", name.trim()))?;
        let used: u32 = tx.query_row(
            "SELECT count(*) FROM brief_tags WHERE tag_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(Error::Conflict(format!(
                "{} brief{} still carr{} the tag {:?}; merge it into another tag instead",
                used,
                if used == 1 { "" } else { "s" },
                if used == 1 { "ies" } else { "y" },
                name.trim()
            )));
        }
        tx.execute("DELETE FROM tags WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a tag; the briefs that carried it stay, without it.
    pub fn remove_tag(&mut self, name: &str) -> Result<()> {
        let id = tag_id(&self.conn, name)?.ok_or_else(|| Error::not_found("tag", name.trim()))?;
        self.conn.execute("DELETE FROM tags WHERE id = ?1", [id])?;
        Ok(())
    }
}

/// The id of the tag called `name` in any case. The column's NOCASE collation folds only ASCII
/// letters, so a name with other letters ("ÉLYSÉE" for "Élysée") is also compared lowercased.
pub(crate) fn tag_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let name = name.trim();
    let found = conn
        .query_row("SELECT id FROM tags WHERE name = ?1", [name], |r| r.get(0))
        .optional()?;
    if found.is_some() || name.is_ascii() {
        return Ok(found);
    }
    let key = name.to_lowercase();
    let mut stmt = conn.prepare_cached("SELECT id, name FROM tags")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if row.get::<_, String>(1)?.to_lowercase() == key {
            return Ok(Some(row.get(0)?));
        }
    }
    Ok(None)
}

/// The id of the tag called `name` (any case), creating it with that spelling if missing.
pub(crate) fn ensure_tag(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    if let Some(id) = tag_id(tx, name)? {
        return Ok(id);
    }
    tx.execute("INSERT INTO tags (name) VALUES (?1)", [name])?;
    Ok(tx.last_insert_rowid())
}
