//! Facts about the open library (its name and size, its tags), and the sample issue.

use briefdesk_core::{LibraryInfo, TagInfo};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> IpcResult<LibraryInfo> {
    state.with(|lib| lib.info())
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> IpcResult<Vec<TagInfo>> {
    state.with(|lib| lib.tags())
}

/// Loads the sample issue into a new issue dated `date` (the editor's today); returns its number.
#[tauri::command]
pub async fn load_sample(state: State<'_, AppState>, date: chrono::NaiveDate) -> IpcResult<u32> {
    state.with(|lib| lib.load_sample(date))
}
