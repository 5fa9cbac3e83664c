import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import SettingsDialog from '../settings/SettingsDialog.svelte';
import AboutDialog from './AboutDialog.svelte';
import generated from './licences.json';
import { licenceCounts, shippedPackages } from './licences';

vi.mock('../backend', () => ({
  getPublication: vi.fn(async () => ({ name: 'China Briefing', tagline: '', footer: '', default_template: 'html', date_style: 'long' })),
  setPublication: vi.fn(),
  libraryInfo: vi.fn(async () => ({ path: '/home/ed/briefs.sqlite3', name: 'briefs.sqlite3', brief_count: 3 })),
  switchLibrary: vi.fn(),
  listBackups: vi.fn(async () => []),
  backupNow: vi.fn(),
  restoreBackup: vi.fn(),
}));

describe('AboutDialog', () => {
  it('shows the version and every shipped package with its licence', () => {
    render(AboutDialog, { props: { onClose: vi.fn() } });
    expect(screen.getByTestId('about-version').textContent).toBe(`Briefdesk ${generated.version}`);
    const rows = screen.getAllByTestId('about-package');
    expect(rows).toHaveLength(generated.packages.length);
    // The app's own storage and the window's editor are there, from both ecosystems.
    const text = rows.map((row) => row.textContent ?? '');
    expect(text.some((t) => t.startsWith('rusqlite') && t.includes('MIT'))).toBe(true);
    expect(text.some((t) => t.startsWith('@codemirror/view (npm)'))).toBe(true);
    // Development tools are not shipped, so not listed.
    expect(text.some((t) => t.startsWith('vitest') || t.startsWith('@tauri-apps/cli'))).toBe(false);
  });

  it('sums the licences up, the most common first', () => {
    const counts = licenceCounts([
      { kind: 'crate', name: 'a', version: '1', licence: 'MIT', url: '' },
      { kind: 'crate', name: 'b', version: '1', licence: 'Apache-2.0 OR MIT', url: '' },
      { kind: 'npm', name: 'c', version: '1', licence: 'MIT', url: '' },
    ]);
    expect(counts).toEqual([
      ['MIT', 2],
      ['Apache-2.0 OR MIT', 1],
    ]);
    render(AboutDialog, { props: { onClose: vi.fn(), packages: shippedPackages.slice(0, 2) } });
    expect(screen.getByTestId('about-summary').textContent).toMatch(/^\s*2 packages: /);
  });

  it('opens from Settings and goes back to it', async () => {
    render(SettingsDialog, { props: { onClose: vi.fn() } });
    await fireEvent.click(await screen.findByTestId('settings-about'));
    const about = screen.getByTestId('about-dialog');
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    await fireEvent.click(within(about).getByRole('button', { name: 'Close' }));
    expect(await screen.findByTestId('settings-dialog')).toBeTruthy();
    expect(screen.queryByTestId('about-dialog')).toBeNull();
  });
});
