//! The open library, shared by every command.

use std::sync::Mutex;

use briefdesk_core::Library;

use crate::error::{IpcError, IpcResult};

pub struct AppState {
    /// Why the library could not be opened, if it could not: every command then reports it, so
    /// the window can say so instead of staying blank.
    library: Result<Mutex<Library>, String>,
}

impl AppState {
    pub fn new(library: Result<Library, String>) -> Self {
        AppState {
            library: library.map(Mutex::new),
        }
    }

    /// Runs `f` on the library; one command at a time, so each sees a consistent library.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> briefdesk_core::Result<T>,
    ) -> IpcResult<T> {
        let library = self.library.as_ref().map_err(|why| IpcError {
            code: "library_unavailable",
            message: why.clone(),
        })?;
        let mut library = library.lock().map_err(|_| IpcError {
            code: "internal",
            message: "an earlier command failed midway; restart Briefdesk".into(),
        })?;
        Ok(f(&mut library)?)
    }
}
