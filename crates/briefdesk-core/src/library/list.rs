//! Listing briefs with filters, sorting and paging.

use rusqlite::types::Value;
use uuid::Uuid;

use super::{Library, parse_uuid};
use crate::error::Result;
use crate::model::{BriefPage, BriefQuery, SortOrder};

/// The most briefs one page may hold.
pub const MAX_PAGE: u32 = 1000;

impl Library {
    pub fn list_briefs(&self, query: &BriefQuery) -> Result<BriefPage> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let arg = |v: Value, args: &mut Vec<Value>| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(status) = query.status {
            let p = arg(Value::Text(status.as_str().into()), &mut args);
            clauses.push(format!("b.status = {p}"));
        }
        if query.unassigned {
            clauses
                .push("NOT EXISTS (SELECT 1 FROM issue_briefs ib WHERE ib.brief_id = b.id)".into());
        }
        for tag in &query.tags {
            // Resolved here (any case, any script); an unknown tag is NULL and matches nothing.
            let id = super::tags::tag_id(&self.conn, tag)?;
            let p = arg(id.map_or(Value::Null, Value::Integer), &mut args);
            clauses.push(format!(
                "b.id IN (SELECT bt.brief_id FROM brief_tags bt WHERE bt.tag_id = {p})"
            ));
        }
        let mut source_terms: Vec<String> = Vec::new();
        if let Some(outlet) = query
            .outlet
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        {
            let p = arg(Value::Text(outlet.into()), &mut args);
            source_terms.push(format!("s.outlet = {p} COLLATE NOCASE"));
        }
        if let Some(from) = query.from {
            let p = arg(Value::Text(from.to_string()), &mut args);
            source_terms.push(format!("s.date >= {p}"));
        }
        if let Some(to) = query.to {
            let p = arg(Value::Text(to.to_string()), &mut args);
            source_terms.push(format!("s.date <= {p}"));
        }
        if !source_terms.is_empty() {
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM sources s WHERE s.brief_id = b.id AND {})",
                source_terms.join(" AND ")
            ));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };

        let total: u32 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM briefs b {filter}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;

        let order = match query.sort {
            SortOrder::Updated => "b.updated_at DESC, b.id DESC",
            SortOrder::SourceDate => {
                "(SELECT s.date FROM sources s WHERE s.brief_id = b.id AND s.position = 0) DESC NULLS LAST, b.updated_at DESC, b.id DESC"
            }
        };
        let limit = match query.limit {
            0 => BriefQuery::default().limit,
            n => n.min(MAX_PAGE),
        };
        let limit_p = arg(Value::Integer(limit.into()), &mut args);
        let offset_p = arg(Value::Integer(query.offset.into()), &mut args);
        let sql = format!(
            "SELECT b.id FROM briefs b {filter} ORDER BY {order} LIMIT {limit_p} OFFSET {offset_p}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                parse_uuid(&r.get::<_, String>(0)?, 0)
            })?
            .collect::<rusqlite::Result<Vec<Uuid>>>()?;
        Ok(BriefPage {
            items: self.briefs_by_id(&ids)?,
            total,
        })
    }
}
