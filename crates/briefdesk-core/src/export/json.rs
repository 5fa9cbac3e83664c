//! The Briefdesk JSON document: the whole issue, shared by the JSON export and its reader.
//! No ids, timestamps or private notes, so an issue imported into an empty library exports to
//! the same bytes again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::view::IssueView;
use crate::error::{Error, Result};
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

impl Document {
    pub(crate) fn from_view(view: &IssueView) -> Document {
        Document {
            briefdesk: JSON_FORMAT_VERSION,
            publication: PublicationDoc {
                name: view.publication.name.clone(),
                tagline: view.publication.tagline.clone(),
                footer: view.publication.footer.clone(),
            },
            issue: IssueDoc {
                number: view.issue.number,
                title: view.issue.title.clone(),
                date: view.issue.date,
                status: view.issue.status,
                subject: view.issue.subject.clone(),
                preheader: view.issue.preheader.clone(),
                intro: view.issue.intro.clone(),
                closing: view.issue.closing.clone(),
                sections: view
                    .sections
                    .iter()
                    .map(|section| SectionDoc {
                        name: section.name.clone(),
                        briefs: section
                            .briefs
                            .iter()
                            .map(|brief| BriefDoc {
                                headline: brief.headline.clone(),
                                body: brief.body.clone(),
                                sources: brief.sources.iter().map(|s| s.doc()).collect(),
                                tags: brief.tags.clone(),
                                status: brief.status,
                            })
                            .collect(),
                    })
                    .collect(),
            },
        }
    }
}

/// The JSON export: pretty-printed, keys in a fixed order, ending in a newline.
pub(crate) fn render(view: &IssueView) -> Result<String> {
    let mut out = serde_json::to_string_pretty(&Document::from_view(view))
        .map_err(|e| Error::invalid("json", e))?;
    out.push('\n');
    Ok(out)
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
