//! The library: one SQLite file holding an editor's briefs, tags and issues.

pub mod backup;
mod briefs;
mod check;
pub mod dump;
mod export;
mod feeds;
mod import;
mod issues;
mod layouts;
mod list;
mod open;
mod outlets;
pub mod replica;
pub mod review;
mod search;
mod snapshots;
mod tags;
pub mod team_issues;
pub mod team_view;
mod unfinished;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use crate::error::{Error, Result};
use crate::model::{AutoBackup, BackupKind, DateStyle, ExportFormat, LibraryInfo, Publication};

pub use feeds::{
    Feed, FeedFetch, FeedFetched, FeedItem, FeedItemPage, FeedItemQuery, FeedItemState,
    FeedValidators, IncomingItem,
};
pub use import::{IMPORT_PART, ImportCommitted, ImportRun, ImportStart};
pub use layouts::SavedLayout;
pub use open::{BackupPolicy, CheckOnOpen, OpenOptions, check_whole_file, integrity_check};
pub use search::register_functions;
pub use snapshots::{PageFacts, Snapshot};

static MIGRATIONS_DIR: Dir = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    // The directory is embedded at compile time and checked by `migrations_are_valid`.
    #[allow(clippy::expect_used)]
    Migrations::from_directory(&MIGRATIONS_DIR).expect("embedded migrations are well formed")
});

/// An open library file (or an in-memory one for tests).
pub struct Library {
    conn: Connection,
    path: Option<PathBuf>,
    backups: Option<BackupPolicy>,
    /// When the newest backup known to this handle was made, so that `maybe_backup` after every
    /// write does not list the backups folder each time.
    newest_backup: Option<chrono::DateTime<chrono::Utc>>,
    /// What the automatic backup on open did.
    opened_backup: AutoBackup,
    /// A reader ([`Library::open_reader`]): read-only, and it leaves the file to its writer.
    reader: bool,
}

/// The schema version this build writes: the number of migrations.
pub fn latest_schema_version() -> u32 {
    MIGRATIONS_DIR.dirs().count() as u32
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) if missing, and upgrades its
    /// schema; then makes an automatic backup if one is due. See [`Library::open_with`].
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_with(path, &OpenOptions::default())
    }

    /// Opens the library at `path` as [`Library::open`] does, with `options`.
    ///
    /// A file that is not a library, is damaged, comes from a newer Briefdesk, stays locked
    /// longer than `options.busy_timeout`, or is read-only is refused with its own error
    /// ([`Error::is_open_failure`]) and left untouched. A schema upgrade runs in one transaction
    /// (all of it or none), after a backup of the file as it was.
    pub fn open_with(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Library> {
        let path = path.as_ref();
        let _span = tracing::info_span!("open_library", path = %path.display()).entered();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                context: format!("cannot create the folder {}", parent.display()),
                source,
            })?;
        }
        let latest = latest_schema_version();
        let timeout = options.busy_timeout;
        let checked = open::open_checked(path, options, latest)?;
        let checked_now = checked.checked;
        if checked.version > 0 && checked.version < latest {
            // The upgrade is one transaction, but a copy of the file as the older Briefdesk
            // left it also lets the editor go back to that version.
            backup::backup_connection(&checked.conn, path, BackupKind::BeforeUpgrade, now())?;
        }
        let mut lib =
            Library::init(checked.conn, Some(path.to_path_buf())).map_err(|e| match e {
                Error::Migration(e) => open::classify_migration(e, path, timeout),
                Error::Database(e) => open::classify(e, path, timeout),
                other => other,
            })?;
        lib.backups = options.backups.clone();
        // An import stored in parts whose process died before its last part: taken away.
        unfinished::recover(&mut lib.conn, path)?;
        if checked_now {
            open::record_check(path);
        }
        if checked.version > 0 {
            // A new library has nothing worth a backup yet.
            lib.opened_backup = lib.maybe_backup();
        }
        Ok(lib)
    }

    /// A reader of the library at `path`, which a writer ([`Library::open`]) has opened (and
    /// upgraded) already: a read-only connection of its own, so that with WAL its reads run
    /// beside the writer's work (an import, an export, a backup) instead of waiting behind it,
    /// and see what was committed when each read began. Every change fails on it (SQLite's
    /// read-only error); nothing is checked, migrated or backed up here.
    pub fn open_reader(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref();
        let timeout = OpenOptions::default().busy_timeout;
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open::classify(e, path, timeout))?;
        conn.busy_timeout(timeout)?;
        search::register_functions(&conn)?;
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| open::classify(e, path, timeout))?;
        let latest = latest_schema_version();
        if version > latest {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: latest,
            });
        }
        if version < latest {
            // A reader reads the schema this build writes; the writer upgrades the file first.
            return Err(Error::Conflict(format!(
                "the library {} is at schema version {version}, not {latest}: it is read once \
                 Briefdesk has opened (and upgraded) it",
                path.display()
            )));
        }
        Ok(Library {
            conn,
            path: Some(path.to_path_buf()),
            backups: None,
            newest_backup: None,
            opened_backup: AutoBackup::Disabled,
            reader: true,
        })
    }

    /// Whether this is a reader ([`Library::open_reader`]).
    pub fn is_reader(&self) -> bool {
        self.reader
    }

    /// A fresh library that lives only as long as this value.
    pub fn open_in_memory() -> Result<Library> {
        Library::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> Result<Library> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        search::register_functions(&conn)?;
        // Migrate before switching to WAL: a failed upgrade then leaves even the file header as
        // it was (switching the journal mode rewrites two header bytes).
        MIGRATIONS.to_latest(&mut conn)?;
        // WAL lets the CLI read while the app writes; FULL sync makes each commit survive power loss.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(Library {
            conn,
            path,
            backups: None,
            newest_backup: None,
            opened_backup: AutoBackup::Disabled,
            reader: false,
        })
    }

    /// The connection, for the core's modules that read across tables (checks, exports).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn info(&self) -> Result<LibraryInfo> {
        let brief_count: u32 = self
            .conn
            .query_row("SELECT count(*) FROM briefs", [], |r| r.get(0))?;
        let path = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".to_string());
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "in-memory library".to_string());
        Ok(LibraryInfo {
            path,
            name,
            brief_count,
        })
    }

    pub fn publication(&self) -> Result<Publication> {
        read_publication(&self.conn)
    }

    pub fn set_publication(&mut self, publication: &Publication) -> Result<()> {
        self.conn.execute(
            "UPDATE publication SET name = ?1, tagline = ?2, footer = ?3, default_template = ?4,
                 date_style = ?5 WHERE id = 1",
            (
                publication.name.trim(),
                publication.tagline.trim(),
                publication.footer.trim_end(),
                publication.default_template.as_str(),
                publication.date_style.name(),
            ),
        )?;
        Ok(())
    }

    /// SQLite's `data_version` on this connection: it moves on whenever another connection (the
    /// CLI, another window, a script) commits to the file, and never for this one's own writes;
    /// so a caller polling it learns of changes made elsewhere, cheaply.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Reads the whole file with SQLite's `integrity_check` (every page, every index against its
    /// table): [`Error::Corrupt`] when anything is damaged. `briefdesk verify`, and the app's
    /// check in the background, run it; it notes when it passed, for [`CheckOnOpen::WhenDue`].
    pub fn verify(&self) -> Result<()> {
        let path = self.path.clone().unwrap_or_default();
        let found = open::integrity_check(&self.conn)
            .map_err(|e| open::classify(e, &path, std::time::Duration::ZERO))?;
        match found {
            Ok(()) => {
                if let Some(path) = &self.path {
                    open::record_check(path);
                }
                Ok(())
            }
            Err(detail) => Err(Error::Corrupt { path, detail }),
        }
    }

    /// The schema version the library is at (the number of migrations applied).
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

impl Drop for Library {
    /// Folds the WAL into the file and notes the file as left, so the next open with
    /// [`CheckOnOpen::WhenDue`] knows it was closed cleanly. Only when every change reached the
    /// file: with another program still writing, the next open checks.
    fn drop(&mut self) {
        let Some(path) = self.path.as_ref().filter(|_| !self.reader) else {
            return;
        };
        let folded = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .is_ok_and(|(busy, log, done)| busy == 0 && log == done);
        if folded {
            open::record_clean_close(path);
        }
    }
}

pub(crate) fn read_publication(conn: &Connection) -> Result<Publication> {
    Ok(conn.query_row(
        "SELECT name, tagline, footer, default_template, date_style FROM publication WHERE id = 1",
        [],
        |r| {
            let format: String = r.get(3)?;
            let style: String = r.get(4)?;
            Ok(Publication {
                name: r.get(0)?,
                tagline: r.get(1)?,
                footer: r.get(2)?,
                // Only known names are stored; an unknown one could only come from a newer
                // Briefdesk, and the defaults are the safe reading of it.
                default_template: ExportFormat::parse(&format).unwrap_or_default(),
                date_style: DateStyle::parse(&style).unwrap_or_default(),
            })
        },
    )?)
}

pub(crate) fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Stored timestamps: RFC 3339 in UTC with microseconds, so they also sort as text.
pub(crate) fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn parse_timestamp(
    text: &str,
    column: usize,
) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                column,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
}

pub(crate) fn parse_uuid(text: &str, column: usize) -> rusqlite::Result<uuid::Uuid> {
    uuid::Uuid::parse_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn parse_date(text: &str, column: usize) -> rusqlite::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        // `validate` on a connection with the library's SQL functions (schema version 7 calls one).
        let mut conn = Connection::open_in_memory().expect("in-memory connection");
        search::register_functions(&conn).expect("functions");
        assert!(MIGRATIONS.to_latest(&mut conn).is_ok());
    }

    #[test]
    fn pragmas_hold_on_a_file_library() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lib = Library::open(dir.path().join("nested/lib.sqlite3")).expect("open");
        let mode: String = lib
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
        let sync: i64 = lib
            .conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("sync");
        assert_eq!(sync, 2, "synchronous=FULL");
        let fk: i64 = lib
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1);
        let migrations = MIGRATIONS_DIR.dirs().count() as u32;
        assert_eq!(lib.schema_version().expect("version"), migrations);
    }
}
