//! The one error type of the core. Every message says what is wrong and where.

use std::fmt;

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
    #[error("library file error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("could not upgrade the library's schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
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
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
            Error::Io { .. } => "io",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
