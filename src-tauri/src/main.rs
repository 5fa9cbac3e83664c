//! Briefdesk's desktop shell: opens the library, registers the commands, shows the window.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod state;

use std::process::ExitCode;

use briefdesk_core::{Library, paths};
use tauri::Manager;

use state::AppState;

fn main() -> ExitCode {
    let library = match paths::library_path_from_env().and_then(|path| Library::open(&path)) {
        Ok(library) => library,
        Err(error) => {
            eprintln!("Briefdesk cannot open its library: {error}");
            return ExitCode::FAILURE;
        }
    };
    let title = format!(
        "Briefdesk — {}",
        library.info().map(|i| i.name).unwrap_or_default()
    );
    let result = tauri::Builder::default()
        .manage(AppState::new(library))
        .setup(move |app| {
            if let Some(window) = app.get_webview_window("main") {
                window.set_title(&title)?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::library::library_info,
            commands::library::list_tags,
            commands::briefs::list_briefs,
            commands::briefs::search_briefs,
            commands::briefs::get_brief,
            commands::briefs::create_brief,
            commands::briefs::update_brief,
            commands::briefs::delete_brief,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("Briefdesk stopped: {error}");
            ExitCode::FAILURE
        }
    }
}
