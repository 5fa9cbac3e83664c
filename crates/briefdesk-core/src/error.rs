//! The one error type of the core. Every message says what is wrong and where.

use std::fmt;
use std::path::PathBuf;

/// What went wrong, in words an editor can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the editor gave is not acceptable; `field` names it (`headline`, `sources[0].url`).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Nothing with that id or number exists.
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// The change would break a rule of the library (a second issue No. 12, a brief in two issues).
    #[error("{0}")]
    Conflict(String),
    /// A save began from an older version of the brief than the library holds: someone else
    /// (another window, a `briefdesk` command) changed it meanwhile. Nothing was written.
    #[error(
        "brief {headline:?} was changed elsewhere (in another window or by a `briefdesk` command) \
         after this edit began: the edit started from version {base}, the library holds version \
         {current}. Nothing was saved; reload the brief, or save again to replace that change"
    )]
    ChangedElsewhere {
        id: uuid::Uuid,
        headline: String,
        base: u32,
        current: u32,
    },
    #[error("library file error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("could not upgrade the library's schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The file exists but is not a SQLite database, or is another program's database.
    #[error(
        "{path} is not a Briefdesk library ({detail}); it was left untouched. Open another \
         library, or create a new one"
    )]
    NotALibrary { path: PathBuf, detail: String },
    /// SQLite found damage in the file (a torn write, a bad disk, an edit by another tool).
    #[error(
        "the library {path} is damaged ({detail}); it was left untouched. Restore a backup \
         (`briefdesk backups`, `briefdesk restore FILE`), open another library, or create a new one"
    )]
    Corrupt { path: PathBuf, detail: String },
    /// Written by a newer Briefdesk whose schema this build does not know.
    #[error(
        "the library {path} was written by a newer Briefdesk (schema version {found}; this \
         version knows up to {known}); it was left untouched. Update Briefdesk to open it"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        known: u32,
    },
    /// Another program held a lock on the file for longer than Briefdesk waits.
    #[error(
        "the library {path} is locked by another program (waited {waited_ms} ms); it was left \
         untouched. Close the other program (another Briefdesk window or a `briefdesk` command) \
         and try again"
    )]
    Locked { path: PathBuf, waited_ms: u64 },
    /// Briefdesk cannot write to the file (its permissions, or a read-only disk).
    #[error(
        "the library {path} is read-only ({detail}); it was left untouched. Make it writable, or \
         copy it somewhere you can write to"
    )]
    ReadOnly { path: PathBuf, detail: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn invalid(field: impl fmt::Display, message: impl fmt::Display) -> Self {
        Error::Invalid {
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    pub fn not_found(what: &'static str, key: impl fmt::Display) -> Self {
        Error::NotFound {
            what,
            key: key.to_string(),
        }
    }

    /// A stable, machine-readable name for the kind of error (crosses IPC as `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::ChangedElsewhere { .. } => "changed_elsewhere",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
            Error::NotALibrary { .. } => "not_a_library",
            Error::Corrupt { .. } => "corrupt",
            Error::TooNew { .. } => "too_new",
            Error::Locked { .. } => "locked",
            Error::ReadOnly { .. } => "read_only",
            Error::Io { .. } => "io",
        }
    }
}

impl Error {
    /// Whether this is one of the ways a library file can fail to open, each of which leaves the
    /// file untouched and offers the editor a way on (restore, open another, create new).
    pub fn is_open_failure(&self) -> bool {
        matches!(
            self,
            Error::NotALibrary { .. }
                | Error::Corrupt { .. }
                | Error::TooNew { .. }
                | Error::Locked { .. }
                | Error::ReadOnly { .. }
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
