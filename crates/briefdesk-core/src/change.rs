//! What a change to the library touched, as the desktop shell tells the window after each one
//! (its `library-changed` event), so that every view showing that data reads it again instead of
//! waiting to be shown anew.

use serde::Serialize;
use ts_rs::TS;

use crate::model::{Brief, BriefId};

/// What a change touched. Several parts may be set at once (an import into an issue adds briefs,
/// tags and the issue's placements); a view reads again whatever it shows of any part set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct LibraryChange {
    /// Briefs added, edited, deleted or restored, by id.
    pub briefs: Vec<BriefId>,
    /// Briefs beyond those named may have changed (an import, a publish, a tag renamed):
    /// every list of briefs, and an open brief, reads itself again.
    pub any_brief: bool,
    /// Issues whose fields, sections or placed briefs changed, or that were created or
    /// deleted, by number.
    pub issues: Vec<u32>,
    /// Tags, their colours or their counts changed.
    pub tags: bool,
    /// The publication settings changed.
    pub publication: bool,
    /// Another library is open, or this one was restored: anything may have changed.
    pub library: bool,
}

impl LibraryChange {
    /// `briefs` changed, as they now are: with them the tags they carry and the issues they sit in.
    pub fn of_briefs<'a>(briefs: impl IntoIterator<Item = &'a Brief>) -> Self {
        let mut change = LibraryChange {
            tags: true,
            ..Self::default()
        };
        for brief in briefs {
            change.briefs.push(BriefId(brief.id));
            if let Some(placed) = &brief.issue
                && !change.issues.contains(&placed.number)
            {
                change.issues.push(placed.number);
            }
        }
        change
    }

    /// Issue `number` changed: its fields, sections or the briefs placed in it.
    pub fn issue(number: u32) -> Self {
        LibraryChange {
            issues: vec![number],
            ..Self::default()
        }
    }

    /// Anything may have changed.
    pub fn everything() -> Self {
        LibraryChange {
            any_brief: true,
            tags: true,
            publication: true,
            library: true,
            ..Self::default()
        }
    }

    /// Also issue `number`, when there is one.
    pub fn and_issue(mut self, number: Option<u32>) -> Self {
        self.issues.extend(number);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_briefs_name_the_issues_they_sit_in_once() -> crate::Result<()> {
        let mut lib = crate::Library::open_in_memory()?;
        let number =
            lib.load_sample(chrono::NaiveDate::from_ymd_opt(2024, 5, 6).unwrap_or_default())?;
        let placed = lib.list_briefs(&crate::BriefQuery::default())?.items;
        assert!(placed.len() > 1, "the sample has several briefs");
        let change = LibraryChange::of_briefs(&placed);
        assert_eq!(change.briefs.len(), placed.len());
        assert_eq!(change.issues, vec![number]);
        assert!(change.tags && !change.any_brief && !change.library);
        assert_eq!(LibraryChange::of_briefs([]).issues, Vec::<u32>::new());
        Ok(())
    }
}
