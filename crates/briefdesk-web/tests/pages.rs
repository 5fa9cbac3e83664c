//! Pages served from 127.0.0.1 and read as an editor's source: what each kind of page yields
//! and where each fact came from, in the encodings Chinese, Japanese and Korean outlets use.
#![allow(clippy::unwrap_used)]

mod common;

use briefdesk_web::{Origin, PageInfo, WebClient, WebError, fetch_page};
use chrono::NaiveDate;
use common::*;

async fn read(server: &Server, path: &str) -> Result<PageInfo, WebError> {
    fetch_page(&WebClient::new().unwrap(), &server.url(path)).await
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn a_json_ld_page_gives_every_fact_and_its_article_text() {
    let server = serve(vec![("/story", html(fixture("json-ld.html")))]);
    let page = read(&server, "/story").await.unwrap();

    let outlet = page.outlet.unwrap();
    assert_eq!(
        (outlet.value.as_str(), outlet.from),
        ("The Coastal Ledger", Origin::JsonLd)
    );
    let published = page.published.unwrap();
    // The outlet's own day, although it is already the 5th in UTC.
    assert_eq!(
        (published.value, published.from),
        (day(2021, 3, 4), Origin::JsonLd)
    );
    assert_eq!(
        page.title.unwrap().value,
        "Harbour strike ends after nine days"
    );
    let canonical = page.canonical_url.unwrap();
    assert_eq!(
        canonical.value,
        server.url("/news/2021/03/04/harbour-strike-ends")
    );
    assert_eq!(canonical.from, Origin::LinkCanonical);
    assert_eq!(page.language.unwrap().value, "en-GB");
    assert_eq!(page.encoding, "UTF-8");

    assert!(
        page.text
            .starts_with("Harbour strike ends after nine days\n\nDock workers returned"),
        "{}",
        page.text
    );
    assert!(page.text.contains(
        "“We got what we came for,” said the union’s spokesperson, Mara Quinn, at the gates."
    ));
    assert!(page.text.contains("clear & move normally"));
    for chrome in [
        "Skip to content",
        "Read more",
        "All rights reserved",
        "tracking",
        "color: red",
    ] {
        assert!(
            !page.text.contains(chrome),
            "{chrome:?} kept in {}",
            page.text
        );
    }
}

#[tokio::test]
async fn an_open_graph_page_gives_its_facts_from_open_graph() {
    let server = serve(vec![("/og", html(fixture("open-graph.html")))]);
    let page = read(&server, "/og").await.unwrap();
    assert_eq!(page.outlet.clone().unwrap().value, "Valley Courier");
    assert_eq!(page.outlet.unwrap().from, Origin::OpenGraph);
    assert_eq!(page.published.unwrap().value, day(2022, 8, 15));
    assert_eq!(
        page.title.unwrap().value,
        "Storm warning issued for the valley"
    );
    assert_eq!(
        page.canonical_url.unwrap().value,
        "https://courier.example/weather/storm-warning"
    );
    assert_eq!(page.language.unwrap().value, "fr-CA");
    assert!(
        page.text
            .starts_with("The weather office issued a storm warning")
    );
}

#[tokio::test]
async fn a_page_with_nothing_gives_nothing_but_its_text_and_the_date_in_its_address() {
    let server = serve(vec![("/2020/11/27/plain", html(fixture("nothing.html")))]);
    let page = read(&server, "/2020/11/27/plain").await.unwrap();
    assert_eq!(page.outlet, None);
    assert_eq!(page.title, None);
    assert_eq!(page.canonical_url, None);
    assert_eq!(page.language, None);
    let published = page.published.unwrap();
    assert_eq!(
        (published.value, published.from),
        (day(2020, 11, 27), Origin::Address)
    );
    assert_eq!(
        page.text,
        "Just some words on a page with no title, no metadata and no date."
    );
}

#[tokio::test]
async fn a_time_element_dates_a_page_without_metadata() {
    let server = serve(vec![("/t", html(fixture("time-element.html")))]);
    let page = read(&server, "/t").await.unwrap();
    let published = page.published.unwrap();
    assert_eq!(
        (published.value, published.from),
        (day(2019, 5, 6), Origin::TimeElement)
    );
    assert_eq!(page.title.unwrap().from, Origin::TitleElement);
    assert_eq!(page.language.unwrap().value, "de");
    assert!(
        page.text
            .contains("Die Brücke bleibt bis Freitag gesperrt.")
    );
}

/// A page in `encoding`, declaring it in a `<meta>` when `in_meta`, else only in the header.
fn encoded_page(
    encoding: &'static encoding_rs::Encoding,
    label: &str,
    in_meta: bool,
    title: &str,
    text: &str,
) -> Reply {
    let meta = if in_meta {
        format!("<meta charset=\"{label}\">")
    } else {
        String::new()
    };
    let page =
        format!("<html><head>{meta}<title>{title}</title></head><body><p>{text}</p></body></html>");
    let (bytes, _, unmappable) = encoding.encode(&page);
    assert!(!unmappable, "the test's text fits {label}");
    let content_type = if in_meta {
        "text/html".to_string()
    } else {
        format!("text/html; charset={label}")
    };
    with_type(&content_type, bytes.into_owned())
}

#[tokio::test]
async fn chinese_japanese_and_korean_pages_are_read_in_their_own_encodings() {
    let cases = [
        (
            encoding_rs::GBK,
            "gbk",
            true,
            "港口罢工结束",
            "码头工人周四返回港口，罢工持续了九天。",
            "GBK",
        ),
        (
            encoding_rs::GB18030,
            "gb18030",
            false,
            "港口罢工结束",
            "码头工人周四返回港口。",
            "gb18030",
        ),
        (
            encoding_rs::BIG5,
            "big5",
            false,
            "港口罷工結束",
            "碼頭工人週四返回港口，罷工持續了九天。",
            "Big5",
        ),
        (
            encoding_rs::SHIFT_JIS,
            "shift_jis",
            true,
            "港のストライキが終了",
            "港湾労働者は木曜日に職場に戻った。",
            "Shift_JIS",
        ),
        (
            encoding_rs::EUC_KR,
            "euc-kr",
            true,
            "항구 파업 종료",
            "부두 노동자들이 목요일에 항구로 돌아왔다.",
            "EUC-KR",
        ),
    ];
    let routes = cases
        .iter()
        .map(|(enc, label, meta, title, text, _)| {
            (
                format!("/{label}"),
                encoded_page(enc, label, *meta, title, text),
            )
        })
        .collect();
    let server = serve(routes);
    for (_, label, _, title, text, name) in cases {
        let page = read(&server, &format!("/{label}")).await.unwrap();
        assert_eq!(page.encoding, name, "{label}");
        assert_eq!(page.title.unwrap().value, title, "{label}");
        assert_eq!(page.text, text, "{label}");
    }
}

#[tokio::test]
async fn what_is_not_a_page_is_refused_by_name() {
    let server = serve(vec![
        ("/missing", status(404)),
        ("/broken", status(500)),
        ("/photo", with_type("image/jpeg", vec![0xFF, 0xD8, 0xFF])),
    ]);
    let e = read(&server, "/missing").await.unwrap_err();
    assert_eq!(
        e,
        WebError::Status {
            url: server.url("/missing"),
            status: 404
        }
    );
    assert_eq!(
        e.to_string(),
        format!("{} answered 404 Not Found", server.url("/missing"))
    );
    assert!(!e.is_offline());
    let e = read(&server, "/broken").await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{} answered 500 Internal Server Error",
            server.url("/broken")
        )
    );
    let e = read(&server, "/photo").await.unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{} is not a web page (it is image/jpeg)",
            server.url("/photo")
        )
    );
}

const CORPUS: &str = include_str!("../../briefdesk-core/tests/fixtures/xss-corpus.txt");

/// Every payload of the XSS corpus, as a page's markup in its body, title, metadata and
/// JSON-LD: what comes back is text (no tag of the markup survives into the snapshot), and no address that
/// is not http(s) is offered as the canonical one.
#[tokio::test]
async fn the_xss_corpus_in_a_page_comes_back_as_text_only() {
    let payloads: Vec<&str> = CORPUS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert!(payloads.len() >= 30);
    let pages: Vec<(String, Reply)> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let json = serde_json::to_string(p).unwrap();
            let page = format!(
                "<html><head><title>{p}</title><meta property=\"og:site_name\" content=\"{p}\">\
                 <link rel=canonical href=\"{p}\"><meta property=\"og:url\" content=\"{p}\">\
                 <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":{json},\"url\":{json}}}</script>\
                 </head><body><article><p>Before {p} after.</p></article></body></html>"
            );
            (format!("/{i}"), html(page))
        })
        .collect();
    let server = serve(pages);
    for (i, payload) in payloads.iter().enumerate() {
        let page = read(&server, &format!("/{i}")).await.unwrap();
        // An escaped payload (`&lt;script&gt;`) is the page's text, and stays text: the
        // snapshot is shown and stored as text, never as markup.
        let escaped = payload.contains('&');
        let tag_in_text = !escaped
            && page
                .text
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'));
        assert!(
            !tag_in_text,
            "payload {payload:?} left markup in the snapshot: {:?}",
            page.text
        );
        if let Some(canonical) = &page.canonical_url {
            assert!(
                canonical.value.starts_with("http://") || canonical.value.starts_with("https://"),
                "{payload:?} → {canonical:?}"
            );
        }
        for value in [page.title.map(|f| f.value), page.outlet.map(|f| f.value)]
            .into_iter()
            .flatten()
        {
            assert!(!value.contains('\n') && !value.is_empty());
        }
    }
}
