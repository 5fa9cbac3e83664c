//! Writing a whole file so that a reader, a crash or a full disk never leaves half of it: the
//! new contents go to a temporary file in the same folder, are synced to disk, and are renamed
//! over the destination; then the folder is synced (where the OS can) so the rename lasts too.
//! Used for exports (CLI and app), the last-library note, backups and restores.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Who may read the file once it is in place, when it does not replace one (a replaced file
/// keeps the permissions it had).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// An ordinary document (0644 on Unix): exports, notes.
    Document,
    /// Only its owner (0600 on Unix): a copy of the library.
    Private,
}

/// Writes `bytes` as the whole of `path`, atomically: `path` holds either its old contents or
/// all of `bytes`, never a mix.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut pending = PendingFile::beside(path, ".partial-")?;
    pending
        .file()
        .write_all(bytes)
        .map_err(io(format!("cannot write {}", path.display())))?;
    pending.commit(Access::Document)?;
    Ok(())
}

/// Copies `from` as the whole of `to`, atomically (see [`write_whole`]). Returns the size.
pub fn copy_whole(from: &Path, to: &Path, access: Access) -> Result<u64> {
    let pending = PendingFile::beside(to, ".partial-copy-")?;
    std::fs::copy(from, pending.path()).map_err(io(format!("cannot copy {}", from.display())))?;
    pending.commit(access)
}

/// A file being written beside its destination, put in place by [`PendingFile::commit`].
/// Dropped without committing, it is removed and the destination is left as it was.
pub struct PendingFile {
    temp: NamedTempFile,
    dest: PathBuf,
    dir: PathBuf,
}

impl PendingFile {
    /// A new empty temporary file named `{prefix}…` in `dest`'s folder (the same file system,
    /// so the rename is atomic).
    pub fn beside(dest: &Path, prefix: &str) -> Result<PendingFile> {
        let dir = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let temp = tempfile::Builder::new()
            .prefix(prefix)
            .tempfile_in(&dir)
            .map_err(io(format!("cannot write in {}", dir.display())))?;
        Ok(PendingFile {
            temp,
            dest: dest.to_path_buf(),
            dir,
        })
    }

    /// Where the contents are being written, for code that fills it by path (SQLite, a copy).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Syncs the contents, gives the file its permissions, renames it over the destination and
    /// syncs the folder. Returns the file's size.
    pub fn commit(self, access: Access) -> Result<u64> {
        let failed = io(format!("cannot write {}", self.dest.display()));
        let file = self.temp.as_file();
        // Syncing one handle flushes the file whatever handle wrote it (SQLite, a copy).
        file.sync_all().map_err(&failed)?;
        let size = file.metadata().map_err(&failed)?.len();
        let permissions = match std::fs::metadata(&self.dest) {
            Ok(existing) => Some(existing.permissions()),
            Err(_) => match access {
                Access::Document => Some(document_permissions(file).map_err(&failed)?),
                // The temporary file is already private.
                Access::Private => None,
            },
        };
        if let Some(permissions) = permissions {
            std::fs::set_permissions(self.temp.path(), permissions).map_err(&failed)?;
        }
        self.temp
            .persist(&self.dest)
            .map_err(|e| io(format!("cannot replace {}", self.dest.display()))(e.error))?;
        sync_dir(&self.dir);
        Ok(size)
    }
}

fn io(context: String) -> impl Fn(std::io::Error) -> Error {
    move |source| Error::Io {
        context: context.clone(),
        source,
    }
}

#[cfg(unix)]
fn document_permissions(_file: &File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn document_permissions(file: &File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Makes a rename durable. Best effort: not every platform can open a folder to sync it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("issue-12.md");
        std::fs::write(&path, "old and longer").expect("the old file");
        write_whole(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("read back"), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("issue-12.md")]);
    }

    #[test]
    fn an_uncommitted_file_leaves_the_destination_as_it_was() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("library.sqlite3");
        std::fs::write(&path, "kept").expect("the old file");
        {
            let mut pending = PendingFile::beside(&path, ".x-").expect("a pending file");
            pending.file().write_all(b"half").expect("written");
        }
        assert_eq!(std::fs::read_to_string(&path).expect("read back"), "kept");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("the folder").count(),
            1
        );
    }

    #[cfg(unix)]
    #[test]
    fn new_documents_are_readable_and_private_copies_are_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let doc = dir.path().join("doc.txt");
        write_whole(&doc, b"x").expect("written");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&doc), 0o644);
        let copy = dir.path().join("copy.sqlite3");
        PendingFile::beside(&copy, ".c-")
            .expect("a pending file")
            .commit(Access::Private)
            .expect("committed");
        assert_eq!(mode(&copy), 0o600);
    }

    #[test]
    fn a_missing_folder_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("no such folder").join("x.md");
        let err = write_whole(&path, b"x").expect_err("no folder");
        assert!(err.to_string().contains("no such folder"), "{err}");
    }
}
