//! Listing, searching and editing briefs.

use briefdesk_core::check::SourceUse;
use briefdesk_core::{Brief, BriefDraft, BriefPage, BriefQuery, DeletedBrief, Library, SearchHit};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_briefs(state: State<'_, AppState>, query: BriefQuery) -> IpcResult<BriefPage> {
    state.with(|lib| lib.list_briefs(&query))
}

/// Search among the briefs `filter` lists (all of them when it is absent).
#[tauri::command]
pub async fn search_briefs(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
    filter: Option<BriefQuery>,
) -> IpcResult<Vec<SearchHit>> {
    state.with(|lib| lib.search_filtered(&query, &filter.unwrap_or_default(), limit))
}

#[tauri::command]
pub async fn get_brief(state: State<'_, AppState>, id: String) -> IpcResult<Brief> {
    state.with(|lib| lib.brief(Library::parse_brief_id(&id)?))
}

#[tauri::command]
pub async fn create_brief(state: State<'_, AppState>, draft: BriefDraft) -> IpcResult<Brief> {
    state.with(|lib| lib.create_brief(&draft))
}

/// Saves an edit begun from `version`; if the brief changed elsewhere since (another window, the
/// CLI), nothing is written and the error's code is `changed_elsewhere`, for the editor to choose.
#[tauri::command]
pub async fn update_brief(
    state: State<'_, AppState>,
    id: String,
    version: u32,
    draft: BriefDraft,
) -> IpcResult<Brief> {
    state.with(|lib| lib.update_brief_from(Library::parse_brief_id(&id)?, version, &draft))
}

/// Deletes a brief and hands it back as it was, so the window can offer to undo.
#[tauri::command]
pub async fn delete_brief(state: State<'_, AppState>, id: String) -> IpcResult<DeletedBrief> {
    state.with(|lib| lib.delete_brief(Library::parse_brief_id(&id)?))
}

/// Undoes a delete: the brief returns with its id, and to its issue section if that remains.
#[tauri::command]
pub async fn restore_brief(state: State<'_, AppState>, deleted: DeletedBrief) -> IpcResult<Brief> {
    state.with(|lib| lib.restore_brief(&deleted))
}

/// The body as the exports render it, for the editor's preview.
#[tauri::command]
pub async fn render_markdown(markdown: String) -> IpcResult<String> {
    // A body too long to store is not worth rendering (and would stall the preview frame).
    briefdesk_core::validate::within("body", &markdown, briefdesk_core::validate::MAX_BODY_CHARS)?;
    Ok(briefdesk_core::export::render_markdown(&markdown))
}

/// Briefs citing the same page as `url`, for "previously in No. 12" while typing.
#[tauri::command]
pub async fn source_uses(state: State<'_, AppState>, url: String) -> IpcResult<Vec<SourceUse>> {
    state.with(|lib| lib.source_uses(&url))
}
