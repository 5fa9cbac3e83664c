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
    /// When to run `PRAGMA quick_check` on open, so that a damaged page is an error on open
    /// rather than at some later read. It reads the whole file (about 1 s for 100,000 briefs).
    pub check: CheckOnOpen,
}

/// When opening a library reads the whole file to find damage (see docs/reliability.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOnOpen {
    /// On every open.
    Always,
    /// Only when due: the library was not closed cleanly (its `-wal` file is left, not empty:
    /// a crash, or another program has it open), or its last full check passed longer than
    /// `every` ago, or never. What the command line does: most commands then cost nothing.
    WhenDue { every: Duration },
    /// Never: the caller checks, e.g. on a thread of its own ([`super::Library::verify`]).
    Never,
}

impl CheckOnOpen {
    /// The command line's schedule: a full check at least once a day.
    pub const DAILY: CheckOnOpen = CheckOnOpen::WhenDue {
        every: Duration::from_secs(24 * 60 * 60),
    };
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            backups: Some(BackupPolicy::default()),
            check: CheckOnOpen::Always,
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
    /// Whether the whole file was checked (and found sound) on this open.
    pub checked: bool,
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
        return Ok(Checked {
            conn,
            version: 0,
            checked: false,
        });
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
    let due = match options.check {
        CheckOnOpen::Always => true,
        CheckOnOpen::WhenDue { every } => check_due(path, every),
        CheckOnOpen::Never => false,
    };
    if !due {
        return Ok(Checked {
            conn,
            version,
            checked: false,
        });
    }
    quick_check(&conn).map_err(|e| match e {
        CheckFailure::Damaged(detail) => Error::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        CheckFailure::Sqlite(e) => classify(e, path, timeout),
    })?;
    Ok(Checked {
        conn,
        version,
        checked: true,
    })
}

/// The note of the library's last full check, in the backups folder beside the copies it
/// vouches for (the library file itself is not written to for it; a library without a backups
/// folder has no note, and is checked on every open until its first backup). Two lines: `checked SECS`,
/// when the last full check passed, and `file SIZE NANOS`, the file's size and modification
/// time when Briefdesk last left it (after that check, or when it was last closed cleanly).
fn check_marker(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into());
    // The backups folder (`backup::backups_dir`, not named here: backup.rs uses this module).
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
        .join(format!(".{name}.checked"))
}

/// What the note says: when the check passed (seconds since 1970) and the file as last left.
fn read_marker(path: &Path) -> Option<(u64, String)> {
    let text = std::fs::read_to_string(check_marker(path)).ok()?;
    let mut lines = text.lines();
    let checked = lines.next()?.strip_prefix("checked ")?.parse().ok()?;
    let file = lines.next()?.strip_prefix("file ")?.to_string();
    Some((checked, file))
}

/// The library file's size and modification time, as the note writes them.
fn file_state(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

fn write_marker(path: &Path, checked: u64) {
    let Some(file) = file_state(path) else { return };
    let marker = check_marker(path);
    // Only where backups are kept: opening a copy elsewhere (a backup, a file sent by a
    // colleague) must not make a folder beside it. Without the note, the next open checks.
    if !marker.parent().is_some_and(Path::is_dir) {
        return;
    }
    if let Err(e) = std::fs::write(&marker, format!("checked {checked}\nfile {file}\n")) {
        tracing::warn!(marker = %marker.display(), "the library's check was not noted: {e}");
    }
}

/// Whether a [`CheckOnOpen::WhenDue`] check is due for the library at `path`: not closed
/// cleanly (a `-wal` left with something in it), changed since Briefdesk last left it (copied
/// over, restored by hand, written by another tool), or last checked `every` ago or never.
fn check_due(path: &Path, every: Duration) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return true;
    }
    let Some((checked, file)) = read_marker(path) else {
        return true;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    now.saturating_sub(checked) >= every.as_secs() || file_state(path).as_deref() != Some(&file)
}

/// Notes that the library's whole file was just checked and found sound. A failure to note it
/// only means the next check comes sooner.
pub(super) fn record_check(path: &Path) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    write_marker(path, now);
}

/// Notes the file as Briefdesk leaves it, closed cleanly, so that the next open can tell whether
/// anything else changed it since; nothing when it was never checked (then a check is due).
pub(super) fn record_clean_close(path: &Path) {
    if let Some((checked, _)) = read_marker(path) {
        write_marker(path, checked);
    }
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

/// The check on open ([`CheckOnOpen`]) on a read-only connection of its own, for a program that
/// opened the library with [`CheckOnOpen::Never`] and checks on a thread of its own (the app:
/// its window is usable at once). [`Error::Corrupt`] when the file is damaged; notes a pass.
pub fn check_whole_file(path: &Path) -> Result<()> {
    let timeout = Duration::from_secs(5);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(e, path, timeout))?;
    conn.busy_timeout(timeout)?;
    quick_check(&conn).map_err(|e| match e {
        CheckFailure::Damaged(detail) => Error::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        CheckFailure::Sqlite(e) => classify(e, path, timeout),
    })?;
    record_check(path);
    Ok(())
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
