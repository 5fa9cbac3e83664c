//! The open library: facts about it (its name and size, its tags and their colours, its
//! publication settings), the sample issue, and switching to another library file.

use briefdesk_core::library::backup;
use briefdesk_core::{LibraryChange, LibraryInfo, LibraryPlaces, Publication, TagInfo, paths};
use tauri::{Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::{ErrorCode, IpcError, IpcResult, shell_error};
use crate::state::{AppState, blocking};

/// The open library's name, file and size.
#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> IpcResult<LibraryInfo> {
    state.read(move |lib| lib.info()).await
}

/// Where the library file and its backups folder are, for Help; also when the library could
/// not be opened (its file is still named).
#[tauri::command]
pub async fn library_places(state: State<'_, AppState>) -> IpcResult<LibraryPlaces> {
    let path = state.path()?;
    Ok(LibraryPlaces {
        backups: path
            .as_deref()
            .map(|p| backup::backups_dir(p).to_string_lossy().into_owned()),
        library: path.map(|p| p.to_string_lossy().into_owned()),
    })
}

/// Shows the app's log file in the system's file manager (Help → Show Log), for sending with a
/// report of what went wrong.
#[tauri::command]
pub async fn show_log() -> IpcResult<()> {
    let Some(file) = crate::logging::log_file() else {
        return Err(shell_error(
            ErrorCode::Io,
            "this run of Briefdesk could not write a log file (see the terminal it was started from)",
        ));
    };
    tauri_plugin_opener::reveal_item_in_dir(file).map_err(|e| {
        shell_error(
            ErrorCode::Io,
            format!("cannot show the log {}: {e}", file.display()),
        )
    })
}

/// Every tag with its colour and how many briefs carry it.
#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> IpcResult<Vec<TagInfo>> {
    state.read(move |lib| lib.tags()).await
}

/// Creates a tag ahead of any brief carrying it (so it can be coloured at once), or sets the
/// colour of the existing one; `colour` is `#rgb` or `#rrggbb`.
#[tauri::command]
pub async fn add_tag(
    state: State<'_, AppState>,
    name: String,
    colour: Option<String>,
) -> IpcResult<TagInfo> {
    state
        .change(move |lib| lib.add_tag(&name, colour.as_deref()), |_| tags())
        .await
}

/// Sets a tag's colour, or clears it when `colour` is absent.
#[tauri::command]
pub async fn recolour_tag(
    state: State<'_, AppState>,
    name: String,
    colour: Option<String>,
) -> IpcResult<TagInfo> {
    state
        .change(
            move |lib| lib.recolour_tag(&name, colour.as_deref()),
            |_| tags(),
        )
        .await
}

/// Renames a tag on every brief carrying it; refuses a name another tag has (merge instead).
#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    old: String,
    new: String,
) -> IpcResult<TagInfo> {
    state
        .change(move |lib| lib.rename_tag(&old, &new), |_| retagged())
        .await
}

/// Moves every brief tagged `from` to `into` and deletes `from`.
#[tauri::command]
pub async fn merge_tags(
    state: State<'_, AppState>,
    from: String,
    into: String,
) -> IpcResult<TagInfo> {
    state
        .change(move |lib| lib.merge_tags(&from, &into), |_| retagged())
        .await
}

/// Deletes a tag no brief carries; one in use is refused (`conflict`).
#[tauri::command]
pub async fn delete_unused_tag(state: State<'_, AppState>, name: String) -> IpcResult<()> {
    state
        .change(move |lib| lib.delete_unused_tag(&name), |_| tags())
        .await
}

/// Loads the sample issue into a new issue dated `date` (the editor's today); returns its number.
#[tauri::command]
pub async fn load_sample(state: State<'_, AppState>, date: chrono::NaiveDate) -> IpcResult<u32> {
    state
        .change(
            move |lib| lib.load_sample(date),
            |number| LibraryChange {
                any_brief: true,
                tags: true,
                ..LibraryChange::issue(*number)
            },
        )
        .await
}

/// The publication settings exports use: name, tagline, footer, default format.
#[tauri::command]
pub async fn get_publication(state: State<'_, AppState>) -> IpcResult<Publication> {
    state.run(move |lib| lib.publication()).await
}

/// Stores the publication settings; answers with them as stored.
#[tauri::command]
pub async fn set_publication(
    state: State<'_, AppState>,
    publication: Publication,
) -> IpcResult<Publication> {
    state
        .change(
            move |lib| {
                lib.set_publication(&publication)?;
                lib.publication()
            },
            |_| LibraryChange {
                publication: true,
                ..LibraryChange::default()
            },
        )
        .await
}

/// Opens another library file (`create`: a new one) chosen in the native dialog, in place of the
/// open one, and notes it for the next start. Returns its facts, or null when cancelled.
/// The window reloads afterwards, having stored its edits first.
#[tauri::command]
pub async fn switch_library(
    window: WebviewWindow,
    state: State<'_, AppState>,
    create: bool,
) -> IpcResult<Option<LibraryInfo>> {
    let dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .add_filter("Briefdesk library", &["sqlite3", "sqlite", "db"]);
    let chosen = if create {
        let dialog = dialog
            .set_title("New library")
            .set_file_name("briefs.sqlite3");
        blocking(move || dialog.blocking_save_file()).await?
    } else {
        let dialog = dialog
            .set_title("Open library")
            .add_filter("All files", &["*"]);
        blocking(move || dialog.blocking_pick_file()).await?
    };
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| shell_error(ErrorCode::Io, format!("cannot use that file: {e}")))?;
    // A new library never replaces a file (the save dialog's "replace?" is not enough: it
    // would wipe someone's work); opening is for files already there.
    if create && path.exists() {
        return Err(shell_error(
            ErrorCode::Conflict,
            format!(
                "{} already exists; to use it, choose Open another library",
                path.display()
            ),
        ));
    }
    if !create && !path.is_file() {
        return Err(shell_error(
            ErrorCode::NotFound,
            format!("{} is not a file", path.display()),
        ));
    }
    let info = open_in_window(&window, &state, path.clone()).await?;
    // Not noting it only means the next start opens the previous library: say so, but the
    // switch itself has happened.
    if let Err(e) = paths::remember_library(&path) {
        tracing::warn!("the library opened is not noted for next time: {e}");
    }
    Ok(Some(info))
}

/// Opens the library at `path` off the async runtime, puts it in place of the open one and
/// names it in the window's title.
pub(super) async fn open_in_window(
    window: &WebviewWindow,
    state: &AppState,
    path: std::path::PathBuf,
) -> IpcResult<LibraryInfo> {
    let opened = path.clone();
    let (library, info) = blocking(move || {
        let library = crate::library_file::open(&opened)?;
        let info = library.info()?;
        Ok::<_, briefdesk_core::Error>((library, info))
    })
    .await?
    .map_err(|e| IpcError {
        message: format!("cannot open the library {}: {e}", path.display()),
        ..IpcError::from(e)
    })?;
    state.replace(library).await?;
    crate::library_file::check_in_background(window.app_handle().clone(), path.clone());
    state.announce(&LibraryChange::everything());
    window
        .set_title(&format!("Briefdesk — {}", info.name))
        .map_err(|e| {
            shell_error(
                ErrorCode::Internal,
                format!("cannot retitle the window: {e}"),
            )
        })?;
    Ok(info)
}

/// A change to the tags alone (their colours, names, or which exist).
fn tags() -> LibraryChange {
    LibraryChange {
        tags: true,
        ..LibraryChange::default()
    }
}

/// A tag renamed or merged: every brief carrying it shows another name.
fn retagged() -> LibraryChange {
    LibraryChange {
        any_brief: true,
        ..tags()
    }
}
