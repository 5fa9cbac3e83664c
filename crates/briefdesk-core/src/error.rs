//! The one error type of the core, and the shape every error takes when it leaves Briefdesk for
//! a window ([`IpcError`]). Every message says what is wrong and where, once, in words the person
//! using the app or the CLI can act on.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, in words an editor can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value the editor gave is not acceptable; `field` names it (`headline`, `sources[0].url`).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// Input being imported is not acceptable at `line` (1-based), and `column` where known;
    /// `field` names the value on that line when the fault is in one (`sources[0].url`).
    #[error("{}", located(*line, *column, field.as_deref(), message))]
    InvalidLine {
        line: usize,
        column: Option<usize>,
        field: Option<String>,
        message: String,
    },
    /// Nothing with that id or number exists.
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },
    /// The change would break a rule of the library (a second issue No. 12, a brief in two issues).
    #[error("{0}")]
    Conflict(String),
    /// A value the editor gave clashes with one the library holds (a second issue No. 12);
    /// `field` names it, as for [`Error::Invalid`].
    #[error("{field}: {message}")]
    FieldConflict { field: String, message: String },
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
    /// SQLite refused a read or write. Not a `source`: the message already says what SQLite
    /// said, and a chain printed whole (the CLI's) would say it twice.
    #[error("{}", database_message(.0))]
    Database(rusqlite::Error),
    #[error("{}", migration_message(.0))]
    Migration(rusqlite_migration::Error),
    /// The file exists but is not a SQLite database, or is another program's database.
    #[error(
        "{path} is not a Briefdesk library ({detail}); it was left untouched. Open another \
         library, or create a new one"
    )]
    NotALibrary { path: PathBuf, detail: String },
    /// SQLite found damage in the file (a torn write, a bad disk, an edit by another tool).
    /// How to restore a backup differs between the app and the CLI: see [`Error::cli_hint`].
    #[error(
        "the library {path} is damaged ({detail}); it was left untouched. Restore a backup, open \
         another library, or create a new one"
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

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Database(error)
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(error: rusqlite_migration::Error) -> Self {
        Error::Migration(error)
    }
}

/// What a full disk means for the editor: the change was refused whole, so nothing is lost.
const DISK_FULL: &str = "the disk is full, so this change was not saved; nothing already in the \
                         library was lost. Free some space on the disk, then try again";

fn database_message(error: &rusqlite::Error) -> String {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => DISK_FULL.to_string(),
        // rusqlite's text is SQLite's own message, or its code's description: said once.
        _ => format!("the library file could not be read or written: {error}"),
    }
}

fn migration_message(error: &rusqlite_migration::Error) -> String {
    match error {
        rusqlite_migration::Error::RusqliteError { err, .. }
            if err.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) =>
        {
            "the library's schema could not be upgraded because the disk is full; the library was \
             left as it was. Free some space on the disk, then open it again"
                .to_string()
        }
        rusqlite_migration::Error::RusqliteError { err, .. } => {
            format!("could not upgrade the library's schema: {err}")
        }
        other => format!("could not upgrade the library's schema: {other}"),
    }
}

/// `line 4: column 2: sources[0].url: text`, leaving out the parts that are absent.
fn located(line: usize, column: Option<usize>, field: Option<&str>, message: &str) -> String {
    let mut text = format!("line {line}: ");
    if let Some(column) = column {
        text.push_str(&format!("column {column}: "));
    }
    if let Some(field) = field {
        text.push_str(&format!("{field}: "));
    }
    text.push_str(message);
    text
}

impl Error {
    pub fn invalid(field: impl fmt::Display, message: impl fmt::Display) -> Self {
        Error::Invalid {
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    /// Input refused at `line` (1-based).
    pub fn at_line(line: usize, message: impl fmt::Display) -> Self {
        Error::InvalidLine {
            line,
            column: None,
            field: None,
            message: message.to_string(),
        }
    }

    /// Input refused at `line`, `column` (both 1-based).
    pub fn at_column(line: usize, column: usize, message: impl fmt::Display) -> Self {
        Error::InvalidLine {
            line,
            column: Some(column),
            field: None,
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
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } | Error::InvalidLine { .. } => ErrorCode::Invalid,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) | Error::FieldConflict { .. } => ErrorCode::Conflict,
            Error::ChangedElsewhere { .. } => ErrorCode::ChangedElsewhere,
            Error::Database(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) => {
                ErrorCode::DiskFull
            }
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
            Error::NotALibrary { .. } => ErrorCode::NotALibrary,
            Error::Corrupt { .. } => ErrorCode::Corrupt,
            Error::TooNew { .. } => ErrorCode::TooNew,
            Error::Locked { .. } => ErrorCode::Locked,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::Io { .. } => ErrorCode::Io,
        }
    }

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

    /// What to type next, for someone reading the message in a terminal: the window offers its
    /// own buttons instead, so the message itself names no command.
    pub fn cli_hint(&self) -> Option<&'static str> {
        match self {
            Error::Corrupt { .. } => Some(
                "to restore a backup: `briefdesk backups` lists them, `briefdesk restore FILE` \
                 puts one in place",
            ),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The kind of an error, for programs (the window) to tell errors apart; serialised snake_case,
/// a string union in TypeScript. The core's errors have a code each ([`Error::code`]); the
/// desktop shell and the window add the few that only they can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value given is not acceptable (`field` or `line` says which).
    Invalid,
    NotFound,
    Conflict,
    /// The brief was saved elsewhere after this edit began; nothing was written.
    ChangedElsewhere,
    /// The disk is full; the change was not saved, nothing stored was lost.
    DiskFull,
    Database,
    Migration,
    NotALibrary,
    Corrupt,
    TooNew,
    Locked,
    ReadOnly,
    Io,
    /// The shell: no library is open (it failed to open, or is being replaced).
    LibraryUnavailable,
    /// The shell: something that should not happen (a command that stopped midway).
    Internal,
    /// The shell: an import named a file the editor did not pick in the open dialog.
    NotPicked,
    /// The shell: the system browser would not open a link.
    OpenFailed,
    /// The shell: the clipboard refused.
    Clipboard,
    /// The shell: checking for, downloading or installing an update failed or was refused
    /// (offline, a bad signature, a broken download); the installed app is unchanged.
    Update,
    /// The window: the page runs outside the Briefdesk app, with no core to call.
    NoBackend,
    /// The window: a failure in a shape no command produces.
    Unknown,
}

impl ErrorCode {
    /// Every code, for the window to tell a code from a stray string (ErrorCodes.ts).
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::Invalid,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::ChangedElsewhere,
        ErrorCode::DiskFull,
        ErrorCode::Database,
        ErrorCode::Migration,
        ErrorCode::NotALibrary,
        ErrorCode::Corrupt,
        ErrorCode::TooNew,
        ErrorCode::Locked,
        ErrorCode::ReadOnly,
        ErrorCode::Io,
        ErrorCode::LibraryUnavailable,
        ErrorCode::Internal,
        ErrorCode::NotPicked,
        ErrorCode::OpenFailed,
        ErrorCode::Clipboard,
        ErrorCode::Update,
        ErrorCode::NoBackend,
        ErrorCode::Unknown,
    ];

    /// The code as it is serialised (`not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Invalid => "invalid",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::ChangedElsewhere => "changed_elsewhere",
            ErrorCode::DiskFull => "disk_full",
            ErrorCode::Database => "database",
            ErrorCode::Migration => "migration",
            ErrorCode::NotALibrary => "not_a_library",
            ErrorCode::Corrupt => "corrupt",
            ErrorCode::TooNew => "too_new",
            ErrorCode::Locked => "locked",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Io => "io",
            ErrorCode::LibraryUnavailable => "library_unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::NotPicked => "not_picked",
            ErrorCode::OpenFailed => "open_failed",
            ErrorCode::Clipboard => "clipboard",
            ErrorCode::Update => "update",
            ErrorCode::NoBackend => "no_backend",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// A code compares with its serialised name (`err.code() == "not_found"`).
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error as it crosses to a window: `{ code, message, field?, line?, column? }`.
///
/// `message` is the whole sentence, as the CLI prints it. Where the error belongs to a form
/// field, `field` names it (`sources[1].url`) and `message` begins `{field}: `; where it belongs
/// to a line of imported input, `line` (and `column`) say where and `message` begins
/// `line {line}: ` (then `column {column}: `). A window can so place the error beside its field
/// and show the rest of the sentence there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub column: Option<u32>,
}

impl IpcError {
    /// An error belonging to no field or line.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            field: None,
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for IpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        let mut ipc = IpcError::new(error.code(), error.to_string());
        match error {
            Error::Invalid { field, .. } | Error::FieldConflict { field, .. } => {
                ipc.field = Some(field);
            }
            Error::InvalidLine {
                line,
                column,
                field,
                ..
            } => {
                ipc.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
                ipc.column = column.map(|c| u32::try_from(c).unwrap_or(u32::MAX));
                ipc.field = field;
            }
            _ => {}
        }
        ipc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk_full() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        )
    }

    /// Every message the error and its sources print, as the CLI prints a chain (`{:#}`).
    fn chain(error: &(dyn std::error::Error + 'static)) -> String {
        let mut text = error.to_string();
        let mut cause = error.source();
        while let Some(e) = cause {
            text.push_str(&format!(": {e}"));
            cause = e.source();
        }
        text
    }

    #[test]
    fn a_full_disk_says_so_once_that_nothing_was_lost_and_what_to_do() {
        let error = Error::from(disk_full());
        let text = chain(&error);
        assert_eq!(
            text,
            "the disk is full, so this change was not saved; nothing already in the library was \
             lost. Free some space on the disk, then try again"
        );
        assert_eq!(error.code(), ErrorCode::DiskFull);
        let migration = Error::from(rusqlite_migration::Error::RusqliteError {
            query: "ALTER TABLE briefs ADD x".into(),
            err: disk_full(),
        });
        let text = chain(&migration);
        assert!(text.contains("the disk is full"), "{text}");
        assert!(!text.contains("Error code"), "{text}");
    }

    #[test]
    fn other_database_errors_say_sqlites_words_once() {
        let error = Error::from(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            Some("disk I/O error".into()),
        ));
        let text = chain(&error);
        assert_eq!(
            text,
            "the library file could not be read or written: disk I/O error"
        );
        assert_eq!(text.matches("disk I/O error").count(), 1, "{text}");
        assert_eq!(IpcError::from(error).code, ErrorCode::Database);
    }

    #[test]
    fn a_damaged_library_names_no_command_in_its_message_and_gives_the_cli_one() {
        let error = Error::Corrupt {
            path: PathBuf::from("/home/ed/briefs.sqlite3"),
            detail: "database disk image is malformed".into(),
        };
        let text = error.to_string();
        assert!(!text.contains("briefdesk "), "{text}");
        assert!(text.contains("Restore a backup"), "{text}");
        assert!(
            error
                .cli_hint()
                .is_some_and(|hint| hint.contains("briefdesk restore"))
        );
    }

    #[test]
    fn every_code_is_listed_once_and_named_as_serde_names_it() {
        // as_str's match is exhaustive, so a new variant must be named there; ALL must then
        // hold it for its index to be found.
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(
                serde_json::to_value(code).ok(),
                Some(serde_json::Value::from(code.as_str()))
            );
            assert_eq!(ErrorCode::ALL.iter().position(|c| c == code), Some(i));
        }
        let serialised = serde_json::to_string(&ErrorCode::ALL).unwrap_or_default();
        let ts = ErrorCode::export_to_string(&ts_rs::Config::new()).unwrap_or_default();
        assert_eq!(
            ts.matches(" | ").count() + 1,
            ErrorCode::ALL.len(),
            "ALL misses a code: {serialised} vs {ts}"
        );
    }

    #[test]
    fn ipc_errors_carry_the_field_or_line_they_belong_to() {
        let field = IpcError::from(Error::invalid("sources[1].url", "\"x\" is not a valid URL"));
        assert_eq!(field.code, ErrorCode::Invalid);
        assert_eq!(field.field.as_deref(), Some("sources[1].url"));
        assert_eq!(field.message, "sources[1].url: \"x\" is not a valid URL");
        assert_eq!(field.line, None);

        let line = IpcError::from(Error::at_column(4, 2, "EOF while parsing a list"));
        assert_eq!((line.line, line.column), (Some(4), Some(2)));
        assert_eq!(line.message, "line 4: column 2: EOF while parsing a list");
        assert_eq!(line.field, None);

        let json = serde_json::to_value(IpcError::from(Error::Conflict("taken".into())))
            .unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({ "code": "conflict", "message": "taken" }),
            "absent locations are left out, not null"
        );
        let json = serde_json::to_value(IpcError::new(ErrorCode::LibraryUnavailable, "x"))
            .unwrap_or_default();
        assert_eq!(json["code"], "library_unavailable");
    }
}
