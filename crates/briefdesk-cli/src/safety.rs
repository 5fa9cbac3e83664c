//! `backup`, `backups`, `restore`, `export-all` and `import-all`: keeping a library safe and
//! moving it whole.

use std::io::Read;
use std::path::Path;

use anyhow::Context;
use briefdesk_core::library::backup::{self, backups_dir};
use briefdesk_core::library::dump::LibraryDump;
use briefdesk_core::{BackupInfo, Library, atomic_file};

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
