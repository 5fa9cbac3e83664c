import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { libraryPlaces, renderMarkdown } from '../backend';
import { ACTIONS } from '../actions/registry';
import HelpDialog from './HelpDialog.svelte';

vi.mock('../backend', () => ({
  renderMarkdown: vi.fn(async (text: string) => `<h1>${text.split('\n')[0]?.replace(/^# /u, '')}</h1>`),
  libraryPlaces: vi.fn(async () => ({ library: '/home/ed/briefs.sqlite3', backups: '/home/ed/backups' })),
}));

const rows = (): string[] =>
  screen.queryAllByTestId('shortcut-row').map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim()).join(' '));

describe('HelpDialog', () => {
  it('lists every shortcut of the registry, and the search narrows them', async () => {
    render(HelpDialog, { props: { topic: 'shortcuts', onClose: vi.fn() } });
    expect(rows()).toHaveLength(ACTIONS.filter((a) => a.keys).length);
    expect(rows()).toContain('Keyboard Shortcuts Help Ctrl+/');
    expect(rows()).toContain('New Issue File Ctrl+Shift+N');
    await fireEvent.input(screen.getByTestId('shortcut-search'), { target: { value: 'issue' } });
    expect(rows()).toEqual(['New Issue File Ctrl+Shift+N', 'Add Brief to Issue File Ctrl+Shift+A', 'Issues View Ctrl+2']);
    await fireEvent.input(screen.getByTestId('shortcut-search'), { target: { value: 'shift n' } });
    expect(rows()).toEqual(['New Issue File Ctrl+Shift+N']);
    await fireEvent.input(screen.getByTestId('shortcut-search'), { target: { value: 'zebra' } });
    expect(screen.getByTestId('shortcut-none').textContent).toContain('zebra');
  });

  it('shows the guide rendered by the core’s Markdown renderer', async () => {
    render(HelpDialog, { props: { topic: 'guide', onClose: vi.fn() } });
    await waitFor(() => expect(screen.getByTestId('guide').innerHTML).toBe("<h1>An editor's week with Briefdesk</h1>"));
    expect(vi.mocked(renderMarkdown).mock.calls[0]?.[0]).toMatch(/^# An editor's week with Briefdesk\n/u);
  });

  it('says where the library and its backups are, and switches topics by its tabs', async () => {
    render(HelpDialog, { props: { topic: 'shortcuts', onClose: vi.fn() } });
    await fireEvent.click(screen.getByTestId('help-tab-library'));
    expect((await screen.findByTestId('place-library')).textContent).toBe('/home/ed/briefs.sqlite3');
    expect(screen.getByTestId('place-backups').textContent).toBe('/home/ed/backups');
    expect(libraryPlaces).toHaveBeenCalledOnce();
    expect(screen.getByTestId('help-tab-library').getAttribute('aria-selected')).toBe('true');
  });
});
