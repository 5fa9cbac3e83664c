//! The team library in the window: the background sync's status (also sent as `team-sync`
//! events, see `team_sync.rs`), the briefs behind it, and choosing a side of a conflict.

use briefdesk_core::library::team_view::{
    ComposingLease, ConflictView, Editing, SyncStatus, TeamBrief,
};
use briefdesk_core::{Brief, BriefId, LibraryChange, ReviewAction};
use tauri::State;

use crate::composing::Composing;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::team_presence::TeamPresence;
use crate::team_sync::TeamSync;

/// The background sync's last status; `null` while the library follows no team.
#[tauri::command]
pub async fn team_sync_status(sync: State<'_, TeamSync>) -> IpcResult<Option<SyncStatus>> {
    Ok(sync.status())
}

/// Syncs soon, without waiting for the next round; the outcome arrives as a `team-sync` event.
#[tauri::command]
pub async fn sync_team_now(sync: State<'_, TeamSync>) -> IpcResult<()> {
    sync.nudge();
    Ok(())
}

/// The briefs changed here and not yet sent.
#[tauri::command]
pub async fn team_waiting_briefs(state: State<'_, AppState>) -> IpcResult<Vec<TeamBrief>> {
    state.run(|lib| lib.waiting_briefs()).await
}

/// The changes the server refused, each with its reason.
#[tauri::command]
pub async fn team_refused_briefs(state: State<'_, AppState>) -> IpcResult<Vec<TeamBrief>> {
    state.run(|lib| lib.refused_team_briefs()).await
}

/// The briefs changed on both sides in the same part, each part as both sides' text.
#[tauri::command]
pub async fn team_conflicts(state: State<'_, AppState>) -> IpcResult<Vec<ConflictView>> {
    state.run(|lib| lib.conflict_views()).await
}

/// Ends brief `id`'s conflict: the parts named in `take_theirs` take the server's copy, the
/// others keep this library's; the result is sent with the next sync (which this edit nudges).
#[tauri::command]
pub async fn resolve_team_conflict(
    state: State<'_, AppState>,
    id: BriefId,
    take_theirs: Vec<String>,
) -> IpcResult<()> {
    state
        .change(
            move |lib| {
                let parts: Vec<&str> = take_theirs.iter().map(String::as_str).collect();
                lib.resolve_brief_conflict(id.into(), &parts)
            },
            move |()| LibraryChange {
                briefs: vec![id],
                tags: true,
                ..LibraryChange::default()
            },
        )
        .await
}

/// The composer shows issue No. `number` (`null`: none). On a team replica, the composing lease
/// on it is asked for in the background; who holds it arrives as a `composing-lease` event.
#[tauri::command]
pub async fn compose_issue(
    state: State<'_, AppState>,
    composing: State<'_, Composing>,
    number: Option<u32>,
) -> IpcResult<()> {
    let open = match number {
        Some(number) => Some((state.run(move |lib| lib.issue(number)).await?.id, number)),
        None => None,
    };
    composing.open(open);
    Ok(())
}

/// Who holds the composing lease on the composer's issue; `null` when no one does, the library
/// follows no team or the server is away.
#[tauri::command]
pub async fn composing_lease(composing: State<'_, Composing>) -> IpcResult<Option<ComposingLease>> {
    Ok(composing.lease())
}

/// Takes brief `id` one review step on (submit; an editor approves or requests changes), with
/// an optional note, signed with this replica's login; sent with the next sync, where the
/// server holds the login to its role.
#[tauri::command]
pub async fn review_brief(
    state: State<'_, AppState>,
    id: BriefId,
    action: ReviewAction,
    note: String,
) -> IpcResult<Brief> {
    state
        .change(
            move |lib| lib.review_brief(id.into(), action, &note),
            move |_| LibraryChange {
                briefs: vec![id],
                ..LibraryChange::default()
            },
        )
        .await
}

/// The editor now shows brief `id` (`null`: none): in a team replica, the others are told
/// soon, in the background; this returns at once.
#[tauri::command]
pub async fn team_editing(presence: State<'_, TeamPresence>, id: Option<BriefId>) -> IpcResult<()> {
    presence.set_open(id);
    Ok(())
}

/// Who else of the team has which brief open, as last read (also sent as `team-presence` events).
#[tauri::command]
pub async fn team_presence(presence: State<'_, TeamPresence>) -> IpcResult<Vec<Editing>> {
    Ok(presence.others())
}
