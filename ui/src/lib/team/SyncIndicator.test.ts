import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { teamConflicts, teamRefusedBriefs, teamSyncStatus, teamWaitingBriefs } from '../backend';
import SyncIndicator from './SyncIndicator.svelte';

vi.mock('../backend', () => ({
  onTeamSync: vi.fn(async () => () => {}),
  resolveTeamConflict: vi.fn(async () => {}),
  syncTeamNow: vi.fn(async () => {}),
  teamConflicts: vi.fn(async () => []),
  teamRefusedBriefs: vi.fn(async () => []),
  teamSyncStatus: vi.fn(async () => null),
  teamWaitingBriefs: vi.fn(async () => []),
}));

const status = {
  server: 'ben@localhost:5432/newsroom',
  login: 'ben',
  role: 'editor',
  waiting: 1,
  conflicts: 0,
  refused: 1,
  offline_since: null,
  synced_at: '2026-12-07T09:40:00Z',
  problem: null,
};

describe('SyncIndicator', () => {
  it('shows nothing for a library that follows no team', async () => {
    render(SyncIndicator, {});
    await Promise.resolve();
    expect(screen.queryByTestId('sync-status')).toBeNull();
  });

  it('opens on the briefs concerned, with the server’s reason for a refused change', async () => {
    vi.mocked(teamSyncStatus).mockResolvedValueOnce(status);
    vi.mocked(teamRefusedBriefs).mockResolvedValueOnce([
      { id: 'b1', headline: 'Port strike', reason: 'only its author or an editor may change this brief' },
    ]);
    vi.mocked(teamWaitingBriefs).mockResolvedValueOnce([{ id: 'b1', headline: 'Port strike', reason: null }]);
    render(SyncIndicator, {});
    const indicator = await screen.findByTestId('sync-status');
    expect(indicator.textContent).toContain('1 change refused');
    await fireEvent.click(indicator);
    const refused = await screen.findByTestId('sync-refused');
    expect(refused.textContent).toContain('Port strike');
    expect(refused.textContent).toContain('only its author or an editor may change this brief');
    expect(teamConflicts).toHaveBeenCalled();
  });
});
