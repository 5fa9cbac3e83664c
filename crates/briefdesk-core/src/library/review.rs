//! Review states of a team's briefs: a contributor submits a brief, an editor approves it or
//! sends it back with changes requested. Each step records who (the team login), when and a
//! note. The review is one part of the brief as it syncs (see `replica.rs`), so two sides that
//! both moved it clash like two edits of the headline do.
//!
//! Roles are the server's business: a step made here is recorded as asked, and the server
//! refuses one the login's role does not allow (the replica keeps it with the reason).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::{Library, now};
use crate::error::{Error, Result};
use crate::model::{Brief, Review, ReviewAction, ReviewState, ReviewStep};

/// The longest note a review step keeps, in characters.
pub const MAX_NOTE: usize = 4000;

impl Library {
    /// Takes brief `id` one review step on, signed with this replica's login: `Submit` from a
    /// draft (or a brief never submitted), `Approve` or `RequestChanges` from in review.
    /// A library that follows no team has no reviews.
    pub fn review_brief(&mut self, id: Uuid, action: ReviewAction, note: &str) -> Result<Brief> {
        let note = note.trim();
        if note.chars().count() > MAX_NOTE {
            return Err(Error::invalid(
                "note",
                format!("is longer than {MAX_NOTE} characters"),
            ));
        }
        let tx = self.conn.transaction()?;
        let who: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT server, display_name FROM team_replica WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((server, name)) = who else {
            return Err(Error::invalid(
                "review",
                "reviews belong to a team's library; this library follows no team",
            ));
        };
        let login = login_of(&server).to_owned();
        let headline = Library::require_brief(&tx, id)?;
        let mut review = read_review(&tx, id)?;
        let from = review.as_ref().map(|r| r.state);
        if !action.allowed_from(from) {
            return Err(Error::Conflict(format!(
                "brief {headline:?} is {}; it cannot be {}",
                from.map_or("not submitted", describe),
                match action {
                    ReviewAction::Submit => "submitted again before it is reviewed",
                    ReviewAction::Approve => "approved until it is submitted for review",
                    ReviewAction::RequestChanges =>
                        "sent back with changes requested until it is submitted for review",
                }
            )));
        }
        let step = ReviewStep {
            action,
            name: name
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| login.clone()),
            by: login,
            at: now(),
            note: note.to_owned(),
        };
        let review = match review.as_mut() {
            Some(review) => {
                review.steps.push(step);
                review.state = action.leads_to();
                review.clone()
            }
            None => Review {
                state: action.leads_to(),
                steps: vec![step],
            },
        };
        write_review(&tx, id, Some(&review))?;
        tx.commit()?;
        self.brief(id)
    }

    /// Records this replica's role and name on the team, as the server says them; writes only
    /// when they changed, so a sync that brings nothing leaves the file alone.
    pub fn set_team_member(
        &mut self,
        role: Option<&str>,
        display_name: Option<&str>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE team_replica SET role = ?1, display_name = ?2
             WHERE id = 1 AND (role IS NOT ?1 OR display_name IS NOT ?2)",
            params![role, display_name],
        )?;
        Ok(())
    }
}

/// How a state reads in a sentence.
fn describe(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "back in draft with changes requested",
        ReviewState::InReview => "in review",
        ReviewState::Approved => "approved",
    }
}

/// The login part of a stored server address, `login@host:port/database`.
pub(crate) fn login_of(server: &str) -> &str {
    server.split_once('@').map_or(server, |(login, _)| login)
}

fn read_review(conn: &Connection, id: Uuid) -> Result<Option<Review>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT state, steps FROM brief_reviews WHERE brief_id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(state, steps)| parse_review(&state, &steps))
        .transpose()
}

fn parse_review(state: &str, steps: &str) -> Result<Review> {
    let state = ReviewState::parse(state).ok_or_else(|| {
        Error::invalid("brief_reviews.state", format!("{state:?} is not a state"))
    })?;
    let steps = serde_json::from_str(steps).map_err(|e| {
        Error::invalid(
            "brief_reviews.steps",
            format!("a stored review cannot be read: {e}"),
        )
    })?;
    Ok(Review { state, steps })
}

/// Makes brief `id`'s stored review `review` (`None`: none), writing nothing when it already is,
/// so an unchanged review does not queue the brief.
pub(super) fn write_review(tx: &Transaction<'_>, id: Uuid, review: Option<&Review>) -> Result<()> {
    let key = id.to_string();
    let Some(review) = review else {
        tx.execute("DELETE FROM brief_reviews WHERE brief_id = ?1", [&key])?;
        return Ok(());
    };
    let steps = serde_json::to_string(&review.steps)
        .map_err(|e| Error::invalid("review", e.to_string()))?;
    // An UPDATE, then an INSERT when there was none: not an upsert, whose conflict handling
    // would override the outbox triggers' INSERT OR IGNORE.
    let updated = tx.execute(
        "UPDATE brief_reviews SET state = ?2, steps = ?3
         WHERE brief_id = ?1 AND (state IS NOT ?2 OR steps IS NOT ?3)",
        params![key, review.state.as_str(), steps],
    )?;
    if updated == 0 {
        tx.execute(
            "INSERT OR IGNORE INTO brief_reviews (brief_id, state, steps) VALUES (?1, ?2, ?3)",
            params![key, review.state.as_str(), steps],
        )?;
    }
    Ok(())
}

/// The reviews of the briefs in `json` (a JSON array of ids), by id.
pub(super) fn reviews_in(conn: &Connection, json: &str) -> Result<HashMap<String, Review>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.brief_id, r.state, r.steps FROM json_each(?1) j
         JOIN brief_reviews r ON r.brief_id = j.value",
    )?;
    let mut query = stmt.query([json])?;
    let mut reviews = HashMap::new();
    while let Some(r) = query.next()? {
        let id: String = r.get(0)?;
        let review = parse_review(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?)?;
        reviews.insert(id, review);
    }
    Ok(reviews)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::model::{BriefDraft, BriefQuery};

    fn replica_with(headlines: &[&str]) -> Result<(Library, Vec<Uuid>)> {
        let mut lib = Library::open_in_memory()?;
        let mut ids = Vec::new();
        for headline in headlines {
            let draft = BriefDraft {
                headline: (*headline).into(),
                ..BriefDraft::default()
            };
            ids.push(lib.create_brief(&draft)?.id);
        }
        let versions = ids.iter().map(|id| (*id, 1)).collect::<HashMap<_, _>>();
        lib.become_replica("carol@localhost:5432/newsroom", 1, &versions)?;
        Ok((lib, ids))
    }

    fn waiting_for_review(lib: &Library) -> Result<Vec<String>> {
        let page = lib.list_briefs(&BriefQuery {
            review: Some(ReviewState::InReview),
            ..BriefQuery::default()
        })?;
        assert_eq!(page.total as usize, page.items.len());
        Ok(page.items.into_iter().map(|b| b.headline).collect())
    }

    #[test]
    fn the_review_filter_lists_only_briefs_in_that_state() -> Result<()> {
        let (mut lib, ids) =
            replica_with(&["Never submitted", "Submitted", "Approved", "Sent back"])?;
        lib.set_team_member(Some("editor"), Some("Carol"))?;
        for id in &ids[1..] {
            lib.review_brief(*id, ReviewAction::Submit, "")?;
        }
        lib.review_brief(ids[2], ReviewAction::Approve, "Good to go")?;
        lib.review_brief(ids[3], ReviewAction::RequestChanges, "Name the source")?;
        assert_eq!(waiting_for_review(&lib)?, ["Submitted"]);

        let approved = lib.list_briefs(&BriefQuery {
            review: Some(ReviewState::Approved),
            ..BriefQuery::default()
        })?;
        assert_eq!(approved.items.len(), 1);
        let review = approved.items[0].review.clone().unwrap();
        assert_eq!(review.state, ReviewState::Approved);
        assert_eq!(review.steps.len(), 2);
        let last = &review.steps[1];
        assert_eq!(
            (
                last.action,
                last.by.as_str(),
                last.name.as_str(),
                last.note.as_str()
            ),
            (ReviewAction::Approve, "carol", "Carol", "Good to go")
        );
        // With a tag filter the listing runs on another table; the review filter still holds.
        let tagged = lib.list_briefs(&BriefQuery {
            review: Some(ReviewState::Draft),
            tags: vec!["nothing".into()],
            ..BriefQuery::default()
        })?;
        assert_eq!(tagged.total, 0);
        // Sent back, it can be submitted again, and waits again.
        lib.review_brief(ids[3], ReviewAction::Submit, "Source named")?;
        let mut waiting = waiting_for_review(&lib)?;
        waiting.sort();
        assert_eq!(waiting, ["Sent back", "Submitted"]);
        assert!(lib.brief(ids[0])?.review.is_none());
        Ok(())
    }

    #[test]
    fn a_step_out_of_order_is_refused_and_changes_nothing() -> Result<()> {
        let (mut lib, ids) = replica_with(&["A brief"])?;
        let err = lib
            .review_brief(ids[0], ReviewAction::Approve, "")
            .unwrap_err();
        assert!(err.to_string().contains("not submitted"), "{err}");
        lib.review_brief(ids[0], ReviewAction::Submit, "")?;
        let err = lib
            .review_brief(ids[0], ReviewAction::Submit, "")
            .unwrap_err();
        assert!(err.to_string().contains("in review"), "{err}");
        let review = lib.brief(ids[0])?.review.unwrap();
        assert_eq!(review.steps.len(), 1);
        // No name known yet: the login stands in for it.
        assert_eq!(review.steps[0].name, "carol");
        Ok(())
    }

    #[test]
    fn a_review_step_queues_the_brief_for_the_next_push() -> Result<()> {
        let (mut lib, ids) = replica_with(&["A brief"])?;
        assert!(lib.pending_briefs()?.is_empty());
        lib.review_brief(ids[0], ReviewAction::Submit, "Please look")?;
        let pending = lib.pending_briefs()?;
        assert_eq!(pending.len(), 1);
        let doc = pending[0].doc.as_ref().unwrap();
        assert_eq!(doc.review.as_ref().unwrap().state, ReviewState::InReview);
        Ok(())
    }

    #[test]
    fn a_library_of_one_editor_has_no_reviews() -> Result<()> {
        let mut lib = Library::open_in_memory()?;
        let id = lib
            .create_brief(&BriefDraft {
                headline: "Mine".into(),
                ..BriefDraft::default()
            })?
            .id;
        let err = lib.review_brief(id, ReviewAction::Submit, "").unwrap_err();
        assert!(err.to_string().contains("follows no team"), "{err}");
        assert!(lib.brief(id)?.review.is_none());
        // Its export has no review field at all, as before.
        let json = serde_json::to_string(&lib.export_all()?).unwrap();
        assert!(!json.contains("\"review\""), "{json}");
        Ok(())
    }
}
