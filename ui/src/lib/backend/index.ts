// Typed wrappers around the Tauri commands of the Briefdesk core.
// This folder is the only place in the UI that imports @tauri-apps/*.
// Every wrapper rejects with an `IpcError` ({ code, message }) and nothing else.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';

import type { BackupInfo } from '../bindings/BackupInfo';
import type { Brief } from '../bindings/Brief';
import type { BriefDraft } from '../bindings/BriefDraft';
import type { BriefPage } from '../bindings/BriefPage';
import type { BriefQuery } from '../bindings/BriefQuery';
import type { DeletedBrief } from '../bindings/DeletedBrief';
import type { LibraryInfo } from '../bindings/LibraryInfo';
import type { Publication } from '../bindings/Publication';
import type { SearchHit } from '../bindings/SearchHit';
import type { SourceUse } from '../bindings/SourceUse';
import type { TagInfo } from '../bindings/TagInfo';
import { noBackendError, toIpcError } from './errors';

/** True when the page runs inside a Tauri webview (the IPC bridge is injected). */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Invokes one command; the per-area wrapper modules beside this one build on it. */
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

export function libraryInfo(): Promise<LibraryInfo> {
  return call<LibraryInfo>('library_info');
}

export function listBriefs(query: BriefQuery): Promise<BriefPage> {
  return call<BriefPage>('list_briefs', { query });
}

export function searchBriefs(query: string, limit: number, filter: BriefQuery | null = null): Promise<SearchHit[]> {
  return call<SearchHit[]>('search_briefs', { query, limit, filter });
}

export function getBrief(id: string): Promise<Brief> {
  return call<Brief>('get_brief', { id });
}

export function createBrief(draft: BriefDraft): Promise<Brief> {
  return call<Brief>('create_brief', { draft });
}

/**
 * Saves an edit begun from `version` of the brief. If it changed elsewhere since (another
 * window, the CLI), nothing is saved and the error's code is `changed_elsewhere`.
 */
export function updateBrief(id: string, version: number, draft: BriefDraft): Promise<Brief> {
  return call<Brief>('update_brief', { id, version, draft });
}

/** Deletes a brief; the answer is the brief as it was, for {@link restoreBrief}. */
export function deleteBrief(id: string): Promise<DeletedBrief> {
  return call<DeletedBrief>('delete_brief', { id });
}

/** Undoes a delete: the brief returns with its id, to its issue section if that remains. */
export function restoreBrief(deleted: DeletedBrief): Promise<Brief> {
  return call<Brief>('restore_brief', { deleted });
}

export function listTags(): Promise<TagInfo[]> {
  return call<TagInfo[]>('list_tags');
}

/** Creates a tag before any brief carries it, or sets an existing tag's colour. */
export function addTag(name: string, colour: string | null): Promise<TagInfo> {
  return call<TagInfo>('add_tag', { name, colour });
}

/** Sets a tag's colour (`#rgb` or `#rrggbb`), or clears it with null. */
export function recolourTag(name: string, colour: string | null): Promise<TagInfo> {
  return call<TagInfo>('recolour_tag', { name, colour });
}

/** Outlets already cited whose name starts with `prefix` (any case), most used first. */
export function listOutlets(prefix: string, limit: number): Promise<string[]> {
  return call<string[]>('list_outlets', { prefix, limit });
}

/** Opens a source's http(s) page in the system browser; anything else is refused. */
export async function openSourceUrl(url: string): Promise<void> {
  await call<null>('open_source_url', { url });
}

/** A Markdown body as every export renders it: sanitized HTML. */
export function renderMarkdown(markdown: string): Promise<string> {
  return call<string>('render_markdown', { markdown });
}

/** Every brief citing the same page as `url` (tracking parameters and the like ignored). */
export function sourceUses(url: string): Promise<SourceUse[]> {
  return call<SourceUse[]>('source_uses', { url });
}

/**
 * Runs `beforeClose` when the window is asked to close, then closes it. Outside the app it
 * does nothing.
 */
export async function onWindowClose(beforeClose: () => Promise<void>): Promise<void> {
  if (!hasBackend()) return;
  await getCurrentWindow().onCloseRequested(async () => {
    await beforeClose();
  });
}

/** Loads the sample issue that ships with the app; resolves to the new issue's number. */
export function loadSample(date: string): Promise<number> {
  return call<number>('load_sample', { date });
}

/** Asks the window to close: the same path as its close button (pending edits are stored). */
export async function closeWindow(): Promise<void> {
  if (!hasBackend()) return;
  await getCurrentWindow().close();
}
export * from './issues';

/** The publication settings every export uses. */
export function getPublication(): Promise<Publication> {
  return call<Publication>('get_publication');
}

/**
 * Opens another library file (`create`: a new one) picked in the native dialog, in place of the
 * open one. Resolves to its facts, or null when the editor cancelled.
 */
export function switchLibrary(create: boolean): Promise<LibraryInfo | null> {
  return call<LibraryInfo | null>('switch_library', { create });
}

/** The open library's backups, newest first. */
export function listBackups(): Promise<BackupInfo[]> {
  return call<BackupInfo[]>('list_backups');
}

/** Backs the library up now (kept until deleted by hand). */
export function backupNow(): Promise<BackupInfo> {
  return call<BackupInfo>('backup_now');
}

/** Puts one of {@link listBackups} in place of the library (the current one is kept first). */
export function restoreBackup(file: string): Promise<LibraryInfo> {
  return call<LibraryInfo>('restore_backup', { file });
}

export function setPublication(publication: Publication): Promise<Publication> {
  return call<Publication>('set_publication', { publication });
}

/** Calls `handler` with the id of each native menu item chosen (see src-tauri/src/menu.rs). */
export async function onMenu(handler: (id: string) => void): Promise<void> {
  if (!hasBackend()) return;
  await listen<string>('menu', (event) => handler(event.payload));
}
export * from './transfer';
export * from './events';
