//! Backups with SQLite's online backup API, automatic rolling backups, and restoring one.
//!
//! Backups live in a `backups` folder beside the library file, named
//! `<library name>-<UTC time, YYYYMMDDTHHMMSSZ>-<kind>.sqlite3` (`library-20261127T233901Z-auto.sqlite3`):
//! they move with the library's folder and are easy to find. Each is a complete, single-file
//! SQLite database (rollback journal, no `-wal` beside it) that opens as a library.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};
use rusqlite::{Connection, OpenFlags};
use tracing::instrument;

use super::{BackupPolicy, Library, latest_schema_version, now, open};
use crate::atomic_file::{Access, PendingFile, copy_whole};
use crate::error::{Error, Result};
use crate::model::{AutoBackup, BackupInfo, BackupKind};

const STAMP: &str = "%Y%m%dT%H%M%SZ";
const STAMP_LEN: usize = "20261127T233901Z".len();

/// The folder that holds the backups of the library at `library`.
pub fn backups_dir(library: &Path) -> PathBuf {
    library
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn library_stem(library: &Path) -> String {
    library
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into())
}

/// The backups of the library at `library`, newest first. Works when the library itself cannot
/// be opened, so an editor can pick one to restore.
pub fn list_backups(library: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(library);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Io {
                context: format!("cannot list the backups in {}", dir.display()),
                source,
            });
        }
    };
    let stem = library_stem(library);
    let mut found: Vec<(BackupInfo, u32)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((created, kind, n)) = parse_name(&stem, &name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        found.push((
            BackupInfo {
                path: entry.path().display().to_string(),
                created,
                size: meta.len(),
                kind,
            },
            n,
        ));
    }
    found.sort_by(|(a, an), (b, bn)| (b.created, bn, &b.path).cmp(&(a.created, an, &a.path)));
    Ok(found.into_iter().map(|(info, _)| info).collect())
}

/// Reads `<stem>-<stamp>-<kind>[-<n>].sqlite3`.
fn parse_name(stem: &str, name: &str) -> Option<(DateTime<Utc>, BackupKind, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".sqlite3")?;
    let stamp = rest.get(..STAMP_LEN)?;
    let created = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let tail = rest.get(STAMP_LEN..)?.strip_prefix('-')?;
    BackupKind::ALL.into_iter().find_map(|kind| {
        let after = tail.strip_prefix(kind.as_str())?;
        match after.strip_prefix('-') {
            None if after.is_empty() => Some((created, kind, 0)),
            Some(n) => n.parse().ok().map(|n| (created, kind, n)),
            None => None,
        }
    })
}

/// A name in the backups folder not yet taken.
fn free_name(library: &Path, kind: BackupKind, at: DateTime<Utc>) -> PathBuf {
    let dir = backups_dir(library);
    let base = format!(
        "{}-{}-{}",
        library_stem(library),
        at.format(STAMP),
        kind.as_str()
    );
    let mut path = dir.join(format!("{base}.sqlite3"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{base}-{n}.sqlite3"));
    }
    path
}

fn create_backups_dir(library: &Path) -> Result<()> {
    let dir = backups_dir(library);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        context: format!("cannot create the backups folder {}", dir.display()),
        source,
    })
}

/// Backs up what `conn` sees of the library at `library` into its backups folder.
pub(super) fn backup_connection(
    conn: &Connection,
    library: &Path,
    kind: BackupKind,
    at: DateTime<Utc>,
) -> Result<BackupInfo> {
    // Whole seconds: the time is read back from the name.
    let at = at.trunc_subsecs(0);
    create_backups_dir(library)?;
    let dest = free_name(library, kind, at);
    let size = copy_database(conn, &dest)?;
    Ok(BackupInfo {
        path: dest.display().to_string(),
        created: at,
        size,
        kind,
    })
}

/// Copies the database `conn` has open into a new file at `dest` with the online backup API:
/// a consistent snapshot even while others write, written beside `dest` and renamed into place
/// so `dest` is never half a backup. Returns its size.
fn copy_database(conn: &Connection, dest: &Path) -> Result<u64> {
    let pending = PendingFile::beside(dest, ".partial-backup-")?;
    {
        let mut copy = Connection::open(pending.path())?;
        {
            let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
            // All pages in one step: one read transaction, so the copy is one moment's state.
            backup.run_to_completion(i32::MAX, std::time::Duration::from_millis(10), None)?;
        }
        // The copied header says WAL; a backup is one self-contained file.
        copy.pragma_update(None, "journal_mode", "DELETE")?;
    }
    pending.commit(Access::Private)
}

/// Deletes automatic backups beyond the newest `keep`. Other kinds are the editor's to delete.
fn prune(library: &Path, keep: usize) -> Result<()> {
    let autos = list_backups(library)?
        .into_iter()
        .filter(|b| b.kind == BackupKind::Auto);
    for old in autos.skip(keep) {
        std::fs::remove_file(&old.path).map_err(|source| Error::Io {
            context: format!("cannot delete the old backup {}", old.path),
            source,
        })?;
    }
    Ok(())
}

impl Library {
    /// Writes a backup of the whole library to `dest` (replacing it if it exists).
    pub fn backup_to(&self, dest: impl AsRef<Path>) -> Result<BackupInfo> {
        let dest = dest.as_ref();
        if let Some(path) = &self.path
            && same_file(path, dest)
        {
            return Err(Error::invalid(
                "out",
                format!("{} is the library itself", dest.display()),
            ));
        }
        let created = now().trunc_subsecs(0);
        let size = copy_database(&self.conn, dest)?;
        Ok(BackupInfo {
            path: dest.display().to_string(),
            created,
            size,
            kind: BackupKind::Manual,
        })
    }

    /// Makes a manual backup in the backups folder.
    #[instrument(skip_all)]
    pub fn backup_now(&mut self) -> Result<BackupInfo> {
        let path = self.file_path()?;
        let at = now();
        let info = backup_connection(&self.conn, &path, BackupKind::Manual, at)?;
        self.newest_backup = Some(at);
        Ok(info)
    }

    /// This library's backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list_backups(&self.file_path()?)
    }

    /// What the automatic backup on open did (the app shows a failure).
    pub fn opened_backup(&self) -> &AutoBackup {
        &self.opened_backup
    }

    /// Makes an automatic backup if the newest one is at least an interval old (see
    /// [`super::BackupPolicy`]), then keeps only the newest few. Call it after writes; it is
    /// cheap when no backup is due. It never fails: a failure is reported in the result.
    pub fn maybe_backup(&mut self) -> AutoBackup {
        self.maybe_backup_at(now())
    }

    /// [`Library::maybe_backup`] with the clock given, for tests.
    pub fn maybe_backup_at(&mut self, at: DateTime<Utc>) -> AutoBackup {
        let (Some(policy), Some(path)) = (self.backups.clone(), self.path.clone()) else {
            return AutoBackup::Disabled;
        };
        let due = |newest: Option<DateTime<Utc>>| newest.is_none_or(|t| at - t >= policy.interval);
        if !due(self.newest_backup) {
            return AutoBackup::NotDue;
        }
        let (outcome, newest) = auto_backup_with(&self.conn, &path, &policy, at);
        self.newest_backup = newest;
        outcome
    }

    fn file_path(&self) -> Result<PathBuf> {
        self.path
            .clone()
            .ok_or_else(|| Error::invalid("library", "an in-memory library has no backups"))
    }
}

/// The automatic backup of [`Library::maybe_backup_at`] on a connection of its own, so an app
/// can run it on a background thread without holding its [`Library`] (a backup reads the whole
/// file: about 2 s for 100,000 briefs). Open the library with `OpenOptions::backups = None`
/// and call this after opening and after writes instead.
#[instrument(skip_all)]
pub fn auto_backup(library: &Path, policy: &BackupPolicy, at: DateTime<Utc>) -> AutoBackup {
    let conn = match Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(e) => {
            return AutoBackup::Failed {
                message: format!("the automatic backup failed: {e}"),
            };
        }
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    auto_backup_with(&conn, library, policy, at).0
}

/// Whether an automatic backup of the library at `library` is due at `at`: its newest backup is
/// an interval old, or it has none. Cheap (one listing of the backups folder), so a program can
/// ask before it hands the backup itself to a process or thread of its own. A folder that
/// cannot be listed counts as due, so the backup's own failure says why.
pub fn auto_backup_due(library: &Path, policy: &BackupPolicy, at: DateTime<Utc>) -> bool {
    match list_backups(library) {
        Ok(list) => list
            .first()
            .is_none_or(|b| at - b.created >= policy.interval),
        Err(_) => true,
    }
}

/// [`auto_backup`], unless nothing was written to the library since its newest backup, so an
/// idle app never pushes the older, different backups out of the kept ones. `None` when nothing
/// changed; a failure to look is [`AutoBackup::Failed`], like a failed backup.
pub fn auto_backup_if_edited(
    library: &Path,
    policy: &BackupPolicy,
    at: DateTime<Utc>,
) -> Option<AutoBackup> {
    let newest = match list_backups(library) {
        Ok(list) => list.first().map(|b| b.created),
        Err(e) => {
            return Some(AutoBackup::Failed {
                message: format!("the automatic backup failed: {e}"),
            });
        }
    };
    // Backup times are kept to the second: a write in the same second counts as after it.
    if let (Some(newest), Some(written)) = (newest, last_write(library))
        && written.trunc_subsecs(0) < newest
    {
        return None;
    }
    Some(auto_backup(library, policy, at))
}

/// When the library was last written: its file or, in WAL mode, its `-wal` beside it.
fn last_write(library: &Path) -> Option<DateTime<Utc>> {
    [library.to_path_buf(), sidecar(library, "-wal")]
        .iter()
        .filter_map(|file| std::fs::metadata(file).and_then(|m| m.modified()).ok())
        .max()
        .map(DateTime::<Utc>::from)
}

/// Backs up if the newest backup is an interval old, then prunes. Returns what happened and the
/// time of the newest backup now known.
fn auto_backup_with(
    conn: &Connection,
    path: &Path,
    policy: &BackupPolicy,
    at: DateTime<Utc>,
) -> (AutoBackup, Option<DateTime<Utc>>) {
    let due = |newest: Option<DateTime<Utc>>| newest.is_none_or(|t| at - t >= policy.interval);
    // Another handle (the CLI, a second window) may have made one since.
    let newest = match list_backups(path) {
        Ok(list) => list.first().map(|b| b.created),
        Err(e) => {
            return (
                AutoBackup::Failed {
                    message: format!("the automatic backup failed: {e}"),
                },
                None,
            );
        }
    };
    if !due(newest) {
        return (AutoBackup::NotDue, newest);
    }
    let made = backup_connection(conn, path, BackupKind::Auto, at)
        .and_then(|info| prune(path, policy.keep.max(1)).map(|()| info));
    match made {
        Ok(backup) => {
            let created = backup.created;
            (AutoBackup::Made { backup }, Some(created))
        }
        // `newest` stays as it was: try again at the next write rather than an hour later.
        Err(e) => (
            AutoBackup::Failed {
                message: format!("the automatic backup failed: {e}"),
            },
            newest,
        ),
    }
}
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RestoreReport {
    /// The backup now in place.
    pub restored_from: String,
    /// The library as it was before, kept in the backups folder (none if there was no file).
    pub previous: Option<BackupInfo>,
}

/// Replaces the library at `library` with the backup at `backup`, safely:
///
/// 1. the backup must be a Briefdesk library this version can open, passing `integrity_check`
///    (checked read-only: the backup is never changed);
/// 2. the library must not be open in another program, even an idle one (it would go on
///    writing to the replaced file, and what it wrote would be lost);
/// 3. the current library is kept as a `before-restore` backup (a raw copy if it is damaged);
/// 4. the backup is copied beside the library, synced, and renamed over it in one atomic step.
///
/// Close every [`Library`] handle on `library` first. On any failure before step 4 the library
/// is as it was.
#[instrument(skip_all, fields(backup = %backup.display()))]
pub fn restore(library: &Path, backup: &Path) -> Result<RestoreReport> {
    if same_file(library, backup) {
        return Err(Error::invalid(
            "backup",
            format!("{} is the library itself", backup.display()),
        ));
    }
    validate_backup(backup)?;
    let (previous, guard) = if library.exists() {
        let (kept, guard) = keep_current(library)?;
        (Some(kept), guard)
    } else {
        (None, None)
    };
    let pending = PendingFile::beside(library, ".restoring-")?;
    std::fs::copy(backup, pending.path()).map_err(|source| Error::Io {
        context: format!("cannot copy {}", backup.display()),
        source,
    })?;
    // Held until now so that no program opens the library between the check and the swap; let
    // go before the WAL beside it is removed, which Windows refuses for a file still open.
    drop(guard);
    // A WAL left beside the old file would be replayed into the restored one and damage it. Its
    // contents are in the `before-restore` copy (checkpointed, or copied with it).
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(library, suffix);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Io {
                    context: format!("cannot remove {}", side.display()),
                    source,
                });
            }
        }
    }
    // Keeps the library's permissions if it was there; a private copy if it was not.
    pending.commit(Access::Private)?;
    // Opens (and upgrades, if the backup is from an older version) to prove the result works.
    Library::open_with(
        library,
        &super::OpenOptions {
            backups: None,
            ..super::OpenOptions::default()
        },
    )?;
    Ok(RestoreReport {
        restored_from: backup.display().to_string(),
        previous,
    })
}

fn sidecar(library: &Path, suffix: &str) -> PathBuf {
    let mut name = library.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Checks, read-only, that `backup` is a library this version can open and SQLite finds whole.
pub fn validate_backup(backup: &Path) -> Result<()> {
    let not_library = |detail: &str| Error::NotALibrary {
        path: backup.to_path_buf(),
        detail: detail.into(),
    };
    let mut header = [0u8; 16];
    let read = std::fs::File::open(backup)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut header))
        .map_err(|source| Error::Io {
            context: format!("cannot read {}", backup.display()),
            source,
        })?;
    if read < header.len() || &header != b"SQLite format 3\0" {
        return Err(not_library("not a SQLite database file"));
    }
    let timeout = std::time::Duration::from_secs(5);
    let classify = |e| open::classify(e, backup, timeout);
    let conn = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(classify)?;
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(classify)?;
    let latest = latest_schema_version();
    if version > latest {
        return Err(Error::TooNew {
            path: backup.to_path_buf(),
            found: version,
            known: latest,
        });
    }
    let has_briefs: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'briefs'",
            [],
            |r| r.get(0),
        )
        .map_err(classify)?;
    if version == 0 || !has_briefs {
        return Err(not_library(
            "a SQLite database, but not a Briefdesk library",
        ));
    }
    match open::integrity_check(&conn).map_err(classify)? {
        Ok(()) => Ok(()),
        Err(detail) => Err(Error::Corrupt {
            path: backup.to_path_buf(),
            detail,
        }),
    }
}

/// Keeps the library at `library` as a `before-restore` backup, refusing if it is in use. Also
/// returns, when the file opens as a database, the connection that holds it exclusively: no
/// other program can open it while that connection lives.
fn keep_current(library: &Path) -> Result<(BackupInfo, Option<Connection>)> {
    let at = now().trunc_subsecs(0);
    let timeout = std::time::Duration::from_millis(500);
    let conn = Connection::open_with_flags(
        library,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok();
    if let Some(held) = &conn {
        held.busy_timeout(timeout)?;
        // Every open connection to a WAL library, idle or not, holds a shared lock on the file,
        // so an exclusive lock (kept to the end in this locking mode) proves there is none.
        // Then the WAL is folded into the file; "busy" there means the same.
        let locked = match held
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
            .and_then(|()| {
                held.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    r.get::<_, i64>(0)
                })
            }) {
            Ok(flag) => flag == 1,
            Err(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
        };
        if locked {
            return Err(Error::Locked {
                path: library.to_path_buf(),
                waited_ms: 500,
            });
        }
        if open::integrity_check(held).is_ok_and(|r| r.is_ok())
            && let Ok(info) = backup_connection(held, library, BackupKind::BeforeRestore, at)
        {
            return Ok((info, conn));
        }
    }
    // Damaged or not a database: keep the bytes as they are, with any WAL beside them.
    create_backups_dir(library)?;
    let dest = free_name(library, BackupKind::BeforeRestore, at);
    // The WAL first: once the file is there under its name, the copy is whole.
    let wal = sidecar(library, "-wal");
    if wal.exists() {
        copy_whole(&wal, &sidecar(&dest, "-wal"), Access::Private)?;
    }
    let size = copy_whole(library, &dest, Access::Private)?;
    let kept = BackupInfo {
        path: dest.display().to_string(),
        created: at,
        size,
        kind: BackupKind::BeforeRestore,
    };
    Ok((kept, conn))
}
