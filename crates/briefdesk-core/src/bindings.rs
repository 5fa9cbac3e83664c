//! Keeps ui/src/lib/bindings in step with the model: the test fails when a generated file is
//! stale; `cargo xtask bindings` (BRIEFDESK_WRITE_BINDINGS=1) rewrites them.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use crate::change::LibraryChange;
use crate::check::{LinkReport, LinkReports, LinkState, Problem, ProblemKind, SourceUse};
use crate::clip::ClipNotice;
use crate::error::{ErrorCode, IpcError};
use crate::export::{BriefTotals, ExportDocument, ExportFormat, IssueTotals};
use crate::import::{
    Duplicate, DuplicateReason, HintRole, ImportFormat, ImportOptions, ImportProgress,
    ImportReport, ImportStage, ImportWarning, LayoutRule, LineHint, LineLike, LineRole, LineShape,
    Placed, Skipped,
};
use crate::library::{Feed, FeedFetched, FeedItem, FeedItemPage, FeedItemQuery, FeedItemState};
use crate::model::*;

fn generated<T: TS + 'static>(cfg: &Config) -> (String, String) {
    let name = T::name(cfg);
    let text = T::export_to_string(cfg).unwrap_or_else(|e| panic!("cannot generate {name}: {e}"));
    (format!("{name}.ts"), text)
}

fn all() -> Vec<(String, String)> {
    let cfg = Config::new();
    vec![
        generated::<BriefId>(&cfg),
        generated::<Status>(&cfg),
        generated::<Source>(&cfg),
        generated::<SourceDraft>(&cfg),
        generated::<IssueRef>(&cfg),
        generated::<ReviewState>(&cfg),
        generated::<ReviewAction>(&cfg),
        generated::<ReviewStep>(&cfg),
        generated::<Review>(&cfg),
        generated::<Brief>(&cfg),
        generated::<DeletedBrief>(&cfg),
        generated::<BriefDraft>(&cfg),
        generated::<SortOrder>(&cfg),
        generated::<BriefQuery>(&cfg),
        generated::<BriefPage>(&cfg),
        generated::<PageCursor>(&cfg),
        generated::<SearchHit>(&cfg),
        generated::<TagInfo>(&cfg),
        generated::<IssueStatus>(&cfg),
        generated::<IssueBrief>(&cfg),
        generated::<Section>(&cfg),
        generated::<Issue>(&cfg),
        generated::<IssuePatch>(&cfg),
        generated::<DateStyle>(&cfg),
        generated::<Publication>(&cfg),
        generated::<LibraryInfo>(&cfg),
        generated::<LibraryPlaces>(&cfg),
        generated::<UpdateOffer>(&cfg),
        generated::<BackupKind>(&cfg),
        generated::<BackupInfo>(&cfg),
        generated::<ImportFormat>(&cfg),
        generated::<HintRole>(&cfg),
        generated::<LineHint>(&cfg),
        generated::<LineShape>(&cfg),
        generated::<LineLike>(&cfg),
        generated::<LayoutRule>(&cfg),
        generated::<crate::library::SavedLayout>(&cfg),
        generated::<ImportOptions>(&cfg),
        generated::<Skipped>(&cfg),
        generated::<ImportWarning>(&cfg),
        generated::<DuplicateReason>(&cfg),
        generated::<Duplicate>(&cfg),
        generated::<LineRole>(&cfg),
        generated::<Placed>(&cfg),
        generated::<ImportReport>(&cfg),
        generated::<ImportStage>(&cfg),
        generated::<ImportProgress>(&cfg),
        generated::<ExportFormat>(&cfg),
        generated::<LinkState>(&cfg),
        generated::<LinkReport>(&cfg),
        generated::<LinkReports>(&cfg),
        generated::<PageFact>(&cfg),
        generated::<SourceFetched>(&cfg),
        generated::<ClipNotice>(&cfg),
        generated::<BriefTotals>(&cfg),
        generated::<IssueTotals>(&cfg),
        generated::<ExportDocument>(&cfg),
        generated::<ProblemKind>(&cfg),
        generated::<Problem>(&cfg),
        generated::<SourceUse>(&cfg),
        generated::<LibraryChange>(&cfg),
        generated::<Feed>(&cfg),
        generated::<FeedItemState>(&cfg),
        generated::<FeedItem>(&cfg),
        generated::<FeedItemQuery>(&cfg),
        generated::<FeedItemPage>(&cfg),
        generated::<FeedFetched>(&cfg),
        generated::<crate::library::team_view::SyncStatus>(&cfg),
        generated::<crate::library::team_view::Editing>(&cfg),
        generated::<crate::library::team_view::TeamBrief>(&cfg),
        generated::<crate::library::team_view::ConflictSide>(&cfg),
        generated::<crate::library::team_view::ConflictView>(&cfg),
        generated::<crate::library::team_view::ComposingLease>(&cfg),
        (
            "Limits.ts".to_string(),
            format!(
                "// The core's length limits (crates/briefdesk-core/src/validate.rs), in characters.\n\
                 export const MAX_HEADLINE_CHARS = {};\n\
                 export const MAX_BODY_CHARS = {};\n",
                crate::validate::MAX_HEADLINE_CHARS,
                crate::validate::MAX_BODY_CHARS
            ),
        ),
        generated::<ErrorCode>(&cfg),
        generated::<IpcError>(&cfg),
        (
            "ErrorCodes.ts".to_string(),
            format!(
                "// Every ErrorCode (crates/briefdesk-core/src/error.rs), to tell a code from a stray string.\n\
                 import type {{ ErrorCode }} from './ErrorCode';\n\n\
                 export const ERROR_CODES: readonly ErrorCode[] = [{}];\n",
                ErrorCode::ALL
                    .iter()
                    .map(|c| format!("'{}'", c.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    ]
}

#[test]
fn typescript_bindings_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
    let write = std::env::var_os("BRIEFDESK_WRITE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (file, text) in all() {
        let path = dir.join(&file);
        if write {
            std::fs::create_dir_all(&dir).expect("create bindings folder");
            std::fs::write(&path, &text).expect("write binding");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "TypeScript bindings out of date: {stale:?}; run `cargo xtask bindings` and commit ui/src/lib/bindings"
    );
}
