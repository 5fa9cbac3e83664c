//! `brief …` and `briefs`: adding, showing, editing, deleting and listing briefs.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use briefdesk_core::import::MAX_IMPORT_BYTES;
use briefdesk_core::validate;
use briefdesk_core::{BriefDraft, BriefQuery, Library, ReviewState, SourceDraft};

use crate::args::{AddArgs, BriefCommand, ContentArgs, EditArgs, ListArgs, ReviewArg};
use crate::output::{print_brief, print_brief_line, print_json};

pub fn run(lib: &mut Library, command: BriefCommand) -> anyhow::Result<()> {
    match command {
        BriefCommand::Add(args) => add(lib, args),
        BriefCommand::Show { id, json } => {
            let brief = lib.brief(Library::parse_brief_id(&id)?)?;
            if json {
                print_json(&brief)
            } else {
                print_brief(&brief);
                Ok(())
            }
        }
        BriefCommand::Edit(args) => edit(lib, args),
        BriefCommand::Delete { id } => {
            let id = Library::parse_brief_id(&id)?;
            let headline = lib.brief(id)?.headline;
            lib.delete_brief(id)?;
            println!("deleted {id}  {headline}");
            Ok(())
        }
    }
}

/// `briefdesk review ID ACTION`: one review step, recorded here and sent with the next sync.
pub fn review(
    lib: &mut Library,
    id: &str,
    action: ReviewArg,
    note: &str,
    json: bool,
) -> anyhow::Result<()> {
    let id = Library::parse_brief_id(id)?;
    let brief = lib.review_brief(id, action.into(), note)?;
    if json {
        return print_json(&brief);
    }
    let state = brief.review.as_ref().map_or("", |r| r.state.as_str());
    println!(
        "{id}  {}: {}; sent with the next `briefdesk team sync`",
        brief.headline,
        state.replace('_', " ")
    );
    Ok(())
}

pub fn list(lib: &Library, args: ListArgs) -> anyhow::Result<()> {
    let page = lib.list_briefs(&BriefQuery {
        tags: args.tags,
        status: args.status,
        unassigned: args.unassigned,
        review: if args.waiting_for_review {
            Some(ReviewState::InReview)
        } else {
            args.review.map(Into::into)
        },
        outlet: args.outlet,
        from: args.from,
        to: args.to,
        sort: args.sort.into(),
        after: None,
        offset: args.offset,
        limit: args.limit,
    })?;
    if args.json {
        print_json(&page.items)
    } else {
        page.items.iter().for_each(print_brief_line);
        if page.total as usize > page.items.len() {
            println!("({} of {} shown)", page.items.len(), page.total);
        }
        Ok(())
    }
}

fn add(lib: &mut Library, args: AddArgs) -> anyhow::Result<()> {
    if let Some(file) = &args.from_json {
        return add_from_json(lib, file, args.content.json);
    }
    let content = args.content;
    let Some(headline) = content.headline.clone() else {
        bail!("--headline is required (or give the whole brief with --from-json FILE)");
    };
    let mut draft = BriefDraft {
        headline,
        body: read_body(&content)?.unwrap_or_default(),
        tags: args.tags,
        status: content.status.unwrap_or_default(),
        notes: content.notes.clone().unwrap_or_default(),
        sources: Vec::new(),
    };
    if has_source_flags(&content) {
        draft
            .sources
            .push(apply_source_flags(SourceDraft::default(), &content));
    }
    let brief = lib.create_brief(&draft)?;
    if content.json {
        print_json(&brief)
    } else {
        print_brief_line(&brief);
        Ok(())
    }
}

/// Accepts one brief object or an array of them; all are added in one go or none.
fn add_from_json(lib: &mut Library, file: &Path, json: bool) -> anyhow::Result<()> {
    let text = read_text(file)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", file.display()))?;
    let drafts: Vec<BriefDraft> = match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value(item)
                    .with_context(|| format!("{}: brief [{i}] has the wrong shape", file.display()))
            })
            .collect::<anyhow::Result<_>>()?,
        item => vec![
            serde_json::from_value(item)
                .with_context(|| format!("{}: the brief has the wrong shape", file.display()))?,
        ],
    };
    let briefs = lib.create_briefs(&drafts)?;
    if json {
        if briefs.len() == 1 {
            print_json(&briefs[0])
        } else {
            print_json(&briefs)
        }
    } else {
        briefs.iter().for_each(print_brief_line);
        Ok(())
    }
}

fn edit(lib: &mut Library, args: EditArgs) -> anyhow::Result<()> {
    let id = Library::parse_brief_id(&args.id)?;
    let current = lib.brief(id)?;
    let content = args.content;
    let mut draft = BriefDraft::from(&current);
    if let Some(headline) = &content.headline {
        draft.headline.clone_from(headline);
    }
    if let Some(body) = read_body(&content)? {
        draft.body = body;
    }
    if let Some(status) = content.status {
        draft.status = status;
    }
    if let Some(notes) = &content.notes {
        draft.notes.clone_from(notes);
    }
    if has_source_flags(&content) {
        let first = draft.sources.first().cloned().unwrap_or_default();
        let edited = apply_source_flags(first, &content);
        match draft.sources.first_mut() {
            Some(slot) => *slot = edited,
            None => draft.sources.push(edited),
        }
    }
    if !args.tags.is_empty() {
        draft.tags = args.tags;
    }
    draft.tags.extend(args.add_tags);
    draft.tags.retain(|t| {
        !args
            .remove_tags
            .iter()
            .any(|r| r.trim().eq_ignore_ascii_case(t.trim()))
    });
    // From the version read above: a change made meanwhile (the app saving) is reported, not lost.
    let brief = lib.update_brief_from(id, current.version, &draft)?;
    if content.json {
        print_json(&brief)
    } else {
        print_brief_line(&brief);
        Ok(())
    }
}

fn has_source_flags(content: &ContentArgs) -> bool {
    content.outlet.is_some()
        || content.date.is_some()
        || content.url.is_some()
        || content.title.is_some()
}

fn apply_source_flags(mut source: SourceDraft, content: &ContentArgs) -> SourceDraft {
    if let Some(outlet) = &content.outlet {
        source.outlet.clone_from(outlet);
    }
    if let Some(date) = content.date {
        source.date = Some(date.to_string());
    }
    if let Some(url) = &content.url {
        source.url = Some(url.clone());
    }
    if let Some(title) = &content.title {
        source.title = Some(title.clone());
    }
    source
}

fn read_body(content: &ContentArgs) -> anyhow::Result<Option<String>> {
    match (&content.body, &content.body_file) {
        (Some(body), _) => Ok(Some(body.clone())),
        (None, Some(file)) => read_text(file).map(Some),
        (None, None) => Ok(None),
    }
}

/// Reads a file, or standard input for `-`, refusing one over the import limit before reading
/// it whole (a brief's body holds far less; the core says by how much).
fn read_text(file: &Path) -> anyhow::Result<String> {
    let limit = MAX_IMPORT_BYTES as u64;
    let name = if file == Path::new("-") {
        "standard input".to_string()
    } else {
        file.display().to_string()
    };
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {name}"))?;
    }
    if bytes.len() as u64 > limit {
        bail!(
            "{name} is more than {} MB; Briefdesk reads at most that from one file (a brief's \
             body holds at most {} characters)",
            limit / 1_048_576,
            validate::thousands(validate::MAX_BODY_CHARS)
        );
    }
    String::from_utf8(bytes).with_context(|| format!("{name} is not UTF-8 text"))
}
