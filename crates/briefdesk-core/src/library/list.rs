//! Listing briefs with filters, sorting and paging.

use rusqlite::types::Value;

use super::{Library, parse_uuid};
use crate::error::Result;
use crate::model::{BriefPage, BriefQuery, PageCursor, SortOrder};

/// The most briefs one page may hold.
pub const MAX_PAGE: u32 = 1000;

impl Library {
    pub fn list_briefs(&self, query: &BriefQuery) -> Result<BriefPage> {
        let mut args: Vec<Value> = Vec::new();
        let (rows, clauses) = self.filter_clauses(query, true, &mut args)?;
        let key = rows.key;
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let total: u32 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {} {filter}", rows.from))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;

        let alias = rows.alias;
        let first_date =
            format!("(SELECT s.date FROM sources s WHERE s.brief_id = {key} AND s.position = 0)");
        let order = match query.sort {
            SortOrder::Updated => format!("{alias}.updated_at DESC, {key} DESC"),
            SortOrder::SourceDate => {
                format!("{first_date} DESC NULLS LAST, {alias}.updated_at DESC, {key} DESC")
            }
        };
        // Keyset paging: the rows after the cursor in this order, found through the index the
        // order uses, instead of counting past every earlier row as OFFSET does.
        let mut page_clauses = clauses;
        if let Some(after) = &query.after {
            args.push(Value::Text(after.updated_at.clone()));
            let u = format!("?{}", args.len());
            args.push(Value::Text(after.id.clone()));
            let k = format!("?{}", args.len());
            let later = format!("({alias}.updated_at, {key}) < ({u}, {k})");
            page_clauses.push(match (query.sort, &after.source_date) {
                (SortOrder::Updated, _) => later,
                // Undated briefs come last: after an undated one, only undated ones follow.
                (SortOrder::SourceDate, None) => format!("({first_date} IS NULL AND {later})"),
                (SortOrder::SourceDate, Some(date)) => {
                    args.push(Value::Text(date.clone()));
                    let d = format!("?{}", args.len());
                    format!(
                        "({first_date} IS NULL OR {first_date} < {d} OR ({first_date} = {d} AND {later}))"
                    )
                }
            });
        }
        let filter = if page_clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", page_clauses.join(" AND "))
        };
        let limit = match query.limit {
            0 => BriefQuery::default().limit,
            n => n.min(MAX_PAGE),
        };
        args.push(Value::Integer(limit.into()));
        let limit_p = format!("?{}", args.len());
        args.push(Value::Integer(query.offset.into()));
        let offset_p = format!("?{}", args.len());
        let sql = format!(
            "SELECT {key}, {alias}.updated_at, {first_date} FROM {} {filter}
             ORDER BY {order} LIMIT {limit_p} OFFSET {offset_p}",
            rows.from
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut ids = Vec::new();
        let mut last = None;
        let mut rows_found = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows_found.next()? {
            let id: String = r.get(0)?;
            ids.push(parse_uuid(&id, 0)?);
            last = Some(PageCursor {
                updated_at: r.get(1)?,
                id,
                source_date: r.get(2)?,
            });
        }
        let full = ids.len() == limit as usize;
        Ok(BriefPage {
            items: self.briefs_by_id(&ids)?,
            total,
            next: last.filter(|_| full),
        })
    }
}

impl Library {
    /// The WHERE clauses of `query`'s filters, their values appended to `args` (numbered after
    /// what `args` holds). With `by_tag` and a tag filter, they are written for brief_tags rows
    /// (see [`Rows::TAG`]); otherwise for `briefs b`.
    pub(crate) fn filter_clauses(
        &self,
        query: &BriefQuery,
        by_tag: bool,
        args: &mut Vec<Value>,
    ) -> Result<(Rows, Vec<String>)> {
        let mut clauses: Vec<String> = Vec::new();
        let arg = |v: Value, args: &mut Vec<Value>| {
            args.push(v);
            format!("?{}", args.len())
        };
        // Tags are resolved here (any case, any script); an unknown tag is NULL and matches
        // nothing.
        let mut tag_ids = Vec::with_capacity(query.tags.len());
        for tag in &query.tags {
            tag_ids.push(super::tags::tag_id(&self.conn, tag)?);
        }
        // With a tag, the listing runs on that tag's rows of brief_tags, which mirror each
        // brief's status and updated_at: count and page come from one index range, no brief is
        // probed. Without one, it runs on briefs.
        let rows = match tag_ids.first() {
            Some(first) if by_tag => {
                let p = arg(first.map_or(Value::Null, Value::Integer), args);
                clauses.push(format!("d.tag_id = {p}"));
                Rows::TAG
            }
            _ => Rows::BRIEFS,
        };
        let key = rows.key;
        if let Some(status) = query.status {
            let p = arg(Value::Text(status.as_str().into()), args);
            clauses.push(format!("{}.status = {p}", rows.alias));
        }
        if query.unassigned {
            clauses.push(format!(
                "NOT EXISTS (SELECT 1 FROM issue_briefs ib WHERE ib.brief_id = {key})"
            ));
        }
        if let Some(review) = query.review {
            let p = arg(Value::Text(review.as_str().into()), args);
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM brief_reviews r WHERE r.brief_id = {key} AND r.state = {p})"
            ));
        }
        let skip = usize::from(rows.alias == Rows::TAG.alias);
        for id in tag_ids.iter().skip(skip) {
            let p = arg(id.map_or(Value::Null, Value::Integer), args);
            clauses.push(format!(
                "{key} IN (SELECT bt.brief_id FROM brief_tags bt WHERE bt.tag_id = {p})"
            ));
        }
        let mut source_terms: Vec<String> = Vec::new();
        if let Some(outlet) = query
            .outlet
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            let p = arg(Value::Text(outlet.into()), args);
            source_terms.push(format!("s.outlet = {p} COLLATE NOCASE"));
        }
        if let Some(from) = query.from {
            let p = arg(Value::Text(from.to_string()), args);
            source_terms.push(format!("s.date >= {p}"));
        }
        if let Some(to) = query.to {
            let p = arg(Value::Text(to.to_string()), args);
            source_terms.push(format!("s.date <= {p}"));
        }
        if !source_terms.is_empty() {
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM sources s WHERE s.brief_id = {key} AND {})",
                source_terms.join(" AND ")
            ));
        }
        Ok((rows, clauses))
    }
}

/// The table a listing runs on, and how its columns are named there.
pub(crate) struct Rows {
    from: &'static str,
    alias: &'static str,
    /// The brief id column.
    key: &'static str,
}

impl Rows {
    const BRIEFS: Rows = Rows {
        from: "briefs b",
        alias: "b",
        key: "b.id",
    };
    const TAG: Rows = Rows {
        from: "brief_tags d",
        alias: "d",
        key: "d.brief_id",
    };
}
