//! What a page says about itself, each fact with where it came from, so the window can say
//! "outlet from Open Graph" and the editor can judge it. Everything here is plain text: titles
//! and outlets are text with whitespace collapsed, addresses are http(s) only, and the snapshot
//! is the page's readable paragraphs without markup.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::Fetched;
use crate::charset::decode_html;
use crate::html::{RawPage, collapse, tokenize};

/// Where a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    JsonLd,
    OpenGraph,
    MetaTag,
    LinkCanonical,
    TimeElement,
    TitleElement,
    HtmlLang,
    HttpHeader,
    Address,
}

impl Origin {
    /// As the window and the CLI say it: "from JSON-LD".
    pub fn label(self) -> &'static str {
        match self {
            Origin::JsonLd => "JSON-LD",
            Origin::OpenGraph => "Open Graph",
            Origin::MetaTag => "a meta tag",
            Origin::LinkCanonical => "the canonical link",
            Origin::TimeElement => "a <time> element",
            Origin::TitleElement => "the page title",
            Origin::HtmlLang => "the page's language attribute",
            Origin::HttpHeader => "the server's headers",
            Origin::Address => "the address",
        }
    }
}

/// A fact and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found<T> {
    pub value: T,
    pub from: Origin,
}

fn found<T>(value: T, from: Origin) -> Found<T> {
    Found { value, from }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInfo {
    /// The address asked for.
    pub url: String,
    /// Where the page was after redirects.
    pub final_url: String,
    pub canonical_url: Option<Found<String>>,
    pub outlet: Option<Found<String>>,
    pub published: Option<Found<NaiveDate>>,
    pub title: Option<Found<String>>,
    pub language: Option<Found<String>>,
    /// The charset the page was read in ("GBK").
    pub encoding: String,
    /// The readable text, paragraphs separated by a blank line.
    pub text: String,
}

/// Longest title or outlet kept: past this it is not a title but a page's worth of text.
const MAX_LABEL: usize = 300;

/// Reads a fetched page: decodes it by its charset and gathers what it says about itself.
pub fn read_page(fetched: &Fetched) -> PageInfo {
    let (html, encoding) = decode_html(&fetched.body, fetched.content_type.as_deref());
    let raw = tokenize(&html);
    let ld = JsonLd::from_blocks(&raw.json_ld);
    let meta = |keys: &[&str]| {
        raw.metas
            .iter()
            .find(|(k, v)| keys.contains(&k.as_str()) && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    };
    let base = &fetched.final_url;

    let canonical_url = raw
        .canonical
        .as_deref()
        .and_then(|href| web_address(base, href))
        .map(|u| found(u, Origin::LinkCanonical))
        .or_else(|| {
            meta(&["og:url"])
                .and_then(|u| web_address(base, u))
                .map(|u| found(u, Origin::OpenGraph))
        })
        .or_else(|| {
            ld.url
                .as_deref()
                .and_then(|u| web_address(base, u))
                .map(|u| found(u, Origin::JsonLd))
        });

    let outlet = ld
        .publisher
        .as_deref()
        .and_then(label)
        .map(|o| found(o, Origin::JsonLd))
        .or_else(|| {
            meta(&["og:site_name"])
                .and_then(label)
                .map(|o| found(o, Origin::OpenGraph))
        })
        .or_else(|| {
            meta(&["application-name", "publisher", "dc.publisher"])
                .and_then(label)
                .map(|o| found(o, Origin::MetaTag))
        });

    let published = ld
        .date_published
        .as_deref()
        .and_then(date_prefix)
        .map(|d| found(d, Origin::JsonLd))
        .or_else(|| {
            meta(&["article:published_time", "og:article:published_time"])
                .and_then(date_prefix)
                .map(|d| found(d, Origin::OpenGraph))
        })
        .or_else(|| {
            meta(&[
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "dc.date",
                "dcterms.date",
                "dc.date.issued",
                "citation_publication_date",
                "parsely-pub-date",
                "sailthru.date",
            ])
            .and_then(date_prefix)
            .map(|d| found(d, Origin::MetaTag))
        })
        .or_else(|| {
            raw.first_time
                .as_deref()
                .and_then(date_prefix)
                .map(|d| found(d, Origin::TimeElement))
        })
        .or_else(|| date_in_address(base).map(|d| found(d, Origin::Address)));

    let title = ld
        .headline
        .as_deref()
        .and_then(label)
        .map(|t| found(t, Origin::JsonLd))
        .or_else(|| {
            meta(&["og:title"])
                .and_then(label)
                .map(|t| found(t, Origin::OpenGraph))
        })
        .or_else(|| label(&raw.title).map(|t| found(t, Origin::TitleElement)));

    let language = raw
        .lang
        .as_deref()
        .and_then(language_tag)
        .map(|l| found(l, Origin::HtmlLang))
        .or_else(|| {
            ld.language
                .as_deref()
                .and_then(language_tag)
                .map(|l| found(l, Origin::JsonLd))
        })
        .or_else(|| {
            meta(&["og:locale"])
                .and_then(language_tag)
                .map(|l| found(l, Origin::OpenGraph))
        })
        .or_else(|| {
            fetched
                .content_language
                .as_deref()
                .and_then(language_tag)
                .map(|l| found(l, Origin::HttpHeader))
        });

    PageInfo {
        url: fetched.url.to_string(),
        final_url: base.to_string(),
        canonical_url,
        outlet,
        published,
        title,
        language,
        encoding: encoding.name().to_string(),
        text: readable_text(&raw),
    }
}

/// The article's paragraphs when the page marks one, else its main part, else its body.
fn readable_text(raw: &RawPage) -> String {
    let words = |ps: &[String]| {
        ps.iter()
            .map(|p| p.split_whitespace().count())
            .sum::<usize>()
    };
    let chosen = if words(&raw.article) >= 20 {
        &raw.article
    } else if words(&raw.main) >= 20 {
        &raw.main
    } else {
        &raw.body
    };
    chosen.join("\n\n")
}

/// A title or outlet: one line of text, not too long, not empty.
fn label(text: &str) -> Option<String> {
    let text = collapse(text);
    if text.is_empty() {
        return None;
    }
    Some(match text.char_indices().nth(MAX_LABEL) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    })
}

/// `href` resolved against the page, kept only when it is an http(s) address.
fn web_address(base: &Url, href: &str) -> Option<String> {
    let url = base.join(href.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

/// "zh-Hant-TW" from "zh_Hant_TW" or "en-US": letters, digits and hyphens only.
fn language_tag(text: &str) -> Option<String> {
    let tag = text.split(',').next()?.trim().replace('_', "-");
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    ok.then_some(tag)
}

/// The date a timestamp names where it was written: "2020-11-27T08:00:00+08:00" is the 27th,
/// the day the outlet dated it, whatever the time zone of the editor.
fn date_prefix(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let head = text.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d")
        .ok()
        .filter(plausible)
}

fn plausible(date: &NaiveDate) -> bool {
    use chrono::Datelike;
    (1990..=2100).contains(&date.year())
}

/// A date in the address's path: `/2020/11/27/` or `2020-11-27`.
fn date_in_address(url: &Url) -> Option<NaiveDate> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    for window in segments.windows(3) {
        if let [y, m, d] = window {
            let numeric = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
            if numeric(y, 4) && (numeric(m, 2) || numeric(m, 1)) && (numeric(d, 2) || numeric(d, 1))
            {
                let date =
                    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
                if let Some(date) = date.filter(plausible) {
                    return Some(date);
                }
            }
        }
    }
    let path = url.path();
    path.char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .filter_map(|(i, _)| path.get(i..i + 10))
        .find_map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(plausible)
        })
}

/// The facts of the first article-like object in a page's JSON-LD blocks.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    publisher: Option<String>,
    date_published: Option<String>,
    language: Option<String>,
    url: Option<String>,
}

impl JsonLd {
    fn from_blocks(blocks: &[String]) -> JsonLd {
        let mut out = JsonLd::default();
        for block in blocks {
            // A broken block is the page's mistake: its other facts still count.
            let Ok(value) = serde_json::from_str::<Value>(block.trim()) else {
                continue;
            };
            let mut objects = Vec::new();
            flatten(&value, &mut objects, 0);
            for object in objects {
                if !has_article_type(object)
                    && out.date_published.is_none()
                    && object.get("datePublished").is_none()
                {
                    continue;
                }
                let text = |key: &str| object.get(key).and_then(string_or_name);
                out.headline = out
                    .headline
                    .or_else(|| text("headline"))
                    .or_else(|| text("name").filter(|_| has_article_type(object)));
                out.publisher = out.publisher.or_else(|| text("publisher"));
                out.date_published = out.date_published.or_else(|| text("datePublished"));
                out.language = out.language.or_else(|| text("inLanguage"));
                out.url = out.url.or_else(|| text("url"));
            }
        }
        out
    }
}

/// Every object of a JSON-LD value: arrays and `@graph` opened, a few levels deep at most.
fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(map) => {
            out.push(map);
            if let Some(graph) = map.get("@graph") {
                flatten(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn has_article_type(object: &serde_json::Map<String, Value>) -> bool {
    let is_article = |t: &str| t.ends_with("Article") || t == "BlogPosting" || t == "Report";
    match object.get("@type") {
        Some(Value::String(t)) => is_article(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

/// A string, or an object's `name` (publishers are `{"@type": "Organization", "name": …}`),
/// or the first of an array of either.
fn string_or_name(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Object(map) => map.get("name").and_then(string_or_name),
        Value::Array(items) => items.iter().find_map(string_or_name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("a test address")
    }

    #[test]
    fn dates_are_read_from_the_address_path() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(
            date_in_address(&url("https://a.example/news/2020/11/27/story")),
            d(2020, 11, 27)
        );
        assert_eq!(
            date_in_address(&url("https://a.example/2021-03-04-story.html")),
            d(2021, 3, 4)
        );
        assert_eq!(
            date_in_address(&url("https://a.example/2020/13/40/x")),
            None
        );
        assert_eq!(
            date_in_address(&url("https://a.example/story-12345678")),
            None
        );
    }

    #[test]
    fn a_timestamp_keeps_the_day_the_outlet_wrote() {
        assert_eq!(
            date_prefix("2020-11-27T23:30:00-05:00"),
            NaiveDate::from_ymd_opt(2020, 11, 27)
        );
        assert_eq!(date_prefix("27 November 2020"), None);
        assert_eq!(date_prefix("1900-01-01"), None);
    }

    #[test]
    fn labels_are_one_line_and_bounded() {
        assert_eq!(
            label("  Radio\n Free\tAsia "),
            Some("Radio Free Asia".to_string())
        );
        assert_eq!(label(" \n "), None);
        let long = "x".repeat(1000);
        assert_eq!(label(&long).map(|l| l.chars().count()), Some(MAX_LABEL + 1));
    }

    #[test]
    fn only_web_addresses_become_canonical() {
        let base = url("https://a.example/x/y");
        assert_eq!(
            web_address(&base, "/z"),
            Some("https://a.example/z".to_string())
        );
        assert_eq!(web_address(&base, "javascript:alert(1)"), None);
        assert_eq!(web_address(&base, "data:text/html,hi"), None);
    }
}
