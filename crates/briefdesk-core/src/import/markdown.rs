//! The Briefdesk Markdown reader: the inverse of the Markdown export.

use super::Parsed;
use crate::error::Result;

/// The comment that opens a Briefdesk Markdown export.
pub(super) const ISSUE_MARKER: &str = "<!-- briefdesk:issue";

pub(super) fn parse(_text: &str) -> Result<Parsed> {
    Ok(Parsed::default())
}
