//! The command line's shape: every command, flag and help text.

use std::path::PathBuf;

use briefdesk_core::export::ExportFormat;
use briefdesk_core::import::ImportFormat;
use briefdesk_core::paths::LIBRARY_ENV;
use briefdesk_core::{IssueStatus, ReviewAction, ReviewState, SortOrder, Status, validate};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "briefdesk",
    version,
    about = "Briefdesk's library from the command line: briefs, tags, issues, search."
)]
pub struct Cli {
    /// The library file [default: the library the desktop app opened last, else the one in the OS data folder]
    #[arg(long, global = true, env = LIBRARY_ENV, value_name = "PATH")]
    pub library: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Add, show, edit or delete one brief
    #[command(subcommand)]
    Brief(BriefCommand),
    /// List briefs, newest first, with filters
    Briefs(ListArgs),
    /// Full-text search over headlines, bodies, sources and tags
    Search {
        /// What to look for; the last word also matches as a prefix
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// List tags with how many briefs carry each
    Tags {
        #[arg(long)]
        json: bool,
    },
    /// Create, rename, merge, colour or remove a tag
    #[command(subcommand)]
    Tag(TagCommand),
    /// Work on one issue: create, show, edit, place and order briefs, sections
    #[command(subcommand)]
    Issue(IssueCommand),
    /// List issues, newest number first
    Issues {
        #[arg(long)]
        json: bool,
    },
    /// Where the library is and how many briefs it holds
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Import briefs from briefing text, Briefdesk Markdown or JSON (all or nothing)
    Import(ImportArgs),
    /// List the import layouts saved from the app's import preview; rename or delete one
    Layouts(LayoutsArgs),
    /// Export an issue as Markdown, an HTML page, email HTML, plain text or JSON
    Export(ExportArgs),
    /// List what to fix before an issue goes out (exit status 3 when anything is found)
    Check {
        /// The issue number
        number: u32,
        /// Also fetch every source URL and body link of the issue (a few per site at once, a
        /// minute in all) and report the broken, the redirected and those behind a login
        #[arg(long)]
        links: bool,
        #[arg(long)]
        json: bool,
    },
    /// Read sources from the web
    #[command(subcommand)]
    Source(SourceCommand),
    /// The feeds inbox: subscriptions (RSS, Atom, JSON Feed), fetching, items, OPML
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// Share a library with a team through a PostgreSQL server
    #[command(subcommand)]
    Team(TeamCommand),
    /// Take a team brief one review step on: submit it, or (an editor) approve it or request
    /// changes; sent with the next `team sync`, where the server holds you to your role
    Review {
        /// The brief's id
        id: String,
        #[arg(value_enum)]
        action: ReviewArg,
        /// What the author or the editor should know (what to change, say)
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Back up the library now (SQLite's online backup: safe while the app is open)
    Backup {
        /// Write the backup here [default: the `backups` folder beside the library]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Read the whole library file and check every page and index (other commands do so only
    /// when the library was not closed cleanly, was changed by another program, or once a day)
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// The automatic backup, run by `briefdesk` itself in a process of its own so that no
    /// command waits for it
    #[command(hide = true)]
    AutoBackup,
    /// List the library's backups, newest first (works when the library cannot be opened)
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Replace the library with a backup, keeping the current library as a backup first
    Restore {
        /// The backup file (see `briefdesk backups`)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the whole library (briefs, tags, issues, settings) as one JSON file
    ExportAll {
        /// Write here (replaced whole, never half-written) instead of to stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Read a whole-library JSON file (from export-all) into an empty library
    ImportAll {
        /// The file to read, or `-` for stdin
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file to read, or `-` for stdin
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = ImportFormatArg::Auto)]
    pub format: ImportFormatArg,
    /// Put the briefs into this issue (it must exist)
    #[arg(long, value_name = "N")]
    pub issue: Option<u32>,
    /// The section of that issue (created if missing)
    #[arg(long, value_name = "NAME", requires = "issue")]
    pub section: Option<String>,
    /// Add this tag to every imported brief; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Read the text with this saved layout (see `briefdesk layouts`)
    #[arg(long, value_name = "NAME")]
    pub layout: Option<String>,
    /// Show what would be imported; store nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import briefs already in the library too (same source URL, or same headline and
    /// outlet); by default they are skipped
    #[arg(long)]
    pub import_duplicates: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LayoutsArgs {
    #[command(subcommand)]
    pub command: Option<LayoutCommand>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum LayoutCommand {
    /// Rename a saved layout
    Rename { old: String, new: String },
    /// Delete a saved layout (briefs imported with it stay as they are)
    Delete { name: String },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ImportFormatArg {
    /// JSON if it starts with `{`, Briefdesk Markdown if it starts with its marker or `# `,
    /// bookmarks or a read-later CSV by their header, else briefing text
    Auto,
    Text,
    Markdown,
    Json,
    /// A browser's bookmarks file (Netscape HTML) or Pocket's HTML export
    Bookmarks,
    /// Pocket's or Instapaper's CSV export
    Csv,
    /// Rich text (HTML) copied from a web page or an email
    Rich,
}

impl From<ImportFormatArg> for ImportFormat {
    fn from(format: ImportFormatArg) -> Self {
        match format {
            ImportFormatArg::Auto => ImportFormat::Auto,
            ImportFormatArg::Text => ImportFormat::Text,
            ImportFormatArg::Markdown => ImportFormat::Markdown,
            ImportFormatArg::Json => ImportFormat::Json,
            ImportFormatArg::Bookmarks => ImportFormat::Bookmarks,
            ImportFormatArg::Csv => ImportFormat::Csv,
            ImportFormatArg::Rich => ImportFormat::Rich,
        }
    }
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The issue number
    pub number: u32,
    /// [default: the publication's default template, else html]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormatArg>,
    /// Write here (replaced whole, never half-written) instead of to stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// A minijinja template to use instead of the built-in one (see docs/templates.md)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportFormatArg {
    /// CommonMark to publish, with nothing of Briefdesk's own in it
    Markdown,
    /// Markdown that imports back without loss (tags, status, every source in comments)
    BriefdeskMarkdown,
    Html,
    Email,
    Text,
    Json,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> Self {
        match format {
            ExportFormatArg::Markdown => ExportFormat::Markdown,
            ExportFormatArg::BriefdeskMarkdown => ExportFormat::BriefdeskMarkdown,
            ExportFormatArg::Html => ExportFormat::Html,
            ExportFormatArg::Email => ExportFormat::Email,
            ExportFormatArg::Text => ExportFormat::Text,
            ExportFormatArg::Json => ExportFormat::Json,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum BriefCommand {
    /// Add a brief from flags, or the full shape from JSON (`--from-json FILE`, or `-` for stdin)
    Add(AddArgs),
    /// Show one brief
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a brief; flags not given keep their value
    Edit(EditArgs),
    /// Delete a brief (it also leaves any issue it was in)
    Delete { id: String },
}

#[derive(Args, Debug, Default)]
pub struct ContentArgs {
    #[arg(long)]
    pub headline: Option<String>,
    /// Markdown body text
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the Markdown body from a file (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// The source's outlet, e.g. "Radio Free Asia"
    #[arg(long)]
    pub outlet: Option<String>,
    /// The source's publication date, YYYY-MM-DD
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// The source's http(s) URL
    #[arg(long)]
    pub url: Option<String>,
    /// The source article's own title
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Private editor notes, never exported
    #[arg(long)]
    pub notes: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    #[command(flatten)]
    pub content: ContentArgs,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Read the brief (or an array of briefs) as JSON: {headline, body, sources:[{outlet, date, url, title}], tags, status, notes}
    #[arg(long, value_name = "FILE", conflicts_with_all = ["headline", "body", "body_file", "outlet", "date", "url", "title", "status", "notes", "tags"])]
    pub from_json: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    pub id: String,
    #[command(flatten)]
    pub content: ContentArgs,
    /// Replace all tags with these; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Add a tag, keeping the others
    #[arg(long = "add-tag", value_name = "TAG")]
    pub add_tags: Vec<String>,
    /// Remove a tag
    #[arg(long = "remove-tag", value_name = "TAG")]
    pub remove_tags: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only briefs carrying this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Only briefs in no issue
    #[arg(long)]
    pub unassigned: bool,
    /// Only a team's briefs in this review state
    #[arg(long, value_enum, conflicts_with = "waiting_for_review")]
    pub review: Option<ReviewStateArg>,
    /// Only a team's briefs submitted and waiting for an editor's review (`--review in-review`)
    #[arg(long)]
    pub waiting_for_review: bool,
    /// Only briefs with a source from this outlet
    #[arg(long)]
    pub outlet: Option<String>,
    /// Only briefs with a source dated on or after this day
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Only briefs with a source dated on or before this day
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = SortArg::Updated)]
    pub sort: SortArg,
    #[arg(long, default_value_t = 200)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    #[arg(long)]
    pub json: bool,
}

/// A review step, as typed.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ReviewArg {
    Submit,
    Approve,
    RequestChanges,
}

impl From<ReviewArg> for ReviewAction {
    fn from(arg: ReviewArg) -> Self {
        match arg {
            ReviewArg::Submit => ReviewAction::Submit,
            ReviewArg::Approve => ReviewAction::Approve,
            ReviewArg::RequestChanges => ReviewAction::RequestChanges,
        }
    }
}

/// A review state, as typed.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ReviewStateArg {
    Draft,
    InReview,
    Approved,
}

impl From<ReviewStateArg> for ReviewState {
    fn from(arg: ReviewStateArg) -> Self {
        match arg {
            ReviewStateArg::Draft => ReviewState::Draft,
            ReviewStateArg::InReview => ReviewState::InReview,
            ReviewStateArg::Approved => ReviewState::Approved,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SortArg {
    Updated,
    SourceDate,
}

impl From<SortArg> for SortOrder {
    fn from(sort: SortArg) -> Self {
        match sort {
            SortArg::Updated => SortOrder::Updated,
            SortArg::SourceDate => SortOrder::SourceDate,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum TagCommand {
    /// Create a tag (or set the colour of an existing one)
    Add {
        name: String,
        #[arg(long)]
        colour: Option<String>,
    },
    /// Rename a tag; every brief keeps it
    Rename { old: String, new: String },
    /// Move every brief from one tag to another, then delete the first
    Merge { from: String, into: String },
    /// Set a tag's colour (#rrggbb), or clear it when none is given
    Colour {
        name: String,
        colour: Option<String>,
    },
    /// Delete a tag; its briefs stay
    Remove { name: String },
}

#[derive(Subcommand, Debug)]
pub enum IssueCommand {
    /// Create an issue
    New {
        /// Defaults to the number after the highest one used
        #[arg(long)]
        number: Option<u32>,
        #[arg(long)]
        title: String,
        /// Defaults to today
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Show an issue with its sections and briefs in order
    Show {
        number: u32,
        #[arg(long)]
        json: bool,
    },
    /// Change an issue's fields; flags not given keep their value
    Edit {
        number: u32,
        #[arg(long = "number", value_name = "N")]
        new_number: Option<u32>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        #[arg(long, value_parser = parse_issue_status)]
        status: Option<IssueStatus>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        preheader: Option<String>,
        #[arg(long)]
        intro: Option<String>,
        #[arg(long)]
        closing: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete an issue; its briefs stay in the library, unassigned
    Delete { number: u32 },
    /// Put a brief into the issue (section created if missing; default: the first section)
    Add {
        number: u32,
        brief_id: String,
        #[arg(long)]
        section: Option<String>,
        /// Position in the section, from 0 [default: the end]
        #[arg(long)]
        at: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Move a brief within its section, or to another section with --section
    Move {
        number: u32,
        brief_id: String,
        /// New position in the section, from 0
        #[arg(long)]
        to: usize,
        #[arg(long)]
        section: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Take a brief out of the issue; it stays in the library
    Remove {
        number: u32,
        brief_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Add, rename, move or delete a section
    #[command(subcommand)]
    Section(SectionCommand),
}

#[derive(Subcommand, Debug)]
pub enum SectionCommand {
    /// Add a section [default: at the end]
    Add {
        number: u32,
        name: String,
        #[arg(long)]
        at: Option<usize>,
    },
    Rename {
        number: u32,
        old: String,
        new: String,
    },
    /// Move a section to a position, from 0
    Move {
        number: u32,
        name: String,
        #[arg(long)]
        to: usize,
    },
    /// Delete a section; its briefs go back to unassigned
    Delete { number: u32, name: String },
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    validate::date("date", text).map_err(|e| e.to_string())
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text).ok_or_else(|| format!("{text:?} is not a status (draft, ready, published)"))
}

fn parse_issue_status(text: &str) -> Result<IssueStatus, String> {
    IssueStatus::parse(text)
        .ok_or_else(|| format!("{text:?} is not an issue status (draft, published)"))
}

#[derive(Subcommand, Debug)]
pub enum SourceCommand {
    /// Fetch a page and say what it gives a source: canonical address, outlet, date, title and
    /// language, each with where it was found (the outlet falls back to the one this library
    /// last used for the site)
    Fetch {
        /// The page's address (http or https)
        url: String,
        /// Fill what is empty in this brief's source citing URL (or add it as a source) and keep
        /// the page's text with it, for reading offline and the quotation check
        #[arg(long, value_name = "ID")]
        brief: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum FeedsCommand {
    /// Subscribe to a feed (RSS, Atom or JSON Feed) and fetch it once
    Add {
        /// The feed's address (http or https)
        url: String,
        #[arg(long)]
        json: bool,
    },
    /// List the subscriptions, with their counts and how their last fetch went
    List {
        #[arg(long)]
        json: bool,
    },
    /// Unsubscribe from a feed and forget its items (briefs drafted from them stay)
    Remove {
        /// The feed's id (see `briefdesk feeds list`)
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Fetch one feed, or every feed (conditional requests: an unchanged feed costs a 304)
    Fetch {
        /// The feed's id [default: every feed]
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// List items, new first, newest first
    Items {
        /// Only items still new (not dismissed or drafted)
        #[arg(long)]
        new: bool,
        /// Only this feed's items
        #[arg(long, value_name = "ID")]
        feed: Option<i64>,
        /// Only items whose title or summary holds every word
        #[arg(long, value_name = "WORDS", default_value = "")]
        find: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Make a draft brief from an item (its source filled from the item)
    Draft {
        /// The item's id (see `briefdesk feeds items`)
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Dismiss an item from the inbox
    Dismiss {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Subscribe to every feed an OPML file lists (feeds already subscribed are kept once)
    ImportOpml {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write the subscriptions as OPML, to FILE or to stdout
    ExportOpml {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Start a team: create Briefdesk's schema on the server and upload this whole library to it
    /// (in one transaction; refused when the server already holds a team library)
    Init {
        #[command(flatten)]
        server: ServerArg,
        /// Your name as the team sees it [default: your login]
        #[arg(long)]
        name: Option<String>,
        /// Where no keychain runs, keep the password in libpq's password file (~/.pgpass,
        /// readable only by you)
        #[arg(long)]
        save_password_file: bool,
        #[arg(long)]
        json: bool,
    },
    /// Join a team: fill this library, which must be new or empty, with the team's library
    Join {
        #[command(flatten)]
        server: ServerArg,
        /// Where no keychain runs, keep the password in libpq's password file (~/.pgpass,
        /// readable only by you)
        #[arg(long)]
        save_password_file: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send the briefs changed here and receive those changed by the team (merged part by part;
    /// a part both sides changed is kept as a conflict)
    Sync {
        #[command(flatten)]
        server: ServerArg,
        #[arg(long)]
        json: bool,
    },
    /// The team's people and their roles
    Members {
        #[command(flatten)]
        server: ServerArg,
        #[arg(long)]
        json: bool,
    },
    /// Add a person (an existing database login) to the team, or change their role (admins
    /// only; the server enforces each role: contributors write their own briefs, editors any
    /// brief and issues, admins also people)
    Grant {
        /// Their database login
        login: String,
        /// contributor, editor or admin
        role: String,
        /// Their name as the team sees it [default: the login]
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        server: ServerArg,
        #[arg(long)]
        json: bool,
    },
    /// The briefs waiting for you to choose between your copy and the team's: each clashing part
    /// with both sides, shortened (--json gives them whole)
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Choose which side each clashing part of a brief in conflict takes; the next `team sync`
    /// sends the result over the team's copy
    Resolve {
        /// The brief's id (as `team conflicts` lists it)
        id: String,
        /// PART=mine or PART=theirs, once for each clashing part (headline, body, sources, tags,
        /// status, notes)
        #[arg(long = "part", value_name = "PART=SIDE")]
        parts: Vec<String>,
        /// Every clashing part takes this side: mine or theirs
        #[arg(long, value_name = "SIDE", conflicts_with = "parts")]
        all: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Stop following the team; this library keeps every brief as a private copy
    Leave {
        #[arg(long)]
        json: bool,
    },
    /// The team's library on the server (briefs, issues, newest change, members) and this
    /// library's side (changes waiting, conflicts)
    Status {
        #[command(flatten)]
        server: ServerArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ServerArg {
    /// The team's server, e.g. postgresql://anna@localhost/newsroom, with libpq's sslmode and
    /// sslrootcert if needed (the password comes from the OS keychain, PGPASSWORD or libpq's
    /// password file ~/.pgpass, never from the library)
    #[arg(long, env = "BRIEFDESK_TEAM_SERVER", value_name = "URL")]
    pub server: String,
}
