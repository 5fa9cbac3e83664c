//! Briefdesk's core: the model, the library (SQLite) and search. No GUI; the desktop app and the
//! `briefdesk` CLI are thin layers over this crate.

pub mod atomic_file;
pub mod change;
pub mod check;
pub mod clip;
pub mod error;
pub mod export;
mod format;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod import;
pub mod library;
pub mod model;
pub mod paths;
pub mod text_search;
pub mod validate;

#[cfg(test)]
mod bindings;

pub use change::LibraryChange;
pub use error::{Error, Result};
pub use library::{IMPORT_PART, ImportCommitted, ImportRun, ImportStart, Library};
pub use model::*;
