//! What the window shows of a team replica: the sync status, the briefs waiting to be sent, and
//! each conflict as text per clashing part, so the editor can read both sides and choose.
//! (The replica's bookkeeping itself is in `replica.rs`.)

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Library;
use super::dump::DumpBrief;
use crate::error::Result;
use crate::model::{BriefId, Review};

/// The background sync as the window shows it. The window picks what to say from it (conflicts
/// first, then refused changes, then offline, then waiting, else synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncStatus {
    /// `login@host:port/database`, never a password.
    pub server: String,
    /// The login this replica signs in as.
    pub login: String,
    /// Its role on the team (`contributor`, `editor`, `admin`) as the server last said; `None`
    /// before the first sync. The window offers what it allows; the server decides.
    pub role: Option<String>,
    /// Briefs changed here and not yet sent.
    #[ts(type = "number")]
    pub waiting: i64,
    /// Briefs changed on both sides in the same part, waiting for the editor.
    #[ts(type = "number")]
    pub conflicts: i64,
    /// Changes the server refused, kept here.
    #[ts(type = "number")]
    pub refused: i64,
    /// Since when the server could not be reached (`None` while it answers).
    #[ts(type = "string | null")]
    pub offline_since: Option<DateTime<Utc>>,
    /// When the last sync completed.
    #[ts(type = "string | null")]
    pub synced_at: Option<DateTime<Utc>>,
    /// A failure that is not the server being away (a wrong password, a newer schema): said
    /// as it is, and tried again like offline.
    pub problem: Option<String>,
}

/// Who holds the composing lease on the issue open in the composer (one editor at a time orders
/// an issue). The window makes the order read-only while another holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComposingLease {
    /// The number here.
    pub number: u32,
    /// The display name of who holds it.
    pub holder: String,
    /// Held by this editor: the order is theirs to change.
    pub mine: bool,
}

/// Someone else of the team with a brief open in their editor now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Editing {
    pub id: BriefId,
    pub login: String,
    /// Their name on the team.
    pub name: String,
}

/// A brief named in the sync panel, with why it is listed (the server's reason for a refused one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TeamBrief {
    pub id: BriefId,
    /// Its headline here (empty when it was deleted here).
    pub headline: String,
    pub reason: Option<String>,
}

/// One part of a brief both sides changed, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConflictSide {
    /// headline, body, sources, tags, status, notes or review.
    pub part: String,
    /// What this library holds (`None`: deleted here).
    pub mine: Option<String>,
    /// What the server holds (`None`: deleted there).
    pub theirs: Option<String>,
}

/// A brief waiting for the editor to choose, part by part, between their copy and the server's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConflictView {
    pub id: BriefId,
    pub headline: String,
    pub sides: Vec<ConflictSide>,
}

impl Library {
    /// The briefs changed here and not yet sent (those waiting on a conflict included).
    pub fn waiting_briefs(&self) -> Result<Vec<TeamBrief>> {
        Ok(self
            .conn
            .prepare(
                "SELECT o.brief_id, coalesce(b.headline, '') FROM team_outbox o
                 LEFT JOIN briefs b ON b.id = o.brief_id ORDER BY b.headline, o.brief_id",
            )?
            .query_map([], |r| {
                Ok(TeamBrief {
                    id: BriefId(super::parse_uuid(&r.get::<_, String>(0)?, 0)?),
                    headline: r.get(1)?,
                    reason: None,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The changes the server refused, with its reasons.
    pub fn refused_team_briefs(&self) -> Result<Vec<TeamBrief>> {
        Ok(self
            .refused_briefs()?
            .into_iter()
            .map(|r| TeamBrief {
                id: BriefId(r.id),
                headline: r.headline,
                reason: Some(r.reason),
            })
            .collect())
    }

    /// Every conflict, each clashing part as both sides' text.
    pub fn conflict_views(&self) -> Result<Vec<ConflictView>> {
        Ok(self
            .brief_conflicts()?
            .into_iter()
            .map(|c| {
                let headline = c
                    .mine
                    .as_ref()
                    .or(c.theirs.as_ref())
                    .map(|d| d.headline.clone())
                    .unwrap_or_default();
                let sides = c
                    .parts
                    .iter()
                    .map(|part| ConflictSide {
                        part: part.clone(),
                        mine: c.mine.as_ref().map(|d| part_text(d, part)),
                        theirs: c.theirs.as_ref().map(|d| part_text(d, part)),
                    })
                    .collect();
                ConflictView {
                    id: BriefId(c.id),
                    headline,
                    sides,
                }
            })
            .collect())
    }
}

/// One part of a brief as the editor reads it: sources one a line, tags comma-separated.
fn part_text(doc: &DumpBrief, part: &str) -> String {
    match part {
        "headline" => doc.headline.clone(),
        "body" => doc.body.clone(),
        "sources" => doc
            .sources
            .iter()
            .map(|s| {
                let mut line = s.outlet.clone();
                if let Some(date) = s.date {
                    line.push_str(&format!(", {date}"));
                }
                if let Some(title) = &s.title {
                    line.push_str(&format!(" — {title}"));
                }
                if let Some(url) = &s.url {
                    line.push_str(&format!(" <{url}>"));
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n"),
        "tags" => doc.tags.join(", "),
        "status" => doc.status.as_str().to_owned(),
        "notes" => doc.notes.clone(),
        "review" => doc.review.as_ref().map_or_else(String::new, review_text),
        _ => String::new(),
    }
}

/// A review as text: its state, then each step with who, when and the note.
fn review_text(review: &Review) -> String {
    let mut lines = vec![review.state.as_str().replace('_', " ")];
    for step in &review.steps {
        let mut line = format!(
            "{} by {} ({}), {}",
            step.action.as_str().replace('_', " "),
            step.name,
            step.by,
            step.at.format("%Y-%m-%d %H:%M UTC")
        );
        if !step.note.is_empty() {
            line.push_str(&format!(": {}", step.note));
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::library::replica::ServerBrief;
    use crate::model::{BriefDraft, SourceDraft, Status};

    fn draft(headline: &str) -> BriefDraft {
        BriefDraft {
            headline: headline.into(),
            body: "A paragraph.".into(),
            sources: vec![SourceDraft {
                outlet: "Radio Free Asia".into(),
                date: Some("2020-11-27".into()),
                url: Some("https://www.rfa.org/a".into()),
                title: None,
            }],
            tags: vec!["China".into()],
            status: Status::Draft,
            notes: String::new(),
        }
    }

    #[test]
    fn a_clash_is_shown_as_both_sides_text_and_the_brief_waits() -> Result<()> {
        let mut lib = Library::open_in_memory()?;
        let brief = lib.create_brief(&draft("Floods in the south"))?;
        lib.become_replica(
            "anna@localhost:5432/newsroom",
            1,
            &HashMap::from([(brief.id, 1)]),
        )?;
        assert!(lib.waiting_briefs()?.is_empty());
        assert!(lib.conflict_views()?.is_empty());

        lib.update_brief(brief.id, &draft("Floods in the south: 12 dead"))?;
        let mut theirs = lib.brief_docs(&[brief.id])?.remove(0);
        theirs.headline = "Floods in the south: ten dead".into();
        theirs.tags = vec!["China".into(), "Weather".into()];
        lib.apply_pulled(
            &[ServerBrief {
                id: brief.id,
                version: 2,
                doc: Some(theirs),
            }],
            2,
        )?;

        let views = lib.conflict_views()?;
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].id, BriefId(brief.id));
        // Only the headline clashed; the tags, changed there alone, merged.
        assert_eq!(
            views[0].sides,
            [ConflictSide {
                part: "headline".into(),
                mine: Some("Floods in the south: 12 dead".into()),
                theirs: Some("Floods in the south: ten dead".into()),
            }]
        );
        assert_eq!(lib.brief(brief.id)?.tags, ["China", "Weather"]);
        let waiting = lib.waiting_briefs()?;
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].headline, "Floods in the south: 12 dead");
        Ok(())
    }

    #[test]
    fn sources_and_tags_read_as_lines_and_a_list() -> Result<()> {
        let mut lib = Library::open_in_memory()?;
        let brief = lib.create_brief(&draft("Floods"))?;
        let doc = lib.brief_docs(&[brief.id])?.remove(0);
        assert_eq!(
            part_text(&doc, "sources"),
            "Radio Free Asia, 2020-11-27 <https://www.rfa.org/a>"
        );
        assert_eq!(part_text(&doc, "tags"), "China");
        assert_eq!(part_text(&doc, "status"), "draft");
        Ok(())
    }
}
