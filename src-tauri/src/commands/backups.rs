//! The library's backups in the app: the list, a backup on request, and restoring one.

use std::path::PathBuf;

use briefdesk_core::library::backup;
use briefdesk_core::{BackupInfo, LibraryInfo};
use tauri::{State, WebviewWindow};

use super::transfer::blocking;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The library's backups, newest first; also when the library could not be opened, so that
/// the window can offer to restore one.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> IpcResult<Vec<BackupInfo>> {
    if state.is_open()? {
        return state.with(|lib| lib.backups());
    }
    match state.path()? {
        Some(path) => Ok(backup::list_backups(&path)?),
        None => Ok(Vec::new()),
    }
}

/// A backup now, kept until the editor deletes it.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> IpcResult<BackupInfo> {
    state.with(|lib| lib.backup_now())
}

/// Puts backup `file` (one of [`list_backups`]) in place of the library, keeping the library
/// as it was as a backup first, and reopens it; also for a library that could not be opened.
/// The window reloads afterwards.
#[tauri::command]
pub async fn restore_backup(
    window: WebviewWindow,
    state: State<'_, AppState>,
    file: String,
) -> IpcResult<LibraryInfo> {
    // Only a backup of this library: the page never names another file to read.
    let Some(library) = state.path()? else {
        return Err(IpcError {
            code: "invalid",
            message: "this library lives in memory and has no backups".into(),
        });
    };
    let known = backup::list_backups(&library)?;
    if !known.iter().any(|b| b.path == file) {
        return Err(IpcError {
            code: "not_found",
            message: format!("{file} is not one of this library's backups"),
        });
    }
    // Closed before its file is replaced (if it could be opened at all); commands meanwhile say
    // why they wait.
    if state.is_open()? {
        drop(state.take("the library is being restored from a backup")?);
    }
    let (path, chosen) = (library.clone(), PathBuf::from(&file));
    let restored = blocking(move || backup::restore(&path, &chosen)).await?;
    // Reopened whether or not the restore went through: a failed restore leaves the file as it was.
    let info = super::library::open_in_window(&window, &state, library).await?;
    restored?;
    Ok(info)
}
