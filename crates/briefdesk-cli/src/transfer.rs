//! `import`, `export` and `check`: briefs in from files, issues out to files.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use briefdesk_core::check::Problem;
use briefdesk_core::export::{EMAIL_SIZE_LIMIT, ExportFormat};
use briefdesk_core::import::{ImportOptions, ImportReport, MAX_IMPORT_BYTES};
use briefdesk_core::library::dump::is_library_dump;
use briefdesk_core::{Library, atomic_file};

use crate::args::{ExportArgs, ImportArgs, LayoutCommand, LayoutsArgs};
use crate::output::{print_brief_line, print_json};

pub fn import(lib: &mut Library, args: ImportArgs) -> anyhow::Result<()> {
    let input = read_bytes(&args.file)?;
    let options = ImportOptions {
        format: args.format.into(),
        issue: args.issue,
        section: args.section,
        tags: args.tags,
        dry_run: args.dry_run,
        import_duplicates: args.import_duplicates,
        hints: Vec::new(),
        layout: args.layout,
        offer_saved: false,
    };
    let report = match lib.import(&input, &options) {
        Ok(report) => report,
        Err(_) if is_library_dump(&input) => anyhow::bail!(
            "nothing was imported: {} is a whole library (made by `briefdesk export-all`), not \
             an issue; import it into a new, empty library with `briefdesk import-all {}`",
            args.file.display(),
            args.file.display()
        ),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("nothing was imported from {}", args.file.display()));
        }
    };
    if args.json {
        return print_json(&report);
    }
    print_report(&report, args.dry_run);
    Ok(())
}

/// `briefdesk layouts`: the saved import layouts, or renaming or deleting one.
pub fn layouts(lib: &mut Library, args: LayoutsArgs) -> anyhow::Result<()> {
    match args.command {
        Some(LayoutCommand::Rename { old, new }) => {
            let layout = lib.rename_layout(&old, &new)?;
            println!("renamed \"{}\" to \"{}\"", old.trim(), layout.name);
            Ok(())
        }
        Some(LayoutCommand::Delete { name }) => {
            lib.delete_layout(&name)?;
            println!("deleted the layout \"{}\"", name.trim());
            Ok(())
        }
        None => {
            let all = lib.layouts()?;
            if args.json {
                return print_json(&all);
            }
            if all.is_empty() {
                eprintln!("no layout is saved yet (save one from the import preview in the app)");
            }
            for layout in &all {
                let used = layout
                    .used_at
                    .map(|t| format!("last used {}", t.format("%Y-%m-%d")))
                    .unwrap_or_else(|| "not used yet".into());
                println!(
                    "{}\t{} rules\tsaved {}\t{used}",
                    layout.name,
                    layout.rules.len(),
                    layout.created_at.format("%Y-%m-%d")
                );
            }
            Ok(())
        }
    }
}

fn print_report(report: &ImportReport, dry_run: bool) {
    if let Some(name) = &report.saved_layout {
        eprintln!("saved layout: {name}");
    }
    if !report.layout.is_empty() {
        eprintln!("layout: {}", report.layout);
    }
    for brief in &report.briefs {
        print_brief_line(brief);
    }
    for skipped in &report.skipped {
        eprintln!(
            "skipped line {}: {:?} ({})",
            skipped.line, skipped.text, skipped.reason
        );
    }
    for warning in &report.warnings {
        eprintln!("warning: line {}: {}", warning.line, warning.message);
    }
    for duplicate in &report.duplicates {
        let place = match duplicate.existing_issue {
            Some(number) => format!(" (in No. {number})"),
            None => String::new(),
        };
        let what = if duplicate.skipped {
            "already in the library, skipped"
        } else {
            "already in the library, imported again"
        };
        eprintln!(
            "{what}: line {}: {:?}{place}",
            duplicate.line, duplicate.headline
        );
    }
    let verb = if dry_run { "would import" } else { "imported" };
    let left_out = report.duplicates.iter().filter(|d| d.skipped).count();
    let already = if report.duplicates.is_empty() {
        String::new()
    } else if left_out > 0 {
        format!(
            "; {} already in the library, skipped (--import-duplicates imports them anyway)",
            left_out
        )
    } else {
        format!(
            "; {} already in the library, imported again",
            report.duplicates.len()
        )
    };
    eprintln!(
        "{verb} {} briefs{already}; {} skipped, {} warnings",
        report.briefs.len(),
        report.skipped.len(),
        report.warnings.len()
    );
}

/// Reads a file or stdin (`-`), stopping just past the import limit so a huge file is refused
/// by the core without being loaded whole.
fn read_bytes(file: &Path) -> anyhow::Result<Vec<u8>> {
    let limit = MAX_IMPORT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        std::fs::File::open(file)
            .and_then(|f| f.take(limit).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", file.display()))?;
    }
    Ok(bytes)
}

pub fn export(lib: &Library, args: ExportArgs) -> anyhow::Result<()> {
    let format = match args.format {
        Some(format) => format.into(),
        None => lib.publication()?.default_template,
    };
    let template = args
        .template
        .as_deref()
        .map(|path| {
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the template {}", path.display()))
        })
        .transpose()?;
    let output = lib
        .export_issue(args.number, format, template.as_deref())
        .with_context(|| match &args.template {
            Some(path) => format!("the template {} failed", path.display()),
            None => format!("cannot export issue No. {}", args.number),
        })?;
    if format == ExportFormat::Email && output.len() > EMAIL_SIZE_LIMIT {
        eprintln!(
            "warning: the email is {} KB; Gmail clips messages over {} KB",
            output.len().div_ceil(1024),
            EMAIL_SIZE_LIMIT / 1024
        );
    }
    match &args.out {
        // Whole or not at all: a failed export leaves the old file as it was.
        Some(path) => Ok(atomic_file::write_whole(path, output.as_bytes())?),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(output.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// `check` found something to fix (exit status 3; the problems are already printed).
#[derive(Debug)]
pub struct ProblemsFound;

impl std::fmt::Display for ProblemsFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the check found problems")
    }
}

impl std::error::Error for ProblemsFound {}

/// Prints the problems (and with `links`, what became of every link), failing with
/// [`ProblemsFound`] when there are any.
pub fn check(lib: &Library, number: u32, links: bool, json: bool) -> anyhow::Result<()> {
    let problems = lib.check_issue(number)?;
    let checked = if links {
        Some(crate::web::check_issue_links(lib, number)?)
    } else {
        None
    };
    let bad_links = checked
        .iter()
        .flatten()
        .filter(|l| l.outcome.is_problem())
        .count();
    if json {
        match &checked {
            Some(links) => {
                print_json(&serde_json::json!({ "problems": problems, "links": links }))?
            }
            None => print_json(&problems)?,
        }
    } else {
        for problem in &problems {
            println!("{}", describe(problem));
        }
        for link in checked.iter().flatten().filter(|l| l.outcome.is_problem()) {
            println!("{}", crate::web::describe_link(link));
        }
        let count = problems.len() + bad_links;
        if count == 0 {
            println!("issue No. {number}: nothing to fix");
        } else {
            println!("issue No. {number}: {count} to look at");
        }
    }
    if problems.is_empty() && bad_links == 0 {
        Ok(())
    } else {
        Err(ProblemsFound.into())
    }
}

fn describe(problem: &Problem) -> String {
    match (&problem.brief, &problem.section) {
        (Some(brief), _) => format!("{}: {}", brief.headline, problem.message),
        (None, Some(section)) => format!("section {section:?}: {}", problem.message),
        (None, None) => problem.message.clone(),
    }
}
