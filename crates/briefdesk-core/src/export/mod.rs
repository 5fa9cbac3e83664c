//! Exporting an issue: issue → view model → template → output, in five formats.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
