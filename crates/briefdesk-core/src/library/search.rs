//! Full-text search over headline, body, sources and tags (FTS5, bm25), as the editor types.

use rusqlite::types::Value;

use super::{Library, parse_date, parse_uuid};
use crate::error::Result;
use crate::model::{BriefQuery, SearchHit, Status};

/// Column weights for bm25: a hit in the headline counts most, then tags, sources, body.
/// Used as FTS5's `rank` function, so FTS5 sorts by it and stops at the limit.
const RANK: &str = "bm25(10.0, 1.0, 2.0, 4.0)";

/// A query matching more briefs than this ranks only the most recently created of them: bm25
/// over tens of thousands of matches (a three-letter prefix typed so far) would cost more
/// than a keystroke may, and the newest briefs are the ones an editor is looking for.
const RANKED_AT_MOST: u32 = 2000;

impl Library {
    /// Briefs matching every word of `text`, best first; the last word also matches as a prefix
    /// while it is being typed. Any text is accepted: FTS5 syntax is treated as plain words.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.search_filtered(text, &BriefQuery::default(), limit)
    }

    /// [`Library::search`] among the briefs `filter` lists (its tags, status, unassigned,
    /// outlet and dates; its sort and paging are not used: hits come best first).
    pub fn search_filtered(
        &self,
        text: &str,
        filter: &BriefQuery,
        limit: u32,
    ) -> Result<Vec<SearchHit>> {
        let Some(expr) = match_expression(text) else {
            return Ok(Vec::new());
        };
        let mut args = vec![
            Value::Text(expr),
            Value::Integer(limit.clamp(1, 500).into()),
        ];
        let (_, clauses) = self.filter_clauses(filter, false, &mut args)?;
        // The filter narrows the matches before they are ranked.
        let only = if clauses.is_empty() {
            String::new()
        } else {
            format!(
                "AND rowid IN (SELECT b.rowid FROM briefs b WHERE {})",
                clauses.join(" AND ")
            )
        };
        // `ORDER BY rank LIMIT` inside FTS5 ranks every match but builds snippets and joins
        // `briefs` only for the hits returned; ranking by a bm25() column in the outer query
        // made a snippet and a join for every match (2-3 times slower on broad queries).
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT b.id, b.headline, hit.snippet, hit.score, b.status,
                    first.outlet, first.date,
                    (SELECT i.number FROM issue_briefs ib
                     JOIN sections sc ON sc.id = ib.section_id JOIN issues i ON i.id = sc.issue_id
                     WHERE ib.brief_id = b.id) AS issue
             FROM (SELECT rowid,
                          snippet(brief_fts, -1, char(2), char(3), '…', 14) AS snippet,
                          rank AS score
                   FROM brief_fts
                   WHERE brief_fts MATCH ?1 AND rank MATCH '{RANK}' {only}
                     AND rowid >= (SELECT min(rowid) FROM (
                           SELECT rowid FROM brief_fts WHERE brief_fts MATCH ?1 {only}
                           ORDER BY rowid DESC LIMIT {RANKED_AT_MOST}))
                   ORDER BY rank
                   LIMIT ?2) AS hit
             JOIN briefs b ON b.rowid = hit.rowid
             LEFT JOIN sources first ON first.brief_id = b.id AND first.position = 0
             ORDER BY hit.score, b.updated_at DESC"
        ))?;
        let hits = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok(SearchHit {
                    id: parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    headline: r.get(1)?,
                    snippet: highlight(&r.get::<_, String>(2)?),
                    rank: r.get(3)?,
                    status: Status::parse(&r.get::<_, String>(4)?).unwrap_or_default(),
                    outlet: r.get(5)?,
                    source_date: r
                        .get::<_, Option<String>>(6)?
                        .map(|d| parse_date(&d, 6))
                        .transpose()?,
                    issue: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hits)
    }
}

/// Builds an FTS5 query from typed text: words only (as the tokenizer sees them), each quoted,
/// all required; the last one a prefix unless the editor has finished it with a space.
pub(crate) fn match_expression(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !is_token_char(c))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().checked_sub(1)?;
    let open_ended = text.chars().last().is_some_and(is_token_char);
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == last && open_ended {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    Some(terms.join(" "))
}

/// The characters FTS5's unicode61 tokenizer keeps inside a token (letters, numbers, private use).
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Escapes the snippet for HTML and turns the match markers into `<mark>` tags.
fn highlight(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 16);
    for c in snippet.chars() {
        match c {
            '\u{2}' => out.push_str("<mark>"),
            '\u{3}' => out.push_str("</mark>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_syntax_becomes_plain_words() {
        assert_eq!(
            match_expression("\"unbalanced").as_deref(),
            Some("\"unbalanced\"*")
        );
        assert_eq!(
            match_expression("a AND (").as_deref(),
            Some("\"a\" \"AND\"")
        );
        assert_eq!(
            match_expression("huawei sal").as_deref(),
            Some("\"huawei\" \"sal\"*")
        );
        assert_eq!(
            match_expression("col:umn -x* ").as_deref(),
            Some("\"col\" \"umn\" \"x\"")
        );
        assert_eq!(match_expression("  ( - * ) "), None);
    }

    #[test]
    fn snippets_are_escaped_except_marks() {
        assert_eq!(
            highlight("a <b> \u{2}hit\u{3} & c"),
            "a &lt;b&gt; <mark>hit</mark> &amp; c"
        );
    }
}
