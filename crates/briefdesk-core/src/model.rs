//! The data Briefdesk keeps: briefs, sources, tags, issues, sections, publication settings.
//! These types are also the JSON shapes of the CLI and the IPC boundary (TypeScript via ts-rs).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// A brief's id: a UUID, a string in JSON and TypeScript. Commands take it instead of a string
/// each parses; reading one that is not a UUID fails saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(transparent)]
pub struct BriefId(#[ts(type = "string")] pub Uuid);

impl From<BriefId> for Uuid {
    fn from(id: BriefId) -> Uuid {
        id.0
    }
}

impl From<Uuid> for BriefId {
    fn from(id: Uuid) -> BriefId {
        BriefId(id)
    }
}

impl std::fmt::Display for BriefId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for BriefId {
    type Err = crate::Error;

    /// Surrounding white space is ignored (an id pasted from a terminal).
    fn from_str(text: &str) -> crate::Result<BriefId> {
        Uuid::parse_str(text.trim()).map(BriefId).map_err(|_| {
            crate::Error::invalid("id", format!("{:?} is not a brief id", text.trim()))
        })
    }
}

impl<'de> Deserialize<'de> for BriefId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<BriefId, D::Error> {
        let text = String::deserialize(deserializer)?;
        Uuid::parse_str(&text)
            .map(BriefId)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a brief id (a UUID)")))
    }
}

/// Where a brief is in its life. Only the editor moves it forward or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Ready,
    Published,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Ready, Status::Published];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Published => "published",
        }
    }

    /// Parses the lowercase name, as typed on the command line or stored in the library.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// Where a team's brief is in its review. A brief never submitted has no review at all, and a
/// library of one editor never has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Sent back with changes requested: the author works on it and submits it again.
    Draft,
    /// Submitted, waiting for an editor.
    InReview,
    /// An editor approved it.
    Approved,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::InReview => "in_review",
            ReviewState::Approved => "approved",
        }
    }

    /// Parses the stored name (`in_review`), also as typed (`in-review`).
    pub fn parse(text: &str) -> Option<ReviewState> {
        [
            ReviewState::Draft,
            ReviewState::InReview,
            ReviewState::Approved,
        ]
        .into_iter()
        .find(|s| s.as_str() == text.trim().to_ascii_lowercase().replace('-', "_"))
    }
}

/// One step of a review: what was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// The author sends it to the editors (draft → in review).
    Submit,
    /// An editor approves it (in review → approved).
    Approve,
    /// An editor sends it back (in review → draft), with a note saying what to change.
    RequestChanges,
}

impl ReviewAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Submit => "submit",
            ReviewAction::Approve => "approve",
            ReviewAction::RequestChanges => "request_changes",
        }
    }

    /// Parses `submit`, `approve`, `request_changes` (or `request-changes`).
    pub fn parse(text: &str) -> Option<ReviewAction> {
        [
            ReviewAction::Submit,
            ReviewAction::Approve,
            ReviewAction::RequestChanges,
        ]
        .into_iter()
        .find(|a| a.as_str() == text.trim().to_ascii_lowercase().replace('-', "_"))
    }

    /// The state a brief is in after this step.
    pub fn leads_to(self) -> ReviewState {
        match self {
            ReviewAction::Submit => ReviewState::InReview,
            ReviewAction::Approve => ReviewState::Approved,
            ReviewAction::RequestChanges => ReviewState::Draft,
        }
    }

    /// Whether this step may follow a brief in `from` (`None`: never submitted).
    pub fn allowed_from(self, from: Option<ReviewState>) -> bool {
        match self {
            ReviewAction::Submit => from != Some(ReviewState::InReview),
            ReviewAction::Approve | ReviewAction::RequestChanges => {
                from == Some(ReviewState::InReview)
            }
        }
    }
}

/// Who did a review step, when, and their note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReviewStep {
    pub action: ReviewAction,
    /// The team login that made it (the server checks it is the one signed in).
    pub by: String,
    /// Their name as the team knows it (the login when not known yet).
    pub name: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub note: String,
}

/// A team brief's review: its state and every step so far, oldest first. It syncs as one part
/// of the brief (see `library/replica.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Review {
    pub state: ReviewState,
    pub steps: Vec<ReviewStep>,
}

/// Where a brief's story came from: "Source: Radio Free Asia, November 27, 2020" and its URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Source {
    pub outlet: String,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub title: Option<String>,
}

impl Source {
    /// The source as an editor's draft (dates as `YYYY-MM-DD`), to write it again.
    pub fn draft(&self) -> SourceDraft {
        SourceDraft {
            outlet: self.outlet.clone(),
            date: self.date.map(|d| d.to_string()),
            url: self.url.clone(),
            title: self.title.clone(),
        }
    }
}

/// The issue a brief sits in, as shown with the brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssueRef {
    pub number: u32,
    pub section: String,
    /// Whether that issue was published (sent): its briefs open read-only in the editor.
    pub published: bool,
}

/// A brief as stored, with its sources, tag names and placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Brief {
    #[ts(as = "BriefId")]
    pub id: Uuid,
    pub headline: String,
    pub body: String,
    pub sources: Vec<Source>,
    pub tags: Vec<String>,
    pub status: Status,
    pub notes: String,
    pub issue: Option<IssueRef>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// Moves on by one with every change, so a save that began from an older version is caught
    /// (see `Library::update_brief_from`).
    pub version: u32,
    /// Its review in a team's library; `None` when never submitted (always, without a team).
    /// Left out of the JSON then, so a library of one editor's briefs read as they always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub review: Option<Review>,
}

/// A brief as it was just before it was deleted, so the delete can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeletedBrief {
    pub brief: Brief,
    /// Its place (0-based) in its issue section, when it sat in an issue.
    pub position: Option<u32>,
}

/// A source as typed by an editor; the core validates it into a [`Source`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SourceDraft {
    pub outlet: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// Everything an editor can write into a brief, for creating it or replacing its contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BriefDraft {
    pub headline: String,
    pub body: String,
    pub sources: Vec<SourceDraft>,
    pub tags: Vec<String>,
    pub status: Status,
    pub notes: String,
}

impl From<&Brief> for BriefDraft {
    fn from(brief: &Brief) -> Self {
        BriefDraft {
            headline: brief.headline.clone(),
            body: brief.body.clone(),
            sources: brief.sources.iter().map(Source::draft).collect(),
            tags: brief.tags.clone(),
            status: brief.status,
            notes: brief.notes.clone(),
        }
    }
}

/// How a list of briefs is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Most recently edited first.
    #[default]
    Updated,
    /// Newest first by the first source's date; briefs without one come last.
    SourceDate,
}

/// Filters and paging for listing briefs. Empty fields do not filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BriefQuery {
    /// A brief must carry every one of these tags.
    pub tags: Vec<String>,
    pub status: Option<Status>,
    /// Only briefs that sit in no issue.
    pub unassigned: bool,
    /// Only briefs in this review state (`in_review`: the editors' "waiting for my review").
    pub review: Option<ReviewState>,
    /// A source from this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// A source dated on or after this day (YYYY-MM-DD).
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// A source dated on or before this day (YYYY-MM-DD).
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    pub sort: SortOrder,
    /// Start right after this brief of an earlier page (that page's `next`), so that a page
    /// deep in the list costs what the first does; `offset` then counts from there.
    pub after: Option<PageCursor>,
    pub offset: u32,
    pub limit: u32,
}

impl Default for BriefQuery {
    fn default() -> Self {
        BriefQuery {
            tags: Vec::new(),
            status: None,
            unassigned: false,
            review: None,
            outlet: None,
            from: None,
            to: None,
            sort: SortOrder::Updated,
            after: None,
            offset: 0,
            limit: 200,
        }
    }
}

/// One page of a brief listing, with the number of briefs the filters match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BriefPage {
    pub items: Vec<Brief>,
    pub total: u32,
    /// Where the next page starts (pass it as the query's `after`); `None` after the last page.
    pub next: Option<PageCursor>,
}

/// A place in a brief listing: its last brief's sort keys, as stored. It is valid for either
/// sort order and with any filter, and is passed back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PageCursor {
    pub updated_at: String,
    pub id: String,
    /// The brief's first source's date, `None` when it has none.
    pub source_date: Option<String>,
}

/// A search result. `snippet` is HTML-escaped text in which only `<mark>…</mark>` are tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    #[ts(as = "BriefId")]
    pub id: Uuid,
    pub headline: String,
    pub snippet: String,
    pub status: Status,
    /// The first source's outlet and date, as the library list shows them.
    pub outlet: Option<String>,
    #[ts(type = "string | null")]
    pub source_date: Option<NaiveDate>,
    /// The number of the issue it sits in.
    pub issue: Option<u32>,
    /// bm25 score: lower is a better match.
    pub rank: f64,
}

/// A tag with how many briefs carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TagInfo {
    pub name: String,
    pub colour: Option<String>,
    pub count: u32,
}

/// Whether an issue has gone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatus {
    #[default]
    Draft,
    Published,
}

impl IssueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<IssueStatus> {
        [IssueStatus::Draft, IssueStatus::Published]
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// A brief as listed inside an issue's section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssueBrief {
    #[ts(as = "BriefId")]
    pub id: Uuid,
    pub headline: String,
}

/// A named, ordered part of an issue ("Domestic", "International").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Section {
    pub name: String,
    pub briefs: Vec<IssueBrief>,
}

/// A numbered issue with its sections in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Issue {
    #[ts(type = "string")]
    pub id: Uuid,
    pub number: u32,
    pub title: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub status: IssueStatus,
    pub subject: String,
    pub preheader: String,
    pub intro: String,
    pub closing: String,
    pub sections: Vec<Section>,
}

/// The editable fields of an issue; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IssuePatch {
    pub number: Option<u32>,
    pub title: Option<String>,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub status: Option<IssueStatus>,
    pub subject: Option<String>,
    pub preheader: Option<String>,
    pub intro: Option<String>,
    pub closing: Option<String>,
}

/// Publication-wide settings used by exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Publication {
    pub name: String,
    pub tagline: String,
    pub footer: String,
    /// The format an export takes when none is asked for.
    pub default_template: ExportFormat,
    /// How exports write dates, in source lines and the issue's date.
    pub date_style: DateStyle,
}

/// The formats an issue exports to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// CommonMark to publish: nothing of Briefdesk's own (tags, status) in it.
    Markdown,
    /// Markdown with `<!-- briefdesk:… -->` comments carrying tags, status and every source, so
    /// it imports back without loss ("Briefdesk Markdown, for re-import"). Not for publishing.
    #[serde(rename = "briefdesk-markdown")]
    BriefdeskMarkdown,
    // Libraries from before the setting was typed could hold an empty one, which meant HTML.
    #[default]
    #[serde(alias = "")]
    Html,
    Email,
    Text,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Markdown,
        ExportFormat::BriefdeskMarkdown,
        ExportFormat::Html,
        ExportFormat::Email,
        ExportFormat::Text,
        ExportFormat::Json,
    ];

    /// The name stored in the library and used on the wire and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::BriefdeskMarkdown => "briefdesk-markdown",
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

/// A way of writing a date in an export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    /// `November 27, 2020`, the house style.
    #[default]
    Long,
    /// `27 November 2020`.
    DayFirst,
    /// `Nov 27, 2020`.
    Short,
    /// `2020-11-27`.
    Iso,
}

impl DateStyle {
    pub const ALL: [DateStyle; 4] = [
        DateStyle::Long,
        DateStyle::DayFirst,
        DateStyle::Short,
        DateStyle::Iso,
    ];

    /// The name stored in the library and used on the wire and the command line.
    pub fn name(self) -> &'static str {
        match self {
            DateStyle::Long => "long",
            DateStyle::DayFirst => "day_first",
            DateStyle::Short => "short",
            DateStyle::Iso => "iso",
        }
    }

    pub fn parse(name: &str) -> Option<DateStyle> {
        DateStyle::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn format(self, date: chrono::NaiveDate) -> String {
        let pattern = match self {
            DateStyle::Long => "%B %-d, %Y",
            DateStyle::DayFirst => "%-d %B %Y",
            DateStyle::Short => "%b %-d, %Y",
            DateStyle::Iso => "%Y-%m-%d",
        };
        date.format(pattern).to_string()
    }
}

/// What the app shows about the open library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryInfo {
    pub path: String,
    pub name: String,
    pub brief_count: u32,
}

/// Where the open library and its backups live on disk, for the Help menu (absent in memory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LibraryPlaces {
    pub library: Option<String>,
    pub backups: Option<String>,
}

/// A newer release the update feed offers (Help › Check for Updates…, or the daily check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateOffer {
    /// The release offered, e.g. "0.2.0".
    pub version: String,
    /// The version running now.
    pub current_version: String,
    /// The release's notes, as its feed gives them (plain text).
    pub notes: Option<String>,
}

/// Why a backup was made; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum BackupKind {
    /// Made on open and at most hourly while editing; only the newest few are kept.
    Auto,
    /// Asked for by the editor (`briefdesk backup`); never deleted automatically.
    Manual,
    /// The library as it was just before a restore replaced it.
    BeforeRestore,
    /// The library as an older Briefdesk left it, just before its schema was upgraded.
    BeforeUpgrade,
}

impl BackupKind {
    pub const ALL: [BackupKind; 4] = [
        BackupKind::Auto,
        BackupKind::Manual,
        BackupKind::BeforeRestore,
        BackupKind::BeforeUpgrade,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Auto => "auto",
            BackupKind::Manual => "manual",
            BackupKind::BeforeRestore => "before-restore",
            BackupKind::BeforeUpgrade => "before-upgrade",
        }
    }
}

/// One backup file of a library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub path: String,
    /// When it was made (from its name), UTC.
    #[ts(type = "string")]
    pub created: DateTime<Utc>,
    /// In bytes.
    #[ts(type = "number")]
    pub size: u64,
    pub kind: BackupKind,
}

/// What an automatic backup did. A failed backup never fails the edit that asked for it; it is
/// reported here for the app to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AutoBackup {
    /// Automatic backups are off (in-memory library, or turned off in the open options).
    Disabled,
    /// The newest backup is recent enough.
    NotDue,
    Made {
        backup: BackupInfo,
    },
    Failed {
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_id_is_read_from_a_uuid_and_refused_clearly_otherwise() {
        let id = uuid::Uuid::now_v7();
        let read: Option<BriefId> = serde_json::from_value(serde_json::json!(id)).ok();
        assert_eq!(read.map(uuid::Uuid::from), Some(id));
        let refused = serde_json::from_str::<BriefId>("\"b-1\"")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(refused.contains("\"b-1\" is not a brief id"), "{refused}");
        let typed = " b-1 "
            .parse::<BriefId>()
            .err()
            .map(crate::error::IpcError::from);
        assert_eq!(typed.and_then(|e| e.field).as_deref(), Some("id"));
    }
}

/// A fact read from a web page for a source, and where it was found, in words ("JSON-LD").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PageFact {
    pub value: String,
    pub from: String,
}

/// What fetching a source's page gave, sent to the window when it arrives: the facts found
/// (a date as `YYYY-MM-DD`), or why there are none. `offline` says trying later may work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceFetched {
    /// The address asked for, as the window sent it.
    pub url: String,
    pub canonical_url: Option<PageFact>,
    pub outlet: Option<PageFact>,
    pub date: Option<PageFact>,
    pub title: Option<PageFact>,
    pub language: Option<PageFact>,
    /// Words of readable text kept with the source.
    pub words: u32,
    pub offline: bool,
    /// Why nothing was read, when nothing was.
    pub error: Option<String>,
}
