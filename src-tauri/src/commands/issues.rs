//! Issues for the composer: listing and editing them, their sections, placing and ordering
//! briefs, totals, checks and publishing. Each change is one core call (one transaction) and
//! answers with the issue as stored, so the window always shows what the library holds.

use briefdesk_core::check::Problem;
use briefdesk_core::export::IssueTotals;
use briefdesk_core::{Issue, IssuePatch, Library, validate};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_issues(state: State<'_, AppState>) -> IpcResult<Vec<Issue>> {
    state.with(|lib| lib.issues())
}

#[tauri::command]
pub async fn get_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Issue> {
    state.with(|lib| lib.issue(number))
}

#[tauri::command]
pub async fn next_issue_number(state: State<'_, AppState>) -> IpcResult<u32> {
    state.with(|lib| lib.next_issue_number())
}

/// `date` is text (`YYYY-MM-DD`) so a bad one is reported as a field error, not a failed call.
#[tauri::command]
pub async fn create_issue(
    state: State<'_, AppState>,
    number: u32,
    title: String,
    date: String,
) -> IpcResult<Issue> {
    state.with(|lib| lib.create_issue(number, &title, validate::date("date", &date)?))
}

#[tauri::command]
pub async fn update_issue(
    state: State<'_, AppState>,
    number: u32,
    patch: IssuePatch,
) -> IpcResult<Issue> {
    state.with(|lib| lib.update_issue(number, &patch))
}

#[tauri::command]
pub async fn publish_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Issue> {
    state.with(|lib| lib.publish_issue(number))
}

#[tauri::command]
pub async fn delete_issue(state: State<'_, AppState>, number: u32) -> IpcResult<()> {
    state.with(|lib| lib.delete_issue(number))
}

#[tauri::command]
pub async fn add_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
    at: Option<usize>,
) -> IpcResult<Issue> {
    state.with(|lib| lib.add_section(number, &name, at))
}

#[tauri::command]
pub async fn rename_section(
    state: State<'_, AppState>,
    number: u32,
    old: String,
    new: String,
) -> IpcResult<Issue> {
    state.with(|lib| lib.rename_section(number, &old, &new))
}

#[tauri::command]
pub async fn move_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
    to: usize,
) -> IpcResult<Issue> {
    state.with(|lib| lib.move_section(number, &name, to))
}

#[tauri::command]
pub async fn delete_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
) -> IpcResult<Issue> {
    state.with(|lib| lib.delete_section(number, &name))
}

#[tauri::command]
pub async fn add_to_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: String,
    section: Option<String>,
    at: Option<usize>,
) -> IpcResult<Issue> {
    state.with(|lib| {
        let brief = Library::parse_brief_id(&brief_id)?;
        lib.add_to_issue(number, brief, section.as_deref(), at)
    })
}

#[tauri::command]
pub async fn move_in_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: String,
    section: Option<String>,
    to: usize,
) -> IpcResult<Issue> {
    state.with(|lib| {
        let brief = Library::parse_brief_id(&brief_id)?;
        lib.move_in_issue(number, brief, section.as_deref(), to)
    })
}

#[tauri::command]
pub async fn remove_from_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: String,
) -> IpcResult<Issue> {
    state.with(|lib| lib.remove_from_issue(number, Library::parse_brief_id(&brief_id)?))
}

#[tauri::command]
pub async fn check_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Vec<Problem>> {
    state.with(|lib| lib.check_issue(number))
}

#[tauri::command]
pub async fn issue_totals(state: State<'_, AppState>, number: u32) -> IpcResult<IssueTotals> {
    state.with(|lib| lib.issue_totals(number))
}
