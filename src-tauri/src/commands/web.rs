//! The web in the window: a source's page fetched, and an issue's links checked, in the
//! background. The command returns at
//! once; what the page gave arrives later on the channel, so the window never waits on the
//! network, and offline is an answer ("offline, will try again"), not a failure.

use std::sync::OnceLock;

use briefdesk_core::check::{LinkReport, LinkReports, LinkState};
use briefdesk_core::{PageFact, SourceFetched};
use briefdesk_web::{
    Found, LinkLimits, LinkOutcome, PageInfo, WebClient, WebError, check_links, fetch_page,
};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use crate::error::{ErrorCode, IpcResult, shell_error};
use crate::state::AppState;

/// The app's one HTTP client, made on first use (its connection pool is shared).
pub(crate) fn client() -> Result<&'static WebClient, WebError> {
    static CLIENT: OnceLock<WebClient> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let made = WebClient::new()?;
    Ok(CLIENT.get_or_init(|| made))
}

/// Fetches the page at `url` for a source and sends what it found on `on_result`: outlet
/// (from the page, else the one this library last used for the site), date, title, canonical
/// address, language. The page's readable text is kept in the library for the quotation check.
#[tauri::command]
pub async fn fetch_source(
    app: AppHandle,
    url: String,
    on_result: Channel<SourceFetched>,
) -> IpcResult<()> {
    client().map_err(|e| shell_error(ErrorCode::Io, e.to_string()))?;
    tauri::async_runtime::spawn(async move {
        let result = fetch_and_read(&app, &url).await;
        // A window that closed the brief meanwhile is no longer listening; nothing is lost.
        let _ = on_result.send(result);
    });
    Ok(())
}

/// Fetches and reads the page at `url` as [`fetch_source`] does (the clipper's fill too): what
/// it found, or why nothing (`offline` when trying later may work).
pub(crate) async fn fetch_and_read(app: &AppHandle, url: &str) -> SourceFetched {
    let fetched = match client() {
        Ok(client) => fetch_page(client, url).await,
        Err(e) => Err(e),
    };
    match fetched {
        Ok(page) => read(app, url, page).await,
        Err(e) => SourceFetched {
            url: url.to_string(),
            offline: e.is_offline(),
            error: Some(e.to_string()),
            ..SourceFetched::default()
        },
    }
}

async fn read(app: &AppHandle, url: &str, page: PageInfo) -> SourceFetched {
    let state = app.state::<AppState>();
    let outlet = match fact(&page.outlet) {
        Some(found) => Some(found),
        None => {
            let asked = url.to_string();
            let known = state.run(move |lib| lib.last_outlet_for_site(&asked)).await;
            known.ok().flatten().map(|value| PageFact {
                value,
                from: "the outlet this library last used for the site".into(),
            })
        }
    };
    let (keep_at, encoding, text) = (url.to_string(), page.encoding.clone(), page.text.clone());
    // Kept for the quotation check and offline reading; a failure to keep it costs only that.
    if let Err(e) = state
        .run(move |lib| lib.save_snapshot(&keep_at, &encoding, &text))
        .await
    {
        tracing::warn!(error = %e.message, "the page's text was not kept");
    }
    SourceFetched {
        url: url.to_string(),
        canonical_url: fact(&page.canonical_url),
        outlet,
        date: page.published.as_ref().map(|f| PageFact {
            value: f.value.to_string(),
            from: f.from.label().into(),
        }),
        title: fact(&page.title),
        language: fact(&page.language),
        words: u32::try_from(page.text.split_whitespace().count()).unwrap_or(u32::MAX),
        offline: false,
        error: None,
    }
}

fn fact(found: &Option<Found<String>>) -> Option<PageFact> {
    found.as_ref().map(|f| PageFact {
        value: f.value.clone(),
        from: f.from.label().into(),
    })
}

/// Fetches every source URL and body link of issue `number` (a few per site at once, a minute
/// in all) and sends what became of each on `on_result` when the check ends; returns at once.
#[tauri::command]
pub async fn check_issue_links(
    state: State<'_, AppState>,
    number: u32,
    on_result: Channel<LinkReports>,
) -> IpcResult<()> {
    let links = state.run(move |lib| lib.issue_links(number)).await?;
    let client = client().map_err(|e| shell_error(ErrorCode::Io, e.to_string()))?;
    tauri::async_runtime::spawn(async move {
        let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
        let checked = check_links(client, &urls, &LinkLimits::default()).await;
        let links = links
            .into_iter()
            .zip(checked)
            .map(|(link, checked)| LinkReport {
                message: format!(
                    "{} link {} {}",
                    if link.in_body { "body" } else { "source" },
                    link.url,
                    checked.outcome.describe()
                ),
                state: match checked.outcome {
                    LinkOutcome::Fine => LinkState::Fine,
                    LinkOutcome::Redirected { .. } => LinkState::Redirected,
                    LinkOutcome::BehindLogin { .. } => LinkState::BehindLogin,
                    LinkOutcome::Broken { .. } => LinkState::Broken,
                    LinkOutcome::NotChecked { .. } => LinkState::NotChecked,
                },
                brief: link.brief,
                url: link.url,
                in_body: link.in_body,
            })
            .collect();
        let _ = on_result.send(LinkReports { number, links });
    });
    Ok(())
}
