//! Import and export: briefs in from pasted text or a file the editor picks, issues out to a
//! preview, a file or the clipboard.
//!
//! The native open and save dialogs are shown from here, not from the webview: the page never
//! names a path to read or write, so no dialog or fs permission is granted to it. A file is read
//! only if the editor picked it in the open dialog ([`PickedFiles`]).

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use briefdesk_core::atomic_file;
use briefdesk_core::export::{ExportDocument, ExportFormat};
use briefdesk_core::import::{ImportOptions, ImportProgress, ImportReport, MAX_IMPORT_BYTES};
use briefdesk_core::{ImportCommitted, ImportRun, ImportStart, Issue, LibraryChange};
use tauri::ipc::Channel;
use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;

use crate::error::{ErrorCode, IpcError, IpcResult, shell_error};
use crate::state::{AppState, blocking};

/// The files the editor picked in the open dialog during this run.
#[derive(Default)]
pub struct PickedFiles(Mutex<HashSet<PathBuf>>);

/// The issues an import can go into and an export can come from, by number.
#[tauri::command]
pub async fn transfer_issues(state: State<'_, AppState>) -> IpcResult<Vec<Issue>> {
    state.run(move |lib| lib.issues()).await
}

/// Shows the open dialog; the path picked (null when cancelled) may then be passed to
/// [`import_file`].
#[tauri::command]
pub async fn pick_import_file(
    window: WebviewWindow,
    picked: State<'_, PickedFiles>,
) -> IpcResult<Option<String>> {
    let dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("Import briefs")
        .add_filter(
            "Briefing text, Briefdesk Markdown or JSON, bookmarks, read-later CSV",
            &[
                "txt", "text", "md", "markdown", "json", "html", "htm", "csv",
            ],
        )
        .add_filter("All files", &["*"]);
    let Some(chosen) = blocking(move || dialog.blocking_pick_file()).await? else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| shell_error(ErrorCode::Io, format!("cannot open that file: {e}")))?;
    let shown = path.to_string_lossy().into_owned();
    lock(&picked.0)?.insert(path);
    Ok(Some(shown))
}

/// Imports (or, with `dry_run`, previews) a file picked with [`pick_import_file`].
#[tauri::command]
pub async fn import_file(
    state: State<'_, AppState>,
    picked: State<'_, PickedFiles>,
    path: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> IpcResult<ImportReport> {
    let path = PathBuf::from(path);
    if !lock(&picked.0)?.contains(&path) {
        return Err(shell_error(
            ErrorCode::NotPicked,
            "choose the file with “Open file…” first",
        ));
    }
    import(&state, move || read_limited(&path), options, on_progress).await
}

/// Imports (or, with `dry_run`, previews) pasted text.
#[tauri::command]
pub async fn import_text(
    state: State<'_, AppState>,
    text: String,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> IpcResult<ImportReport> {
    import(&state, move || Ok(text.into_bytes()), options, on_progress).await
}

/// Imports what `input` reads: read and checked on a reader connection, then stored part by
/// part on the writer, which a save can take between parts (see `AppState::change_in_steps`),
/// and read back for the report on a reader again.
async fn import(
    state: &AppState,
    input: impl FnOnce() -> briefdesk_core::Result<Vec<u8>> + Send + 'static,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> IpcResult<ImportReport> {
    let dry_run = options.dry_run;
    let progress = on_progress.clone();
    let run = state
        .read(move |lib| {
            let bytes = input()?;
            lib.prepare_import(&bytes, &options, &mut report_to(&progress))
        })
        .await?;
    let progress = on_progress.clone();
    let stored = state
        .change_in_steps(
            move |lib| {
                Ok(
                    match lib.start_prepared_import(run, &mut report_to(&progress))? {
                        ImportStart::Done(report) => Ok(Stored::Reported(report)),
                        ImportStart::InParts(run) => Err(Some(run)),
                    },
                )
            },
            move |lib, run: &mut Option<ImportRun>| {
                let Some(mut part) = run.take() else {
                    return Err(briefdesk_core::Error::Conflict(
                        "this import has already ended".into(),
                    ));
                };
                if lib.import_part(&mut part, &mut report_to(&on_progress))? {
                    let committed = lib.commit_import(part, &mut report_to(&on_progress))?;
                    return Ok(Some(Stored::Committed(Box::new(committed))));
                }
                *run = Some(part);
                Ok(None)
            },
            move |stored| match stored {
                Stored::Reported(report) => imported(dry_run, report),
                Stored::Committed(committed) => LibraryChange {
                    briefs: committed.brief_ids().iter().map(|&id| id.into()).collect(),
                    issues: committed.issue().into_iter().collect(),
                    tags: true,
                    ..LibraryChange::default()
                },
            },
        )
        .await?;
    match stored {
        Stored::Reported(report) => Ok(*report),
        Stored::Committed(committed) => state.read(move |lib| committed.report(lib)).await,
    }
}

/// An import stored: reported already (a preview, or one transaction), or committed and to be
/// read back.
enum Stored {
    Reported(Box<ImportReport>),
    Committed(Box<ImportCommitted>),
}

/// What an import changed: the briefs it stored, their tags and the issues they went into;
/// nothing for a preview.
fn imported(dry_run: bool, report: &ImportReport) -> LibraryChange {
    if dry_run {
        return LibraryChange::default();
    }
    LibraryChange::of_briefs(&report.briefs)
}

/// Passes an import's progress to the window. A window that stopped listening (closed the
/// dialog) does not stop the import: it finishes, all or nothing, as it would have.
fn report_to(channel: &Channel<ImportProgress>) -> impl FnMut(ImportProgress) + '_ {
    move |progress| {
        let _ = channel.send(progress);
    }
}

/// Issue `number` rendered in `format`, for the export preview.
#[tauri::command]
pub async fn export_document(
    state: State<'_, AppState>,
    number: u32,
    format: ExportFormat,
) -> IpcResult<ExportDocument> {
    render(&state, number, format).await
}

/// Renders issue `number`, asks where to save it and writes it there whole. Returns the path
/// written, or null when the editor cancelled.
#[tauri::command]
pub async fn save_export(
    state: State<'_, AppState>,
    window: WebviewWindow,
    number: u32,
    format: ExportFormat,
) -> IpcResult<Option<String>> {
    // Rendered first, so a failing export is reported before the editor picks a place for it.
    let document = render(&state, number, format).await?;
    let (kind, extension) = file_kind(format);
    let dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title(format!("Save issue No. {number}"))
        .set_file_name(suggested_file_name(number, format))
        .add_filter(kind, &[extension]);
    let Some(chosen) = blocking(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| shell_error(ErrorCode::Io, format!("cannot save there: {e}")))?;
    let written = path.clone();
    // Whole or not at all: a failed save leaves the old file as it was.
    blocking(move || atomic_file::write_whole(&written, document.content.as_bytes())).await??;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Copies issue `number` in `format` as plain text (Markdown, or HTML source).
#[tauri::command]
pub async fn copy_export(
    app: AppHandle,
    state: State<'_, AppState>,
    number: u32,
    format: ExportFormat,
) -> IpcResult<()> {
    let document = render(&state, number, format).await?;
    app.clipboard()
        .write_text(document.content)
        .map_err(clipboard_error)
}

/// Copies issue `number` as rich text for pasting into an email or newsletter editor: the email
/// HTML (its CSS inlined, so the look survives the paste) with the plain-text export for editors
/// that take only text.
#[tauri::command]
pub async fn copy_rich_text(
    app: AppHandle,
    state: State<'_, AppState>,
    number: u32,
) -> IpcResult<()> {
    let (html, text) = state
        .run(move |lib| {
            let view = lib.issue_view(number)?;
            let html = briefdesk_core::export::render(&view, ExportFormat::Email, None)?;
            let text = briefdesk_core::export::render(&view, ExportFormat::Text, None)?;
            Ok((html, text))
        })
        .await?;
    app.clipboard()
        .write_html(html, Some(text))
        .map_err(clipboard_error)
}

async fn render(state: &AppState, number: u32, format: ExportFormat) -> IpcResult<ExportDocument> {
    state
        .read(move |lib| {
            let content = lib.export_issue(number, format, None)?;
            Ok(ExportDocument::new(format, content))
        })
        .await
}

fn lock<T>(mutex: &Mutex<T>) -> IpcResult<std::sync::MutexGuard<'_, T>> {
    mutex.lock().map_err(|_| {
        shell_error(
            ErrorCode::Internal,
            "an earlier command failed midway; restart Briefdesk",
        )
    })
}

fn clipboard_error(error: tauri_plugin_clipboard_manager::Error) -> IpcError {
    shell_error(
        ErrorCode::Clipboard,
        format!("cannot copy to the clipboard: {error}"),
    )
}

/// Reads a file, stopping just past the import limit so the core refuses a huge file without
/// it being loaded whole.
fn read_limited(path: &Path) -> briefdesk_core::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_IMPORT_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|source| briefdesk_core::Error::Io {
            context: format!("cannot read {}", path.display()),
            source,
        })?;
    Ok(bytes)
}

/// The save dialog's filter: a name for the kind of file and its extension.
fn file_kind(format: ExportFormat) -> (&'static str, &'static str) {
    match format {
        ExportFormat::Markdown => ("Markdown", "md"),
        ExportFormat::BriefdeskMarkdown => ("Briefdesk Markdown", "md"),
        ExportFormat::Html => ("HTML page", "html"),
        ExportFormat::Email => ("Email HTML", "html"),
        ExportFormat::Text => ("Plain text", "txt"),
        ExportFormat::Json => ("JSON", "json"),
    }
}

/// `issue-12.md`, `issue-12-email.html`: the email and the page are both HTML, so the email says
/// what it is.
fn suggested_file_name(number: u32, format: ExportFormat) -> String {
    let (_, extension) = file_kind(format);
    match format {
        ExportFormat::Email => format!("issue-{number}-email.{extension}"),
        // Told apart from the Markdown to publish, which would otherwise take the same name.
        ExportFormat::BriefdeskMarkdown => format!("issue-{number}.briefdesk.{extension}"),
        _ => format!("issue-{number}.{extension}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_tell_the_page_from_the_email() {
        assert_eq!(
            suggested_file_name(12, ExportFormat::Markdown),
            "issue-12.md"
        );
        assert_eq!(suggested_file_name(12, ExportFormat::Html), "issue-12.html");
        assert_eq!(
            suggested_file_name(12, ExportFormat::BriefdeskMarkdown),
            "issue-12.briefdesk.md"
        );
        assert_eq!(
            suggested_file_name(12, ExportFormat::Email),
            "issue-12-email.html"
        );
        assert_eq!(suggested_file_name(3, ExportFormat::Text), "issue-3.txt");
        assert_eq!(suggested_file_name(3, ExportFormat::Json), "issue-3.json");
    }

    #[test]
    fn read_limited_stops_just_past_the_import_limit() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.txt");
        std::fs::write(&path, vec![b'a'; MAX_IMPORT_BYTES + 10])?;
        let bytes = read_limited(&path).map_err(|e| std::io::Error::other(e.to_string()))?;
        assert_eq!(bytes.len(), MAX_IMPORT_BYTES + 1);
        Ok(())
    }
}
