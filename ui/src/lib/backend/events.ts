// Events the Rust side sends the window unasked (src-tauri/src/library_file.rs, src-tauri/src/state.rs,
// src-tauri/src/clipper.rs).
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import type { ClipNotice } from '../bindings/ClipNotice';
import type { LibraryChange } from '../bindings/LibraryChange';
import { hasBackend } from './call';

/** Sent when an automatic backup failed in the background (library_file::BACKUP_FAILED_EVENT). */
export const BACKUP_FAILED_EVENT = 'backup-failed';

/** Sent after every change to the library, with what it touched (state::LIBRARY_CHANGED_EVENT). */
export const LIBRARY_CHANGED_EVENT = 'library-changed';

/**
 * Calls `handler` with the message each time a background backup fails. Resolves to a function
 * that stops listening; outside the app nothing is ever sent.
 */
export async function onBackupFailed(handler: (message: string) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<string>(BACKUP_FAILED_EVENT, (event) => handler(event.payload));
}

type ChangeHandler = (change: LibraryChange) => void;
const changeHandlers = new Set<ChangeHandler>();
/** One listener for the whole window, started by the first subscriber. */
let listening = false;

/**
 * Calls `handler` with what changed each time the library changes, whoever changed it (this
 * window's own views included: each reads again only what it shows). Returns a function that
 * stops it, at once, so a view gone is never called.
 */
export function onLibraryChanged(handler: ChangeHandler): () => void {
  changeHandlers.add(handler);
  if (!listening && hasBackend()) {
    listening = true;
    listen<LibraryChange>(LIBRARY_CHANGED_EVENT, (event) => announceChange(event.payload)).catch(() => {
      listening = false;
    });
  }
  return () => {
    changeHandlers.delete(handler);
  };
}

/** Hands `change` to every subscriber, as the core's event does (and the tests do). */
export function announceChange(change: LibraryChange): void {
  for (const handler of [...changeHandlers]) handler(change);
}

/** A change that touched only `parts` (the rest empty), for tests and callers that build one. */
export function libraryChange(parts: Partial<LibraryChange> = {}): LibraryChange {
  return { briefs: [], any_brief: false, issues: [], tags: false, publication: false, library: false, ...parts };
}

/** Whether `change` may have altered what a list of briefs shows (rows, their tags, issues, status). */
export function touchesBriefs(change: LibraryChange): boolean {
  return change.library || change.any_brief || change.briefs.length > 0 || change.issues.length > 0 || change.tags;
}

/** Sent for each browser clip link: the draft made, its fill, or why it was refused (clipper::CLIPPED_EVENT). */
export const CLIPPED_EVENT = 'clipped';

/**
 * Calls `handler` with each clip notice. Resolves to a function that stops listening; outside
 * the app nothing is ever sent.
 */
export async function onClipped(handler: (notice: ClipNotice) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<ClipNotice>(CLIPPED_EVENT, (event) => handler(event.payload));
}
