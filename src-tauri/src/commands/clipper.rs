//! The browser clipper's commands: the window asking for the link the app was started with, and
//! Settings copying the bookmarklet (its code lives in ui/src/lib/clipper/bookmarklet.ts). The
//! links themselves arrive outside IPC (src/clipper.rs).

use tauri::{AppHandle, Manager};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::clipper::{Startup, receive};
use crate::error::{ErrorCode, IpcResult, shell_error};

/// Makes the draft of the clip link the app was started with, if any, now that the window
/// listens for clip notices; afterwards there is none.
#[tauri::command]
pub async fn open_startup_clip(app: AppHandle) -> IpcResult<()> {
    if let Some(link) = app.state::<Startup>().take() {
        receive(&app, &link);
    }
    Ok(())
}

/// A web address pasted into the library: made a draft as a clip of that page with no title or
/// selection is (the same checks and limit a minute), its headline and source then filled from
/// the page. What became of it arrives as a clip notice.
#[tauri::command]
pub async fn draft_from_url(app: AppHandle, url: String) -> IpcResult<()> {
    let mut link = url::Url::parse("briefdesk://clip")
        .map_err(|e| shell_error(ErrorCode::Internal, e.to_string()))?;
    link.query_pairs_mut().append_pair("url", url.trim());
    receive(&app, link.as_str());
    Ok(())
}

/// Copies the bookmarklet's address for pasting into a new bookmark. Only a `javascript:`
/// address of bookmarklet size: the window cannot use this to put anything else on the clipboard.
#[tauri::command]
pub async fn copy_bookmarklet(app: AppHandle, bookmarklet: String) -> IpcResult<()> {
    const MOST: usize = 4_096;
    if !bookmarklet.starts_with("javascript:") || bookmarklet.len() > MOST {
        return Err(shell_error(
            ErrorCode::Invalid,
            "only the clipper's bookmarklet can be copied here",
        ));
    }
    app.clipboard().write_text(bookmarklet).map_err(|e| {
        shell_error(
            ErrorCode::Io,
            format!("the bookmarklet could not be copied: {e}"),
        )
    })
}
