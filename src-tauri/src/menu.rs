//! The native menu bar, built from the app's one list of commands (ui/src/lib/actions/actions.json,
//! which the page's keyboard and buttons also use). Each item tells the page which command was
//! chosen (event `menu`, the command's id); the page runs it by that id, as its buttons do.

use serde::Deserialize;
use tauri::menu::{AboutMetadata, Menu, MenuBuilder, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{App, Emitter, Runtime};

/// Commands that macOS keeps in the application menu (Briefdesk › Settings…), not in File.
const APP_MENU_COMMANDS: [&str; 1] = ["settings"];

/// Whether `action` is listed in menu `title` on this system.
fn listed_in(action: &Action, title: &str, mac: bool) -> bool {
    action.menu == title
        && !(mac && title == "File" && APP_MENU_COMMANDS.contains(&action.id.as_str()))
}

/// The list of commands, compiled in: a menu cannot differ from the page it drives.
const ACTIONS_JSON: &str = include_str!("../../ui/src/lib/actions/actions.json");

/// One command as the menu needs it; the page reads the same entry (see registry.ts).
#[derive(Debug, Deserialize)]
struct Action {
    id: String,
    label: String,
    menu: String,
    /// Absent for a command only the menu gives.
    #[serde(default)]
    keys: Option<String>,
    #[serde(default)]
    separator: bool,
}

fn actions() -> serde_json::Result<Vec<Action>> {
    serde_json::from_str(ACTIONS_JSON)
}

fn submenu<R: Runtime>(app: &App<R>, title: &str, actions: &[Action]) -> tauri::Result<Submenu<R>> {
    items(app, SubmenuBuilder::new(app, title), title, actions)?.build()
}

/// Adds the commands of menu `title` to `menu`.
fn items<'m, R: Runtime>(
    app: &App<R>,
    mut menu: SubmenuBuilder<'m, R, App<R>>,
    title: &str,
    actions: &[Action],
) -> tauri::Result<SubmenuBuilder<'m, R, App<R>>> {
    let mac = cfg!(target_os = "macos");
    for (i, action) in actions
        .iter()
        .filter(|a| listed_in(a, title, mac))
        .enumerate()
    {
        if action.separator && i > 0 {
            menu = menu.separator();
        }
        menu = menu.item(&item(app, action)?);
    }
    Ok(menu)
}

/// One command as a menu item; `CmdOrCtrl` is ⌘ on macOS, where the menu draws it as such.
fn item<R: Runtime>(app: &App<R>, action: &Action) -> tauri::Result<tauri::menu::MenuItem<R>> {
    let mut item = MenuItemBuilder::with_id(action.id.as_str(), action.label.as_str());
    if let Some(keys) = &action.keys {
        item = item.accelerator(keys.as_str());
    }
    item.build(app)
}

/// macOS's application menu, first in its menu bar: About Briefdesk, Settings… (the registry's
/// command, ⌘,), Services, Hide (⌘H), Hide Others (⌥⌘H), Show All and Quit (⌘Q); the system's
/// own items bring their usual shortcuts. Built on every system so it is compiled and checked
/// here; only macOS shows it (see `build`). Not run here: written and reviewed (README).
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
fn app_menu<R: Runtime>(app: &App<R>, actions: &[Action]) -> tauri::Result<Submenu<R>> {
    let about = AboutMetadata {
        name: Some("Briefdesk".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        copyright: Some("© the Briefdesk maintainers, MIT licence".into()),
        ..AboutMetadata::default()
    };
    let mut menu = SubmenuBuilder::new(app, "Briefdesk")
        .about(Some(about))
        .separator();
    for action in actions
        .iter()
        .filter(|a| APP_MENU_COMMANDS.contains(&a.id.as_str()))
    {
        menu = menu.item(&item(app, action)?);
    }
    menu.separator()
        .services()
        .separator()
        .hide()
        .hide_others()
        .show_all()
        .separator()
        .quit()
        .build()
}

pub fn build<R: Runtime>(app: &App<R>) -> tauri::Result<Menu<R>> {
    let actions = actions()?;
    // Undo and Redo are the app's commands, sent to whatever has the keyboard (the body editor,
    // a text field or the composer); cut, copy and paste stay the webview's own.
    let edit = items(app, SubmenuBuilder::new(app, "Edit"), "Edit", &actions)?
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let mut bar = MenuBuilder::new(app);
    if cfg!(target_os = "macos") {
        bar = bar.item(&app_menu(app, &actions)?);
    }
    bar.item(&submenu(app, "File", &actions)?)
        .item(&edit)
        .item(&submenu(app, "View", &actions)?)
        .item(&submenu(app, "Help", &actions)?)
        .build()
}

/// Installs the menu and forwards its choices to the page.
pub fn install<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    app.set_menu(build(app)?)?;
    let ids: Vec<String> = actions()?.into_iter().map(|a| a.id).collect();
    app.on_menu_event(move |app, event| {
        let id = event.id().0.as_str();
        if ids.iter().any(|known| known == id) {
            // A page that cannot hear it simply misses one menu choice; nothing to recover.
            let _ = app.emit("menu", id);
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_list_reads_and_every_command_has_a_menu_and_a_shortcut() {
        let actions = actions().expect("actions.json parses");
        assert!(actions.len() >= 9);
        for action in &actions {
            assert!(
                matches!(action.menu.as_str(), "File" | "Edit" | "View" | "Help"),
                "{action:?}"
            );
            // Only Help has commands without a shortcut.
            match &action.keys {
                Some(keys) => assert!(keys.starts_with("CmdOrCtrl+"), "{action:?}"),
                None => assert_eq!(action.menu, "Help", "{action:?}"),
            }
            assert!(!action.label.is_empty(), "{action:?}");
        }
        let mut ids: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), actions.len(), "an id is listed twice");
        assert!(ids.contains(&"new-brief"));
        assert!(ids.contains(&"undo") && ids.contains(&"redo"));
        assert!(ids.contains(&"shortcuts") && ids.contains(&"guide"));
    }

    #[test]
    fn macos_moves_settings_to_the_application_menu_and_keeps_the_rest_in_file() {
        let actions = actions().expect("actions.json parses");
        let file = |mac| -> Vec<&str> {
            actions
                .iter()
                .filter(|a| listed_in(a, "File", mac))
                .map(|a| a.id.as_str())
                .collect()
        };
        assert!(file(false).contains(&"settings"));
        assert!(!file(true).contains(&"settings"));
        assert_eq!(file(false).len(), file(true).len() + 1);
        for id in APP_MENU_COMMANDS {
            assert!(actions.iter().any(|a| a.id == id), "{id} is not a command");
        }
    }
}
