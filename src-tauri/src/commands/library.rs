//! Facts about the open library (its name and size, its tags), and the sample issue.

use briefdesk_core::{LibraryInfo, Publication, TagInfo};
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

/// The publication settings exports use: name, tagline, footer, default format.
#[tauri::command]
pub async fn get_publication(state: State<'_, AppState>) -> IpcResult<Publication> {
    state.with(|lib| lib.publication())
}

#[tauri::command]
pub async fn set_publication(
    state: State<'_, AppState>,
    publication: Publication,
) -> IpcResult<Publication> {
    state.with(|lib| {
        lib.set_publication(&publication)?;
        lib.publication()
    })
}
