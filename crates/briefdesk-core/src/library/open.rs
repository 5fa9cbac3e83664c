//! Opening a library file safely: every check that can refuse a file runs before anything is
//! written to it, so a file Briefdesk cannot use is left exactly as it was.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::error::{Error, Result};

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How to open a library. [`Default`] is what the app and the CLI use.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another program's lock before giving up with [`Error::Locked`].
    pub busy_timeout: Duration,
    /// Automatic rolling backups (on open, then at most once per interval); `None` turns them off.
    pub backups: Option<BackupPolicy>,
    /// Run `PRAGMA quick_check` on open, so a damaged page is an error on open rather than at
    /// some later read. It reads the whole file (about 1 s for 100,000 briefs, 300 MB); an app
    /// that must start faster can turn it off and check on a background thread.
    pub quick_check: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            backups: Some(BackupPolicy::default()),
            quick_check: true,
        }
    }
}

/// How many automatic backups to keep and how often to make them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupPolicy {
    /// Automatic backups beyond this many (newest kept) are deleted.
    pub keep: usize,
    /// An automatic backup is made when the newest backup is at least this old.
    pub interval: chrono::Duration,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            keep: 10,
            interval: chrono::Duration::hours(1),
        }
    }
}

/// What the checks found about an existing file before it is written to.
pub(super) struct Checked {
    pub conn: Connection,
    /// The schema version found (0 for a new, empty file).
    pub version: u32,
}

/// Opens `path` for the library, creating it when missing, and refuses a file that is not a
/// library, is damaged, is from a newer Briefdesk, is locked or is read-only. Nothing is written
/// to an existing file here; the caller migrates and sets pragmas only after this succeeds.
pub(super) fn open_checked(path: &Path, options: &OpenOptions, latest: u32) -> Result<Checked> {
    let timeout = options.busy_timeout;
    let existing = match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => {
            return Err(Error::NotALibrary {
                path: path.to_path_buf(),
                detail: "it is a folder".into(),
            });
        }
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Io {
                context: format!("cannot read {}", path.display()),
                source,
            });
        }
    };
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match &existing {
        None => flags |= OpenFlags::SQLITE_OPEN_CREATE,
        Some(meta) => check_file(path, meta)?,
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path, timeout))?;
    conn.busy_timeout(timeout)?;
    if existing.is_none() {
        return Ok(Checked { conn, version: 0 });
    }
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| classify(e, path, timeout))?;
    if version > latest {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: latest,
        });
    }
    if version == 0 {
        // A database no Briefdesk has written to: only an empty one may become a library;
        // another program's database must not have our tables added to it.
        let objects: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|e| classify(e, path, timeout))?;
        if objects > 0 {
            return Err(Error::NotALibrary {
                path: path.to_path_buf(),
                detail: "a SQLite database of another program".into(),
            });
        }
    }
    if !options.quick_check {
        return Ok(Checked { conn, version });
    }
    quick_check(&conn).map_err(|e| match e {
        CheckFailure::Damaged(detail) => Error::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        CheckFailure::Sqlite(e) => classify(e, path, timeout),
    })?;
    Ok(Checked { conn, version })
}

/// Checks on the file itself, before SQLite sees it: writable, and a SQLite database.
fn check_file(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    // The permission bits, not only the OS's answer: an administrator may write anywhere, but a
    // file marked read-only was marked so on purpose.
    if meta.permissions().readonly() {
        return Err(Error::ReadOnly {
            path: path.to_path_buf(),
            detail: "the file is marked read-only".into(),
        });
    }
    // Opened for writing without truncating or creating: this changes nothing.
    let mut file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            return Err(Error::ReadOnly {
                path: path.to_path_buf(),
                detail: e.to_string(),
            });
        }
        Err(source) => {
            return Err(Error::Io {
                context: format!("cannot open {}", path.display()),
                source,
            });
        }
    };
    if meta.len() == 0 {
        // An empty file is an empty database to SQLite: it becomes a new library.
        return Ok(());
    }
    let mut header = [0u8; 16];
    let read = file.read(&mut header).map_err(|source| Error::Io {
        context: format!("cannot read {}", path.display()),
        source,
    })?;
    if read < header.len() || &header != SQLITE_MAGIC {
        return Err(Error::NotALibrary {
            path: path.to_path_buf(),
            detail: "not a SQLite database file".into(),
        });
    }
    Ok(())
}

enum CheckFailure {
    Damaged(String),
    Sqlite(rusqlite::Error),
}

/// `PRAGMA quick_check`: every page and b-tree is well formed (it skips only the index-content
/// cross-check of `integrity_check`, and runs in about a third of its time).
fn quick_check(conn: &Connection) -> std::result::Result<(), CheckFailure> {
    let mut stmt = conn
        .prepare("PRAGMA quick_check(5)")
        .map_err(CheckFailure::Sqlite)?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) => CheckFailure::Damaged(e.to_string()),
            _ => CheckFailure::Sqlite(e),
        })?;
    if lines == ["ok"] {
        Ok(())
    } else {
        Err(CheckFailure::Damaged(lines.join("; ")))
    }
}

/// `PRAGMA integrity_check` on any connection: `Ok(())` when SQLite says "ok".
pub fn integrity_check(conn: &Connection) -> rusqlite::Result<std::result::Result<(), String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(5)")?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(if lines == ["ok"] {
        Ok(())
    } else {
        Err(lines.join("; "))
    })
}

/// Names the open failure a SQLite error stands for, or keeps it as a database error.
pub(super) fn classify(error: rusqlite::Error, path: &Path, timeout: Duration) -> Error {
    let path: PathBuf = path.to_path_buf();
    match error.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Locked {
            path,
            waited_ms: u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        },
        Some(ErrorCode::DatabaseCorrupt) => Error::Corrupt {
            path,
            detail: error.to_string(),
        },
        Some(ErrorCode::NotADatabase) => Error::NotALibrary {
            path,
            detail: "not a SQLite database file".into(),
        },
        Some(ErrorCode::ReadOnly) => Error::ReadOnly {
            path,
            detail: error.to_string(),
        },
        _ => Error::Database(error),
    }
}

/// [`classify`] for an error from the migration runner.
pub(super) fn classify_migration(
    error: rusqlite_migration::Error,
    path: &Path,
    timeout: Duration,
) -> Error {
    match error {
        rusqlite_migration::Error::RusqliteError { err, query } => {
            match classify(err, path, timeout) {
                Error::Database(err) => {
                    Error::Migration(rusqlite_migration::Error::RusqliteError { query, err })
                }
                named => named,
            }
        }
        other => Error::Migration(other),
    }
}
