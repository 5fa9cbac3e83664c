import { describe, expect, it } from 'vitest';

import type { SyncStatus } from '../bindings/SyncStatus';
import { clock, syncLabel } from './status';

function status(fields: Partial<SyncStatus> = {}): SyncStatus {
  return {
    server: 'anna@localhost:5432/newsroom',
    login: 'anna',
    role: 'editor',
    waiting: 0,
    conflicts: 0,
    refused: 0,
    offline_since: null,
    synced_at: '2026-12-07T09:40:00Z',
    problem: null,
    ...fields,
  };
}

describe('syncLabel', () => {
  it('says synced when nothing waits', () => {
    expect(syncLabel(status())).toEqual({ kind: 'synced', text: 'synced' });
  });

  it('counts the changes waiting, one or many', () => {
    expect(syncLabel(status({ waiting: 1 })).text).toBe('1 change waiting');
    expect(syncLabel(status({ waiting: 3 }))).toEqual({ kind: 'waiting', text: '3 changes waiting' });
  });

  it('says since when the server is away, in local time', () => {
    const since = '2026-12-07T09:41:00Z';
    const label = syncLabel(status({ waiting: 2, offline_since: since }));
    expect(label.kind).toBe('offline');
    expect(label.text).toBe(`offline since ${clock(since)}`);
    expect(clock(since)).toMatch(/^\d\d:\d\d$/);
  });

  it('puts conflicts first, then refused changes, over offline and waiting', () => {
    const away = { offline_since: '2026-12-07T09:41:00Z', waiting: 4 };
    expect(syncLabel(status({ ...away, refused: 2, conflicts: 1 }))).toEqual({ kind: 'conflicts', text: '1 conflict to resolve' });
    expect(syncLabel(status({ ...away, refused: 2 }))).toEqual({ kind: 'refused', text: '2 changes refused' });
  });
});
