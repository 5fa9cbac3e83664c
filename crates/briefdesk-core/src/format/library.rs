//! The whole library as one JSON document (`export-all` / `import-all`): briefs with their
//! ids, times, sources, tags, status and notes; tags with colours; issues with their sections
//! and order; the publication settings. `library/dump.rs` writes and reads it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{IssueStatus, Publication, Review, Source, Status};

/// Names the document so another JSON file is not mistaken for one.
pub const DUMP_FORMAT: &str = "briefdesk-library";
/// The version of the document's shape this build writes and reads.
pub const DUMP_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryDump {
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    /// The schema version of the library it came from (for the record; not needed to import).
    pub schema_version: u32,
    pub publication: Publication,
    /// Every tag, with its colour, by name (tags no brief carries too).
    pub tags: Vec<DumpTag>,
    /// Every brief, oldest first.
    pub briefs: Vec<DumpBrief>,
    /// Every issue, by number, with its sections and their briefs (by id) in order.
    pub issues: Vec<DumpIssue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpTag {
    pub name: String,
    pub colour: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpBrief {
    pub id: Uuid,
    pub headline: String,
    pub body: String,
    pub sources: Vec<Source>,
    pub tags: Vec<String>,
    pub status: Status,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Absent from dumps written before versions existed; those start again at 1.
    #[serde(default = "first_version")]
    pub version: u32,
    /// A team brief's review; absent when it has none (always, outside a team).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

fn first_version() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpIssue {
    pub id: Uuid,
    pub number: u32,
    pub title: String,
    pub date: NaiveDate,
    pub status: IssueStatus,
    pub subject: String,
    pub preheader: String,
    pub intro: String,
    pub closing: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sections: Vec<DumpSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DumpSection {
    /// The section's own id, so a team's replicas tell a renamed section from a new one.
    /// Absent from dumps written before teams synced issues; a new one is made on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    pub name: String,
    pub briefs: Vec<Uuid>,
}

/// Whether `text` is such a document (its `"format"` says so), for telling someone who gives
/// it where one issue is expected what it is.
pub fn is_library_dump(text: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: String,
    }
    serde_json::from_slice::<Head>(text).is_ok_and(|head| head.format == DUMP_FORMAT)
}
