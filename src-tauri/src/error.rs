//! The one error shape that crosses IPC, `{ code, message, field?, line?, column? }`: the core's
//! [`IpcError`], whose `code` is an [`ErrorCode`]; the shell's own failures use the same codes.

pub use briefdesk_core::error::{ErrorCode, IpcError};

pub type IpcResult<T> = Result<T, IpcError>;

/// A failure of the shell's own making, belonging to no field.
pub fn shell_error(code: ErrorCode, message: impl Into<String>) -> IpcError {
    IpcError::new(code, message)
}
