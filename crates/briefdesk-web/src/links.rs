//! Links checked before sending: every address fetched at once, a few per site so no server is
//! hammered, within one deadline for the whole issue; each reported as fine, redirected (and
//! where to), moved behind a login, or broken (and why).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use crate::WebClient;

/// What became of one link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkOutcome {
    Fine,
    /// It answers from another address: the link still works, but points where it no longer is.
    Redirected {
        to: String,
    },
    /// It now asks for a login (a 401, or a redirect to a sign-in page): readers without an
    /// account will not see the story.
    BehindLogin {
        to: String,
    },
    Broken {
        reason: String,
    },
    /// The deadline for the whole check passed before it answered.
    NotChecked {
        reason: String,
    },
}

impl LinkOutcome {
    /// Whether an editor should look at it before sending.
    pub fn is_problem(&self) -> bool {
        !matches!(self, LinkOutcome::Fine)
    }

    /// What became of the link, to follow "source link https://…": "redirects to https://…".
    pub fn describe(&self) -> String {
        match self {
            LinkOutcome::Fine => "works".to_string(),
            LinkOutcome::Redirected { to } => format!("redirects to {to}"),
            LinkOutcome::BehindLogin { to } => format!("is behind a login now ({to})"),
            LinkOutcome::Broken { reason } => format!("is broken: {reason}"),
            LinkOutcome::NotChecked { reason } => format!("was not checked: {reason}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkCheck {
    pub url: String,
    pub outcome: LinkOutcome,
}

#[derive(Debug, Clone)]
pub struct LinkLimits {
    /// Requests to one host at a time.
    pub per_host: usize,
    /// Requests in flight in all.
    pub all: usize,
    /// The whole check.
    pub total: Duration,
}

impl Default for LinkLimits {
    fn default() -> Self {
        LinkLimits {
            per_host: 2,
            all: 8,
            total: Duration::from_secs(60),
        }
    }
}

/// Checks `urls` (in any number, duplicates checked once), answering in their order.
pub async fn check_links(
    client: &WebClient,
    urls: &[String],
    limits: &LinkLimits,
) -> Vec<LinkCheck> {
    let all = Arc::new(Semaphore::new(limits.all.max(1)));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut unique: Vec<&String> = Vec::new();
    for url in urls {
        if !unique.contains(&url) {
            unique.push(url);
        }
    }
    let mut tasks = JoinSet::new();
    for (i, url) in unique.iter().enumerate() {
        let host = Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        let per_host = hosts
            .entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(limits.per_host.max(1))))
            .clone();
        let all = all.clone();
        let client = client.clone();
        let url = (*url).clone();
        tasks.spawn(async move {
            // Closed semaphores never happen here (they live as long as the tasks).
            let _host = per_host.acquire_owned().await;
            let _all = all.acquire_owned().await;
            (i, outcome(&client, &url).await)
        });
    }
    let mut found: Vec<Option<LinkOutcome>> = vec![None; unique.len()];
    let deadline = tokio::time::Instant::now() + limits.total;
    while let Ok(Some(joined)) = tokio::time::timeout_at(deadline, tasks.join_next()).await {
        if let Ok((i, outcome)) = joined {
            found[i] = Some(outcome);
        }
    }
    tasks.abort_all();
    let by_url: HashMap<&String, LinkOutcome> = unique
        .iter()
        .zip(found)
        .map(|(url, outcome)| {
            let outcome = outcome.unwrap_or_else(|| LinkOutcome::NotChecked {
                reason: format!("no answer within the check's {} s", limits.total.as_secs()),
            });
            (*url, outcome)
        })
        .collect();
    urls.iter()
        .map(|url| LinkCheck {
            url: url.clone(),
            outcome: by_url.get(url).cloned().unwrap_or(LinkOutcome::Fine),
        })
        .collect()
}

async fn outcome(client: &WebClient, url: &str) -> LinkOutcome {
    let probe = match client.probe(url).await {
        Ok(probe) => probe,
        Err(e) => {
            return LinkOutcome::Broken {
                reason: e.to_string(),
            };
        }
    };
    let to = probe.final_url.to_string();
    let moved = !same_page(&probe.url, &probe.final_url);
    if probe.status == 401
        || (moved && looks_like_login(&probe.final_url) && !looks_like_login(&probe.url))
    {
        return LinkOutcome::BehindLogin { to };
    }
    if probe.status >= 400 {
        let status = crate::WebError::Status {
            url: to.clone(),
            status: probe.status,
        };
        let after = if moved {
            format!(" (after a redirect from {url})")
        } else {
            String::new()
        };
        return LinkOutcome::Broken {
            reason: format!("{status}{after}"),
        };
    }
    if moved {
        LinkOutcome::Redirected { to }
    } else {
        LinkOutcome::Fine
    }
}

/// The same page for a reader: http → https, `www.`, and a trailing slash are not moves.
fn same_page(a: &Url, b: &Url) -> bool {
    let host = |u: &Url| {
        u.host_str()
            .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
    };
    host(a) == host(b)
        && a.path().trim_end_matches('/') == b.path().trim_end_matches('/')
        && a.query() == b.query()
}

fn looks_like_login(url: &Url) -> bool {
    let text = format!("{}?{}", url.path(), url.query().unwrap_or("")).to_ascii_lowercase();
    [
        "login",
        "log-in",
        "signin",
        "sign-in",
        "sign_in",
        "/auth",
        "/sso",
        "subscribe",
        "paywall",
        "register",
    ]
    .iter()
    .any(|word| text.contains(word))
}
