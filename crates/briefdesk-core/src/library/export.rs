//! Exports and totals of a stored issue: its briefs and publication read, then rendered by
//! [`crate::export`].

use tracing::instrument;
use uuid::Uuid;

use super::Library;
use crate::error::Result;
use crate::export::{self, IssueTotals, IssueView};
use crate::model::{ExportFormat, Issue};

impl Library {
    /// Exports issue `number` in `format`; `template` overrides the built-in template.
    #[instrument(skip(self, template), fields(custom_template = template.is_some()))]
    pub fn export_issue(
        &self,
        number: u32,
        format: ExportFormat,
        template: Option<&str>,
    ) -> Result<String> {
        export::render(&self.issue_view(number)?, format, template)
    }

    /// The view model of issue `number`, for rendering it in several formats (an export
    /// dialog's previews) without reading and rendering its briefs again for each.
    pub fn issue_view(&self, number: u32) -> Result<IssueView> {
        self.view_of(&self.issue(number)?)
    }

    /// The view model of an issue already read.
    fn view_of(&self, issue: &Issue) -> Result<IssueView> {
        let briefs = self.briefs_by_id(&brief_ids(issue))?;
        let publication = self.publication()?;
        Ok(export::issue_view(issue, &briefs, &publication))
    }

    /// The totals of issue `number`, its email rendered with the built-in template.
    pub fn issue_totals(&self, number: u32) -> Result<IssueTotals> {
        let issue = self.issue(number)?;
        let view = self.view_of(&issue)?;
        let email = export::render(&view, ExportFormat::Email, None)?;
        Ok(export::issue_totals(brief_ids(&issue), &view, &email))
    }
}

/// The issue's briefs in issue order.
fn brief_ids(issue: &Issue) -> Vec<Uuid> {
    issue
        .sections
        .iter()
        .flat_map(|s| s.briefs.iter().map(|b| b.id))
        .collect()
}
