//! The open library, shared by every command, and swapped when the editor opens another.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use briefdesk_core::Library;

use crate::error::{IpcError, IpcResult};

pub struct AppState {
    /// The library, or why it could not be opened: every command then reports that, so the
    /// window can say so instead of staying blank.
    library: Mutex<Result<Library, String>>,
    /// The file the window is on, opened or not: a library that failed to open still has
    /// backups to offer.
    path: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn new(library: Result<Library, String>, path: Option<PathBuf>) -> Self {
        AppState {
            library: Mutex::new(library),
            path: Mutex::new(path),
        }
    }

    /// The library file the window is on, whether or not it could be opened (`None` in memory).
    pub fn path(&self) -> IpcResult<Option<PathBuf>> {
        Ok(self.path.lock().map_err(|_| poisoned())?.clone())
    }

    /// Whether the library is open (false while it could not be, or is being replaced).
    pub fn is_open(&self) -> IpcResult<bool> {
        Ok(self.lock()?.is_ok())
    }

    /// Runs `f` on the library; one command at a time, so each sees a consistent library.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> briefdesk_core::Result<T>,
    ) -> IpcResult<T> {
        let mut guard = self.lock()?;
        let library = guard.as_mut().map_err(|why| IpcError {
            code: "library_unavailable",
            message: why.clone(),
        })?;
        Ok(f(library)?)
    }

    /// Puts `library` in place of the open one, which is closed once no command holds it.
    pub fn replace(&self, library: Library) -> IpcResult<()> {
        let path = library.path().map(Path::to_path_buf);
        *self.lock()? = Ok(library);
        *self.path.lock().map_err(|_| poisoned())? = path;
        Ok(())
    }

    /// Takes the library out, closing it once this value is dropped, so its file can be
    /// replaced; commands meanwhile report `why`. Put a library back with [`Self::replace`].
    pub fn take(&self, why: &str) -> IpcResult<Library> {
        let mut guard = self.lock()?;
        let taken = std::mem::replace(&mut *guard, Err(why.to_string()));
        taken.map_err(|why| IpcError {
            code: "library_unavailable",
            message: why,
        })
    }

    fn lock(&self) -> IpcResult<MutexGuard<'_, Result<Library, String>>> {
        self.library.lock().map_err(|_| poisoned())
    }
}

fn poisoned() -> IpcError {
    IpcError {
        code: "internal",
        message: "an earlier command failed midway; restart Briefdesk".into(),
    }
}
