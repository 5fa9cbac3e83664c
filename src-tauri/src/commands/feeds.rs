//! The feeds inbox in the window. Fetching never makes the window wait: a command starts it and
//! returns, and each feed's outcome arrives as a `feeds-fetched` event (offline is an outcome,
//! "offline, will try again", shown on the feed). Every feed is fetched again every 30 minutes
//! while the app runs. OPML files are picked in native dialogs shown from here.

use std::time::Duration;

use briefdesk_core::library::{Feed, FeedItemPage, FeedItemQuery, FeedItemState};
use briefdesk_core::{Brief, LibraryChange, atomic_file};
use briefdesk_web::fetch_feed;
use briefdesk_web::opml::{OpmlFeed, read_opml, write_opml};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::commands::web::client;
use crate::error::{ErrorCode, IpcResult, shell_error};
use crate::state::{AppState, blocking};

/// The event each fetched feed's outcome (`FeedFetched`) is sent on.
pub const FEEDS_FETCHED_EVENT: &str = "feeds-fetched";

/// How often every feed is fetched while the app runs.
const EVERY: Duration = Duration::from_secs(30 * 60);

/// The largest OPML file read: subscription lists are a few KB.
const MAX_OPML_BYTES: u64 = 4 * 1024 * 1024;

#[tauri::command]
pub async fn list_feeds(state: State<'_, AppState>) -> IpcResult<Vec<Feed>> {
    state.run(|lib| lib.feeds()).await
}

/// One page of the inbox.
#[tauri::command]
pub async fn list_feed_items(
    state: State<'_, AppState>,
    query: FeedItemQuery,
) -> IpcResult<FeedItemPage> {
    state.run(move |lib| lib.feed_items(&query)).await
}

/// Subscribes to the feed at `url` and starts its first fetch; returns at once.
#[tauri::command]
pub async fn subscribe_feed(
    app: AppHandle,
    state: State<'_, AppState>,
    url: String,
) -> IpcResult<Feed> {
    let feed = state.run(move |lib| lib.add_feed(&url, None)).await?;
    start_fetch(app, vec![feed.id]);
    Ok(feed)
}

/// Unsubscribes from feed `id`; its items go, briefs drafted from them stay.
#[tauri::command]
pub async fn remove_feed(state: State<'_, AppState>, id: i64) -> IpcResult<Feed> {
    state.run(move |lib| lib.remove_feed(id)).await
}

/// Starts fetching feed `id`, or every feed; each outcome arrives as a `feeds-fetched` event.
#[tauri::command]
pub async fn fetch_feeds(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Option<i64>,
) -> IpcResult<()> {
    let ids = match id {
        Some(id) => vec![state.run(move |lib| lib.feed(id)).await?.id],
        None => state
            .run(|lib| lib.feeds())
            .await?
            .into_iter()
            .map(|f| f.id)
            .collect(),
    };
    start_fetch(app, ids);
    Ok(())
}

/// Dismisses item `id` from the inbox, or (`dismissed` false) makes it new again.
#[tauri::command]
pub async fn dismiss_feed_item(
    state: State<'_, AppState>,
    id: i64,
    dismissed: bool,
) -> IpcResult<()> {
    let to = if dismissed {
        FeedItemState::Dismissed
    } else {
        FeedItemState::New
    };
    state.run(move |lib| lib.set_feed_item_state(id, to)).await
}

/// Makes a draft brief from item `id`, its source filled from the item (address, title, the
/// feed as outlet, date); the same brief again if it was drafted before.
#[tauri::command]
pub async fn draft_feed_item(state: State<'_, AppState>, id: i64) -> IpcResult<Brief> {
    state
        .change(
            move |lib| lib.draft_from_feed_item(id),
            |brief| LibraryChange::of_briefs([brief]),
        )
        .await
}

/// Shows the open dialog and subscribes to every feed the OPML file picked lists; answers how
/// many were added (null when the editor cancelled). Fetching them starts at once.
#[tauri::command]
pub async fn import_opml(
    app: AppHandle,
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> IpcResult<Option<u32>> {
    let dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("Import feeds")
        .add_filter("OPML subscription list", &["opml", "xml"])
        .add_filter("All files", &["*"]);
    let Some(chosen) = blocking(move || dialog.blocking_pick_file()).await? else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| shell_error(ErrorCode::Io, format!("cannot open that file: {e}")))?;
    let name = path.display().to_string();
    let text = blocking(move || read_text(&path)).await??;
    let listed =
        read_opml(&text, &name).map_err(|e| shell_error(ErrorCode::Invalid, e.to_string()))?;
    let (added, ids) = state
        .run(move |lib| {
            let before = lib.feeds()?.len();
            for feed in &listed {
                // An address that is not http(s) is skipped; the others are kept.
                if let Err(e) = lib.add_feed(&feed.url, Some(&feed.title)) {
                    tracing::info!("an OPML entry was skipped: {e}");
                }
            }
            let feeds = lib.feeds()?;
            let added = feeds.len().saturating_sub(before);
            Ok((added, feeds.into_iter().map(|f| f.id).collect::<Vec<_>>()))
        })
        .await?;
    start_fetch(app, ids);
    Ok(Some(u32::try_from(added).unwrap_or(u32::MAX)))
}

/// Shows the save dialog and writes the subscriptions there as OPML; answers the path
/// written, or null when the editor cancelled.
#[tauri::command]
pub async fn export_opml(
    window: WebviewWindow,
    state: State<'_, AppState>,
) -> IpcResult<Option<String>> {
    let feeds: Vec<OpmlFeed> = state
        .run(|lib| lib.feeds())
        .await?
        .into_iter()
        .map(|f| OpmlFeed {
            url: f.url,
            title: f.title,
            site_url: f.site_url,
        })
        .collect();
    let text = write_opml(&feeds);
    let dialog = window
        .dialog()
        .file()
        .set_parent(&window)
        .set_title("Export feeds")
        .set_file_name("briefdesk-feeds.opml")
        .add_filter("OPML subscription list", &["opml"]);
    let Some(chosen) = blocking(move || dialog.blocking_save_file()).await? else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|e| shell_error(ErrorCode::Io, format!("cannot save there: {e}")))?;
    let written = path.clone();
    blocking(move || atomic_file::write_whole(&written, text.as_bytes())).await??;
    Ok(Some(path.to_string_lossy().into_owned()))
}

fn read_text(path: &std::path::Path) -> IpcResult<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| {
        shell_error(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    let mut text = String::new();
    file.take(MAX_OPML_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| {
            shell_error(
                ErrorCode::Invalid,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
    if text.len() as u64 > MAX_OPML_BYTES {
        return Err(shell_error(
            ErrorCode::Invalid,
            format!(
                "{} is larger than an OPML list is (over 4 MB)",
                path.display()
            ),
        ));
    }
    Ok(text)
}

/// Fetches feeds `ids` concurrently in the background, keeps what each brought and sends
/// each outcome as a `feeds-fetched` event.
fn start_fetch(app: AppHandle, ids: Vec<i64>) {
    tauri::async_runtime::spawn(async move {
        fetch_all(&app, ids).await;
    });
}

async fn fetch_all(app: &AppHandle, ids: Vec<i64>) {
    let client = match client() {
        Ok(client) => client,
        Err(e) => {
            tracing::warn!("feeds not fetched: {e}");
            return;
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids {
        let app = app.clone();
        tasks.spawn(async move {
            let state = app.state::<AppState>();
            let Ok(validators) = state.run(move |lib| lib.feed_validators(id)).await else {
                // Removed meanwhile, or the library closed.
                return;
            };
            let fetch = fetch_feed(client, &validators).await;
            match state
                .run(move |lib| lib.record_feed_fetch(id, &fetch))
                .await
            {
                Ok(report) => {
                    if let Err(e) = app.emit(FEEDS_FETCHED_EVENT, &report) {
                        tracing::warn!("the window was not told a feed was fetched: {e}");
                    }
                }
                Err(e) => tracing::warn!(feed = id, "a feed's fetch was not kept: {}", e.message),
            }
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// Fetches every feed now and then every 30 minutes, for as long as the app runs. The first
/// round waits a little, so the window paints before any request is made.
pub fn keep_fetching(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(Duration::from_secs(20)).await;
        loop {
            let state = app.state::<AppState>();
            if let Ok(feeds) = state.run(|lib| lib.feeds()).await {
                let ids: Vec<i64> = feeds.into_iter().map(|f| f.id).collect();
                if !ids.is_empty() {
                    fetch_all(&app, ids).await;
                }
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
