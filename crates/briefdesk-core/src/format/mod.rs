//! The file formats Briefdesk writes and reads back: the JSON document of an issue
//! ([`json`]), the Briefdesk Markdown markers with the escaping that keeps text literal
//! ([`markdown`]), and the whole-library document ([`library`]). They depend on the model only; the export writes them and the import reads
//! them, so neither leans on the other.

pub mod json;
pub mod library;
pub mod markdown;

pub use json::JSON_FORMAT_VERSION;
