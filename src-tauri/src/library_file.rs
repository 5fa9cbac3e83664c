//! Opening a library file for the app: the window must not wait for a backup, so the rolling
//! backup on open runs on a thread of its own.

use std::path::{Path, PathBuf};

use briefdesk_core::library::backup::auto_backup;
use briefdesk_core::library::{BackupPolicy, OpenOptions};
use briefdesk_core::{AutoBackup, Library};

/// Opens (or creates) the library at `path` with every safety check of the core, then backs it
/// up in the background if its newest backup is an hour old.
pub fn open(path: &Path) -> briefdesk_core::Result<Library> {
    let library = Library::open_with(
        path,
        &OpenOptions {
            backups: None,
            ..OpenOptions::default()
        },
    )?;
    let file: PathBuf = path.to_path_buf();
    std::thread::spawn(move || {
        if let AutoBackup::Failed { message } =
            auto_backup(&file, &BackupPolicy::default(), chrono::Utc::now())
        {
            // Nothing the editor typed is at risk; the next start tries again.
            eprintln!("Briefdesk: {message}");
        }
    });
    Ok(library)
}
