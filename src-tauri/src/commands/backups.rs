//! The library's backups in the app: the list, a backup on request, and restoring one.

use std::path::PathBuf;

use briefdesk_core::library::backup;
use briefdesk_core::{BackupInfo, LibraryInfo};
use tauri::{State, WebviewWindow};

use super::transfer::blocking;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The open library's backups, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> IpcResult<Vec<BackupInfo>> {
    state.with(|lib| lib.backups())
}

/// A backup now, kept until the editor deletes it.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> IpcResult<BackupInfo> {
    state.with(|lib| lib.backup_now())
}

/// Puts backup `file` (one of [`list_backups`]) in place of the open library, keeping the
/// library as it was as a backup first, and reopens it. The window reloads afterwards.
#[tauri::command]
pub async fn restore_backup(
    window: WebviewWindow,
    state: State<'_, AppState>,
    file: String,
) -> IpcResult<LibraryInfo> {
    // Only a backup of this library: the page never names another file to read.
    let (library, known) = state.with(|lib| Ok((lib.path().map(PathBuf::from), lib.backups()?)))?;
    let Some(library) = library else {
        return Err(IpcError {
            code: "invalid",
            message: "this library lives in memory and has no backups".into(),
        });
    };
    if !known.iter().any(|b| b.path == file) {
        return Err(IpcError {
            code: "not_found",
            message: format!("{file} is not one of this library's backups"),
        });
    }
    // Closed before its file is replaced; commands meanwhile say why they wait.
    drop(state.take("the library is being restored from a backup")?);
    let (path, chosen) = (library.clone(), PathBuf::from(&file));
    let restored = blocking(move || backup::restore(&path, &chosen)).await?;
    // Reopened whether or not the restore went through: a failed restore leaves the file as it was.
    let info = super::library::open_in_window(&window, &state, library).await?;
    restored?;
    Ok(info)
}
