//! What can go wrong on the way to a page, in words an editor can act on.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum WebError {
    #[error("“{url}” is not a web address: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("only http and https addresses are fetched; “{url}” is a {scheme}: address")]
    UnsupportedScheme { url: String, scheme: String },
    /// No connection could be made: no network, the name did not resolve, or nothing answered.
    /// The caller keeps what it has and tries again later.
    #[error("offline, will try again: {host} could not be reached ({reason})")]
    Unreachable { host: String, reason: String },
    #[error("{url} did not answer in full within {seconds} s")]
    TimedOut { url: String, seconds: u64 },
    #[error("{url} is larger than {limit_mb} MB, more than a page is; it was not read")]
    TooLarge { url: String, limit_mb: u64 },
    #[error("{url} redirects more than {max} times (a redirect loop?)")]
    TooManyRedirects { url: String, max: usize },
    #[error("{url} answered {status}{}", reason_suffix(.status))]
    Status { url: String, status: u16 },
    #[error("{url} is not a web page (it is {content_type})")]
    NotHtml { url: String, content_type: String },
    #[error("{url} is not a feed that can be read (RSS, Atom or JSON Feed): {reason}")]
    NotAFeed { url: String, reason: String },
    #[error("{name} is not a readable OPML file: {reason}")]
    NotOpml { name: String, reason: String },
    #[error("{url} could not be read: {reason}")]
    Failed { url: String, reason: String },
}

impl WebError {
    /// Whether trying again later, with the network back, may succeed.
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            WebError::Unreachable { .. } | WebError::TimedOut { .. }
        )
    }
}

fn reason_suffix(status: &u16) -> String {
    match reqwest::StatusCode::from_u16(*status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!(" {reason}"),
        None => String::new(),
    }
}
