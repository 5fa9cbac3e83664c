//! Running totals of an issue for the composer: how many briefs and words, how long a read, and
//! how big the email is against Gmail's clipping limit. Counted from the same view model and
//! email rendering as the export, so the composer and the sent email agree.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::email::EMAIL_SIZE_LIMIT;
use super::view::IssueView;
use crate::model::Status;

/// An issue's totals as the composer shows them while the editor arranges it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssueTotals {
    pub briefs: u32,
    pub words: u32,
    pub reading_minutes: u32,
    /// The size in bytes of the email export as it would be sent.
    pub email_bytes: u32,
    /// Gmail clips messages over this many bytes.
    pub email_limit: u32,
    /// One entry per brief, in issue order.
    pub per_brief: Vec<BriefTotals>,
}

/// What the composer shows beside one brief of the issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BriefTotals {
    #[ts(type = "string")]
    pub id: Uuid,
    pub words: u32,
    pub status: Status,
}

/// Counts never come near `u32::MAX`; saturating keeps a pathological one from wrapping.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The totals of an issue from its view and its email as rendered; `ids` are the issue's
/// briefs in issue order (the view keeps the order but not the ids).
pub fn issue_totals(
    ids: impl IntoIterator<Item = Uuid>,
    view: &IssueView,
    email: &str,
) -> IssueTotals {
    let views = view.sections.iter().flat_map(|s| s.briefs.iter());
    let per_brief = ids
        .into_iter()
        .zip(views)
        .map(|(id, brief)| BriefTotals {
            id,
            words: count(brief.word_count),
            status: brief.status,
        })
        .collect();
    IssueTotals {
        briefs: count(view.counts.briefs),
        words: count(view.counts.words),
        reading_minutes: count(view.counts.reading_minutes),
        email_bytes: count(email.len()),
        email_limit: count(EMAIL_SIZE_LIMIT),
        per_brief,
    }
}
