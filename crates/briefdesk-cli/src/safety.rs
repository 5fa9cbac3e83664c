//! `backup`, `backups`, `restore`, `verify`, `export-all` and `import-all`, and the automatic
//! backup: keeping a library safe and moving it whole.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use briefdesk_core::library::BackupPolicy;
use briefdesk_core::library::backup::{self, backups_dir};
use briefdesk_core::library::dump::LibraryDump;
use briefdesk_core::{AutoBackup, BackupInfo, Library, atomic_file};

use crate::output::print_json;

pub fn backup(lib: &mut Library, out: Option<&Path>, json: bool) -> anyhow::Result<()> {
    let info = match out {
        Some(path) => lib
            .backup_to(path)
            .with_context(|| format!("cannot back up to {}", path.display()))?,
        None => lib.backup_now().context("cannot back up the library")?,
    };
    if json {
        return print_json(&info);
    }
    println!("{}", info.path);
    eprintln!("backed up ({})", size_text(info.size));
    Ok(())
}

/// `briefdesk verify`: every page and index of the file read and checked.
pub fn verify(lib: &mut Library, json: bool) -> anyhow::Result<()> {
    lib.verify()?;
    let info = lib.info()?;
    if json {
        return print_json(&serde_json::json!({ "path": info.path, "ok": true }));
    }
    println!(
        "{}: every page and index checked, no damage found",
        info.path
    );
    Ok(())
}

/// The note an automatic backup that failed leaves for the next command to print: beside the
/// library, since the backups folder may be what failed.
fn failed_note(library: &Path) -> std::path::PathBuf {
    let name = library
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    library.with_file_name(format!(".{name}.backup-failed"))
}

/// Starts the automatic backup, when one is due, as a process of its own (this program again,
/// `auto-backup`), which the command does not wait for; its output goes nowhere, and a failure
/// is left as a note for the next command to print.
pub fn start_auto_backup(library: &Path) {
    let policy = BackupPolicy::default();
    if !backup::auto_backup_due(library, &policy, chrono::Utc::now()) {
        return;
    }
    let started = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("--library")
            .arg(library)
            .arg("auto-backup")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    });
    if let Err(e) = started {
        eprintln!("warning: the automatic backup did not start: {e}");
    }
}

/// `briefdesk auto-backup`: the backup [`start_auto_backup`] started.
pub fn auto_backup(library: &Path) -> anyhow::Result<()> {
    let outcome = backup::auto_backup(library, &BackupPolicy::default(), chrono::Utc::now());
    if let AutoBackup::Failed { message } = outcome {
        std::fs::write(failed_note(library), &message)?;
        anyhow::bail!(message);
    }
    Ok(())
}

/// Prints, once, that the last automatic backup failed.
pub fn report_failed_auto_backup(library: &Path) {
    let note = failed_note(library);
    if let Ok(message) = std::fs::read_to_string(&note) {
        eprintln!("warning: {message}");
        let _ = std::fs::remove_file(&note);
    }
}

/// Lists backups without opening the library, which may be the damaged file being recovered.
pub fn list(library: &Path, json: bool) -> anyhow::Result<()> {
    let backups = backup::list_backups(library)?;
    if json {
        return print_json(&backups);
    }
    if backups.is_empty() {
        eprintln!("no backups in {}", backups_dir(library).display());
    }
    for b in &backups {
        print_backup_line(b);
    }
    Ok(())
}

fn print_backup_line(b: &BackupInfo) {
    println!(
        "{}  {:<14} {:>9}  {}",
        b.created.format("%Y-%m-%d %H:%M:%S UTC"),
        b.kind.as_str(),
        size_text(b.size),
        b.path
    );
}

fn size_text(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Restores without opening the library first: it may be the damaged file being replaced.
pub fn restore(library: &Path, file: &Path, json: bool) -> anyhow::Result<()> {
    let report = backup::restore(library, file)
        .with_context(|| format!("nothing was restored; {} is as it was", library.display()))?;
    if json {
        return print_json(&report);
    }
    eprintln!(
        "restored {} from {}",
        library.display(),
        report.restored_from
    );
    if let Some(previous) = &report.previous {
        eprintln!("the library as it was is kept in {}", previous.path);
    }
    Ok(())
}

pub fn export_all(lib: &Library, out: Option<&Path>) -> anyhow::Result<()> {
    let dump = lib.export_all()?;
    let mut text = serde_json::to_string_pretty(&dump)?;
    text.push('\n');
    match out {
        Some(path) => {
            atomic_file::write_whole(path, text.as_bytes())?;
            eprintln!(
                "exported {} briefs, {} tags, {} issues to {}",
                dump.briefs.len(),
                dump.tags.len(),
                dump.issues.len(),
                path.display()
            );
            Ok(())
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}

pub fn import_all(lib: &mut Library, file: &Path, json: bool) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    }
    let dump: LibraryDump = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not a whole-library export (made by `briefdesk export-all`)",
            file.display()
        )
    })?;
    let counts = lib
        .import_all(&dump)
        .with_context(|| format!("nothing was imported from {}", file.display()))?;
    if json {
        return print_json(&counts);
    }
    eprintln!(
        "imported {} briefs, {} tags, {} issues",
        counts.briefs, counts.tags, counts.issues
    );
    Ok(())
}
