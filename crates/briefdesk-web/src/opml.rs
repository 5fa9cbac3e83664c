//! Subscription lists in and out as OPML, the format every feed reader exports: each
//! `<outline>` with an `xmlUrl` is a feed, at any depth (readers nest them in folders).

use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::WebError;

/// A feed named in an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: String,
    pub site_url: Option<String>,
}

/// The feeds listed in `text`. An error says where the XML broke; a list naming no feeds is
/// an empty list, not an error.
pub fn read_opml(text: &str, name: &str) -> Result<Vec<OpmlFeed>, WebError> {
    let mut reader = Reader::from_str(text);
    let mut feeds = Vec::new();
    let mut seen_opml = false;
    loop {
        let broken = |reason: String, at: u64| WebError::NotOpml {
            name: name.to_string(),
            reason: format!("at byte {at}: {reason}"),
        };
        match reader.read_event() {
            Ok(Event::Start(tag) | Event::Empty(tag)) => {
                let local = tag.local_name();
                if local.as_ref().eq_ignore_ascii_case("opml") {
                    seen_opml = true;
                } else if local.as_ref().eq_ignore_ascii_case("outline")
                    && let Some(feed) =
                        outline(&tag).map_err(|e| broken(e, reader.buffer_position()))?
                {
                    feeds.push(feed);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(broken(e.to_string(), reader.error_position())),
        }
    }
    if !seen_opml {
        return Err(WebError::NotOpml {
            name: name.to_string(),
            reason: "it has no <opml> element".to_string(),
        });
    }
    Ok(feeds)
}

fn outline(tag: &BytesStart<'_>) -> Result<Option<OpmlFeed>, String> {
    let (mut url, mut title, mut text, mut site) = (None, None, None, None);
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .trim()
            .to_string();
        match attribute.key.local_name().as_ref() {
            "xmlUrl" | "xmlurl" => url = Some(value),
            "title" => title = Some(value),
            "text" => text = Some(value),
            "htmlUrl" | "htmlurl" => site = Some(value),
            _ => {}
        }
    }
    Ok(url.filter(|u| !u.is_empty()).map(|url| OpmlFeed {
        url,
        title: title.filter(|t| !t.is_empty()).or(text).unwrap_or_default(),
        site_url: site.filter(|s| !s.is_empty()),
    }))
}

/// `feeds` as an OPML 2.0 document.
pub fn write_opml(feeds: &[OpmlFeed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>Briefdesk feeds</title>\n  </head>\n  <body>\n",
    );
    for feed in feeds {
        let title = escape(feed.title.as_str());
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"",
            escape(feed.url.as_str())
        ));
        if let Some(site) = &feed.site_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape(site.as_str())));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_survives_the_round_trip() {
        let feeds = vec![
            OpmlFeed {
                url: "https://example.org/feed?a=1&b=2".into(),
                title: "Ports & \"Docks\" <daily>".into(),
                site_url: Some("https://example.org/".into()),
            },
            OpmlFeed {
                url: "https://example.com/atom.xml".into(),
                title: String::new(),
                site_url: None,
            },
        ];
        assert_eq!(read_opml(&write_opml(&feeds), "x").unwrap(), feeds);
    }

    #[test]
    fn nested_outlines_are_read_and_folders_skipped() {
        let text = r#"<?xml version="1.0"?><opml version="1.0"><body>
            <outline text="News"><outline text="RFA" xmlUrl="https://rfa.org/rss"/></outline>
            </body></opml>"#;
        let feeds = read_opml(text, "x").unwrap();
        assert_eq!(feeds.len(), 1);
        assert_eq!(feeds[0].title, "RFA");
    }

    #[test]
    fn broken_files_say_so() {
        assert!(read_opml("<opml><body><outline xmlUrl=</body>", "list.opml").is_err());
        assert!(read_opml("<html></html>", "list.opml").is_err());
    }
}
