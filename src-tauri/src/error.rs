//! The one error shape that crosses IPC: `{ code, message }`.

use serde::ser::{Serialize, SerializeStruct, Serializer};

#[derive(Debug)]
pub struct IpcError {
    pub code: &'static str,
    pub message: String,
}

impl From<briefdesk_core::Error> for IpcError {
    fn from(error: briefdesk_core::Error) -> Self {
        IpcError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

impl Serialize for IpcError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("IpcError", 2)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
