//! Listing, searching and editing briefs.

use briefdesk_core::check::SourceUse;
use briefdesk_core::{
    Brief, BriefDraft, BriefId, BriefPage, BriefQuery, DeletedBrief, LibraryChange, SearchHit,
};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// One page of the briefs `query` filters, in its order, with the total.
#[tauri::command]
pub async fn list_briefs(state: State<'_, AppState>, query: BriefQuery) -> IpcResult<BriefPage> {
    state.read(move |lib| lib.list_briefs(&query)).await
}

/// Search among the briefs `filter` lists (all of them when it is absent).
#[tauri::command]
pub async fn search_briefs(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
    filter: Option<BriefQuery>,
) -> IpcResult<Vec<SearchHit>> {
    state
        .read(move |lib| lib.search_filtered(&query, &filter.unwrap_or_default(), limit))
        .await
}

/// The brief with id `id`, as stored.
#[tauri::command]
pub async fn get_brief(state: State<'_, AppState>, id: BriefId) -> IpcResult<Brief> {
    state.read(move |lib| lib.brief(id.into())).await
}

/// Adds a brief; answers with it as stored (trimmed, with its id).
#[tauri::command]
pub async fn create_brief(state: State<'_, AppState>, draft: BriefDraft) -> IpcResult<Brief> {
    state
        .change(
            move |lib| lib.create_brief(&draft),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await
}

/// Saves an edit begun from `version`; if the brief changed elsewhere since (another window, the
/// CLI), nothing is written and the error's code is `changed_elsewhere`, for the editor to choose.
#[tauri::command]
pub async fn update_brief(
    state: State<'_, AppState>,
    id: BriefId,
    version: u32,
    draft: BriefDraft,
) -> IpcResult<Brief> {
    state
        .change(
            move |lib| lib.update_brief_from(id.into(), version, &draft),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await
}

/// Deletes a brief and hands it back as it was, so the window can offer to undo.
#[tauri::command]
pub async fn delete_brief(state: State<'_, AppState>, id: BriefId) -> IpcResult<DeletedBrief> {
    state
        .change(
            move |lib| lib.delete_brief(id.into()),
            |gone| LibraryChange::of_briefs([&gone.brief]),
        )
        .await
}

/// Undoes a delete: the brief returns with its id, and to its issue section if that remains.
#[tauri::command]
pub async fn restore_brief(state: State<'_, AppState>, deleted: DeletedBrief) -> IpcResult<Brief> {
    state
        .change(
            move |lib| lib.restore_brief(&deleted),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await
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
    state.read(move |lib| lib.source_uses(&url)).await
}
