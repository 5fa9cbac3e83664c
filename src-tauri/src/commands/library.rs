//! Facts about the open library: its name and size, its tags.

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
