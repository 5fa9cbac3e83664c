//! Spell-checking in the window, in the editor's language. WebKitGTK (Linux) checks nothing
//! until asked to, and then in the languages it is given: the system's locale. The webviews of
//! macOS and Windows check spelling themselves. Which fields are checked, and whether at all,
//! is the window's choice (the `spellcheck` attribute, a setting kept in the window).

use tauri::WebviewWindow;

/// "en_GB.UTF-8" (LC_ALL, LC_MESSAGES or LANG, as the system sets them) → "en_GB".
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn locale_language(value: &str) -> Option<String> {
    let language = value.split(['.', '@']).next().unwrap_or_default().trim();
    if language.is_empty() || language == "C" || language == "POSIX" {
        None
    } else {
        Some(language.to_string())
    }
}

#[cfg(target_os = "linux")]
pub fn enable(window: &WebviewWindow) {
    let language = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find_map(|value| locale_language(&value));
    let result = window.with_webview(move |webview| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        let Some(context) = webview.inner().context() else {
            return;
        };
        context.set_spell_checking_enabled(true);
        // Without a language WebKitGTK uses the user's default languages.
        if let Some(language) = &language {
            context.set_spell_checking_languages(&[language.as_str()]);
        }
    });
    if let Err(e) = result {
        tracing::warn!("spell-checking was not turned on: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn enable(_window: &WebviewWindow) {}

#[cfg(test)]
mod tests {
    use super::locale_language;

    #[test]
    fn the_language_of_a_locale_setting() {
        assert_eq!(locale_language("en_GB.UTF-8").as_deref(), Some("en_GB"));
        assert_eq!(locale_language("de_DE@euro").as_deref(), Some("de_DE"));
        assert_eq!(locale_language("C.UTF-8"), None);
        assert_eq!(locale_language(""), None);
    }
}
