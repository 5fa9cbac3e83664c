//! `import`, `export` and `check`: briefs in from files, issues out to files.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Context;
use briefdesk_core::Library;
use briefdesk_core::check::Problem;
use briefdesk_core::export::{EMAIL_SIZE_LIMIT, ExportFormat};
use briefdesk_core::import::{ImportOptions, ImportReport, MAX_IMPORT_BYTES};

use crate::args::{ExportArgs, ImportArgs};
use crate::output::{print_brief_line, print_json};

pub fn import(lib: &mut Library, args: ImportArgs) -> anyhow::Result<()> {
    let input = read_bytes(&args.file)?;
    let options = ImportOptions {
        format: args.format.into(),
        issue: args.issue,
        section: args.section,
        tags: args.tags,
        dry_run: args.dry_run,
    };
    let report = lib
        .import(&input, &options)
        .with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    if args.json {
        return print_json(&report);
    }
    print_report(&report, args.dry_run);
    Ok(())
}

fn print_report(report: &ImportReport, dry_run: bool) {
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
    let verb = if dry_run { "would import" } else { "imported" };
    eprintln!(
        "{verb} {} briefs; {} skipped, {} warnings",
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
        None => {
            ExportFormat::parse(&lib.publication()?.default_template).unwrap_or(ExportFormat::Html)
        }
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
        Some(path) => write_whole(path, output.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(output.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes to a temporary file beside `path`, then renames it over `path`: a reader never sees
/// half an export, and a failed export leaves the old file as it was.
pub fn write_whole(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The temporary file is private (0600); an export is an ordinary document, or keeps the
    // permissions of the file it replaces.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => ordinary_file_permissions(temp.as_file())?,
    };
    std::fs::set_permissions(temp.path(), permissions)
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
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

#[cfg(unix)]
fn ordinary_file_permissions(_file: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn ordinary_file_permissions(file: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Prints the problems, failing with [`ProblemsFound`] when there are any.
pub fn check(lib: &Library, number: u32, json: bool) -> anyhow::Result<()> {
    let problems = lib.check_issue(number)?;
    if json {
        print_json(&problems)?;
    } else if problems.is_empty() {
        println!("issue No. {number}: nothing to fix");
    } else {
        for problem in &problems {
            println!("{}", describe(problem));
        }
        println!("issue No. {number}: {} to look at", problems.len());
    }
    if problems.is_empty() {
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
