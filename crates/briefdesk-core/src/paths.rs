//! Where the library file lives unless the editor says otherwise. Shared by the app and the CLI.

use std::path::{Path, PathBuf};

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

/// `BRIEFDESK_LIBRARY` if set and not empty, else [`library_path`].
pub fn library_path_from_env() -> Result<PathBuf> {
    match std::env::var_os(LIBRARY_ENV).filter(|v| !v.is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => library_path(),
    }
}

/// The library the app opened last if it is still there, else the default one.
pub fn library_path() -> Result<PathBuf> {
    match remembered_library() {
        Some(path) => Ok(path),
        None => default_library_path(),
    }
}

/// Where the app notes the library it opened last (Linux: `$XDG_CONFIG_HOME/briefdesk/last-library`).
fn last_library_note() -> Option<PathBuf> {
    directories::ProjectDirs::from("app", "Briefdesk", "Briefdesk")
        .map(|dirs| dirs.config_dir().join("last-library"))
}

/// The library noted by [`remember_library`], if the note and the file are both there.
pub fn remembered_library() -> Option<PathBuf> {
    let text = std::fs::read_to_string(last_library_note()?).ok()?;
    let path = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    path.is_file().then_some(path)
}

/// Notes `path` as the library to open next time (the app and the CLI both follow the note).
pub fn remember_library(path: &Path) -> Result<()> {
    let note = last_library_note().ok_or_else(|| Error::Io {
        context: "cannot find the settings folder to note the library in".into(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    })?;
    let text = path.to_str().ok_or_else(|| {
        Error::invalid("library", format!("{} is not a UTF-8 path", path.display()))
    })?;
    let io = |source| Error::Io {
        context: format!("cannot write {}", note.display()),
        source,
    };
    if let Some(folder) = note.parent() {
        std::fs::create_dir_all(folder).map_err(io)?;
    }
    // Whole or not at all, so a crash never leaves half a path to follow.
    crate::atomic_file::write_whole(&note, format!("{text}\n").as_bytes())
}

/// Overrides the folder the app writes its log to.
pub const LOG_DIR_ENV: &str = "BRIEFDESK_LOG_DIR";

/// Where the app writes its log: `BRIEFDESK_LOG_DIR` if set, else the OS's place for an app's
/// logs (Linux: `$XDG_STATE_HOME/briefdesk/logs`, usually `~/.local/state/briefdesk/logs`;
/// macOS: `~/Library/Logs/Briefdesk`; Windows: `%LOCALAPPDATA%\Briefdesk\Briefdesk\data\logs`).
pub fn log_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(LOG_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let not_found = || Error::Io {
        context: "cannot find the home folder to keep the log in".into(),
        source: std::io::Error::from(std::io::ErrorKind::NotFound),
    };
    if cfg!(target_os = "macos") {
        let base = directories::BaseDirs::new().ok_or_else(not_found)?;
        return Ok(base.home_dir().join("Library/Logs/Briefdesk"));
    }
    let dirs =
        directories::ProjectDirs::from("app", "Briefdesk", "Briefdesk").ok_or_else(not_found)?;
    Ok(dirs
        .state_dir()
        .unwrap_or_else(|| dirs.data_local_dir())
        .join("logs"))
}
