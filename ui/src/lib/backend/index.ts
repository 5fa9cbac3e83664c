// The window's side of the IPC contract. This folder is the only place in the UI that imports
// @tauri-apps/*. The command functions are generated from the Rust commands
// (../bindings/commands.ts, `cargo xtask bindings`) and re-exported here; what is written by hand
// adds behaviour of its own: events, the window, import progress as a callback.
// Every command rejects with an `IpcError` ({ code, message, field?, line?, column? }) and nothing else.
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';

import { hasBackend } from './call';

export { call, hasBackend } from './call';
export * from '../bindings/commands';
// These take a progress callback instead of the generated functions' Channel.
export { importFile, importText, type OnImportProgress } from './transfer';
export { checkIssueLinks, fetchSource, type OnLinksChecked, type OnSourceFetched } from './web';

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

/** Asks the window to close: the same path as its close button (pending edits are stored). */
export async function closeWindow(): Promise<void> {
  if (!hasBackend()) return;
  await getCurrentWindow().close();
}

/** Calls `handler` with the id of each native menu item chosen (see src-tauri/src/menu.rs). */
export async function onMenu(handler: (id: string) => void): Promise<void> {
  if (!hasBackend()) return;
  await listen<string>('menu', (event) => handler(event.payload));
}
export * from './events';
export { FEEDS_FETCHED_EVENT, onFeedsFetched } from './feeds';
export {
  COMPOSING_EVENT,
  TEAM_PRESENCE_EVENT,
  TEAM_SYNC_EVENT,
  onComposingLease,
  onTeamPresence,
  onTeamSync,
} from './team';
