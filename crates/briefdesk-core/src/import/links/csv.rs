//! Read-later exports as CSV: Pocket's (`title,url,time_added,tags,status`, tags parted by `|`)
//! and Instapaper's (`URL,Title,Selection,Folder,Timestamp`). Columns are found by their
//! header's names, so their order does not matter.

use super::{Link, briefs};
use crate::import::{Parsed, Skipped};

/// Whether the first line is the header of a Pocket or Instapaper export.
pub(in crate::import) fn is_read_later_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let names: Vec<String> = split_record(first)
        .into_iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    names.iter().any(|n| n == "url") && names.iter().any(|n| n == "title")
}

pub(in crate::import) fn parse(text: &str) -> Parsed {
    let mut records = Records::new(text);
    let header: Vec<String> = records
        .next()
        .map(|(_, fields)| fields)
        .unwrap_or_default()
        .into_iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|n| n == name);
    let url = column("url");
    let title = column("title");
    let saved = column("time_added").or_else(|| column("timestamp"));
    let tags = column("tags");
    let folder = column("folder");
    let selection = column("selection");
    let instapaper = folder.is_some() || selection.is_some();
    let mut links = Vec::new();
    let mut skipped = Vec::new();
    for (line, fields) in records {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if fields.len() < header.len().min(2) {
            skipped.push(Skipped {
                line,
                text: fields.join(","),
                reason: "a row with fewer columns than the header".into(),
            });
            continue;
        }
        let get = |at: Option<usize>| {
            at.and_then(|i| fields.get(i))
                .map(|f| f.trim().to_string())
                .unwrap_or_default()
        };
        let mut link_tags: Vec<String> = get(tags)
            .split(['|', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        // Instapaper's own folders are where links wait, not what they are about.
        let folder = get(folder);
        if !matches!(folder.as_str(), "" | "Unread" | "Archive" | "Starred") {
            link_tags.insert(0, folder);
        }
        links.push(Link {
            line,
            url: get(url),
            title: get(title),
            tags: link_tags,
            saved: get(saved).parse().ok(),
            note: get(selection),
        });
    }
    let layout = if instapaper {
        "Instapaper's export (CSV): each saved link a draft brief"
    } else {
        "Pocket's export (CSV): each saved link a draft brief"
    };
    let mut parsed = briefs(links, layout);
    parsed.skipped.extend(skipped);
    parsed.skipped.sort_by_key(|s| s.line);
    parsed
}

/// The fields of one line without quotes or line breaks inside them (for sniffing a header).
fn split_record(line: &str) -> Vec<String> {
    Records::new(line)
        .next()
        .map(|(_, f)| f)
        .unwrap_or_default()
}

/// RFC 4180 records: fields parted by commas, quoted with `"` (doubled inside), which may hold
/// commas and line breaks. Yields each record with the line it starts on.
struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> Records<'a> {
    fn new(text: &'a str) -> Self {
        Records {
            chars: text.chars().peekable(),
            line: 1,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = (usize, Vec<String>);

    fn next(&mut self) -> Option<Self::Item> {
        self.chars.peek()?;
        let start = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = self.chars.next() {
            match c {
                '"' if quoted => {
                    if self.chars.peek() == Some(&'"') {
                        self.chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                '"' if field.is_empty() => quoted = true,
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                '\n' => {
                    self.line += 1;
                    if quoted {
                        field.push('\n');
                    } else {
                        break;
                    }
                }
                '\r' if !quoted => {}
                c => field.push(c),
            }
        }
        fields.push(field);
        Some((start, fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let text = "a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\nlast,row\n";
        let records: Vec<_> = Records::new(text).collect();
        assert_eq!(records[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(
            records[1],
            (2, vec!["x, y".into(), "say \"hi\"\nthere".into()])
        );
        assert_eq!(records[2], (4, vec!["last".into(), "row".into()]));
        assert_eq!(records.len(), 3);
    }
}
