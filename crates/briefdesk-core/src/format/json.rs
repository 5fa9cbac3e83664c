//! The Briefdesk JSON document: the whole issue, written by the JSON export and read back by
//! the JSON import. No ids, timestamps or private notes, so an issue imported into an empty
//! library exports to the same bytes again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{IssueStatus, SourceDraft, Status};

/// The `"briefdesk"` key: bumped when the document changes shape.
pub const JSON_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a Briefdesk JSON export: an object with \"briefdesk\", \"publication\" and \"issue\""
)]
pub(crate) struct Document {
    pub briefdesk: u32,
    #[serde(default)]
    pub publication: PublicationDoc,
    pub issue: IssueDoc,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a publication object")]
pub(crate) struct PublicationDoc {
    pub name: String,
    pub tagline: String,
    pub footer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an issue object")]
pub(crate) struct IssueDoc {
    pub number: u32,
    pub title: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub status: IssueStatus,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub preheader: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub closing: String,
    #[serde(default)]
    pub sections: Vec<SectionDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a section object")]
pub(crate) struct SectionDoc {
    pub name: String,
    #[serde(default)]
    pub briefs: Vec<BriefDoc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a brief object")]
pub(crate) struct BriefDoc {
    pub headline: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub sources: Vec<SourceDoc>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a source object")]
pub(crate) struct SourceDoc {
    pub outlet: String,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

impl SourceDoc {
    /// The source as an editor's draft (dates as `YYYY-MM-DD`), for importing.
    pub(crate) fn draft(&self) -> SourceDraft {
        SourceDraft {
            outlet: self.outlet.clone(),
            date: self.date.map(|d| d.to_string()),
            url: self.url.clone(),
            title: self.title.clone(),
        }
    }
}
