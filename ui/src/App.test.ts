import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import App from './App.svelte';
import {
  checkIssue,
  createBrief,
  getBrief,
  getIssue,
  importText,
  issueTotals,
  libraryInfo,
  listBackups,
  listBriefs,
  restoreBackup,
  listIssues,
  loadSample,
  onMenu,
  searchBriefs,
  switchLibrary,
  transferIssues,
} from './lib/backend';
import { brief, page } from './test/fixtures';

vi.mock('./lib/backend', () => ({
  libraryInfo: vi.fn(),
  // The team sync's indicator: this library follows no team.
  teamSyncStatus: vi.fn(async () => null),
  onTeamSync: vi.fn(async () => () => {}),
  teamPresence: vi.fn(async () => []),
  onTeamPresence: vi.fn(async () => () => {}),
  teamEditing: vi.fn(async () => {}),
  syncTeamNow: vi.fn(),
  teamConflicts: vi.fn(async () => []),
  teamRefusedBriefs: vi.fn(async () => []),
  teamWaitingBriefs: vi.fn(async () => []),
  resolveTeamConflict: vi.fn(),
  // The composing lease: no one holds it (no team).
  composeIssue: vi.fn(async () => undefined),
  composingLease: vi.fn(async () => null),
  onComposingLease: vi.fn(async () => () => {}),
  listBackups: vi.fn(async () => []),
  restoreBackup: vi.fn(),
  backupNow: vi.fn(),
  listBriefs: vi.fn(),
  searchBriefs: vi.fn(),
  getBrief: vi.fn(),
  createBrief: vi.fn(),
  updateBrief: vi.fn(),
  deleteBrief: vi.fn(),
  listTags: vi.fn(async () => []),
  renderMarkdown: vi.fn(async () => ''),
  sourceUses: vi.fn(async () => []),
  onWindowClose: vi.fn(async () => {}),
  closeWindow: vi.fn(async () => {}),
  onMenu: vi.fn(async () => {}),
  onBackupFailed: vi.fn(async () => () => {}),
  onClipped: vi.fn(async () => () => {}),
  openStartupClip: vi.fn(async () => {}),
  draftFromUrl: vi.fn(async () => {}),
  listIssues: vi.fn(),
  getIssue: vi.fn(),
  issueTotals: vi.fn(),
  checkIssue: vi.fn(),
  transferIssues: vi.fn(),
  importText: vi.fn(),
  importFile: vi.fn(),
  pickImportFile: vi.fn(),
  exportDocument: vi.fn(),
  saveExport: vi.fn(),
  copyExport: vi.fn(),
  copyRichText: vi.fn(),
  switchLibrary: vi.fn(),
  loadSample: vi.fn(),
}));

const first = brief();
const second = brief({
  id: 'b-2',
  headline: 'Blogger sentenced',
  body: 'Body two',
  sources: [{ outlet: 'Reuters', date: '2021-01-05', url: null, title: null }],
  tags: ['courts'],
  status: 'draft',
  notes: '',
});

describe('App', () => {
  beforeEach(() => {
    // Unsaved-edit backups from an earlier test would be restored over the briefs.
    localStorage.clear();
    vi.mocked(libraryInfo).mockResolvedValue({ path: '/home/ed/briefs.db', name: 'Asia desk', brief_count: 2 });
    vi.mocked(listBriefs).mockResolvedValue(page([first, second]));
    vi.mocked(searchBriefs).mockResolvedValue([]);
    vi.mocked(getBrief).mockImplementation(async (id) => (id === 'b-2' ? second : first));
  });

  it('shows the library name', async () => {
    render(App);
    expect((await screen.findByTestId('library-name')).textContent).toBe('Asia desk');
    expect(document.title).toBe('Briefdesk — Asia desk');
  });

  it('fills the form when a row is clicked', async () => {
    render(App);
    const rows = await screen.findAllByTestId('brief-row');
    await fireEvent.click(rows[1]!);
    await waitFor(() =>
      expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe('Blogger sentenced'),
    );
    expect(getBrief).toHaveBeenCalledWith('b-2');
    expect((screen.getByTestId('outlet-input') as HTMLInputElement).value).toBe('Reuters');
    expect(screen.getAllByTestId('editor-tag').map((chip) => chip.textContent?.trim())).toEqual(['courts']);
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');

    // "New brief" empties the form again.
    await fireEvent.click(screen.getByTestId('new-brief'));
    await waitFor(() => expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe(''));
    expect(document.activeElement).toBe(screen.getByTestId('headline-input'));
  });

  it('refreshes the list after saving and keeps the saved brief selected', async () => {
    const created = brief({ id: 'b-3', headline: 'Fresh brief', sources: [], tags: [], status: 'draft', notes: '' });
    vi.mocked(createBrief).mockResolvedValue(created);
    render(App);
    await screen.findAllByTestId('brief-row');
    expect(listBriefs).toHaveBeenCalledTimes(1);

    vi.mocked(listBriefs).mockResolvedValue(page([created, first, second]));
    // The editor is drawn after the list's first rows, from its own chunk.
    await fireEvent.input(await screen.findByTestId('headline-input'), { target: { value: 'Fresh brief' } });
    await fireEvent.click(screen.getByTestId('save-brief'));

    await waitFor(() => expect(listBriefs).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getAllByTestId('brief-row')).toHaveLength(3));
    const selected = screen.getAllByTestId('brief-row').filter((row) => row.getAttribute('aria-selected') === 'true');
    expect(selected.map((row) => row.dataset.id)).toEqual(['b-3']);
    expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe('Fresh brief');
    expect(screen.getByTestId('saved-indicator')).toBeTruthy();
  });

  it('renders without a backend, showing the error near the list', async () => {
    const failure = { code: 'no_backend', message: 'The Briefdesk core is not reachable.' };
    vi.mocked(libraryInfo).mockRejectedValue(failure);
    vi.mocked(listBriefs).mockRejectedValue(failure);
    render(App);
    expect((await screen.findByTestId('library-error')).textContent).toContain('not reachable');
    // With no rows to paint, the editor comes at the latest a moment later.
    expect(await screen.findByTestId('headline-input')).toBeTruthy();
    expect(screen.queryByTestId('library-name')).toBeNull();
  });

  it('switches to the issue composer and back without losing the editor', async () => {
    const issue = {
      id: 'i-12',
      number: 12,
      title: 'China Briefing',
      date: '2020-12-08',
      status: 'draft' as const,
      subject: '',
      preheader: '',
      intro: '',
      closing: '',
      sections: [{ name: 'Domestic', briefs: [{ id: 'b-2', headline: 'Blogger sentenced' }] }],
    };
    vi.mocked(listIssues).mockResolvedValue([issue]);
    vi.mocked(getIssue).mockResolvedValue(issue);
    vi.mocked(checkIssue).mockResolvedValue([]);
    vi.mocked(issueTotals).mockResolvedValue({
      briefs: 1,
      words: 2,
      reading_minutes: 1,
      email_bytes: 9000,
      email_limit: 104448,
      per_brief: [{ id: 'b-2', words: 2, status: 'draft' }],
    });
    render(App);
    await screen.findAllByTestId('brief-row');
    await fireEvent.input(await screen.findByTestId('headline-input'), { target: { value: 'Half-written' } });
    expect(screen.getByTestId('tab-library').getAttribute('aria-selected')).toBe('true');

    await fireEvent.click(screen.getByTestId('tab-issues'));
    // The issue list and the composer's toolbar both name it.
    await waitFor(() => expect(screen.getAllByText('No. 12')).toHaveLength(2));
    expect(screen.getByTestId('tab-issues').getAttribute('aria-selected')).toBe('true');
    expect(listBriefs).toHaveBeenLastCalledWith(expect.objectContaining({ unassigned: true }));

    // "Open in the brief editor" goes back to the library with that brief.
    await fireEvent.click(await screen.findByTestId('open-brief'));
    await waitFor(() =>
      expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe('Blogger sentenced'),
    );
    expect(screen.getByTestId('tab-library').getAttribute('aria-selected')).toBe('true');
    expect(getBrief).toHaveBeenCalledWith('b-2');

    // Ctrl+2 and Ctrl+1 switch too; the editor kept its state meanwhile.
    await fireEvent.input(screen.getByTestId('headline-input'), { target: { value: 'Still here' } });
    await fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(screen.getByTestId('tab-issues').getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(window, { key: '1', ctrlKey: true });
    expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe('Still here');
  });

  it('shows the sample issue in the composer once it is loaded on first run, not an empty form', async () => {
    vi.mocked(libraryInfo).mockResolvedValue({ path: '/home/ed/briefs.db', name: 'Asia desk', brief_count: 0 });
    vi.mocked(listBriefs).mockResolvedValue(page([]));
    const empty = { id: 'i-1', number: 1, title: 'Old empty issue', date: '2020-12-01', status: 'draft' as const, subject: '', preheader: '', intro: '', closing: '', sections: [] };
    const sample = { ...empty, id: 'i-2', number: 2, title: 'China Briefing', sections: [{ name: 'Domestic', briefs: [{ id: 'b-2', headline: 'Blogger sentenced' }] }] };
    // An issue already there (made before any brief) does not take the sample's place.
    vi.mocked(listIssues).mockResolvedValue([empty]);
    vi.mocked(getIssue).mockImplementation(async (n) => (n === 2 ? sample : empty));
    vi.mocked(checkIssue).mockResolvedValue([]);
    vi.mocked(issueTotals).mockResolvedValue({ briefs: 1, words: 2, reading_minutes: 1, email_bytes: 9000, email_limit: 104448, per_brief: [] });
    render(App);
    await fireEvent.click(screen.getByTestId('tab-issues'));
    await waitFor(() => expect(screen.getAllByText('No. 1')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('tab-library'));
    await screen.findByTestId('welcome');

    vi.mocked(loadSample).mockResolvedValue(2);
    vi.mocked(listIssues).mockResolvedValue([sample, empty]);
    vi.mocked(listBriefs).mockResolvedValue(page([second]));
    await fireEvent.click(screen.getByTestId('load-sample'));
    await waitFor(() => expect(screen.getByTestId('tab-issues').getAttribute('aria-selected')).toBe('true'));
    await waitFor(() => expect(screen.getAllByText('No. 2')).toHaveLength(2));
    expect(screen.getAllByTestId('issue-brief').map((row) => row.textContent)).toEqual([expect.stringContaining('Blogger sentenced')]);
    expect(screen.queryByTestId('welcome')).toBeNull();
  });

  it('reloads the open brief on coming back from the composer, which may have published it', async () => {
    vi.mocked(listIssues).mockResolvedValue([]);
    render(App);
    const rows = await screen.findAllByTestId('brief-row');
    await fireEvent.click(rows[1]!);
    await waitFor(() => expect((screen.getByTestId('status-select') as HTMLSelectElement).value).toBe('draft'));

    await fireEvent.click(screen.getByTestId('tab-issues'));
    // Meanwhile the composer published the issue holding it.
    vi.mocked(getBrief).mockImplementation(async (id) =>
      id === 'b-2' ? { ...second, status: 'published', issue: { number: 12, section: 'Domestic', published: true } } : first,
    );
    await fireEvent.click(screen.getByTestId('tab-library'));
    await waitFor(() => expect((screen.getByTestId('status-select') as HTMLSelectElement).value).toBe('published'), { timeout: 5000 });
    // Sent with No. 12: it opens read-only now.
    expect(await screen.findByTestId('brief-locked')).toBeTruthy();
  });

  it('says why the library could not be opened, and offers another or a new one', async () => {
    vi.mocked(libraryInfo).mockRejectedValue({
      code: 'library_unavailable',
      message: 'cannot open the library /home/ed/briefs.db: it was written by a newer Briefdesk (schema 9; this one knows 4)',
    });
    vi.mocked(switchLibrary).mockResolvedValue(null);
    render(App);
    const panel = await screen.findByTestId('library-unavailable');
    expect(panel.textContent).toContain('written by a newer Briefdesk');
    expect(panel.textContent).toContain('has not changed the file');
    await fireEvent.click(screen.getByTestId('unavailable-new'));
    expect(switchLibrary).toHaveBeenCalledWith(true);
    await fireEvent.click(screen.getByTestId('unavailable-open'));
    expect(switchLibrary).toHaveBeenLastCalledWith(false);
    expect((await screen.findByTestId('no-backups')).textContent).toContain('no backups of this library');
    expect(screen.queryByTestId('backup-now')).toBeNull();
  });

  it("offers a damaged library's backups and restores the one chosen", async () => {
    vi.mocked(libraryInfo).mockRejectedValue({
      code: 'library_unavailable',
      message: 'cannot open the library /home/ed/briefs.db: the library is damaged (database disk image is malformed)',
    });
    const path = '/home/ed/backups/briefs-20261127T100000Z-manual.sqlite3';
    vi.mocked(listBackups).mockResolvedValue([{ path, created: '2026-11-27T10:00:00Z', size: 40960, kind: 'manual' }]);
    vi.mocked(restoreBackup).mockRejectedValue({ code: 'corrupt', message: 'the backup is damaged too' });
    render(App);
    await fireEvent.click(await screen.findByTestId('restore-backup'));
    await fireEvent.click(screen.getByTestId('confirm-restore'));
    expect(restoreBackup).toHaveBeenCalledWith(path);
    expect((await screen.findByTestId('backups-error')).textContent).toContain('the backup is damaged too');
  });

  it('opens Import from the top bar and refreshes the list after an import', async () => {
    vi.mocked(transferIssues).mockResolvedValue([]);
    const imported = brief({ id: 'b-9', headline: 'Imported brief', notes: '' });
    vi.mocked(importText).mockResolvedValue({ layout: '', briefs: [imported], origins: [], skipped: [], warnings: [], duplicates: [], saved_layout: null });
    render(App);
    await screen.findAllByTestId('brief-row');
    await fireEvent.click(screen.getByTestId('open-import'));
    await fireEvent.input(await screen.findByTestId('import-text'), { target: { value: 'Imported brief' } });
    const commit = screen.getByTestId('import-commit');
    await waitFor(() => expect(commit).toHaveProperty('disabled', false));

    vi.mocked(listBriefs).mockResolvedValue(page([imported, first, second]));
    await fireEvent.click(commit);
    await waitFor(() => expect(screen.queryByTestId('import-dialog')).toBeNull());
    await waitFor(() => expect(screen.getAllByTestId('brief-row')).toHaveLength(3));
    // The import is confirmed in words, with a way to see what came in.
    expect(screen.getByTestId('import-done-message').textContent).toBe('Imported 1 brief into the library.');
    expect(screen.getByTestId('import-done-show').textContent?.trim()).toBe('Show in the library');
  });

  it('opens Export from the top bar; Escape closes it', async () => {
    vi.mocked(transferIssues).mockResolvedValue([]);
    render(App);
    const button = screen.getByTestId('open-export');
    button.focus();
    await fireEvent.click(button);
    expect(await screen.findByTestId('export-dialog')).toBeTruthy();
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('export-dialog')).toBeNull());
    expect(document.activeElement).toBe(button);
  });
  /** What the native menu's choice of `id` does: the page hears its id through onMenu. */
  async function chooseFromMenu(id: string): Promise<void> {
    await waitFor(() => expect(onMenu).toHaveBeenCalled());
    const handler = vi.mocked(onMenu).mock.lastCall?.[0];
    if (!handler) throw new Error('the app did not listen to the menu');
    handler(id);
    await tick();
  }

  it('starts a new brief from the welcome screen by the menu, by Ctrl+N and by its button', async () => {
    vi.mocked(libraryInfo).mockResolvedValue({ path: '/home/ed/briefs.db', name: 'Asia desk', brief_count: 0 });
    vi.mocked(listBriefs).mockResolvedValue(page([]));

    for (const start of [
      () => chooseFromMenu('new-brief'),
      () => fireEvent.keyDown(window, { key: 'n', ctrlKey: true }),
      () => fireEvent.click(screen.getByTestId('new-brief')),
    ]) {
      const { unmount } = render(App);
      await screen.findByTestId('welcome');
      await start();
      await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('headline-input')));
      expect(screen.queryByTestId('welcome')).toBeNull();
      unmount();
    }
  });

  it('Ctrl+N in the editor starts another brief', async () => {
    render(App);
    const rows = await screen.findAllByTestId('brief-row');
    await fireEvent.click(rows[1]!);
    await waitFor(() => expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe('Blogger sentenced'));
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    await waitFor(() => expect((screen.getByTestId('headline-input') as HTMLInputElement).value).toBe(''));
    expect(document.activeElement).toBe(screen.getByTestId('headline-input'));
  });

  it('Find in Library from the menu or Ctrl+F, even from the issues view, puts the keyboard in the search', async () => {
    vi.mocked(listIssues).mockResolvedValue([]);
    render(App);
    await screen.findAllByTestId('brief-row');
    await fireEvent.click(screen.getByTestId('tab-issues'));
    await chooseFromMenu('find');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('search-input')));
    expect(screen.getByTestId('tab-library').getAttribute('aria-selected')).toBe('true');

    screen.getByTestId('headline-input').focus();
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('search-input'));
  });

  it('opens Export from the menu', async () => {
    vi.mocked(transferIssues).mockResolvedValue([]);
    render(App);
    await screen.findAllByTestId('brief-row');
    await chooseFromMenu('export');
    expect(await screen.findByTestId('export-dialog')).toBeTruthy();
  });
});
