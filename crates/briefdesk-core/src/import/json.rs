//! The Briefdesk JSON reader: the inverse of the JSON export.

use super::markdown::serde_message;
use super::{Parsed, ParsedBrief, ParsedIssue};
use crate::error::{Error, Result};
use crate::format::json::{Document, JSON_FORMAT_VERSION};
use crate::format::library::is_library_dump;
use crate::model::{BriefDraft, Publication};

pub(super) fn parse(text: &str) -> Result<Parsed> {
    // serde would read a struct from an array too, with a puzzling message; say what is wrong.
    if let Some(at) = text.find(|c: char| !c.is_whitespace())
        && !text[at..].starts_with('{')
    {
        let line = text[..at].matches('\n').count() + 1;
        let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
        return Err(Error::at_column(
            line,
            column,
            "expected a Briefdesk JSON export, an object starting with {",
        ));
    }
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        if is_library_dump(text.as_bytes()) {
            return Error::invalid(
                "file",
                "this is a whole Briefdesk library (from a whole-library export), not an issue; \
                 it is imported whole, into a new, empty library",
            );
        }
        Error::at_column(e.line(), e.column(), serde_message(&e))
    })?;
    if doc.briefdesk != JSON_FORMAT_VERSION {
        return Err(Error::at_line(
            key_lines(text, "briefdesk").first().copied().unwrap_or(1),
            format!(
                "this file is Briefdesk JSON format {}; this version of Briefdesk reads format {}",
                doc.briefdesk, JSON_FORMAT_VERSION
            ),
        ));
    }
    // serde keeps no positions; the n-th "headline" key is the n-th brief's.
    let headline_lines = key_lines(text, "headline");
    let issue = doc.issue;
    let mut briefs = Vec::new();
    for section in &issue.sections {
        for brief in &section.briefs {
            let line = headline_lines.get(briefs.len()).copied().unwrap_or(1);
            if brief.headline.trim().is_empty() {
                return Err(Error::at_line(line, "a brief's headline must not be empty"));
            }
            briefs.push(ParsedBrief {
                line,
                draft: BriefDraft {
                    headline: brief.headline.clone(),
                    body: brief.body.clone(),
                    sources: brief.sources.iter().map(|s| s.draft()).collect(),
                    tags: brief.tags.clone(),
                    status: brief.status,
                    notes: String::new(),
                },
                section: Some(section.name.clone()),
                placed: Vec::new(),
            });
        }
    }
    Ok(Parsed {
        layout: "Briefdesk JSON".into(),
        briefs,
        skipped: Vec::new(),
        warnings: Vec::new(),
        issue: Some(ParsedIssue {
            number: issue.number,
            title: issue.title,
            date: issue.date,
            status: issue.status,
            subject: issue.subject,
            preheader: issue.preheader,
            intro: issue.intro,
            closing: issue.closing,
            sections: issue.sections.into_iter().map(|s| s.name).collect(),
        }),
        publication: Some(Publication {
            name: doc.publication.name,
            tagline: doc.publication.tagline,
            footer: doc.publication.footer,
            ..Publication::default()
        }),
        saved_layout: None,
    })
}

/// The 1-based lines on which `"key"` appears as an object key, in order.
fn key_lines(text: &str, key: &str) -> Vec<usize> {
    let quoted = format!("\"{key}\"");
    let mut lines = Vec::new();
    let (mut line, mut counted) = (1, 0);
    for (at, _) in text.match_indices(&quoted) {
        let after = text[at + quoted.len()..].trim_start();
        // Inside a string the quotes would be escaped; a key is followed by a colon.
        if text[..at].ends_with('\\') || !after.starts_with(':') {
            continue;
        }
        line += text[counted..at].matches('\n').count();
        counted = at;
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn wrong_shapes_name_line_and_column() {
        let e = err("{\"foo\": 1}");
        assert!(e.starts_with("line 1: column "), "{e}");
        assert!(e.contains("unknown field `foo`"), "{e}");
        let e = err("[1, 2]");
        assert!(e.contains("expected a Briefdesk JSON export"), "{e}");
        let e = err(
            "{\"briefdesk\": 1, \"issue\": {\"number\": 1, \"title\": \"T\", \"date\": \"2020-12-08\",\n\
             \"sections\": [{\"name\": \"S\", \"briefs\": [\n{\"body\": \"no headline\"}]}]}}",
        );
        assert!(e.starts_with("line 3: column "), "{e}");
        assert!(e.contains("missing field `headline`"), "{e}");
        let e = err(
            "{\"briefdesk\": 1,\n\"issue\": {\"number\": 1, \"title\": \"T\", \"date\": \"2020-02-30\"}}",
        );
        assert!(e.starts_with("line 2: column "), "{e}");
        assert!(
            e.contains("input is out of range") || e.contains("date"),
            "{e}"
        );
        let e = err(
            "{\"briefdesk\": 2, \"issue\": {\"number\": 1, \"title\": \"T\", \"date\": \"2020-02-03\"}}",
        );
        assert!(e.contains("format 2"), "{e}");
    }

    #[test]
    fn a_whole_library_is_named_as_such() {
        let e = err("{\"format\": \"briefdesk-library\", \"version\": 1, \"briefs\": []}");
        assert!(
            e.starts_with("file: this is a whole Briefdesk library"),
            "{e}"
        );
    }

    #[test]
    fn briefs_carry_their_headline_line_and_section() {
        let text = "{\n\"briefdesk\": 1,\n\"issue\": {\"number\": 3, \"title\": \"T\", \"date\": \"2020-12-08\",\n\
                    \"sections\": [{\"name\": \"A\", \"briefs\": [\n{\"headline\": \"One \\\"headline\\\": x\"},\n\
                    {\"headline\": \"Two\"}]}, {\"name\": \"Empty\"}]}}";
        let parsed = parse(text).unwrap();
        let lines: Vec<usize> = parsed.briefs.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![5, 6]);
        assert_eq!(parsed.briefs[0].draft.headline, "One \"headline\": x");
        assert_eq!(parsed.issue.unwrap().sections, vec!["A", "Empty"]);
    }
}
