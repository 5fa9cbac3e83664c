//! Briefdesk's desktop shell: opens the library, registers the commands, shows the window.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipper;
mod commands;
mod composing;
mod error;
mod library_file;
mod logging;
mod menu;
mod outside_changes;
mod software_display;
mod spelling;
mod state;
mod team_presence;
mod team_sync;
mod updates;

use std::process::ExitCode;

use briefdesk_core::paths;
use tauri::{Emitter, Manager};
use tauri_plugin_window_state::StateFlags;

use state::AppState;

fn main() -> ExitCode {
    // Before any thread starts: it sets an environment variable GTK reads.
    software_display::skip_gl_without_gpu();
    // Next, so that everything after it (an open failure too) is in the log.
    match logging::init() {
        Ok(file) => tracing::info!(
            log = %file.display(),
            version = env!("CARGO_PKG_VERSION"),
            pid = std::process::id(),
            "Briefdesk starting"
        ),
        Err(why) => tracing::warn!("Briefdesk starting without a log file: {why}"),
    }
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    // A clip link (briefdesk://…) started this process: when a window already runs, the link is
    // handed to it (tauri-plugin-single-instance, below) and this process ends, so it opens no
    // library. A launch without a link next to a running window stays a window of its own.
    let link = clipper::link_in_args(&args).is_some();
    let other_window = clipper::another_window_runs(clipper::INSTANCE_ID);
    let hand_over = link && other_window;
    // A library file named on the command line ("Open with", a shortcut) comes first.
    let named = std::env::args_os().skip(1).find(|arg| {
        let arg = arg.to_string_lossy();
        !arg.starts_with('-') && !clipper::is_link(&arg)
    });
    let path = match named {
        Some(file) => Ok(std::path::PathBuf::from(file)),
        None => paths::library_path_from_env(),
    };
    let library = match &path {
        Ok(_) if hand_over => Err(error::shell_error(
            error::ErrorCode::LibraryUnavailable,
            "this process only hands a clip link to the running window",
        )),
        Ok(path) => library_file::open(path).map_err(|e| open_failure(path, e)),
        Err(e) => Err(error::shell_error(
            error::ErrorCode::LibraryUnavailable,
            e.to_string(),
        )),
    };
    match (&library, &path) {
        _ if hand_over => tracing::info!("handing a clip link to the running window"),
        (Ok(_), Ok(path)) => tracing::info!(library = %path.display(), "library opened"),
        (Err(why), _) => tracing::error!("the library did not open: {why}"),
        _ => {}
    }
    let name = match (&library, &path) {
        (Ok(library), _) => library.info().map(|i| i.name).unwrap_or_default(),
        (Err(_), Ok(path)) => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        (Err(_), Err(_)) => String::new(),
    };
    let title = format!("Briefdesk — {name}");
    let mut builder = tauri::Builder::default();
    if link || !other_window {
        // First of all plugins: a second launch hands over its link before anything else starts.
        builder = builder.plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(clipper::INSTANCE_ID)
                .callback(|app, _args, _cwd| clipper::show_window(app))
                .build(),
        );
    }
    let result = builder
        .plugin(tauri_plugin_deep_link::init())
        .manage(AppState::new(library, path.as_ref().ok().cloned()))
        .manage(commands::transfer::PickedFiles::default())
        .manage(updates::Offered::default())
        .manage(clipper::Recent::default())
        .manage(clipper::Startup::default())
        .manage(team_sync::TeamSync::default())
        .manage(composing::Composing::default())
        .manage(team_presence::TeamPresence::default())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        // The window opens where and as big as the editor left it.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .setup(move |app| {
            menu::install(app)?;
            // Every change to the library is told to the window, so each view showing it
            // reads it again (ui/src/lib/backend/events.ts).
            let announcer = app.handle().clone();
            app.state::<AppState>().on_change(move |change| {
                if let Err(e) = announcer.emit(state::LIBRARY_CHANGED_EVENT, change) {
                    tracing::warn!("the window was not told the library changed: {e}");
                }
            });
            outside_changes::watch(app.handle().clone());
            clipper::install(app);
            // The inbox's feeds, now and every 30 minutes, in the background.
            commands::feeds::keep_fetching(app.handle().clone());
            // A team replica syncs in the background, and soon after each edit made here.
            let nudger = app.handle().clone();
            app.state::<AppState>()
                .on_edit(move || nudger.state::<team_sync::TeamSync>().nudge());
            team_sync::keep_syncing(app.handle().clone());
            composing::keep_leasing(app.handle().clone());
            // Who edits which brief, told and read every 20 s while the library follows a team.
            team_presence::keep_telling(app.handle().clone());
            // The whole file is read for damage beside the window, not before it.
            if let Ok(path) = &path
                && app.state::<AppState>().is_open_blocking()
            {
                library_file::check_in_background(app.handle().clone(), path.clone());
            }
            let handle = app.handle().clone();
            let window_side = app.handle().clone();
            library_file::keep_backing_up(
                move || {
                    let state = handle.state::<AppState>();
                    if state.is_open_blocking() {
                        state.path().ok().flatten()
                    } else {
                        None
                    }
                },
                // Shown in the window, so the editor knows their backups have stopped.
                move |message| {
                    if let Err(e) = window_side.emit(library_file::BACKUP_FAILED_EVENT, message) {
                        tracing::warn!("the window was not told the backup failed: {e}");
                    }
                },
            );
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&title)?;
                spelling::enable(&window);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library::library_info,
            commands::library::library_places,
            commands::library::show_log,
            commands::library::list_tags,
            commands::library::add_tag,
            commands::library::recolour_tag,
            commands::library::rename_tag,
            commands::library::merge_tags,
            commands::library::delete_unused_tag,
            commands::library::load_sample,
            commands::library::get_publication,
            commands::library::set_publication,
            commands::library::switch_library,
            commands::backups::list_backups,
            commands::backups::backup_now,
            commands::backups::restore_backup,
            commands::briefs::list_briefs,
            commands::briefs::search_briefs,
            commands::briefs::get_brief,
            commands::briefs::create_brief,
            commands::briefs::update_brief,
            commands::briefs::delete_brief,
            commands::briefs::restore_brief,
            commands::briefs::render_markdown,
            commands::briefs::source_uses,
            commands::sources::list_outlets,
            commands::sources::open_source_url,
            commands::web::fetch_source,
            commands::web::check_issue_links,
            commands::clipper::open_startup_clip,
            commands::clipper::draft_from_url,
            commands::clipper::copy_bookmarklet,
            commands::feeds::list_feeds,
            commands::feeds::list_feed_items,
            commands::feeds::subscribe_feed,
            commands::feeds::remove_feed,
            commands::feeds::fetch_feeds,
            commands::feeds::dismiss_feed_item,
            commands::feeds::draft_feed_item,
            commands::feeds::import_opml,
            commands::feeds::export_opml,
            commands::issues::list_issues,
            commands::issues::get_issue,
            commands::issues::next_issue_number,
            commands::issues::create_issue,
            commands::issues::update_issue,
            commands::issues::publish_issue,
            commands::issues::delete_issue,
            commands::issues::add_section,
            commands::issues::rename_section,
            commands::issues::move_section,
            commands::issues::delete_section,
            commands::issues::add_to_issue,
            commands::issues::move_in_issue,
            commands::issues::move_to_issue,
            commands::issues::remove_from_issue,
            commands::issues::check_issue,
            commands::issues::issue_totals,
            commands::transfer::transfer_issues,
            commands::transfer::pick_import_file,
            commands::transfer::import_file,
            commands::transfer::import_text,
            commands::layouts::list_import_layouts,
            commands::layouts::save_import_layout,
            commands::layouts::rename_import_layout,
            commands::layouts::delete_import_layout,
            commands::transfer::export_document,
            commands::transfer::save_export,
            commands::transfer::copy_export,
            commands::transfer::copy_rich_text,
            commands::team::team_sync_status,
            commands::team::sync_team_now,
            commands::team::team_waiting_briefs,
            commands::team::team_refused_briefs,
            commands::team::team_conflicts,
            commands::team::resolve_team_conflict,
            commands::team::compose_issue,
            commands::team::composing_lease,
            commands::team::review_brief,
            commands::team::team_editing,
            commands::team::team_presence,
            commands::updates::check_for_update,
            commands::updates::install_update,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("Briefdesk stopped: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What every command answers while the library could not be opened. A failure of the file
/// itself (damaged, locked, too new…) keeps its own code, and its message already names the
/// file and says it was left untouched; any other is `library_unavailable`, its message naming
/// the file.
fn open_failure(path: &std::path::Path, e: briefdesk_core::Error) -> error::IpcError {
    if e.is_open_failure() {
        error::IpcError::from(e)
    } else {
        error::shell_error(
            error::ErrorCode::LibraryUnavailable,
            format!("cannot open the library {}: {e}", path.display()),
        )
    }
}
