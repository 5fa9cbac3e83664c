//! Element ids for sections and briefs: readable slugs of their names, unique in one document,
//! and the same every time the issue is exported.

use std::collections::HashSet;

/// Ids the built-in templates use for their own elements.
const RESERVED: [&str; 6] = ["top", "contents", "intro", "closing", "footer", "main"];

pub(crate) struct Anchors {
    used: HashSet<String>,
}

impl Anchors {
    pub(crate) fn new() -> Self {
        Anchors {
            used: RESERVED.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The slug of `text`, with `-2`, `-3`… added if an earlier element has it.
    pub(crate) fn unique(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slug(text);
        if base.is_empty() {
            base = fallback.to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Lowercase letters and digits (any script) joined by single hyphens.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            gap = true;
        }
    }
    // Long headlines make unwieldy links; cut at a hyphen near 60 characters.
    if out.chars().count() > 60 {
        let cut: String = out.chars().take(60).collect();
        out = match cut.rfind('-') {
            Some(at) if at > 20 => cut[..at].to_string(),
            _ => cut,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_unique() {
        let mut anchors = Anchors::new();
        assert_eq!(
            anchors.unique("RFA: Farmers in Aksu Told to Plant Cotton", "brief"),
            "rfa-farmers-in-aksu-told-to-plant-cotton"
        );
        assert_eq!(
            anchors.unique("China’s <b>Exports</b>", "brief"),
            "chinas-b-exports-b"
        );
        assert_eq!(anchors.unique("Domestic", "section"), "domestic");
        assert_eq!(anchors.unique("domestic!", "section"), "domestic-2");
        assert_eq!(anchors.unique("Domestic", "section"), "domestic-3");
        assert_eq!(anchors.unique("???", "brief"), "brief");
        assert_eq!(anchors.unique("", "brief"), "brief-2");
        assert_eq!(anchors.unique("Contents", "section"), "contents-2");
        assert_eq!(anchors.unique("香港 國安法", "brief"), "香港-國安法");
        let long = anchors.unique(&"word ".repeat(30), "brief");
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }
}
