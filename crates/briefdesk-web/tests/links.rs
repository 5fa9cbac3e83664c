//! Links checked before sending, against a server on 127.0.0.1 that has every kind of link.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use briefdesk_web::{LinkLimits, LinkOutcome, WebClient, check_links};
use common::*;

#[tokio::test]
async fn each_link_is_reported_as_fine_redirected_behind_a_login_or_broken() {
    let server = serve(vec![
        ("/fine", html("<p>ok</p>")),
        // Adding a slash is not a move worth telling the editor about.
        (
            "/fine-slash",
            Reply::Redirect {
                to: "/fine-slash/".into(),
            },
        ),
        ("/fine-slash/", html("<p>ok</p>")),
        ("/old", Reply::Redirect { to: "/new".into() }),
        ("/new", html("<p>moved here</p>")),
        (
            "/story",
            Reply::Redirect {
                to: "/account/login?next=/story".into(),
            },
        ),
        ("/account/login?next=/story", html("<form>sign in</form>")),
        ("/members", status(401)),
        ("/gone", status(404)),
        ("/error", status(500)),
        (
            "/moved-and-gone",
            Reply::Redirect {
                to: "/nowhere".into(),
            },
        ),
        ("/loop", Reply::Redirect { to: "/loop".into() }),
    ]);
    let urls: Vec<String> = [
        "/fine",
        "/fine-slash",
        "/old",
        "/story",
        "/members",
        "/gone",
        "/error",
        "/moved-and-gone",
        "/loop",
        "/fine",
    ]
    .iter()
    .map(|p| server.url(p))
    .collect();
    let checked = check_links(&WebClient::new().unwrap(), &urls, &LinkLimits::default()).await;
    let outcomes: Vec<LinkOutcome> = checked.iter().map(|c| c.outcome.clone()).collect();
    assert_eq!(
        checked.iter().map(|c| c.url.clone()).collect::<Vec<_>>(),
        urls,
        "in the order given"
    );
    assert_eq!(
        outcomes,
        [
            LinkOutcome::Fine,
            LinkOutcome::Fine,
            LinkOutcome::Redirected {
                to: server.url("/new")
            },
            LinkOutcome::BehindLogin {
                to: server.url("/account/login?next=/story")
            },
            LinkOutcome::BehindLogin {
                to: server.url("/members")
            },
            LinkOutcome::Broken {
                reason: format!("{} answered 404 Not Found", server.url("/gone"))
            },
            LinkOutcome::Broken {
                reason: format!(
                    "{} answered 500 Internal Server Error",
                    server.url("/error")
                )
            },
            LinkOutcome::Broken {
                reason: format!(
                    "{} answered 404 Not Found (after a redirect from {})",
                    server.url("/nowhere"),
                    server.url("/moved-and-gone")
                )
            },
            LinkOutcome::Broken {
                reason: format!(
                    "{} redirects more than 5 times (a redirect loop?)",
                    server.url("/loop")
                )
            },
            LinkOutcome::Fine,
        ]
    );
    let fine_requests = server
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.starts_with("GET /fine "))
        .count();
    assert_eq!(fine_requests, 1, "a link cited twice is fetched once");
}

#[tokio::test]
async fn a_slow_site_cannot_hold_the_check_past_its_deadline() {
    let server = serve(vec![
        ("/endless", Reply::Endless),
        ("/fine", html("<p>ok</p>")),
    ]);
    // Probes read no body, so an endless body is no wait; a silent server is: connect to a
    // listener that never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}/", silent.local_addr().unwrap());
    let urls = vec![
        server.url("/endless"),
        silent_url.clone(),
        server.url("/fine"),
    ];
    let limits = LinkLimits {
        total: Duration::from_secs(2),
        ..LinkLimits::default()
    };
    let started = Instant::now();
    let checked = check_links(&WebClient::new().unwrap(), &urls, &limits).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(checked[0].outcome, LinkOutcome::Fine);
    assert_eq!(
        checked[1].outcome,
        LinkOutcome::NotChecked {
            reason: "no answer within the check's 2 s".into()
        }
    );
    assert_eq!(checked[2].outcome, LinkOutcome::Fine);
    drop(silent);
}

#[tokio::test]
async fn no_more_than_two_requests_reach_one_site_at_once() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // A server of its own that counts the connections open at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let open = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (o, m) = (open.clone(), most.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (o, m) = (o.clone(), m.clone());
            std::thread::spawn(move || {
                use std::io::{BufRead, BufReader, Write};
                let now = o.fetch_add(1, Ordering::SeqCst) + 1;
                m.fetch_max(now, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                std::thread::sleep(Duration::from_millis(150));
                o.fetch_sub(1, Ordering::SeqCst);
                let mut stream = stream;
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            });
        }
    });
    let urls: Vec<String> = (0..8).map(|i| format!("http://{addr}/page-{i}")).collect();
    let checked = check_links(&WebClient::new().unwrap(), &urls, &LinkLimits::default()).await;
    assert!(
        checked.iter().all(|c| c.outcome == LinkOutcome::Fine),
        "{checked:?}"
    );
    assert_eq!(most.load(Ordering::SeqCst), 2);
}
