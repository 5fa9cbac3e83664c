//! The marks an import stored in parts leaves until its last part commits (migration 14), and
//! taking an unfinished import away again: when it fails, when it is given up, or, after its
//! process died, on the next open of the library.
//!
//! Which process is still importing is told by a lock file beside the library: each import holds
//! a shared lock on it while it runs (the OS drops it when the process dies), and the open that
//! removes unfinished imports first takes it exclusively, so it never removes one still running
//! in another process (a `briefdesk` command opened while the app imports).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction, params};

use super::issues;
use crate::error::{Error, Result};

/// What an unfinished import added, as `unfinished_import_rows.kind` names it.
#[derive(Clone, Copy)]
pub(super) enum Added {
    Brief,
    Tag,
    Section,
    Issue,
}

impl Added {
    fn as_str(self) -> &'static str {
        match self {
            Added::Brief => "brief",
            Added::Tag => "tag",
            Added::Section => "section",
            Added::Issue => "issue",
        }
    }
}

/// The lock file of the library at `path`: `<file>.imports-lock` beside it.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".imports-lock");
    PathBuf::from(name)
}

fn open_lock(path: &Path) -> Result<File> {
    let lock = lock_path(path);
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|source| Error::Io {
            context: format!("cannot open the import lock file {}", lock.display()),
            source,
        })
}

/// Held while an import of this process runs: its shared lock on the lock file.
pub(super) struct Running(#[allow(dead_code)] Option<File>);

/// Marks an import under way in this process, for the library at `path` (none in memory).
pub(super) fn running(path: Option<&Path>) -> Result<Running> {
    let Some(path) = path else {
        return Ok(Running(None));
    };
    let file = open_lock(path)?;
    // Waits only while another process's open is removing unfinished imports (a moment).
    file.lock_shared().map_err(|source| Error::Io {
        context: format!(
            "cannot lock the import lock file {}",
            lock_path(path).display()
        ),
        source,
    })?;
    Ok(Running(Some(file)))
}

/// Records a new unfinished import.
pub(super) fn begin(tx: &Transaction<'_>, id: &str, stamp: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO unfinished_imports (id, started_at) VALUES (?1, ?2)",
        params![id, stamp],
    )?;
    Ok(())
}

/// Records a row the unfinished import `id` added.
pub(super) fn added(tx: &Transaction<'_>, id: &str, kind: Added, row: &str) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO unfinished_import_rows (import_id, kind, row_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, kind.as_str(), row])?;
    Ok(())
}

/// The import `id` is complete: its rows are the library's like any others.
pub(super) fn finish(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("DELETE FROM unfinished_imports WHERE id = ?1", [id])?;
    Ok(())
}

/// Takes away what the unfinished import `id` added: its briefs (with their sources, tags links
/// and places in issues), and the tags, sections and issue it created that nothing else uses
/// now. Whatever the editor changed meanwhile outside the import's own briefs stays.
pub(super) fn undo(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let sections: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT ib.section_id FROM issue_briefs ib
             JOIN unfinished_import_rows r ON r.row_id = ib.brief_id
             WHERE r.import_id = ?1 AND r.kind = 'brief'",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM briefs WHERE id IN
             (SELECT row_id FROM unfinished_import_rows WHERE import_id = ?1 AND kind = 'brief')",
        [id],
    )?;
    let issues_touched: Vec<String> = tx
        .prepare(
            "SELECT DISTINCT s.issue_id FROM sections s
             JOIN unfinished_import_rows r ON r.row_id = s.id
             WHERE r.import_id = ?1 AND r.kind = 'section'",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    tx.execute(
        "DELETE FROM sections WHERE id IN
             (SELECT row_id FROM unfinished_import_rows WHERE import_id = ?1 AND kind = 'section')
         AND NOT EXISTS (SELECT 1 FROM issue_briefs ib WHERE ib.section_id = sections.id)",
        [id],
    )?;
    tx.execute(
        "DELETE FROM issues WHERE id IN
             (SELECT row_id FROM unfinished_import_rows WHERE import_id = ?1 AND kind = 'issue')
         AND NOT EXISTS (SELECT 1 FROM sections s JOIN issue_briefs ib ON ib.section_id = s.id
                         WHERE s.issue_id = issues.id)",
        [id],
    )?;
    tx.execute(
        "DELETE FROM tags WHERE CAST(id AS TEXT) IN
             (SELECT row_id FROM unfinished_import_rows WHERE import_id = ?1 AND kind = 'tag')
         AND NOT EXISTS (SELECT 1 FROM brief_tags bt WHERE bt.tag_id = tags.id)",
        [id],
    )?;
    // Close the gaps the briefs and sections taken away left in the orders that remain.
    for section in sections {
        if issues::section_exists(tx, &section)? {
            issues::renumber(tx, &section)?;
        }
    }
    for issue in issues_touched {
        issues::renumber_sections(tx, &issue)?;
    }
    tx.execute("DELETE FROM unfinished_imports WHERE id = ?1", [id])?;
    Ok(())
}

/// On opening the library at `path`: takes away every import left unfinished by a process that
/// died, unless some process is importing into it now (then the next open does it). Returns how
/// many were taken away.
pub(super) fn recover(conn: &mut Connection, path: &Path) -> Result<usize> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM unfinished_imports ORDER BY started_at")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let lock = open_lock(path)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            tracing::info!(
                unfinished = ids.len(),
                "an import is running in another process; unfinished imports are left to it"
            );
            return Ok(0);
        }
        Err(TryLockError::Error(source)) => {
            return Err(Error::Io {
                context: format!(
                    "cannot lock the import lock file {}",
                    lock_path(path).display()
                ),
                source,
            });
        }
    }
    let tx = conn.transaction()?;
    for id in &ids {
        undo(&tx, id)?;
    }
    tx.commit()?;
    tracing::warn!(
        removed = ids.len(),
        "imports left unfinished by a process that stopped were taken away"
    );
    Ok(ids.len())
}
