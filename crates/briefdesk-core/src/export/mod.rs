//! Exporting an issue: issue → view model ([`issue_view`]) → minijinja template ([`render`]) →
//! output, in five formats. The same issue always exports to the same bytes.

mod anchors;
mod email;
mod json;
pub(crate) mod render;
mod templates;
mod text;
mod totals;
mod view;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::format::JSON_FORMAT_VERSION;
pub use crate::model::ExportFormat;
pub use email::EMAIL_SIZE_LIMIT;
pub use render::render_markdown;
pub use templates::built_in as built_in_template;
pub use text::Reference;
pub use totals::{BriefTotals, IssueTotals, issue_totals};
pub use view::{
    BriefView, Counts, IssueInfo, IssueView, PublicationView, SectionView, SourceView, date_text,
    issue_view,
};

use crate::error::Result;

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
