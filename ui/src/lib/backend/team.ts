// The team sync's own event: its status, each time it changes (src-tauri/src/team_sync.rs).
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import type { ComposingLease } from '../bindings/ComposingLease';
import type { Editing } from '../bindings/Editing';
import type { SyncStatus } from '../bindings/SyncStatus';
import { hasBackend } from './call';

/** Sent with each new sync status, `null` once the library follows no team (team_sync::TEAM_SYNC_EVENT). */
export const TEAM_SYNC_EVENT = 'team-sync';

/** Calls `handler` with each new status; resolves to a function that stops listening. */
export async function onTeamSync(handler: (status: SyncStatus | null) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<SyncStatus | null>(TEAM_SYNC_EVENT, (event) => handler(event.payload));
}

/** Sent with each new state of the composing lease on the composer's issue (composing::COMPOSING_EVENT). */
export const COMPOSING_EVENT = 'composing-lease';

/** Calls `handler` with who holds the lease on the composer's issue (`null`: no one, or no team). */
export async function onComposingLease(handler: (lease: ComposingLease | null) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<ComposingLease | null>(COMPOSING_EVENT, (event) => handler(event.payload));
}

/** Sent with each new list of who else has which brief open (team_presence::TEAM_PRESENCE_EVENT). */
export const TEAM_PRESENCE_EVENT = 'team-presence';

/** Calls `handler` with each new list of others editing; resolves to a function that stops listening. */
export async function onTeamPresence(handler: (editing: Editing[]) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<Editing[]>(TEAM_PRESENCE_EVENT, (event) => handler(event.payload));
}
