//! Facts about the open library (its name and size, its tags and their colours), and the sample issue.

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

/// Creates a tag ahead of any brief carrying it (so it can be coloured at once), or sets the
/// colour of the existing one; `colour` is `#rgb` or `#rrggbb`.
#[tauri::command]
pub async fn add_tag(
    state: State<'_, AppState>,
    name: String,
    colour: Option<String>,
) -> IpcResult<TagInfo> {
    state.with(|lib| lib.add_tag(&name, colour.as_deref()))
}

/// Sets a tag's colour, or clears it when `colour` is absent.
#[tauri::command]
pub async fn recolour_tag(
    state: State<'_, AppState>,
    name: String,
    colour: Option<String>,
) -> IpcResult<TagInfo> {
    state.with(|lib| lib.recolour_tag(&name, colour.as_deref()))
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
