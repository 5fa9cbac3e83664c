//! `briefdesk`: the library from the command line, for scripts, tests and benchmarks.

mod args;
mod briefs;
mod feeds;
mod issues;
mod output;
mod safety;
mod team;
mod team_conflicts;
mod transfer;
mod web;

use std::process::ExitCode;

use briefdesk_core::library::{CheckOnOpen, OpenOptions};
use briefdesk_core::{Library, paths};
use clap::Parser;

use args::{Cli, Command, TagCommand};
use output::{print_json, print_tags};

/// The exit status of `check` when it found something to fix.
const PROBLEMS_FOUND: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // Already printed; only the status tells a script.
        Err(error) if error.is::<transfer::ProblemsFound>() => ExitCode::from(PROBLEMS_FOUND),
        // A reader that stops early (`briefdesk briefs | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", said_once(&error));
            if let Some(hint) = error
                .downcast_ref::<briefdesk_core::Error>()
                .and_then(briefdesk_core::Error::cli_hint)
            {
                eprintln!("hint: {hint}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, as `{:#}` prints them, but each said once: a cause whose words the
/// message already holds (`cannot read x: No such file` over `No such file`) is left out.
fn said_once(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let words = cause.to_string();
        if text.contains(&words) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&words);
    }
    text
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|json| json.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let path = match cli.library {
        Some(path) => path,
        None => paths::library_path()?,
    };
    // These two work without opening the library: it may be the damaged file being recovered.
    let command = match cli.command {
        Command::Backups { json } => return safety::list(&path, json),
        Command::Restore { file, json } => return safety::restore(&path, &file, json),
        Command::AutoBackup => return safety::auto_backup(&path),
        other => other,
    };
    let existed = path.exists();
    let options = OpenOptions {
        // `verify` reads the whole file itself, more thoroughly; other commands only when due.
        check: match command {
            Command::Verify { .. } => CheckOnOpen::Never,
            _ => CheckOnOpen::DAILY,
        },
        // Made by a process of its own (below), so no command waits for it.
        backups: None,
        ..OpenOptions::default()
    };
    let mut lib = match Library::open_with(&path, &options) {
        Ok(lib) => lib,
        // These say what is wrong, where, and what to do.
        Err(e) if e.is_open_failure() => return Err(e.into()),
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("cannot open the library {}", path.display())));
        }
    };
    safety::report_failed_auto_backup(&path);
    if existed {
        safety::start_auto_backup(&path);
    }
    let lib = &mut lib;
    match command {
        Command::Brief(command) => briefs::run(lib, command),
        Command::Briefs(list) => briefs::list(lib, list),
        Command::Review {
            id,
            action,
            note,
            json,
        } => briefs::review(lib, &id, action, &note, json),
        Command::Search { query, limit, json } => {
            let hits = lib.search(&query, limit)?;
            if json {
                print_json(&hits)
            } else {
                output::print_hits(&hits);
                Ok(())
            }
        }
        Command::Tags { json } => {
            let tags = lib.tags()?;
            if json {
                print_json(&tags)
            } else {
                print_tags(&tags)
            }
        }
        Command::Tag(command) => {
            let result = match command {
                TagCommand::Add { name, colour } => lib.add_tag(&name, colour.as_deref()).map(Some),
                TagCommand::Rename { old, new } => lib.rename_tag(&old, &new).map(Some),
                TagCommand::Merge { from, into } => lib.merge_tags(&from, &into).map(Some),
                TagCommand::Colour { name, colour } => {
                    lib.recolour_tag(&name, colour.as_deref()).map(Some)
                }
                TagCommand::Remove { name } => lib.remove_tag(&name).map(|()| None),
            }?;
            match result {
                Some(tag) => print_tags(&[tag]),
                None => Ok(()),
            }
        }
        Command::Issue(command) => issues::run(lib, command),
        Command::Issues { json } => {
            let all = lib.issues()?;
            if json {
                print_json(&all)
            } else {
                all.iter().for_each(output::print_issue_line);
                Ok(())
            }
        }
        Command::Info { json } => {
            let info = lib.info()?;
            if json {
                print_json(&info)
            } else {
                println!("{} ({} briefs)", info.path, info.brief_count);
                Ok(())
            }
        }
        Command::Import(args) => transfer::import(lib, args),
        Command::Layouts(args) => transfer::layouts(lib, args),
        Command::Export(args) => transfer::export(lib, args),
        Command::Check {
            number,
            links,
            json,
        } => transfer::check(lib, number, links, json),
        Command::Source(command) => web::run(lib, command),
        Command::Feeds(command) => feeds::run(lib, command),
        Command::Team(command) => team::run(lib, command),
        Command::Backup { out, json } => safety::backup(lib, out.as_deref(), json),
        Command::Verify { json } => safety::verify(lib, json),
        Command::ExportAll { out } => safety::export_all(lib, out.as_deref()),
        Command::ImportAll { file, json } => safety::import_all(lib, &file, json),
        Command::Backups { .. } | Command::Restore { .. } | Command::AutoBackup => {
            unreachable!("handled above")
        }
    }
}
