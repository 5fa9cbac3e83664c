//! Updates: asking the release feed for a newer Briefdesk and installing it (tauri-plugin-updater).
//!
//! The feed (`latest.json`) names each system's installer and its minisign signature; the
//! plugin refuses an installer whose signature is not made by the key in tauri.conf.json
//! (`plugins.updater.pubkey`), so a feed or a download altered on the way installs nothing.
//! The window decides when to ask (Help › Check for Updates…, or its daily check) and stores
//! the editor's edits before it asks for the install, which ends with a restart.

use std::sync::Mutex;
use std::time::Duration;

use briefdesk_core::UpdateOffer;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Error as UpdaterError, Update, Updater, UpdaterExt};

use crate::error::{ErrorCode, IpcError, IpcResult, shell_error};

/// Another feed than the configured one, for testing a release before it is published (and
/// the package test's local server); see docs/security.md for why this is safe to honour.
pub const ENDPOINT_ENV: &str = "BRIEFDESK_UPDATE_ENDPOINT";

/// How long connecting to the feed may take.
const CONNECT_LIMIT: Duration = Duration::from_secs(15);
/// How long the feed or a download may send nothing before it is given up: a server that
/// hangs is refused, while a slow line that keeps sending still finishes.
const SILENCE_LIMIT: Duration = Duration::from_secs(15);

/// The update last offered to the window, until it is installed or another check replaces it.
#[derive(Default)]
pub struct Offered(Mutex<Option<Update>>);

fn updater<R: Runtime>(app: &AppHandle<R>) -> IpcResult<Updater> {
    let mut builder = app.updater_builder().configure_client(|client| {
        client
            .connect_timeout(CONNECT_LIMIT)
            .read_timeout(SILENCE_LIMIT)
    });
    if let Some(endpoint) = std::env::var_os(ENDPOINT_ENV) {
        let text = endpoint.to_string_lossy();
        let url = text.parse().map_err(|e| {
            shell_error(
                ErrorCode::Update,
                format!("{ENDPOINT_ENV} is not a web address ({text:?}: {e})"),
            )
        })?;
        builder = builder
            .endpoints(vec![url])
            .map_err(|e| refused(&format!("{ENDPOINT_ENV} ({text})"), e))?;
    }
    builder
        .build()
        .map_err(|e| refused("the update settings", e))
}

/// Asks the feed whether a newer release exists; remembers it for [`install`].
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    offered: &Offered,
) -> IpcResult<Option<UpdateOffer>> {
    let found = updater(app)?
        .check()
        .await
        .map_err(|e| refused("the update feed", e))?;
    let offer = found.as_ref().map(|update| UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone(),
    });
    match &offer {
        Some(offer) => tracing::info!(version = %offer.version, "an update is offered"),
        None => tracing::info!("no newer release"),
    }
    *lock(offered) = found;
    Ok(offer)
}

/// Downloads the offered release, checks its signature, installs it and restarts Briefdesk.
/// Any failure leaves the installed app as it was (the installer only runs on a download
/// whose signature matched) and the offer in place, to try again.
pub async fn install<R: Runtime>(app: &AppHandle<R>, offered: &Offered) -> IpcResult<()> {
    let Some(update) = lock(offered).clone() else {
        return Err(shell_error(
            ErrorCode::Update,
            "no update is on offer: check for updates first",
        ));
    };
    let what = format!("the update to Briefdesk {}", update.version);
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| refused(&what, e))?;
    tracing::info!(version = %update.version, bytes = bytes.len(), "update downloaded, signature verified");
    // The installer runs the package manager (behind a password prompt on Linux): off the
    // async threads, which keep serving the window meanwhile.
    let installed = tauri::async_runtime::spawn_blocking(move || {
        update.install(bytes).map(|()| update.version)
    })
    .await
    .map_err(|e| {
        shell_error(
            ErrorCode::Internal,
            format!("installing stopped midway: {e}"),
        )
    })?;
    let version = installed.map_err(|e| refused(&what, e))?;
    tracing::info!(%version, "update installed; restarting");
    app.restart()
}

fn lock(offered: &Offered) -> std::sync::MutexGuard<'_, Option<Update>> {
    // A panic elsewhere while holding it leaves a valid Option: keep using it.
    offered
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The updater's failure in words for the editor: what went wrong and that nothing changed.
fn refused(what: &str, error: UpdaterError) -> IpcError {
    tracing::warn!("{what}: {error}");
    let unchanged = "Nothing was installed; this Briefdesk is unchanged.";
    let message = match &error {
        UpdaterError::Minisign(_) | UpdaterError::SignedVersionMismatch { .. } => format!(
            "{what} was refused: its signature is not one made with Briefdesk's signing key, so \
             it may have been altered on the way. {unchanged}"
        ),
        UpdaterError::Base64(_) | UpdaterError::SignatureUtf8(_) => {
            format!("{what} was refused: its signature cannot be read. {unchanged}")
        }
        UpdaterError::Reqwest(e) if e.is_timeout() => format!(
            "{what} stopped: the update server sent nothing for {} seconds. {unchanged} Try \
             again later.",
            SILENCE_LIMIT.as_secs()
        ),
        UpdaterError::Reqwest(e) if e.is_connect() => format!(
            "cannot reach the update server for {what}: this computer may be offline. \
             {unchanged}"
        ),
        UpdaterError::Reqwest(e) if e.is_body() || e.is_decode() => format!(
            "{what} was refused: the download broke off before its end ({e}). {unchanged} Try \
             again later."
        ),
        UpdaterError::Network(status) => {
            format!("{what}: the update server answered {status}. {unchanged}")
        }
        UpdaterError::InvalidUpdaterFormat => format!(
            "{what} was refused: the download is not a package this installation of Briefdesk \
             can install. {unchanged}"
        ),
        UpdaterError::AuthenticationFailed
        | UpdaterError::PackageInstallFailed
        | UpdaterError::DebInstallFailed => format!(
            "{what} was not installed: the system's package manager refused it, or the \
             password prompt was cancelled. Briefdesk is unchanged."
        ),
        UpdaterError::ReleaseNotFound
        | UpdaterError::Serialization(_)
        | UpdaterError::TargetNotFound(_)
        | UpdaterError::TargetsNotFound(_) => format!(
            "{what} offers no release for this system, or cannot be read ({error}). {unchanged}"
        ),
        UpdaterError::InsecureTransportProtocol => {
            format!("{what} is not an https:// address, so it is not used. {unchanged}")
        }
        _ => format!("{what} failed: {error}. {unchanged}"),
    };
    shell_error(ErrorCode::Update, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_signature_is_refused_in_words_saying_nothing_changed() {
        let error = refused(
            "the update to Briefdesk 9.9.9",
            UpdaterError::SignatureUtf8("x".into()),
        );
        assert_eq!(error.code, ErrorCode::Update);
        assert!(
            error.message.contains("cannot be read"),
            "{}",
            error.message
        );
        assert!(error.message.contains("unchanged"), "{}", error.message);
    }
}
