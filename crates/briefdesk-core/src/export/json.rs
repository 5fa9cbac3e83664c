//! The JSON export: the issue's view written as the Briefdesk JSON document
//! ([`crate::format::json`]), which the JSON import reads back.

use super::view::IssueView;
use crate::error::{Error, Result};
use crate::format::json::{
    BriefDoc, Document, IssueDoc, JSON_FORMAT_VERSION, PublicationDoc, SectionDoc,
};

/// The JSON export: pretty-printed, keys in a fixed order, ending in a newline.
pub(crate) fn render(view: &IssueView) -> Result<String> {
    let mut out =
        serde_json::to_string_pretty(&document(view)).map_err(|e| Error::invalid("json", e))?;
    out.push('\n');
    Ok(out)
}

fn document(view: &IssueView) -> Document {
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
