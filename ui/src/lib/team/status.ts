// What the sync indicator says, from the background sync's status: the most pressing first.
import type { SyncStatus } from '../bindings/SyncStatus';

/** Which list the indicator opens: what the editor should look at. */
export type SyncKind = 'conflicts' | 'refused' | 'offline' | 'waiting' | 'synced';

export interface SyncLabel {
  kind: SyncKind;
  text: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "HH:MM" in the editor's own time zone. */
export function clock(instant: string): string {
  const at = new Date(instant);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The indicator's words for `status`: conflicts, then refused changes, then offline, then waiting. */
export function syncLabel(status: SyncStatus): SyncLabel {
  if (status.conflicts > 0) {
    return { kind: 'conflicts', text: `${plural(status.conflicts, 'conflict', 'conflicts')} to resolve` };
  }
  if (status.refused > 0) {
    return { kind: 'refused', text: `${plural(status.refused, 'change', 'changes')} refused` };
  }
  if (status.offline_since) {
    return { kind: 'offline', text: `offline since ${clock(status.offline_since)}` };
  }
  if (status.waiting > 0) {
    return { kind: 'waiting', text: `${plural(status.waiting, 'change', 'changes')} waiting` };
  }
  return { kind: 'synced', text: 'synced' };
}
