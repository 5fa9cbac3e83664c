import { describe, expect, it, vi } from 'vitest';

import { onTeamSync, teamSyncStatus } from '../backend';
import type { SyncStatus } from '../bindings/SyncStatus';
import { team } from './team.svelte';

vi.mock('../backend', () => ({
  onTeamSync: vi.fn(),
  onTeamPresence: vi.fn(async () => () => {}),
  teamSyncStatus: vi.fn(),
  teamPresence: vi.fn(async () => []),
  teamEditing: vi.fn(async () => {}),
}));

function status(role: string): SyncStatus {
  return {
    server: 'eddie@localhost:5432/newsroom',
    login: 'eddie',
    role,
    waiting: 0,
    conflicts: 0,
    refused: 0,
    offline_since: null,
    synced_at: null,
    problem: null,
  };
}

describe('the team state', () => {
  it('listens before it reads, and a read older than an event it heard is dropped', async () => {
    let handler: ((s: SyncStatus | null) => void) | undefined;
    let answer: ((s: SyncStatus | null) => void) | undefined;
    vi.mocked(onTeamSync).mockImplementation(async (h) => {
      handler = h;
      return () => {};
    });
    vi.mocked(teamSyncStatus).mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    team.start();
    await vi.waitFor(() => expect(teamSyncStatus).toHaveBeenCalled());
    expect(handler).toBeDefined();
    handler?.(status('editor'));
    answer?.(status('contributor'));
    await Promise.resolve();
    await Promise.resolve();
    expect(team.status?.role).toBe('editor');
    expect(team.canReview).toBe(true);
    expect(team.login).toBe('eddie');
  });
});
