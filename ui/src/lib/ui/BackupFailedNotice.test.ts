import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { onBackupFailed } from '../backend';
import BackupFailedNotice from './BackupFailedNotice.svelte';

vi.mock('../backend', () => ({ onBackupFailed: vi.fn() }));

describe('BackupFailedNotice', () => {
  let send: (message: string) => void = () => {};
  const unlisten = vi.fn();

  beforeEach(() => {
    unlisten.mockClear();
    vi.mocked(onBackupFailed).mockImplementation(async (handler) => {
      send = handler;
      return unlisten;
    });
  });

  it('shows nothing until a backup fails, then the message until dismissed', async () => {
    render(BackupFailedNotice);
    await waitFor(() => expect(onBackupFailed).toHaveBeenCalled());
    expect(screen.queryByRole('alert')).toBeNull();

    send('the automatic backup failed: No space left on device');
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain('No backup was made');
    expect(notice.textContent).toContain('No space left on device');

    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('stops listening when the window goes', async () => {
    const { unmount } = render(BackupFailedNotice);
    await waitFor(() => expect(onBackupFailed).toHaveBeenCalled());
    await Promise.resolve();
    unmount();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });
});
