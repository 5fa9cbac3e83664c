// Events the Rust side sends the window unasked (src-tauri/src/library_file.rs).
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import { hasBackend } from './index';

/** Sent when an automatic backup failed in the background (library_file::BACKUP_FAILED_EVENT). */
export const BACKUP_FAILED_EVENT = 'backup-failed';

/**
 * Calls `handler` with the message each time a background backup fails. Resolves to a function
 * that stops listening; outside the app nothing is ever sent.
 */
export async function onBackupFailed(handler: (message: string) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<string>(BACKUP_FAILED_EVENT, (event) => handler(event.payload));
}
