// The error every IPC command rejects with; see src-tauri/src/error.rs.
export type IpcError = { code: string, message: string, };
