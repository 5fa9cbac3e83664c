//! The client's rules against a misbehaving server on 127.0.0.1: huge and endless bodies,
//! redirect loops, what it sends about itself, and what it refuses to fetch at all.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use briefdesk_web::{Limits, USER_AGENT, WebClient, WebError};
use common::*;

fn quick() -> WebClient {
    WebClient::with_limits(Limits {
        connect: Duration::from_secs(2),
        read: Duration::from_secs(2),
        total: Duration::from_secs(2),
        ..Limits::default()
    })
    .unwrap()
}

#[tokio::test]
async fn a_50_mb_page_is_refused_whether_or_not_its_size_is_announced() {
    let server = serve(vec![
        (
            "/announced",
            Reply::Huge {
                bytes: 50 * 1024 * 1024,
                announced: true,
            },
        ),
        (
            "/chunked",
            Reply::Huge {
                bytes: 50 * 1024 * 1024,
                announced: false,
            },
        ),
    ]);
    let client = WebClient::new().unwrap();
    for path in ["/announced", "/chunked"] {
        let e = client.get(&server.url(path)).await.unwrap_err();
        assert_eq!(
            e,
            WebError::TooLarge {
                url: server.url(path),
                limit_mb: 8
            },
            "{path}"
        );
        assert_eq!(
            e.to_string(),
            format!(
                "{} is larger than 8 MB, more than a page is; it was not read",
                server.url(path)
            )
        );
    }
}

#[tokio::test]
async fn a_response_that_never_ends_times_out_at_the_total_limit() {
    let server = serve(vec![("/endless", Reply::Endless)]);
    let started = Instant::now();
    let e = quick().get(&server.url("/endless")).await.unwrap_err();
    assert_eq!(
        e,
        WebError::TimedOut {
            url: server.url("/endless"),
            seconds: 2
        }
    );
    assert!(e.is_offline(), "a timeout is worth trying again");
    // Bounded, not hung: the test itself must end.
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn a_redirect_loop_stops_after_five() {
    let server = serve(vec![
        ("/a", Reply::Redirect { to: "/b".into() }),
        ("/b", Reply::Redirect { to: "/a".into() }),
    ]);
    let e = WebClient::new()
        .unwrap()
        .get(&server.url("/a"))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        WebError::TooManyRedirects {
            url: server.url("/a"),
            max: 5
        }
    );
    let hops = server.requests.lock().unwrap().len();
    assert_eq!(hops, 6, "the first request and five redirects");
}

#[tokio::test]
async fn a_redirect_is_followed_and_its_end_reported() {
    let server = serve(vec![
        ("/old", Reply::Redirect { to: "/new".into() }),
        ("/new", html("<p>here</p>")),
    ]);
    let fetched = WebClient::new()
        .unwrap()
        .get(&server.url("/old"))
        .await
        .unwrap();
    assert!(fetched.redirected());
    assert_eq!(fetched.final_url.as_str(), server.url("/new"));
    assert_eq!(fetched.status, 200);
}

#[tokio::test]
async fn it_says_who_it_is_and_sends_no_credentials() {
    let server = serve(vec![("/", html("<p>hi</p>"))]);
    let with_password = server.url("/").replace("http://", "http://editor:secret@");
    WebClient::new().unwrap().get(&with_password).await.unwrap();
    let requests = server.requests.lock().unwrap();
    let head = requests[0].to_ascii_lowercase();
    assert!(
        head.contains(&format!("user-agent: {}", USER_AGENT.to_ascii_lowercase())),
        "{head}"
    );
    assert!(!head.contains("authorization"), "{head}");
    assert!(!head.contains("cookie"), "{head}");
}

#[tokio::test]
async fn only_http_and_https_addresses_are_fetched() {
    let client = WebClient::new().unwrap();
    for (address, scheme) in [
        ("file:///etc/passwd", "file"),
        ("javascript:alert(1)", "javascript"),
        ("ftp://127.0.0.1/x", "ftp"),
        ("data:text/html,<script>alert(1)</script>", "data"),
    ] {
        let e = client.get(address).await.unwrap_err();
        assert_eq!(
            e,
            WebError::UnsupportedScheme {
                url: address.into(),
                scheme: scheme.into()
            }
        );
    }
    let e = client.get("not a url").await.unwrap_err();
    assert!(matches!(e, WebError::InvalidUrl { .. }), "{e:?}");
}

#[tokio::test]
async fn nothing_listening_is_offline_and_worth_trying_again() {
    // A port that was free a moment ago: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = quick()
        .get(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert!(matches!(e, WebError::Unreachable { .. }), "{e:?}");
    assert!(e.is_offline());
    assert!(
        e.to_string()
            .starts_with("offline, will try again: 127.0.0.1 could not be reached"),
        "{e}"
    );
}
