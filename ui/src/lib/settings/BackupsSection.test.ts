import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { backupNow, listBackups, restoreBackup } from '../backend';
import type { BackupInfo } from '../bindings/BackupInfo';
import { formatTimestamp } from '../ui/format';
import BackupsSection from './BackupsSection.svelte';

vi.mock('../backend', () => ({ listBackups: vi.fn(), backupNow: vi.fn(), restoreBackup: vi.fn() }));

const older: BackupInfo = {
  path: '/home/ed/backups/briefs-20261126T080000Z-auto.sqlite3',
  created: '2026-11-26T08:00:00Z',
  size: 2_400_000,
  kind: 'auto',
};
const newer: BackupInfo = { ...older, path: '/home/ed/backups/briefs-20261127T090000Z-manual.sqlite3', created: '2026-11-27T09:00:00Z', kind: 'manual' };

describe('BackupsSection', () => {
  beforeEach(() => {
    vi.mocked(listBackups).mockResolvedValue([newer, older]);
  });

  it('lists the backups with their dates, kinds and sizes', async () => {
    render(BackupsSection);
    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    // In the chosen date style (long by default) and the system's locale, not always en-GB.
    expect(rows[0]?.textContent).toContain(formatTimestamp('2026-11-27T09:00:00Z'));
    expect(rows[0]?.textContent).toContain('made by hand');
    expect(rows[1]?.textContent).toContain('automatic');
    expect(rows[1]?.textContent).toMatch(/2\.\d MB|2,?\d+ KB/);
  });

  it('backs up on request and shows the new one', async () => {
    const made: BackupInfo = { ...newer, path: '/home/ed/backups/new.sqlite3', created: '2026-11-27T10:30:00Z' };
    vi.mocked(backupNow).mockResolvedValue(made);
    render(BackupsSection);
    await screen.findAllByTestId('backup-row');
    vi.mocked(listBackups).mockResolvedValue([made, newer, older]);
    await fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(3));
    expect(screen.getByRole('status').textContent).toContain('Backed up at');
  });

  it('asks before restoring, and says why a restore was refused', async () => {
    vi.mocked(restoreBackup).mockRejectedValue({ code: 'corrupt', message: 'the backup is damaged: integrity_check failed' });
    render(BackupsSection);
    const [first] = await screen.findAllByTestId('restore-backup');
    await fireEvent.click(first!);
    expect(restoreBackup).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    expect((await screen.findByTestId('backups-error')).textContent).toContain('integrity_check failed');
    expect(restoreBackup).toHaveBeenCalledWith(newer.path);
  });
});
