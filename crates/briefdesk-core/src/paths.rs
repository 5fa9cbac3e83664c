//! Where the library file lives unless the editor says otherwise. Shared by the app and the CLI.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// Names the library file for both the desktop app and the CLI, overriding the default.
pub const LIBRARY_ENV: &str = "BRIEFDESK_LIBRARY";

/// The default library file in the OS data directory
/// (Linux: `$XDG_DATA_HOME/briefdesk/library.sqlite3`, macOS: `~/Library/Application Support/app.Briefdesk.Briefdesk/`,
/// Windows: `%APPDATA%\Briefdesk\Briefdesk\data\`).
pub fn default_library_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("app", "Briefdesk", "Briefdesk")
        .map(|dirs| dirs.data_dir().join("library.sqlite3"))
        .ok_or_else(|| Error::Io {
            context: "cannot find the home folder to keep the library in".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })
}

/// `BRIEFDESK_LIBRARY` if set and not empty, else the default path.
pub fn library_path_from_env() -> Result<PathBuf> {
    match std::env::var_os(LIBRARY_ENV).filter(|v| !v.is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => default_library_path(),
    }
}
