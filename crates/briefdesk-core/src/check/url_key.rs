//! The form of a URL used to tell whether two sources are the same story.

use url::Url;

/// Query parameters that only track the reader, never change the page.
fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || matches!(name.as_str(), "fbclid" | "gclid" | "mc_cid" | "mc_eid")
}

/// `url` reduced to what identifies the page: no scheme (http and https serve the same story),
/// host lowercased without `www.`, no default port, no trailing slash, no fragment, and no
/// tracking parameters. `None` when it is not an http(s) URL.
pub fn url_key(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut key = String::with_capacity(url.len());
    key.push_str(host);
    if let Some(port) = parsed.port() {
        key.push(':');
        key.push_str(&port.to_string());
    }
    key.push_str(parsed.path().trim_end_matches('/'));
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(name, _)| !is_tracking_parameter(name))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if !kept.is_empty() {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(kept)
            .finish();
        key.push('?');
        key.push_str(&query);
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::url_key;

    #[test]
    fn the_same_story_has_the_same_key() {
        let base = url_key("https://www.rfa.org/mandarin/story-1.html").unwrap();
        for same in [
            "https://www.rfa.org/mandarin/story-1.html",
            "HTTPS://WWW.RFA.ORG/mandarin/story-1.html",
            "http://rfa.org/mandarin/story-1.html",
            "https://rfa.org/mandarin/story-1.html/",
            "https://rfa.org/mandarin/story-1.html#comments",
            "https://rfa.org:443/mandarin/story-1.html",
            "https://rfa.org/mandarin/story-1.html?utm_source=newsletter&utm_medium=email",
            "https://rfa.org/mandarin/story-1.html?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2",
            "  https://rfa.org/mandarin/story-1.html  ",
        ] {
            assert_eq!(url_key(same).as_deref(), Some(base.as_str()), "{same}");
        }
    }

    #[test]
    fn different_stories_differ() {
        let base = url_key("https://rfa.org/mandarin/story-1.html").unwrap();
        for other in [
            "https://rfa.org/mandarin/story-2.html",
            "https://rfa.org/MANDARIN/story-1.html",
            "https://rfa.org/mandarin/story-1.html?id=7",
            "https://news.rfa.org/mandarin/story-1.html",
            "https://rfa.org:8080/mandarin/story-1.html",
        ] {
            assert_ne!(url_key(other).as_deref(), Some(base.as_str()), "{other}");
        }
        assert_eq!(
            url_key("https://x.org/a?id=7&utm_campaign=z&page=2").unwrap(),
            "x.org/a?id=7&page=2"
        );
    }

    #[test]
    fn only_web_urls_have_keys() {
        for bad in [
            "",
            "not a url",
            "ftp://x.org/a",
            "javascript:alert(1)",
            "mailto:a@b.org",
        ] {
            assert_eq!(url_key(bad), None, "{bad}");
        }
    }
}
