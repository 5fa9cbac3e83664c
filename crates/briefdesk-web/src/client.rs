//! The one HTTP client of the app. Every request Briefdesk makes goes through it, so the rules
//! live in one place: http and https only, a few redirects, timeouts, a cap on what is read, a
//! User-Agent that says who is asking, and nothing of the editor's sent (no cookies are kept;
//! a user name or password in an address is dropped before it is used).

use std::time::Duration;

use reqwest::header::{
    ACCEPT, CONTENT_LANGUAGE, CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED,
};
use reqwest::redirect;
use url::Url;

use crate::WebError;

/// Who is asking, as servers see it.
pub const USER_AGENT: &str = concat!(
    "Briefdesk/",
    env!("CARGO_PKG_VERSION"),
    " (newsletter editor; +https://github.com/briefdesk/briefdesk)"
);

/// How long and how much the client will wait for and read.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Until a connection is made.
    pub connect: Duration,
    /// Between two reads: a server that stops sending.
    pub read: Duration,
    /// The whole request, body included: a server that sends forever, slowly.
    pub total: Duration,
    /// The most bytes of a body read; past it the response is refused, not cut.
    pub max_bytes: u64,
    /// The most redirects followed.
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(15),
            total: Duration::from_secs(30),
            // News pages run to a few hundred KB; 8 MB is generous and still bounded.
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// A response read whole (within the limits).
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked for.
    pub url: Url,
    /// Where the content came from after redirects.
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub content_language: Option<String>,
    /// The validators a conditional request sends back (feeds).
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

impl Fetched {
    pub fn redirected(&self) -> bool {
        self.url != self.final_url
    }

    pub fn require_success(&self) -> Result<(), WebError> {
        if (200..300).contains(&self.status) {
            Ok(())
        } else {
            Err(WebError::Status {
                url: self.final_url.to_string(),
                status: self.status,
            })
        }
    }

    /// A page is HTML, or carries no type at all (then its bytes are read as HTML).
    pub fn require_html(&self) -> Result<(), WebError> {
        match self.content_type.as_deref() {
            None => Ok(()),
            Some(t) => {
                let mime = t
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                if mime == "text/html" || mime == "application/xhtml+xml" || mime.is_empty() {
                    Ok(())
                } else {
                    Err(WebError::NotHtml {
                        url: self.final_url.to_string(),
                        content_type: mime,
                    })
                }
            }
        }
    }
}

/// Where an address ends up and what it answers.
#[derive(Debug, Clone)]
pub struct Probe {
    pub url: Url,
    pub final_url: Url,
    pub status: u16,
}

#[derive(Debug, Clone)]
pub struct WebClient {
    http: reqwest::Client,
    limits: Limits,
}

impl WebClient {
    pub fn new() -> Result<Self, WebError> {
        Self::with_limits(Limits::default())
    }

    pub fn with_limits(limits: Limits) -> Result<Self, WebError> {
        let max_redirects = limits.max_redirects;
        let policy = redirect::Policy::custom(move |attempt| {
            let scheme = attempt.url().scheme();
            if scheme != "http" && scheme != "https" {
                attempt.stop()
            } else if attempt.previous().len() > max_redirects {
                attempt.error(TooManyRedirects)
            } else {
                attempt.follow()
            }
        });
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            reqwest::header::HeaderValue::from_static(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            ),
        );
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .connect_timeout(limits.connect)
            .read_timeout(limits.read)
            .timeout(limits.total)
            .redirect(policy)
            .referer(false)
            .build()
            .map_err(|e| WebError::Failed {
                url: String::new(),
                reason: format!("the HTTP client could not start: {e}"),
            })?;
        Ok(WebClient { http, limits })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// GETs `address` and reads its body whole, within the limits. A status that is not a
    /// success is returned, not an error: the link checker wants to see a 404.
    pub async fn get(&self, address: &str) -> Result<Fetched, WebError> {
        let url = web_url(address)?;
        let request = self.http.get(url.clone());
        self.read(url, request).await
    }

    /// GETs the feed at `address`, sending back the validators of its last answer: a server
    /// whose feed did not change answers 304 with no body.
    pub async fn get_conditional(
        &self,
        address: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, WebError> {
        let url = web_url(address)?;
        let mut request = self.http.get(url.clone()).header(
            ACCEPT,
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
        );
        if let Some(etag) = etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(since) = last_modified {
            request = request.header(IF_MODIFIED_SINCE, since);
        }
        self.read(url, request).await
    }

    async fn read(&self, url: Url, request: reqwest::RequestBuilder) -> Result<Fetched, WebError> {
        let response = request.send().await.map_err(|e| self.error(&url, e))?;
        let final_url = response.url().clone();
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(CONTENT_TYPE);
        let content_language = header(CONTENT_LANGUAGE);
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let too_large = || WebError::TooLarge {
            url: final_url.to_string(),
            limit_mb: self.limits.max_bytes / (1024 * 1024),
        };
        if response
            .content_length()
            .is_some_and(|n| n > self.limits.max_bytes)
        {
            return Err(too_large());
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.error(&final_url, e))?
        {
            if body.len() as u64 + chunk.len() as u64 > self.limits.max_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            url,
            final_url,
            status,
            content_type,
            content_language,
            etag,
            last_modified,
            body,
        })
    }

    /// GETs `address` for its status and where it ends up, without reading the body: a link
    /// check needs no page.
    pub async fn probe(&self, address: &str) -> Result<Probe, WebError> {
        let url = web_url(address)?;
        let response = self
            .http
            .get(url.clone())
            .send()
            .await
            .map_err(|e| self.error(&url, e))?;
        Ok(Probe {
            final_url: response.url().clone(),
            status: response.status().as_u16(),
            url,
        })
    }

    fn error(&self, url: &Url, e: reqwest::Error) -> WebError {
        let url_text = url.to_string();
        if e.is_redirect() {
            return WebError::TooManyRedirects {
                url: url_text,
                max: self.limits.max_redirects,
            };
        }
        if e.is_timeout() {
            return WebError::TimedOut {
                url: url_text,
                seconds: self.limits.total.as_secs(),
            };
        }
        if e.is_connect() {
            return WebError::Unreachable {
                host: url.host_str().unwrap_or("the server").to_string(),
                reason: innermost(&e),
            };
        }
        WebError::Failed {
            url: url_text,
            reason: innermost(&e),
        }
    }
}

/// The deepest cause: reqwest's own message ("error sending request") says nothing useful.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[derive(Debug)]
struct TooManyRedirects;

impl std::fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too many redirects")
    }
}

impl std::error::Error for TooManyRedirects {}

/// An address the client will fetch: absolute, http or https, with any user name and password
/// removed (they are the editor's, never sent).
pub fn web_url(address: &str) -> Result<Url, WebError> {
    let trimmed = address.trim();
    let mut url = Url::parse(trimmed).map_err(|e| WebError::InvalidUrl {
        url: trimmed.to_string(),
        reason: e.to_string(),
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(WebError::UnsupportedScheme {
            url: trimmed.to_string(),
            scheme: url.scheme().to_string(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(WebError::InvalidUrl {
            url: trimmed.to_string(),
            reason: "it names no host".to_string(),
        });
    }
    // Both only fail for addresses that cannot have credentials, which http(s) ones can.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(url)
}
