//! Exporting an issue: issue → view model ([`issue_view`]) → minijinja template ([`render`]) →
//! output, in five formats. The same issue always exports to the same bytes.

mod anchors;
mod email;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod render;
mod templates;
mod text;
mod totals;
mod view;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use email::EMAIL_SIZE_LIMIT;
pub use json::JSON_FORMAT_VERSION;
pub use render::render_markdown;
pub use templates::built_in as built_in_template;
pub use text::Reference;
pub use totals::{BriefTotals, IssueTotals};
pub use view::{
    BriefView, Counts, IssueInfo, IssueView, PublicationView, SectionView, SourceView, date_text,
    issue_view,
};

use crate::error::Result;
use crate::library::Library;
use crate::model::Issue;

/// The formats an issue exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Markdown,
    Html,
    Email,
    Text,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Markdown,
        ExportFormat::Html,
        ExportFormat::Email,
        ExportFormat::Text,
        ExportFormat::Json,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::Html => "html",
            ExportFormat::Email => "email",
            ExportFormat::Text => "text",
            ExportFormat::Json => "json",
        }
    }

    pub fn parse(text: &str) -> Option<ExportFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// An issue rendered in one format, with what an editor needs to know about it before sending
/// it (the app's export preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportDocument {
    pub format: ExportFormat,
    pub content: String,
    /// The size of `content` in bytes (UTF-8), as a mail client counts it.
    pub bytes: usize,
    /// The size past which Gmail clips the message, for email; null for other formats.
    pub size_limit: Option<usize>,
}

impl ExportDocument {
    pub fn new(format: ExportFormat, content: String) -> ExportDocument {
        ExportDocument {
            format,
            bytes: content.len(),
            size_limit: (format == ExportFormat::Email).then_some(EMAIL_SIZE_LIMIT),
            content,
        }
    }

    /// True when the email is big enough to be clipped by Gmail.
    pub fn over_size_limit(&self) -> bool {
        self.size_limit.is_some_and(|limit| self.bytes > limit)
    }
}

/// Renders a view in `format`, with the built-in template or `template` (the text of a
/// minijinja template). Template mistakes are `Error::Invalid` on field `template`, naming the
/// line.
pub fn render(view: &IssueView, format: ExportFormat, template: Option<&str>) -> Result<String> {
    match (format, template) {
        (ExportFormat::Json, None) => json::render(view),
        (ExportFormat::Email, _) => email::finish(&templates::render(view, format, template)?),
        _ => templates::render(view, format, template),
    }
}

impl Library {
    /// Exports issue `number` in `format`; `template` overrides the built-in template.
    pub fn export_issue(
        &self,
        number: u32,
        format: ExportFormat,
        template: Option<&str>,
    ) -> Result<String> {
        render(&self.issue_view(number)?, format, template)
    }

    /// The view model of issue `number`, for rendering it in several formats (an export
    /// dialog's previews) without reading and rendering its briefs again for each.
    pub fn issue_view(&self, number: u32) -> Result<IssueView> {
        self.view_of(&self.issue(number)?)
    }

    /// The view model of an issue already read.
    pub(crate) fn view_of(&self, issue: &Issue) -> Result<IssueView> {
        let ids: Vec<Uuid> = issue
            .sections
            .iter()
            .flat_map(|s| s.briefs.iter().map(|b| b.id))
            .collect();
        let briefs = self.briefs_by_id(&ids)?;
        let publication = self.publication()?;
        Ok(issue_view(issue, &briefs, &publication))
    }
}
