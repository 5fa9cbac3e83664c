//! Updates: Help › Check for Updates…, the window's daily check, and installing what they found.

use briefdesk_core::UpdateOffer;
use tauri::{AppHandle, State};

use crate::error::IpcResult;
use crate::updates::{self, Offered};

/// Asks the release feed for a newer Briefdesk: the release offered, or nothing when this one
/// is the newest. Offline, the error says so (the daily check shows nothing then).
#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    offered: State<'_, Offered>,
) -> IpcResult<Option<UpdateOffer>> {
    updates::check(&app, &offered).await
}

/// Downloads the release last offered, checks its signature, installs it and restarts
/// Briefdesk. The window stores every edit first. On failure nothing is installed.
#[tauri::command]
pub async fn install_update(app: AppHandle, offered: State<'_, Offered>) -> IpcResult<()> {
    updates::install(&app, &offered).await
}
