// The one way the window calls the core: every generated command function
// (../bindings/commands.ts) goes through `call`, which rejects with an `IpcError` and nothing else.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';

import { noBackendError, toIpcError } from './errors';

export type { Channel } from '@tauri-apps/api/core';

/** True when the page runs inside a Tauri webview (the IPC bridge is injected). */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Invokes one command by its Rust name, with its arguments by their camelCase names. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  if (!hasBackend()) {
    throw noBackendError();
  }
  try {
    return await invoke<T>(command, args);
  } catch (error: unknown) {
    throw toIpcError(error);
  }
}
