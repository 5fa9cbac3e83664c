//! The links of an issue to check before sending: every source URL and every web link of the
//! bodies, each with the brief it belongs to.

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::{Brief, IssueBrief};

/// One link of an issue, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueLink {
    pub brief: IssueBrief,
    pub url: String,
    /// In the body's text rather than a source.
    pub in_body: bool,
}

/// What a link check found of one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    Fine,
    Redirected,
    BehindLogin,
    Broken,
    NotChecked,
}

/// One link of an issue as checked, for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkReport {
    pub brief: IssueBrief,
    pub url: String,
    pub in_body: bool,
    pub state: LinkState,
    /// In words: "source link https://… redirects to https://…".
    pub message: String,
}

/// Every link of issue `number` as checked, sent to the window when the check ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkReports {
    pub number: u32,
    pub links: Vec<LinkReport>,
}

/// The http(s) links of a Markdown body, in order, each once.
pub fn body_links(body: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new_ext(body, Options::empty()) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            let url = dest_url.trim();
            let web = url.starts_with("http://") || url.starts_with("https://");
            if web && !links.iter().any(|l| l == url) {
                links.push(url.to_string());
            }
        }
    }
    links
}

/// The links of `briefs` (in issue order): each brief's source URLs, then its body's links.
pub fn issue_links(briefs: &[Brief]) -> Vec<IssueLink> {
    let mut links = Vec::new();
    for brief in briefs {
        let id = IssueBrief {
            id: brief.id,
            headline: brief.headline.clone(),
        };
        for url in brief.sources.iter().filter_map(|s| s.url.clone()) {
            links.push(IssueLink {
                brief: id.clone(),
                url,
                in_body: false,
            });
        }
        for url in body_links(&brief.body) {
            links.push(IssueLink {
                brief: id.clone(),
                url,
                in_body: true,
            });
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::body_links;

    #[test]
    fn web_links_of_a_body_are_found_once_each() {
        let body = "See [the report](https://a.example/r) and <https://b.example/x>.\n\n\
                    > Quoted [again](https://a.example/r), [mail](mailto:x@y.z), [js](javascript:alert(1)).";
        assert_eq!(
            body_links(body),
            ["https://a.example/r", "https://b.example/x"]
        );
    }
}
