//! The open library, shared by every command.

use std::sync::Mutex;

use briefdesk_core::Library;

use crate::error::{IpcError, IpcResult};

pub struct AppState {
    library: Mutex<Library>,
}

impl AppState {
    pub fn new(library: Library) -> Self {
        AppState {
            library: Mutex::new(library),
        }
    }

    /// Runs `f` on the library; one command at a time, so each sees a consistent library.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Library) -> briefdesk_core::Result<T>,
    ) -> IpcResult<T> {
        let mut library = self.library.lock().map_err(|_| IpcError {
            code: "internal",
            message: "an earlier command failed midway; restart Briefdesk".into(),
        })?;
        Ok(f(&mut library)?)
    }
}
