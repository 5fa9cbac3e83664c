//! The library's backups in the app: the list, a backup on request, and restoring one.

use std::path::PathBuf;

use briefdesk_core::library::backup;
use briefdesk_core::{BackupInfo, LibraryInfo};
use tauri::{State, WebviewWindow};

use crate::error::{ErrorCode, IpcResult, shell_error};
use crate::state::{AppState, blocking};

/// The library's backups, newest first; also when the library could not be opened, so that
/// the window can offer to restore one.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> IpcResult<Vec<BackupInfo>> {
    let path = state.path()?;
    let listed = state
        .with_slot(move |slot| match (slot, path) {
            (Ok(lib), _) => lib.backups(),
            (Err(_), Some(path)) => backup::list_backups(&path),
            (Err(_), None) => Ok(Vec::new()),
        })
        .await?;
    Ok(listed?)
}

/// A backup now, kept until the editor deletes it.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> IpcResult<BackupInfo> {
    state.run(move |lib| lib.backup_now()).await
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
        return Err(shell_error(
            ErrorCode::Invalid,
            "this library lives in memory and has no backups",
        ));
    };
    let listed = library.clone();
    let known = blocking(move || backup::list_backups(&listed)).await??;
    if !known.iter().any(|b| b.path == file) {
        return Err(shell_error(
            ErrorCode::NotFound,
            format!("{file} is not one of this library's backups"),
        ));
    }
    // Closed before its file is replaced (if it could be opened at all); commands meanwhile say
    // why they wait.
    state
        .close("the library is being restored from a backup")
        .await?;
    let (path, chosen) = (library.clone(), PathBuf::from(&file));
    let restored = blocking(move || backup::restore(&path, &chosen)).await?;
    // Reopened whether or not the restore went through: a failed restore leaves the file as it was.
    let info = super::library::open_in_window(&window, &state, library).await?;
    restored?;
    Ok(info)
}
