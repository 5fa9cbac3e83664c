//! Import layouts saved from the import preview: save one, list, rename and delete them.

use briefdesk_core::LibraryChange;
use briefdesk_core::import::ImportOptions;
use briefdesk_core::library::SavedLayout;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// Every saved layout, by name.
#[tauri::command]
pub async fn list_import_layouts(state: State<'_, AppState>) -> IpcResult<Vec<SavedLayout>> {
    state.run(move |lib| lib.layouts()).await
}

/// Saves, as `name`, the layout the preview read `text` with (`options` as the preview had
/// them: the saved layout it used and the editor's corrections).
#[tauri::command]
pub async fn save_import_layout(
    state: State<'_, AppState>,
    name: String,
    text: String,
    options: ImportOptions,
) -> IpcResult<SavedLayout> {
    state
        .change(
            move |lib| lib.save_layout_from(&name, text.as_bytes(), &options),
            |_| LibraryChange::default(),
        )
        .await
}

/// Renames a saved layout; refuses a name another layout has.
#[tauri::command]
pub async fn rename_import_layout(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> IpcResult<SavedLayout> {
    state
        .change(
            move |lib| lib.rename_layout(&old, &new),
            |_| LibraryChange::default(),
        )
        .await
}

/// Deletes a saved layout; briefs imported with it stay as they are.
#[tauri::command]
pub async fn delete_import_layout(state: State<'_, AppState>, name: String) -> IpcResult<()> {
    state
        .change(
            move |lib| lib.delete_layout(&name),
            |_| LibraryChange::default(),
        )
        .await
}
