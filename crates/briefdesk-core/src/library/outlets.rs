//! Outlets already named in sources, for completing the outlet field as an editor types.

use std::collections::HashMap;

use super::Library;
use crate::error::Result;

impl Library {
    /// Outlets whose name starts with `prefix` (any case), most used first, at most `limit`.
    ///
    /// Names differing only in case count as one outlet, shown in its most used spelling.
    /// Case is folded in Rust rather than by SQLite's NOCASE, which folds ASCII letters only
    /// ("ÉLYSÉE" and "Élysée" must meet).
    pub fn outlets(&self, prefix: &str, limit: u32) -> Result<Vec<String>> {
        let prefix = prefix.trim().to_lowercase();
        let mut stmt = self.conn.prepare_cached(
            "SELECT outlet, count(*) FROM sources WHERE outlet <> '' GROUP BY outlet",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        // Folded name → (uses in every spelling, best spelling, its uses).
        let mut outlets: HashMap<String, (i64, String, i64)> = HashMap::new();
        for row in rows {
            let (name, uses) = row?;
            let key = name.to_lowercase();
            if !key.starts_with(&prefix) {
                continue;
            }
            let entry = outlets.entry(key).or_insert((0, String::new(), 0));
            entry.0 += uses;
            if uses > entry.2 || (uses == entry.2 && name < entry.1) {
                entry.1 = name;
                entry.2 = uses;
            }
        }
        let mut ranked: Vec<(String, i64, String)> = outlets
            .into_iter()
            .map(|(key, (total, name, _))| (key, total, name))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ranked
            .into_iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .map(|(_, _, name)| name)
            .collect())
    }
}
