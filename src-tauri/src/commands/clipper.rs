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
