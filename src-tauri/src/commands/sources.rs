//! Sources: the outlets already cited (for completion) and opening a source's page.

use briefdesk_core::validate;
use tauri::State;

use crate::error::{ErrorCode, IpcResult, shell_error};
use crate::state::AppState;

/// Outlets already named in sources that start with `prefix`, most used first.
#[tauri::command]
pub async fn list_outlets(
    state: State<'_, AppState>,
    prefix: String,
    limit: u32,
) -> IpcResult<Vec<String>> {
    state.read(move |lib| lib.outlets(&prefix, limit)).await
}

/// Opens a source's page in the system browser. The page holds no opener permission: this
/// command is its only way to the opener, and it opens web links and nothing else (no files,
/// no `mailto:`, no custom schemes that could start another program).
#[tauri::command]
pub async fn open_source_url(url: String) -> IpcResult<()> {
    let url = web_link(&url)?;
    tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| {
        shell_error(
            ErrorCode::OpenFailed,
            format!("could not open the link in the browser: {e}"),
        )
    })
}

/// `url` trimmed, if it is an absolute http(s) URL with a host.
fn web_link(url: &str) -> IpcResult<String> {
    validate::url("url", url).map_err(|_| {
        shell_error(
            ErrorCode::Invalid,
            format!(
                "only http and https links open in the browser; {:?} is not one",
                url.trim()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::web_link;
    use crate::error::ErrorCode;

    #[test]
    fn only_web_links_pass() {
        assert_eq!(
            web_link(" https://www.rfa.org/english/ ").ok().as_deref(),
            Some("https://www.rfa.org/english/")
        );
        assert!(web_link("http://example.org").is_ok());
        for refused in [
            "file:///etc/passwd",
            "mailto:desk@example.org",
            "javascript:alert(1)",
            "ssh://host",
            "/home/editor/notes.txt",
            "https://",
            "",
        ] {
            let error = web_link(refused).err();
            assert!(
                error
                    .as_ref()
                    .is_some_and(|e| e.code == ErrorCode::Invalid
                        && e.message.contains("only http and https")),
                "{refused:?} must be refused"
            );
        }
    }
}
