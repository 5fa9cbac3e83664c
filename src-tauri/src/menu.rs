//! The native menu bar. Each item tells the page what was chosen (event `menu`, the item's id);
//! the page acts as its own buttons and shortcuts do, so there is one path for each action.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, Emitter, Runtime};

/// The items the page handles, with their shortcuts.
const FILE: &[(&str, &str, &str)] = &[
    ("new-brief", "New Brief", "CmdOrCtrl+N"),
    ("new-issue", "New Issue", "CmdOrCtrl+Shift+N"),
    // Not Ctrl+I: that is italic in the body editor, and a menu accelerator would take it first.
    ("import", "Import…", "CmdOrCtrl+O"),
    ("export", "Export…", "CmdOrCtrl+E"),
    ("settings", "Settings…", "CmdOrCtrl+,"),
    ("close", "Close Window", "CmdOrCtrl+W"),
];
const VIEW: &[(&str, &str, &str)] = &[
    ("view-library", "Library", "CmdOrCtrl+1"),
    ("view-issues", "Issues", "CmdOrCtrl+2"),
    ("find", "Find in Library", "CmdOrCtrl+F"),
];

pub fn build<R: Runtime>(app: &App<R>) -> tauri::Result<Menu<R>> {
    let mut file = SubmenuBuilder::new(app, "File");
    for (i, (id, text, keys)) in FILE.iter().enumerate() {
        // Separators group: writing, moving files, the app, the window.
        if matches!(i, 2 | 4 | 5) {
            file = file.separator();
        }
        file = file.item(
            &MenuItemBuilder::with_id(*id, *text)
                .accelerator(*keys)
                .build(app)?,
        );
    }
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let mut view = SubmenuBuilder::new(app, "View");
    for (id, text, keys) in VIEW {
        view = view.item(
            &MenuItemBuilder::with_id(*id, *text)
                .accelerator(*keys)
                .build(app)?,
        );
    }
    MenuBuilder::new(app)
        .item(&file.build()?)
        .item(&edit)
        .item(&view.build()?)
        .build()
}

/// Installs the menu and forwards its choices to the page.
pub fn install<R: Runtime>(app: &App<R>) -> tauri::Result<()> {
    app.set_menu(build(app)?)?;
    app.on_menu_event(|app, event| {
        let id = event.id().0.as_str();
        if FILE.iter().chain(VIEW).any(|(known, _, _)| *known == id) {
            // A page that cannot hear it simply misses one menu choice; nothing to recover.
            let _ = app.emit("menu", id);
        }
    });
    Ok(())
}
