//! Issues for the composer: listing and editing them, their sections, placing and ordering
//! briefs, totals, checks and publishing. Each change is one core call (one transaction) and
//! answers with the issue as stored, so the window always shows what the library holds.

use briefdesk_core::check::Problem;
use briefdesk_core::export::IssueTotals;
use briefdesk_core::{BriefId, Issue, IssuePatch, LibraryChange, validate};
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_issues(state: State<'_, AppState>) -> IpcResult<Vec<Issue>> {
    state.read(move |lib| lib.issues()).await
}

#[tauri::command]
pub async fn get_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Issue> {
    state.read(move |lib| lib.issue(number)).await
}

/// The number after the highest issue's, for a new issue.
#[tauri::command]
pub async fn next_issue_number(state: State<'_, AppState>) -> IpcResult<u32> {
    state.run(move |lib| lib.next_issue_number()).await
}

/// `date` is text (`YYYY-MM-DD`) so a bad one is reported as a field error, not a failed call.
#[tauri::command]
pub async fn create_issue(
    state: State<'_, AppState>,
    number: u32,
    title: String,
    date: String,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.create_issue(number, &title, validate::date("date", &date)?),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Changes the fields `patch` sets (a null field is left as it is).
#[tauri::command]
pub async fn update_issue(
    state: State<'_, AppState>,
    number: u32,
    patch: IssuePatch,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.update_issue(number, &patch),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Marks the issue and every brief in it published, in one transaction.
#[tauri::command]
pub async fn publish_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.publish_issue(number),
            |issue| LibraryChange {
                any_brief: true,
                ..LibraryChange::issue(issue.number)
            },
        )
        .await
}

#[tauri::command]
pub async fn delete_issue(state: State<'_, AppState>, number: u32) -> IpcResult<()> {
    state
        .change(
            move |lib| lib.delete_issue(number),
            |_| LibraryChange {
                any_brief: true,
                ..LibraryChange::issue(number)
            },
        )
        .await
}

/// Adds an empty section at position `at` (null: at the end).
#[tauri::command]
pub async fn add_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
    at: Option<usize>,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.add_section(number, &name, at),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Renames section `old` to `new`.
#[tauri::command]
pub async fn rename_section(
    state: State<'_, AppState>,
    number: u32,
    old: String,
    new: String,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.rename_section(number, &old, &new),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Moves section `name` to position `to`.
#[tauri::command]
pub async fn move_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
    to: usize,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.move_section(number, &name, to),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Deletes a section; its briefs go back to unassigned.
#[tauri::command]
pub async fn delete_section(
    state: State<'_, AppState>,
    number: u32,
    name: String,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.delete_section(number, &name),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Places an unassigned brief in `section` at `at` (null: at the end).
#[tauri::command]
pub async fn add_to_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: BriefId,
    section: Option<String>,
    at: Option<usize>,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.add_to_issue(number, brief_id.into(), section.as_deref(), at),
            |issue| LibraryChange {
                briefs: vec![brief_id],
                ..LibraryChange::issue(issue.number)
            },
        )
        .await
}

/// Moves a brief of the issue to position `to` of `section` (counted without the brief itself).
#[tauri::command]
pub async fn move_in_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: BriefId,
    section: Option<String>,
    to: usize,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.move_in_issue(number, brief_id.into(), section.as_deref(), to),
            |issue| LibraryChange::issue(issue.number),
        )
        .await
}

/// Sends a brief to the end of `section` of issue No. `number`, out of any issue that holds it.
#[tauri::command]
pub async fn move_to_issue(
    state: State<'_, AppState>,
    brief_id: BriefId,
    number: u32,
    section: Option<String>,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| {
                // The issue it leaves changes too: its number is known only before the move.
                let from = lib
                    .brief(brief_id.into())?
                    .issue
                    .map(|placed| placed.number);
                let to = lib.move_to_issue(brief_id.into(), number, section.as_deref())?;
                Ok((from, to))
            },
            |(from, to)| LibraryChange {
                briefs: vec![brief_id],
                ..LibraryChange::issue(to.number).and_issue(*from)
            },
        )
        .await
        .map(|(_, to)| to)
}

/// Takes a brief out of the issue; it stays in the library, unassigned.
#[tauri::command]
pub async fn remove_from_issue(
    state: State<'_, AppState>,
    number: u32,
    brief_id: BriefId,
) -> IpcResult<Issue> {
    state
        .change(
            move |lib| lib.remove_from_issue(number, brief_id.into()),
            |issue| LibraryChange {
                briefs: vec![brief_id],
                ..LibraryChange::issue(issue.number)
            },
        )
        .await
}

/// What to fix before the issue goes out (missing sources, briefs cited twice…).
#[tauri::command]
pub async fn check_issue(state: State<'_, AppState>, number: u32) -> IpcResult<Vec<Problem>> {
    state.run(move |lib| lib.check_issue(number)).await
}

/// The issue's words and characters, in all and by brief.
#[tauri::command]
pub async fn issue_totals(state: State<'_, AppState>, number: u32) -> IpcResult<IssueTotals> {
    state.read(move |lib| lib.issue_totals(number)).await
}
