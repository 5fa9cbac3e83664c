// Typed wrappers around the Tauri commands of the Briefdesk core.
// This folder is the only place in the UI that imports @tauri-apps/*.
// Every wrapper rejects with an `IpcError` ({ code, message }) and nothing else.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';

import type { Brief } from '../bindings/Brief';
import type { BriefDraft } from '../bindings/BriefDraft';
import type { BriefPage } from '../bindings/BriefPage';
import type { BriefQuery } from '../bindings/BriefQuery';
import type { LibraryInfo } from '../bindings/LibraryInfo';
import type { SearchHit } from '../bindings/SearchHit';
import type { TagInfo } from '../bindings/TagInfo';
import { noBackendError, toIpcError } from './errors';

/** True when the page runs inside a Tauri webview (the IPC bridge is injected). */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/** Invokes a command; shared with the per-area wrapper modules re-exported below. */
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

export function searchBriefs(query: string, limit: number): Promise<SearchHit[]> {
  return call<SearchHit[]>('search_briefs', { query, limit });
}

export function getBrief(id: string): Promise<Brief> {
  return call<Brief>('get_brief', { id });
}

export function createBrief(draft: BriefDraft): Promise<Brief> {
  return call<Brief>('create_brief', { draft });
}

export function updateBrief(id: string, draft: BriefDraft): Promise<Brief> {
  return call<Brief>('update_brief', { id, draft });
}

export async function deleteBrief(id: string): Promise<void> {
  await call<null>('delete_brief', { id });
}

export function listTags(): Promise<TagInfo[]> {
  return call<TagInfo[]>('list_tags');
}

export * from './transfer';
