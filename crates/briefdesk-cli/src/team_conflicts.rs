//! `team conflicts` and `team resolve`: the briefs both sides changed in the same part, and the
//! editor's choice, part by part, between their copy and the team's (as the window offers it).

use std::collections::BTreeSet;

use anyhow::{Context, bail};
use briefdesk_core::Library;
use briefdesk_core::library::replica::PARTS;
use briefdesk_core::library::team_view::ConflictView;
use serde::Serialize;

use crate::output::print_json;

/// How much of each side `team conflicts` shows in a line.
const SHORT: usize = 60;

#[derive(Serialize)]
struct Resolved {
    id: String,
    headline: String,
    /// The parts that keep this library's version.
    mine: Vec<String>,
    /// The parts that take the team's version.
    theirs: Vec<String>,
    /// Conflicts still waiting after this one.
    conflicts: usize,
}

pub fn list(lib: &Library, json: bool) -> anyhow::Result<()> {
    let conflicts = lib.conflict_views()?;
    if json {
        return print_json(&conflicts);
    }
    if conflicts.is_empty() {
        println!("No conflicts: nothing waits for you to choose.");
        return Ok(());
    }
    for conflict in &conflicts {
        println!("{}  {}", conflict.id, conflict.headline);
        for side in &conflict.sides {
            println!(
                "  {:<9} mine:   {}",
                side.part,
                shorten(side.mine.as_deref())
            );
            println!("  {:<9} theirs: {}", "", shorten(side.theirs.as_deref()));
        }
    }
    println!(
        "Choose with `briefdesk team resolve ID --part PART=mine|theirs …` or `--all mine|theirs`."
    );
    Ok(())
}

pub fn resolve(
    lib: &mut Library,
    id: &str,
    parts: &[String],
    all: Option<&str>,
    json: bool,
) -> anyhow::Result<()> {
    let id = Library::parse_brief_id(id)?;
    let conflict = lib
        .conflict_views()?
        .into_iter()
        .find(|c| uuid::Uuid::from(c.id) == id)
        .with_context(|| {
            format!("brief {id} has no conflict waiting (`briefdesk team conflicts` lists them)")
        })?;
    let (mine, theirs) = choices(&conflict, parts, all)?;
    let take_theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
    lib.resolve_brief_conflict(id, &take_theirs)?;
    let resolved = Resolved {
        id: id.to_string(),
        headline: conflict.headline,
        mine,
        theirs,
        conflicts: lib.conflict_views()?.len(),
    };
    if json {
        return print_json(&resolved);
    }
    println!(
        "Resolved {}  {}: {}; the next `briefdesk team sync` sends it. {} conflicts still wait.",
        resolved.id,
        resolved.headline,
        describe(&resolved.mine, &resolved.theirs),
        resolved.conflicts
    );
    Ok(())
}

/// Which clashing parts keep mine and which take theirs; every clashing part must be chosen, so
/// nothing is decided for the editor by default.
fn choices(
    conflict: &ConflictView,
    parts: &[String],
    all: Option<&str>,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let clashing: Vec<String> = conflict.sides.iter().map(|s| s.part.clone()).collect();
    let mut mine = Vec::new();
    let mut theirs = Vec::new();
    if let Some(side) = all {
        match side {
            "mine" => mine = clashing,
            "theirs" => theirs = clashing,
            other => bail!("--all {other}: say mine or theirs"),
        }
        return Ok((mine, theirs));
    }
    let mut chosen = BTreeSet::new();
    for choice in parts {
        let Some((part, side)) = choice.split_once('=') else {
            bail!("--part {choice}: write PART=mine or PART=theirs, e.g. --part headline=mine");
        };
        if !PARTS.contains(&part) {
            bail!(
                "--part {choice}: {part:?} is not a part of a brief ({})",
                PARTS.join(", ")
            );
        }
        if !clashing.iter().any(|c| c == part) {
            bail!(
                "--part {choice}: the brief's {part} does not clash (only {} do)",
                clashing.join(", ")
            );
        }
        if !chosen.insert(part.to_owned()) {
            bail!("--part {part} is given twice");
        }
        match side {
            "mine" => mine.push(part.to_owned()),
            "theirs" => theirs.push(part.to_owned()),
            other => bail!("--part {choice}: {other:?} is not mine or theirs"),
        }
    }
    let missing: Vec<&str> = clashing
        .iter()
        .filter(|c| !chosen.contains(c.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        bail!(
            "choose a side for each clashing part: {} still open (add --part {}=mine or \
             =theirs, or use --all mine|theirs)",
            missing.join(", "),
            missing[0]
        );
    }
    Ok((mine, theirs))
}

fn describe(mine: &[String], theirs: &[String]) -> String {
    match (mine.is_empty(), theirs.is_empty()) {
        (false, false) => format!(
            "kept yours for {}, took the team's for {}",
            mine.join(", "),
            theirs.join(", ")
        ),
        (false, true) => format!("kept yours for {}", mine.join(", ")),
        (true, false) => format!("took the team's for {}", theirs.join(", ")),
        (true, true) => "nothing to choose".to_owned(),
    }
}

/// One side of a part on one line: its first line, cut to [`SHORT`] characters.
fn shorten(text: Option<&str>) -> String {
    let Some(text) = text else {
        return "(deleted)".to_owned();
    };
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let mut short: String = first.chars().take(SHORT).collect();
    if first.chars().count() > SHORT || lines.next().is_some() {
        short.push('…');
    }
    if short.is_empty() {
        "(empty)".to_owned()
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_is_cut_to_one_short_line() {
        assert_eq!(shorten(None), "(deleted)");
        assert_eq!(shorten(Some("")), "(empty)");
        assert_eq!(shorten(Some("one\ntwo")), "one…");
        let long = "长".repeat(80);
        assert_eq!(shorten(Some(&long)).chars().count(), SHORT + 1);
    }
}
