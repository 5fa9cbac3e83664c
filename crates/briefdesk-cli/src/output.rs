//! How results are printed: `--json` shapes (documented in docs/cli.md) or short lines for people.

use std::io::Write;

use briefdesk_core::{Brief, Issue, SearchHit, TagInfo};
use serde::Serialize;

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

pub fn print_brief_line(brief: &Brief) {
    let source = brief
        .sources
        .first()
        .map(|s| match s.date {
            Some(date) => format!("{}, {date}", s.outlet),
            None => s.outlet.clone(),
        })
        .unwrap_or_default();
    let tags = if brief.tags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", brief.tags.join(", "))
    };
    let review = brief
        .review
        .as_ref()
        .map(|r| format!("  ({})", r.state.as_str().replace('_', " ")))
        .unwrap_or_default();
    println!(
        "{}  {:<9} {}  — {source}{tags}{review}",
        brief.id,
        brief.status.as_str(),
        brief.headline
    );
}

pub fn print_brief(brief: &Brief) {
    println!("{}\n", brief.headline);
    if !brief.body.is_empty() {
        println!("{}\n", brief.body);
    }
    for s in &brief.sources {
        let date = s
            .date
            .map(|d| format!(", {}", d.format("%B %-d, %Y")))
            .unwrap_or_default();
        println!("Source: {}{date}", s.outlet);
        if let Some(url) = &s.url {
            println!("{url}");
        }
    }
    println!("\nid: {}  status: {}", brief.id, brief.status.as_str());
    if !brief.tags.is_empty() {
        println!("tags: {}", brief.tags.join(", "));
    }
    if let Some(issue) = &brief.issue {
        println!("issue: No. {} / {}", issue.number, issue.section);
    }
    if let Some(review) = &brief.review {
        println!("review: {}", review.state.as_str().replace('_', " "));
        for step in &review.steps {
            let note = if step.note.is_empty() {
                String::new()
            } else {
                format!(": {}", step.note)
            };
            println!(
                "  {} by {} ({}), {}{note}",
                step.action.as_str().replace('_', " "),
                step.name,
                step.by,
                step.at.format("%Y-%m-%d %H:%M UTC")
            );
        }
    }
}

pub fn print_hits(hits: &[SearchHit]) {
    for hit in hits {
        let snippet = hit.snippet.replace("<mark>", "[").replace("</mark>", "]");
        println!("{}  {}\n    {}", hit.id, hit.headline, unescape(&snippet));
    }
}

pub fn print_tags(tags: &[TagInfo]) -> anyhow::Result<()> {
    for tag in tags {
        let colour = tag
            .colour
            .as_deref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        println!("{} ({}){colour}", tag.name, tag.count);
    }
    Ok(())
}

pub fn print_issue_line(issue: &Issue) {
    let count: usize = issue.sections.iter().map(|s| s.briefs.len()).sum();
    println!(
        "No. {}  {}  {}  {}  ({count} briefs)",
        issue.number,
        issue.date,
        issue.status.as_str(),
        issue.title
    );
}

pub fn print_issue(issue: &Issue) {
    print_issue_line(issue);
    for section in &issue.sections {
        println!("  {}", section.name);
        for (i, brief) in section.briefs.iter().enumerate() {
            println!("    {i}. {}  {}", brief.id, brief.headline);
        }
    }
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
