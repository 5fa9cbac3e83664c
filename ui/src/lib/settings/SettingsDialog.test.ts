import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { getPublication, libraryInfo, setPublication, switchLibrary } from '../backend';
import type { Publication } from '../bindings/Publication';
import SettingsDialog from './SettingsDialog.svelte';

vi.mock('../backend', () => ({
  getPublication: vi.fn(),
  setPublication: vi.fn(),
  libraryInfo: vi.fn(async () => ({ path: '/home/ed/briefs.sqlite3', name: 'briefs.sqlite3', brief_count: 3 })),
  switchLibrary: vi.fn(),
  listBackups: vi.fn(async () => []),
  backupNow: vi.fn(),
  restoreBackup: vi.fn(),
  copyBookmarklet: vi.fn(),
  listImportLayouts: vi.fn(async () => []),
  renameImportLayout: vi.fn(),
  deleteImportLayout: vi.fn(),
}));

const stored: Publication = { name: 'China Briefing', tagline: '', footer: '', default_template: 'html', date_style: 'long' };

describe('SettingsDialog', () => {
  afterEach(() => localStorage.clear());

  it('edits the publication settings and saves them through the core', async () => {
    vi.mocked(getPublication).mockResolvedValue(stored);
    vi.mocked(setPublication).mockImplementation(async (p) => p);
    const onClose = vi.fn();
    render(SettingsDialog, { props: { onClose } });
    const name = (await screen.findByTestId('settings-name')) as HTMLInputElement;
    expect(name.value).toBe('China Briefing');
    await fireEvent.input(screen.getByTestId('settings-tagline'), { target: { value: 'The week, in short' } });
    await fireEvent.change(screen.getByTestId('settings-format'), { target: { value: 'email' } });
    await fireEvent.change(screen.getByTestId('settings-date-style'), { target: { value: 'iso' } });
    await fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(vi.mocked(setPublication).mock.calls[0]?.[0]).toMatchObject({
      tagline: 'The week, in short',
      default_template: 'email',
      date_style: 'iso',
    });
  });

  it('shows why the core refused, and stays open', async () => {
    vi.mocked(getPublication).mockResolvedValue(stored);
    vi.mocked(setPublication).mockRejectedValue({ code: 'invalid', message: 'default_template: "pdf" is not an export format' });
    const onClose = vi.fn();
    render(SettingsDialog, { props: { onClose } });
    await screen.findByTestId('settings-name');
    await fireEvent.click(screen.getByTestId('settings-save'));
    expect((await screen.findByRole('alert')).textContent).toContain('not an export format');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('switches the theme at once and remembers it', async () => {
    vi.mocked(getPublication).mockResolvedValue(stored);
    render(SettingsDialog, { props: { onClose: vi.fn() } });
    await fireEvent.change(screen.getByTestId('theme-dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('briefdesk.theme')).toBe('dark');
  });

  it('turns spell-checking off and on at once, remembered on this computer (on by default)', async () => {
    vi.mocked(getPublication).mockResolvedValue(stored);
    const { spelling } = await import('./spelling.svelte');
    render(SettingsDialog, { props: { onClose: vi.fn() } });
    const box = screen.getByTestId('settings-spellcheck') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    expect(spelling.on).toBe(false);
    expect(localStorage.getItem('briefdesk.spellcheck')).toBe('off');
    await fireEvent.click(box);
    expect(spelling.on).toBe(true);
    expect(localStorage.getItem('briefdesk.spellcheck')).toBe('on');
  });

  it('names the open library and says why another could not be opened', async () => {
    vi.mocked(getPublication).mockResolvedValue(stored);
    vi.mocked(switchLibrary).mockRejectedValue({ code: 'conflict', message: '/tmp/x.sqlite3 already exists; to use it, choose Open another library' });
    render(SettingsDialog, { props: { onClose: vi.fn() } });
    await waitFor(() => expect(screen.getByTestId('settings-library-path').textContent).toBe('/home/ed/briefs.sqlite3'));
    expect(vi.mocked(libraryInfo)).toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('settings-new-library'));
    expect((await screen.findByTestId('settings-library-error')).textContent).toContain('already exists');
    expect(vi.mocked(switchLibrary)).toHaveBeenCalledWith(true);
  });
});
