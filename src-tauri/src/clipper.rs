//! The browser clipper: a `briefdesk://clip?url=…&title=…&selection=…` link (the bookmarklet in
//! Settings opens one) becomes a draft brief, and its source is then filled from the page.
//!
//! A link can come from any page the editor visits, so it can do one thing only: add one DRAFT
//! (never delete, export, publish or open a file); the core reads and checks it
//! ([`briefdesk_core::clip::parse_link`]); a burst is held to [`MAX_CLIPS_PER_MINUTE`]; and the
//! window is told of every clip ("clipped from …") and every refusal, on [`CLIPPED_EVENT`].
//!
//! How links arrive: macOS hands them to the running app; Windows and Linux start the app with
//! the link as its argument, and tauri-plugin-single-instance hands that to the window already
//! running (on Linux over D-Bus), the second process then exiting.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use briefdesk_core::clip::{self, Clip, ClipNotice};
use briefdesk_core::{Brief, BriefDraft, LibraryChange};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_deep_link::DeepLinkExt;

use crate::state::AppState;

/// The event the window hears for each clip link, with a [`ClipNotice`].
pub const CLIPPED_EVENT: &str = "clipped";

/// The most links turned into drafts in any minute; more are refused, each with a notice. A
/// page (or a mistaken loop) cannot fill the library with drafts.
pub const MAX_CLIPS_PER_MINUTE: usize = 10;
const WINDOW: Duration = Duration::from_secs(60);

/// The name the running window holds (on Linux, `<this>.SingleInstance` on the D-Bus session
/// bus): the app's identifier in tauri.conf.json.
pub const INSTANCE_ID: &str = "app.briefdesk.desktop";

/// Brings the running window forward when another launch handed it a link.
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// When the last clips were accepted, for the rate limit.
#[derive(Default)]
pub struct Recent(Mutex<VecDeque<Instant>>);

impl Recent {
    /// Takes a place in this minute's clips, or says none is left.
    fn admit(&self, now: Instant) -> bool {
        let Ok(mut times) = self.0.lock() else {
            return false;
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= MAX_CLIPS_PER_MINUTE {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// The clip link among the process's arguments, if there is one (so it is not taken for a
/// library file).
pub fn link_in_args(args: &[String]) -> Option<&str> {
    args.iter()
        .skip(1)
        .map(String::as_str)
        .find(|arg| is_link(arg))
}

pub fn is_link(arg: &str) -> bool {
    arg.get(..clip::SCHEME.len() + 1)
        .is_some_and(|start| start.eq_ignore_ascii_case(&format!("{}:", clip::SCHEME)))
}

/// Whether another Briefdesk window already holds the single-instance name, so that this
/// launch, carrying a link, only hands it over and exits (and need not open the library).
/// Only asked on Linux, where that name lives on the D-Bus session bus.
#[cfg(target_os = "linux")]
pub fn another_window_runs(id: &str) -> bool {
    let name = format!("{id}.SingleInstance");
    let Ok(bus) = zbus::blocking::Connection::session() else {
        return false;
    };
    bus.call_method(
        Some("org.freedesktop.DBus"),
        "/org/freedesktop/DBus",
        Some("org.freedesktop.DBus"),
        "NameHasOwner",
        &(name.as_str(),),
    )
    .ok()
    .and_then(|reply| reply.body().deserialize::<bool>().ok())
    .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
pub fn another_window_runs(_id: &str) -> bool {
    false
}

/// The link this process was started with, kept until the window listens for clips and asks
/// for it (`open_startup_clip`), so its notice is not sent to a window not yet drawn.
#[derive(Default)]
pub struct Startup(Mutex<Option<String>>);

impl Startup {
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut link| link.take())
    }
}

/// Listens for links handed to the running app, and keeps the one it was started with.
pub fn install(app: &tauri::App) {
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        for link in event.urls() {
            receive(&handle, link.as_str());
        }
    });
    let first = app
        .deep_link()
        .get_current()
        .ok()
        .flatten()
        .and_then(|links| links.into_iter().next());
    if let (Some(link), Ok(mut kept)) = (first, app.state::<Startup>().0.lock()) {
        *kept = Some(link.to_string());
    }
}

/// One link: checked, counted, made a draft, told to the window; then the page is read.
pub fn receive(app: &AppHandle, link: &str) {
    // Never the link itself in the log: it carries what the editor selected.
    let clip = match clip::parse_link(link) {
        Ok(clip) => clip,
        Err(e) => {
            tracing::warn!(bytes = link.len(), "a clip link was refused: {e}");
            tell(
                app,
                ClipNotice {
                    message: format!("A clip link was refused: {e}"),
                    ..ClipNotice::default()
                },
            );
            return;
        }
    };
    if !app.state::<Recent>().admit(Instant::now()) {
        tracing::warn!("a clip link was refused: over {MAX_CLIPS_PER_MINUTE} a minute");
        tell(
            app,
            ClipNotice {
                host: clip.host.clone(),
                message: format!(
                    "A clip from {} was refused: at most {MAX_CLIPS_PER_MINUTE} pages can be clipped a minute.",
                    clip.host
                ),
                ..ClipNotice::default()
            },
        );
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move { make_draft(&app, clip).await });
}

async fn make_draft(app: &AppHandle, clip: Clip) {
    let state = app.state::<AppState>();
    let draft = clip.draft();
    let made = state
        .change(
            move |lib| lib.create_brief(&draft),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await;
    let brief = match made {
        Ok(brief) => brief,
        Err(e) => {
            tell(
                app,
                ClipNotice {
                    host: clip.host.clone(),
                    message: format!("The clip from {} was not kept: {}", clip.host, e.message),
                    ..ClipNotice::default()
                },
            );
            return;
        }
    };
    tracing::info!(brief = %brief.id, "a page was clipped");
    let clipped = format!("Clipped from {}.", clip.host);
    tell(
        app,
        notice(&brief, &clip, format!("{clipped} Reading the page…")),
    );
    let said = fill(app, &clip, brief.clone()).await;
    tell(app, notice(&brief, &clip, format!("{clipped} {said}")));
}

fn notice(brief: &Brief, clip: &Clip, message: String) -> ClipNotice {
    ClipNotice {
        brief: Some(brief.id.into()),
        host: clip.host.clone(),
        message,
        ok: true,
    }
}

/// Reads the page as a source's fill does (the snapshot kept too) and fills what the clip left
/// empty: the outlet (the host stood in for it), the date and the title. Written only over the
/// draft as it was made: once the editor has changed it, nothing is written. Says what it did.
async fn fill(app: &AppHandle, clip: &Clip, made: Brief) -> String {
    let page = crate::commands::web::fetch_and_read(app, &clip.url).await;
    if let Some(error) = &page.error {
        return if page.offline {
            "Offline: the source was not filled; leave its URL field to try again.".into()
        } else {
            format!("The page could not be read: {error}")
        };
    }
    let mut draft = BriefDraft::from(&made);
    let mut filled = Vec::new();
    // A link without a title stood "Clipped from <host>" in for the headline.
    if let Some(title) = &page.title
        && clip.title.is_empty()
        && draft.headline == clip.draft().headline
    {
        draft.headline = title.value.clone();
        filled.push(format!("the headline from {}", title.from));
    }
    if let Some(source) = draft.sources.first_mut() {
        if let Some(outlet) = &page.outlet
            && source.outlet == clip.host
        {
            source.outlet = outlet.value.clone();
            filled.push(format!("the outlet from {}", outlet.from));
        }
        if let Some(date) = &page.date
            && source.date.is_none()
        {
            source.date = Some(date.value.clone());
            filled.push(format!("the date from {}", date.from));
        }
        if let Some(title) = &page.title
            && source.title.is_none()
        {
            source.title = Some(title.value.clone());
            filled.push(format!("the title from {}", title.from));
        }
    }
    let language = page
        .language
        .as_ref()
        .map(|l| format!(" The page is in {}.", l.value))
        .unwrap_or_default();
    if filled.is_empty() {
        return format!("The page named nothing more to fill.{language}");
    }
    let state = app.state::<AppState>();
    let (id, version) = (made.id, made.version);
    let saved = state
        .change(
            move |lib| lib.update_brief_from(id, version, &draft),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await;
    match saved {
        Ok(_) => format!("Filled {}.{language}", filled.join(" and ")),
        Err(e) if e.code == briefdesk_core::error::ErrorCode::ChangedElsewhere => {
            "The draft was edited before the page arrived; nothing was filled.".into()
        }
        Err(e) => format!("The source was not filled: {}", e.message),
    }
}

fn tell(app: &AppHandle, notice: ClipNotice) {
    if let Err(e) = app.emit(CLIPPED_EVENT, notice) {
        tracing::warn!("the window was not told of a clip: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_held_to_the_limit_per_minute() {
        let recent = Recent::default();
        let start = Instant::now();
        for _ in 0..MAX_CLIPS_PER_MINUTE {
            assert!(recent.admit(start));
        }
        assert!(!recent.admit(start + Duration::from_secs(59)));
        assert!(recent.admit(start + WINDOW));
    }

    #[test]
    fn the_instance_name_is_the_apps_identifier() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(config["identifier"], INSTANCE_ID);
        assert_eq!(
            config["plugins"]["deep-link"]["desktop"]["schemes"][0],
            clip::SCHEME
        );
    }

    #[test]
    fn links_are_told_from_library_files() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            link_in_args(&args(&["app", "BriefDesk://clip?url=x"])),
            Some("BriefDesk://clip?url=x")
        );
        assert_eq!(
            link_in_args(&args(&["app", "/home/e/library.sqlite3"])),
            None
        );
        assert_eq!(link_in_args(&args(&["briefdesk://clip"])), None);
    }
}
