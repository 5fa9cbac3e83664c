//! Full-text search over headline, body, sources and tags (FTS5, bm25), as the editor types.
//! How text is cut into terms, indexed and highlighted is `crate::text_search`.

use rusqlite::types::Value;

use super::{Library, parse_date, parse_uuid};
use crate::error::Result;
use crate::model::{BriefQuery, SearchHit, Status};
use crate::text_search;

/// bm25 with column weights: a hit in the headline counts most, then tags, sources, body.
/// Called explicitly and sorted by SQLite, not as FTS5's `rank` with `ORDER BY rank`: FTS5's own
/// sorter runs a nested statement (prepared anew at every query) over the same matches, which
/// measured up to twice the time of the explicit call (docs/search.md).
const BM25: &str = "bm25(brief_fts, 10.0, 1.0, 2.0, 4.0)";

/// A query matching more briefs than this ranks only the most recently created of them. bm25
/// costs a few microseconds a row (each row's column sizes are read from the index), so ranking
/// every match of a broad query (a three-letter prefix typed so far) would cost more than a
/// keystroke may; the newest briefs are the ones an editor is looking for, and this is five
/// pages of the 50 hits the library pane shows. Was 2,000: see docs/search.md for the figures.
const RANKED_AT_MOST: u32 = 250;

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
        let Some(expr) = text_search::match_expression(text) else {
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
        let terms = text_search::terms(text);
        // One pass over the matches, newest first (by rowid), stops at RANKED_AT_MOST; only those
        // are ranked, and `briefs` is joined for the hits returned. (Finding the bound first and
        // ranking above it matched every word twice: a prefix's doclists were merged twice.) The index holds no text
        // (it is contentless): the snippet is cut here from the brief's own columns.
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT b.id, b.headline, b.body, hit.score, b.status,
                    first.outlet, first.date,
                    (SELECT i.number FROM issue_briefs ib
                     JOIN sections sc ON sc.id = ib.section_id JOIN issues i ON i.id = sc.issue_id
                     WHERE ib.brief_id = b.id) AS issue,
                    (SELECT group_concat(s.outlet || ' ' || coalesce(s.title, ''), ' ')
                     FROM sources s WHERE s.brief_id = b.id) AS sources,
                    (SELECT group_concat(t.name, ' ') FROM brief_tags bt
                     JOIN tags t ON t.id = bt.tag_id WHERE bt.brief_id = b.id) AS tags
             FROM (SELECT rowid, score FROM (
                       SELECT rowid, {BM25} AS score
                       FROM brief_fts
                       WHERE brief_fts MATCH ?1 {only}
                       ORDER BY rowid DESC LIMIT {RANKED_AT_MOST})
                   ORDER BY score
                   LIMIT ?2) AS hit
             JOIN briefs b ON b.rowid = hit.rowid
             LEFT JOIN sources first ON first.brief_id = b.id AND first.position = 0
             ORDER BY hit.score, b.updated_at DESC"
        ))?;
        let hits = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                let headline: String = r.get(1)?;
                let body: String = r.get(2)?;
                let sources: Option<String> = r.get(8)?;
                let tags: Option<String> = r.get(9)?;
                let snippet = text_search::snippet(
                    &[
                        &body,
                        &headline,
                        sources.as_deref().unwrap_or_default(),
                        tags.as_deref().unwrap_or_default(),
                    ],
                    &terms,
                );
                Ok(SearchHit {
                    id: parse_uuid(&r.get::<_, String>(0)?, 0)?,
                    headline,
                    snippet,
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

/// Registers the SQL functions the library's schema uses (the search index's triggers call
/// `briefdesk_index_text`). Every connection that writes briefs needs them.
pub fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "briefdesk_index_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    Some(text_search::index_text(&String::from_utf8_lossy(t)))
                }
                _ => None,
            })
        },
    )
}
