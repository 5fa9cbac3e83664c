//! Turning what an editor typed into values the library accepts, with errors that name the field.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{BriefDraft, Source, SourceDraft, Status};

/// A brief's draft after validation: trimmed, deduplicated, typed.
#[derive(Debug, Clone)]
pub(crate) struct ValidBrief {
    pub headline: String,
    pub body: String,
    pub sources: Vec<Source>,
    pub tags: Vec<String>,
    pub status: Status,
    pub notes: String,
}

/// The longest headline, in characters (not bytes): a headline is one line of a newsletter, and
/// the library list, the composer and an email's table of contents show it whole.
pub const MAX_HEADLINE_CHARS: usize = 300;

/// The longest body (and private notes), in characters: a brief is a few paragraphs; this leaves
/// room to paste a whole long article and cut it down, and refuses a mistaken paste of a file.
/// (One brief near it already pushes an issue's email past Gmail's ~102 KB clipping.)
pub const MAX_BODY_CHARS: usize = 200_000;

pub(crate) fn brief(draft: &BriefDraft) -> Result<ValidBrief> {
    let valid = brief_as_stored(draft)?;
    within("headline", &valid.headline, MAX_HEADLINE_CHARS)?;
    within("body", &valid.body, MAX_BODY_CHARS)?;
    within("notes", &valid.notes, MAX_BODY_CHARS)?;
    Ok(valid)
}

/// [`brief`] without the length limits, and allowing a published brief without a source: for
/// putting back what a library already held (undoing a delete, moving a whole library), which
/// may predate the limits, or have been published with its issue before it had a source.
pub(crate) fn brief_as_stored(draft: &BriefDraft) -> Result<ValidBrief> {
    let headline = one_line(&draft.headline);
    if headline.is_empty() {
        return Err(Error::invalid("headline", "must not be empty"));
    }
    let sources = draft
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| source(&format!("sources[{i}]"), s))
        .collect::<Result<Vec<_>>>()?;
    // Publishing an issue publishes every brief in it as it is, with a source or not.
    if sources.is_empty() && draft.status == Status::Ready {
        return Err(Error::invalid(
            "sources",
            format!(
                "a {} brief needs at least one source (outlet, date, URL)",
                draft.status.as_str()
            ),
        ));
    }
    let mut tags: Vec<String> = Vec::new();
    for (i, raw) in draft.tags.iter().enumerate() {
        let name = tag_name(&format!("tags[{i}]"), raw)?;
        if !tags.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            tags.push(name);
        }
    }
    Ok(ValidBrief {
        headline,
        body: draft.body.trim_end().to_string(),
        sources,
        tags,
        status: draft.status,
        notes: draft.notes.trim_end().to_string(),
    })
}

pub(crate) fn source(field: &str, draft: &SourceDraft) -> Result<Source> {
    let outlet = one_line(&draft.outlet);
    if outlet.is_empty() {
        return Err(Error::invalid(
            format!("{field}.outlet"),
            "must not be empty (who published the story?)",
        ));
    }
    let date = match non_empty(draft.date.as_deref()) {
        Some(text) => Some(date(&format!("{field}.date"), text)?),
        None => None,
    };
    let url = match non_empty(draft.url.as_deref()) {
        Some(text) => Some(url(&format!("{field}.url"), text)?),
        None => None,
    };
    Ok(Source {
        outlet,
        date,
        url,
        title: non_empty(draft.title.as_deref()).map(one_line),
    })
}

/// Parses `YYYY-MM-DD`, telling a malformed date from an impossible one (2020-02-30).
pub fn date(field: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Err(Error::invalid(
            field,
            format!("{text:?} is not a date in the form YYYY-MM-DD"),
        ));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, format!("{text:?} is not a real calendar date")))
}

/// Accepts only absolute http(s) URLs with a host.
pub fn url(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    let parsed = url::Url::parse(text)
        .map_err(|e| Error::invalid(field, format!("{text:?} is not a valid URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid(
            field,
            format!("{text:?} is not an http(s) URL"),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(field, format!("{text:?} has no host")));
    }
    Ok(text.to_string())
}

pub fn tag_name(field: &str, raw: &str) -> Result<String> {
    let name = one_line(raw);
    if name.is_empty() {
        return Err(Error::invalid(field, "a tag name must not be empty"));
    }
    if name.chars().count() > 60 {
        return Err(Error::invalid(
            field,
            format!("tag {name:?} is longer than 60 characters"),
        ));
    }
    Ok(name)
}

/// Accepts `#rgb` or `#rrggbb`, stored lowercase.
pub fn colour(field: &str, raw: &str) -> Result<String> {
    let text = raw.trim();
    let hex = text.strip_prefix('#').unwrap_or("");
    if (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(Error::invalid(
            field,
            format!("{text:?} is not a colour like #3366cc"),
        ))
    }
}

pub(crate) fn section_name(raw: &str) -> Result<String> {
    let name = one_line(raw);
    if name.is_empty() {
        return Err(Error::invalid(
            "section",
            "a section name must not be empty",
        ));
    }
    Ok(name)
}

/// Refuses `text` longer than `max` characters, saying how long it is. Counting stops just past
/// the limit, so a 10 MB paste costs no more than a short one.
pub fn within(field: &str, text: &str, max: usize) -> Result<()> {
    // Any text of at most `max` bytes has at most `max` characters.
    if text.len() <= max || text.chars().nth(max).is_none() {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        format!(
            "too long ({} characters; the most is {})",
            thousands(text.chars().count()),
            thousands(max)
        ),
    ))
}

/// 2000 → "2,000", as the messages editors read write numbers.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Collapses runs of white space (including newlines) to single spaces and trims.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_and_malformed_dates_are_told_apart() {
        let impossible = date("date", "2020-02-30").unwrap_err().to_string();
        assert!(
            impossible.contains("not a real calendar date"),
            "{impossible}"
        );
        let malformed = date("date", "30/02/2020").unwrap_err().to_string();
        assert!(malformed.contains("YYYY-MM-DD"), "{malformed}");
        assert_eq!(
            date("d", " 2020-02-29 ").ok(),
            NaiveDate::from_ymd_opt(2020, 2, 29)
        );
    }

    #[test]
    fn only_http_urls_with_a_host_pass() {
        assert!(url("url", "https://www.rfa.org/a").is_ok());
        assert!(url("url", "http://example.org").is_ok());
        for bad in [
            "ftp://x",
            "javascript:alert(1)",
            "www.rfa.org",
            "mailto:a@b.c",
        ] {
            let err = url("sources[0].url", bad).unwrap_err().to_string();
            assert!(err.starts_with("sources[0].url: "), "{err}");
        }
    }

    #[test]
    fn lengths_are_counted_in_characters_and_told_with_both_numbers() {
        assert!(
            within("headline", &"é".repeat(300), 300).is_ok(),
            "600 bytes, 300 chars"
        );
        let err = within("headline", &"é".repeat(2000), 300)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "headline: too long (2,000 characters; the most is 300)"
        );
        assert_eq!(thousands(10_485_760), "10,485,760");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn colours_are_hex() {
        assert_eq!(colour("c", "#AbC").ok().as_deref(), Some("#abc"));
        assert!(colour("c", "red").is_err());
        assert!(colour("c", "#12345").is_err());
    }

    #[test]
    fn ready_brief_needs_a_source_but_a_draft_does_not() {
        let mut draft = BriefDraft {
            headline: "  A  headline\n".into(),
            ..BriefDraft::default()
        };
        let valid = brief(&draft).expect("a draft without sources is fine");
        assert_eq!(valid.headline, "A headline");
        draft.status = Status::Ready;
        let err = brief(&draft).unwrap_err().to_string();
        assert!(err.starts_with("sources: "), "{err}");
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_without_regard_to_case() {
        let draft = BriefDraft {
            headline: "h".into(),
            tags: vec![" China ".into(), "china".into(), "Tech".into()],
            ..BriefDraft::default()
        };
        assert_eq!(
            brief(&draft).map(|v| v.tags).ok(),
            Some(vec!["China".to_string(), "Tech".to_string()])
        );
    }
}
