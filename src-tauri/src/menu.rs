//! The native menu bar, built from the app's one list of commands (ui/src/lib/actions/actions.json,
//! which the page's keyboard and buttons also use). Each item tells the page which command was
//! chosen (event `menu`, the command's id); the page runs it by that id, as its buttons do.

use serde::Deserialize;
use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{App, Emitter, Runtime};

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
    for (i, action) in actions.iter().filter(|a| a.menu == title).enumerate() {
        if action.separator && i > 0 {
            menu = menu.separator();
        }
        let mut item = MenuItemBuilder::with_id(action.id.as_str(), action.label.as_str());
        if let Some(keys) = &action.keys {
            item = item.accelerator(keys.as_str());
        }
        menu = menu.item(&item.build(app)?);
    }
    Ok(menu)
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
    MenuBuilder::new(app)
        .item(&submenu(app, "File", &actions)?)
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
}
