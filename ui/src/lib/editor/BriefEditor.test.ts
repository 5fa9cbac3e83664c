import { EditorView } from '@codemirror/view';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { brief } from '../../test/fixtures';
import { createBrief, deleteBrief, getBrief, renderMarkdown, sourceUses, updateBrief } from '../backend';
import type { Brief } from '../bindings/Brief';
import type { DeletedBrief } from '../bindings/DeletedBrief';
import BriefEditor from './BriefEditor.svelte';
import { backupKey, writeBackup } from './autosave';
import { displayDate } from './dates';
import { formFromBrief } from './draft';

vi.mock('../backend', () => ({
  createBrief: vi.fn(),
  updateBrief: vi.fn(),
  deleteBrief: vi.fn(),
  getBrief: vi.fn(),
  renderMarkdown: vi.fn(),
  sourceUses: vi.fn(),
}));

const createMock = vi.mocked(createBrief);
const updateMock = vi.mocked(updateBrief);
const deleteMock = vi.mocked(deleteBrief);

function renderEditor(initial: Brief | null = null) {
  const onSaved = vi.fn<(brief: Brief) => void>();
  const onNew = vi.fn<() => void>();
  const onDeleted = vi.fn<(deleted: DeletedBrief) => void>();
  const result = render(BriefEditor, { props: { brief: initial, onSaved, onNew, onDeleted } });
  return { ...result, onSaved, onNew, onDeleted };
}

function field(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

/** The tag chips' names, in order. */
function chips(): string[] {
  return screen.queryAllByTestId('editor-tag').map((chip) => chip.textContent?.trim() ?? '');
}

async function type(testId: string, value: string): Promise<void> {
  await fireEvent.input(field(testId), { target: { value } });
}

/** The body editor's CodeMirror view (body-input is its editable element). */
function bodyView(): EditorView {
  const view = EditorView.findFromDOM(screen.getByTestId('body-input'));
  if (!view) throw new Error('no editor view around body-input');
  return view;
}

const bodyText = (): string => bodyView().state.doc.toString();

/** Replaces the body as typing would: one user edit in the editor. */
async function typeBody(text: string): Promise<void> {
  const view = bodyView();
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.type' });
  await tick();
}

/** Saves a new headline over a brief whose headline was changed elsewhere meanwhile. */
async function clashOverHeadline(): Promise<void> {
  vi.mocked(getBrief).mockResolvedValue(brief({ version: 2, headline: 'Two reporters held' }));
  updateMock.mockRejectedValueOnce({ code: 'changed_elsewhere', message: 'brief "x" was changed elsewhere' });
  renderEditor(brief());
  await type('headline-input', 'Journalists held in Urumqi');
  await fireEvent.click(screen.getByTestId('save-brief'));
}

describe('BriefEditor', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
    createMock.mockImplementation(async (draft) => brief({ id: 'new-1', ...draft, sources: draft.sources, issue: null }));
    updateMock.mockImplementation(async (id, version, draft) => brief({ id, ...draft, version: version + 1 }));
    deleteMock.mockImplementation(async (id) => ({ brief: brief({ id }), position: null }));
  });

  it('starts empty for a new brief', () => {
    renderEditor();
    expect(bodyText()).toBe('');
    for (const id of ['headline-input', 'outlet-input', 'date-input', 'url-input', 'tags-input', 'notes-input']) {
      expect(field(id).value).toBe('');
    }
    expect(field('status-select').value).toBe('draft');
    expect(screen.queryByTestId('saved-indicator')).toBeNull();
    expect(screen.queryByTestId('form-error')).toBeNull();
  });

  it('fills the form from a brief', () => {
    renderEditor(brief());
    expect(field('headline-input').value).toBe('Journalists detained in Xinjiang');
    expect(bodyText()).toBe('> Two reporters were held for questioning.');
    expect(field('outlet-input').value).toBe('Radio Free Asia');
    // Shown the way the system writes dates (11/27/2020 in the US).
    expect(field('date-input').value).toBe(displayDate('2020-11-27'));
    expect(field('url-input').value).toBe('https://www.rfa.org/english/news/uyghur/reporters-11272020.html');
    expect(chips()).toEqual(['china', 'press freedom']);
    expect(field('tags-input').value).toBe('');
    expect(field('status-select').value).toBe('ready');
    expect(field('notes-input').value).toBe('Check with the desk.');
    expect(screen.getByText('Source: Radio Free Asia, November 27, 2020')).toBeTruthy();
  });

  it('creates a new brief with tags split and trimmed and no source when its fields are blank', async () => {
    const { onSaved } = renderEditor();
    await type('headline-input', 'Court jails blogger');
    await typeBody('A court **sentenced** a blogger.');
    await type('tags-input', ' courts ,  china,, ');
    // Published, not ready: a ready brief needs a source (validate.rs), this one has none.
    await fireEvent.change(field('status-select'), { target: { value: 'published' } });
    await type('notes-input', 'follow up');
    await fireEvent.click(screen.getByTestId('save-brief'));

    await waitFor(() => expect(createMock).toHaveBeenCalledTimes(1));
    expect(createMock).toHaveBeenCalledWith({
      headline: 'Court jails blogger',
      body: 'A court **sentenced** a blogger.',
      sources: [],
      tags: ['courts', 'china'],
      status: 'published',
      notes: 'follow up',
    });
    expect(updateMock).not.toHaveBeenCalled();
    expect(await screen.findByTestId('saved-indicator')).toBeTruthy();
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'new-1', headline: 'Court jails blogger' }));
  });

  it('sends the source when any of its fields is filled, and updates after the first save', async () => {
    renderEditor();
    await type('headline-input', 'H');
    await type('outlet-input', ' Radio Free Asia ');
    await type('date-input', '2020-11-27');
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(createMock).toHaveBeenCalledTimes(1));
    expect(createMock.mock.calls[0]?.[0].sources).toEqual([
      { outlet: 'Radio Free Asia', date: '2020-11-27', url: null, title: null },
    ]);

    await screen.findByTestId('saved-indicator');
    await type('headline-input', 'H2');
    expect(screen.queryByTestId('saved-indicator')).toBeNull();
    await fireEvent.keyDown(window, { key: 'S', metaKey: true });
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(1));
    expect(updateMock.mock.calls[0]?.[0]).toBe('new-1');
    expect(updateMock.mock.calls[0]?.[2].headline).toBe('H2');
    expect(createMock).toHaveBeenCalledTimes(1);
  });

  it('updates an existing brief, keeping source title and extra sources', async () => {
    const original = brief({
      sources: [
        { outlet: 'RFA', date: '2020-11-27', url: 'https://rfa.org/a', title: 'Original title' },
        { outlet: 'AP', date: null, url: null, title: null },
      ],
    });
    const { onSaved } = renderEditor(original);
    expect(field('extra-outlet-0').value).toBe('AP');
    await type('url-input', 'https://rfa.org/b');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(1));
    expect(updateMock).toHaveBeenCalledWith('b-1', 1, {
      headline: original.headline,
      body: original.body,
      sources: [
        { outlet: 'RFA', date: '2020-11-27', url: 'https://rfa.org/b', title: 'Original title' },
        { outlet: 'AP', date: null, url: null, title: null },
      ],
      tags: original.tags,
      status: original.status,
      notes: original.notes,
    });
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  });

  it('drops the first source when its three fields are cleared', async () => {
    renderEditor(brief({ status: 'draft' }));
    await type('outlet-input', '');
    await type('date-input', '');
    await type('url-input', '');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(1));
    expect(updateMock.mock.calls[0]?.[2].sources).toEqual([]);
  });

  it('shows a field error beside its field and in the error summary, found before saving', async () => {
    const { onSaved } = renderEditor();
    await fireEvent.click(screen.getByTestId('save-brief'));

    const summary = await screen.findByTestId('form-error');
    expect(summary.textContent).toContain('Headline: Give the brief a headline.');
    expect(createMock).not.toHaveBeenCalled();
    const headline = field('headline-input');
    expect(headline.getAttribute('aria-invalid')).toBe('true');
    const described = document.getElementById(headline.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('Give the brief a headline.');
    expect(document.activeElement).toBe(headline);
    expect(screen.queryByTestId('saved-indicator')).toBeNull();
    expect(onSaved).not.toHaveBeenCalled();

    // Editing the field clears its error.
    await type('headline-input', 'Now with a headline');
    expect(headline.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByTestId('form-error')).toBeNull();
  });

  it('shows a source URL error beside the URL field, in words', async () => {
    renderEditor();
    await type('headline-input', 'H');
    await type('url-input', 'ftp://x');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await screen.findByTestId('form-error');
    const url = field('url-input');
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(url.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Only web addresses (http:// or https://) can be sources.',
    );
    expect(screen.getByTestId('form-error').textContent).not.toContain('is not an http(s) URL');
    expect(createMock).not.toHaveBeenCalled();
  });

  it('marks the body editor with its error, focuses it from the summary and clears it on typing', async () => {
    updateMock.mockRejectedValue({ code: 'invalid', message: 'body: is too long', field: 'body' });
    renderEditor(brief());
    await fireEvent.click(screen.getByTestId('save-brief'));
    const summary = await screen.findByTestId('form-error');
    const body = screen.getByTestId('body-input');
    expect(body.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(body.getAttribute('aria-describedby') ?? '')?.textContent).toBe('is too long');
    await fireEvent.click(within(summary).getByRole('button', { name: 'Body' }));
    expect(document.activeElement).toBe(body);
    await typeBody('Shorter.');
    expect(body.getAttribute('aria-invalid')).toBeNull();
  });

  it('counts words and previews from what is typed in the body editor', async () => {
    renderEditor(brief({ headline: 'Two words', body: '' }));
    await typeBody('Three more words');
    expect(screen.getByTestId('word-count').textContent).toContain('5 words');
    await fireEvent.click(screen.getByTestId('toggle-preview'));
    const frame = (await screen.findByTestId('body-preview')) as HTMLIFrameElement;
    await waitFor(() => expect(frame.getAttribute('srcdoc')).toContain('<p>Three more words</p>'), { timeout: 2000 });
    await screen.findByTestId('saved-indicator', {}, { timeout: 2000 });
  });

  it('merges a change made elsewhere to another part, then saves from their version', async () => {
    const theirs = brief({ version: 2, notes: 'Confirmed by the desk.' });
    vi.mocked(getBrief).mockResolvedValue(theirs);
    updateMock.mockRejectedValueOnce({ code: 'changed_elsewhere', message: 'brief "x" was changed elsewhere' });
    const { onSaved } = renderEditor(brief());
    await type('headline-input', 'Reporters detained in Xinjiang');
    await fireEvent.click(screen.getByTestId('save-brief'));
    expect((await screen.findByTestId('merged-note')).textContent).toContain('Private notes');
    expect(field('notes-input').value).toBe('Confirmed by the desk.');
    expect(field('headline-input').value).toBe('Reporters detained in Xinjiang');
    // The autosave goes out from version 2 with both changes.
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(2), { timeout: 2500 });
    expect(updateMock.mock.calls[1]?.[1]).toBe(2);
    expect(updateMock.mock.calls[1]?.[2]).toMatchObject({ headline: 'Reporters detained in Xinjiang', notes: 'Confirmed by the desk.' });
    expect(onSaved).toHaveBeenCalledWith(theirs);
  });

  it('asks before a clash with a change made elsewhere, and saves nothing until the editor chooses', async () => {
    await clashOverHeadline();
    const banner = await screen.findByTestId('conflict');
    expect(banner.textContent?.replace(/\s+/gu, ' ')).toContain('Both of you changed Headline. Your edits are kept here');
    expect(screen.getByTestId('conflict-theirs').textContent).toBe('Two reporters held');
    expect(field('headline-input').value).toBe('Journalists held in Urumqi');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(updateMock).toHaveBeenCalledTimes(1);

    await fireEvent.click(screen.getByTestId('conflict-keep-mine'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(2));
    expect(updateMock.mock.calls[1]?.[1]).toBe(2);
    expect(updateMock.mock.calls[1]?.[2].headline).toBe('Journalists held in Urumqi');
    expect(screen.queryByTestId('conflict')).toBeNull();
  });

  it('takes their value for the clashing parts when the editor says so', async () => {
    await clashOverHeadline();
    await fireEvent.click(await screen.findByTestId('conflict-use-theirs'));
    expect(field('headline-input').value).toBe('Two reporters held');
    expect(screen.queryByTestId('conflict')).toBeNull();
    // Nothing of mine is left to save: the form is what the library holds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(updateMock).toHaveBeenCalledTimes(1);
  });

  it('shows other core errors in the general error area', async () => {
    updateMock.mockRejectedValue({ code: 'not_found', message: 'no brief with id b-1' });
    renderEditor(brief());
    await fireEvent.click(screen.getByTestId('save-brief'));
    const summary = await screen.findByTestId('form-error');
    expect(summary.textContent).toContain('no brief with id b-1');
    expect(document.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
  });

  // Ctrl+N is the app's command (lib/actions), run by App: see App.test.ts.
  it('starts a new brief from the button', async () => {
    const { onNew } = renderEditor(brief());
    await fireEvent.click(screen.getByTestId('new-brief'));
    expect(onNew).toHaveBeenCalledTimes(1);
  });

  it('deletes after confirmation', async () => {
    const { onDeleted } = renderEditor(brief());
    await fireEvent.click(screen.getByTestId('delete-brief'));
    expect(deleteMock).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith({ brief: brief({ id: 'b-1' }), position: null }));
    expect(deleteMock).toHaveBeenCalledWith('b-1');
  });
});

describe('BriefEditor keeps what is typed', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
    createMock.mockReset();
    updateMock.mockReset();
    createMock.mockImplementation(async (draft) => brief({ id: 'new-1', ...draft, issue: null }));
    updateMock.mockImplementation(async (id, version, draft) => brief({ id, ...draft, version: version + 1 }));
  });

  it('stores a new brief shortly after the headline is typed, without Save', async () => {
    const { onSaved } = renderEditor();
    await type('headline-input', 'Court upholds sentence');
    expect(createMock).not.toHaveBeenCalled();
    await waitFor(() => expect(createMock).toHaveBeenCalledOnce(), { timeout: 2000 });
    expect(createMock.mock.calls[0]?.[0].headline).toBe('Court upholds sentence');
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(await screen.findByTestId('saved-indicator')).toBeTruthy();
  });

  it('stores edits at once when focus leaves the form', async () => {
    renderEditor(brief());
    await typeBody('A new body.');
    await fireEvent.focusOut(field('body-input'), { relatedTarget: null });
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce(), { timeout: 300 });
    expect(updateMock.mock.calls[0]?.[2].body).toBe('A new body.');
  });

  it('keeps a space typed at the end of the body when the core stores it trimmed', async () => {
    updateMock.mockImplementation(async (id, version, draft) => brief({ id, ...draft, body: draft.body.trimEnd(), version: version + 1 }));
    renderEditor(brief());
    await typeBody('Two words ');
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce(), { timeout: 2000 });
    await screen.findByTestId('saved-indicator');
    expect(bodyText()).toBe('Two words ');
  });

  it('merges a kept copy with a change saved elsewhere after the window closed, never laying it over', async () => {
    const base = brief({ version: 1 });
    writeBackup(backupKey('b-1'), { ...formFromBrief(base), body: 'Typed before closing' }, base);
    renderEditor(brief({ version: 2, notes: 'Added from the command line.', updated_at: '2099-01-01T00:00:00Z' }));
    expect(bodyText()).toBe('Typed before closing');
    expect(field('notes-input').value).toBe('Added from the command line.');
    await screen.findByTestId('merged-note');
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce(), { timeout: 2000 });
    expect(updateMock.mock.calls[0]?.[1]).toBe(2);
  });

  it('asks about a kept copy that clashes with a change saved elsewhere', async () => {
    const base = brief({ version: 1 });
    writeBackup(backupKey('b-1'), { ...formFromBrief(base), headline: 'Mine' }, base);
    renderEditor(brief({ version: 2, headline: 'Theirs' }));
    expect(field('headline-input').value).toBe('Mine');
    expect((await screen.findByTestId('conflict-theirs')).textContent).toBe('Theirs');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(updateMock).not.toHaveBeenCalled();
  });

  it('brings back edits a crash kept only in the local copy', async () => {
    const stored = brief();
    localStorage.setItem(
      'briefdesk.unsaved.b-1',
      JSON.stringify({
        form: {
          headline: stored.headline,
          body: 'Typed just before the crash',
          outlet: 'Radio Free Asia',
          date: '2020-11-27',
          url: 'https://www.rfa.org/english/news/uyghur/reporters-11272020.html',
          tags: 'china, press freedom',
          status: 'ready',
          notes: 'Check with the desk.',
        },
        at: '2099-01-01T00:00:00Z',
      }),
    );
    renderEditor(stored);
    expect(bodyText()).toBe('Typed just before the crash');
    // The copy predates tag chips (tags as one text): its tags come back as chips.
    expect(chips()).toEqual(['china', 'press freedom']);
    expect(screen.getByTestId('recovered')).toBeTruthy();
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce(), { timeout: 2000 });
  });

  it('counts words and warns when the URL was covered before', async () => {
    vi.mocked(sourceUses).mockResolvedValue([
      { id: 'old-1', headline: 'Reporters held in Kashgar', issue: 12, published: true, url: 'https://www.rfa.org/x' },
    ]);
    renderEditor(brief({ id: 'b-9' }));
    expect(screen.getByTestId('word-count').textContent).toContain('10 words');
    expect((await screen.findByTestId('covered-warning', {}, { timeout: 2000 })).textContent).toBe(
      'Previously in No. 12: Reporters held in Kashgar',
    );
  });

  it('previews the body as the core renders it, in a frame without scripts', async () => {
    renderEditor(brief());
    await fireEvent.click(screen.getByTestId('toggle-preview'));
    const frame = (await screen.findByTestId('body-preview')) as HTMLIFrameElement;
    expect(frame.getAttribute('sandbox')).toBe('');
    await waitFor(() => expect(frame.getAttribute('srcdoc')).toContain('<p>> Two reporters'), { timeout: 2000 });
  });
});

describe('BriefEditor with several sources', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
    updateMock.mockReset();
    updateMock.mockImplementation(async (id, version, draft) => brief({ id, ...draft, version: version + 1 }));
  });

  it('adds, edits and removes further sources, in order', async () => {
    renderEditor(brief());
    await fireEvent.click(screen.getByTestId('add-source'));
    await type('extra-outlet-0', 'ABC News');
    await type('extra-date-0', '2020-12-16');
    await type('extra-url-0', 'https://abc.net.au/x');
    expect(screen.getByText(/^Sources: Radio Free Asia, November 27, 2020; ABC News, December 16, 2020$/u)).toBeTruthy();
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce());
    expect(updateMock.mock.calls[0]?.[2].sources.map((s) => s.outlet)).toEqual(['Radio Free Asia', 'ABC News']);
    expect(updateMock.mock.calls[0]?.[2].sources[1]).toEqual({
      outlet: 'ABC News',
      date: '2020-12-16',
      url: 'https://abc.net.au/x',
      title: null,
    });

    // A row just added survives a save that lands before anything is typed in it.
    await fireEvent.click(screen.getByTestId('add-source'));
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByTestId('saved-indicator')).toBeTruthy());
    expect(screen.getAllByTestId('extra-source')).toHaveLength(2);
    expect(field('extra-outlet-1').value).toBe('');
    await fireEvent.click(screen.getByTestId('remove-source-1'));

    await fireEvent.click(screen.getByTestId('remove-source-0'));
    expect(screen.queryByTestId('extra-source')).toBeNull();
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(3));
    expect(updateMock.mock.calls[2]?.[2].sources).toHaveLength(1);
  });

  it('counts a headline near its limit and refuses one over it, without sending it', async () => {
    const stored = brief({ id: 'b1' });
    renderEditor(stored);
    await type('headline-input', 'h'.repeat(250));
    expect(screen.getByTestId('headline-count').textContent?.trim()).toBe('250 / 300 characters');
    expect(screen.queryByTestId('form-error')).toBeNull();

    await type('headline-input', 'h'.repeat(2000));
    expect(screen.getByTestId('headline-count').textContent?.trim()).toBe('2,000 / 300 characters');
    expect(screen.getByTestId('form-error').textContent).toContain('Headline: too long (2,000 characters; the most is 300)');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(updateMock).not.toHaveBeenCalled();
    // The text stays where the editor typed it, and in the local copy.
    expect(field('headline-input').value).toHaveLength(2000);
    expect(localStorage.getItem('briefdesk.unsaved.b1')).toContain('h'.repeat(2000));

    await type('headline-input', 'Shorter');
    expect(screen.queryByTestId('form-error')).toBeNull();
    await waitFor(() => expect(updateMock).toHaveBeenCalledTimes(1));
  });

  it('refuses a 10 MB body at once, and neither previews nor saves it', async () => {
    renderEditor(brief({ id: 'b2' }));
    await fireEvent.click(screen.getByTestId('toggle-preview'));
    await typeBody('a'.repeat(10 * 1024 * 1024));
    expect(screen.getByTestId('form-error').textContent).toContain(
      'Body: too long (10,485,760 characters; the most is 200,000)',
    );
    expect(screen.getByTestId('body-count').textContent?.trim()).toBe('10,485,760 / 200,000 characters');
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(updateMock).not.toHaveBeenCalled();
    expect(renderMarkdown).not.toHaveBeenCalledWith(expect.stringMatching(/^a{1000}/u));
    expect(bodyText()).toHaveLength(10 * 1024 * 1024);
  });
});

describe('BriefEditor: what is typed is stored or refused, never dropped', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
    createMock.mockReset().mockImplementation(async (draft) => brief({ id: 'new-1', ...draft, issue: null }));
    updateMock.mockReset().mockImplementation(async (_id, version, draft) => brief({ ...draft, version: version + 1 }));
  });

  it('refuses an impossible date beside its field, with the reason, instead of saving without it', async () => {
    renderEditor();
    await type('headline-input', 'Grain prices climb');
    await type('outlet-input', 'Kestrel Gazette');
    await type('date-input', '02/30/2021');
    await fireEvent.blur(field('date-input'));
    expect(screen.getByTestId('date-input-problem').textContent).toBe('There is no February 30 in 2021.');
    await fireEvent.click(screen.getByTestId('save-brief'));
    expect(screen.getByTestId('form-error').textContent).toContain('Source date: There is no February 30 in 2021.');
    expect(createMock).not.toHaveBeenCalled();
    expect(field('date-input').value).toBe('02/30/2021');

    // A real date, typed the way the system writes dates, is stored as a date.
    await type('date-input', '02/28/2021');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(createMock).toHaveBeenCalledOnce());
    expect(createMock.mock.calls[0]?.[0].sources[0]?.date).toBe('2021-02-28');
  });

  it('lists every problem at once, in words, each a link to its field', async () => {
    renderEditor(brief());
    await type('outlet-input', '');
    await type('url-input', 'ftp://example.org/x');
    await fireEvent.click(screen.getByTestId('add-source'));
    await type('extra-outlet-0', 'ABC News');
    await type('extra-date-0', 'soon');
    await fireEvent.click(screen.getByTestId('save-brief'));

    const summary = screen.getByTestId('form-error');
    const lines = [...summary.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(lines).toEqual([
      'Source outlet: Name the outlet that published the story.',
      'Source URL: Only web addresses (http:// or https://) can be sources.',
      'Source 2 date: “soon” is not a date: type it as MM/DD/YYYY (e.g. 11/27/2020).',
    ]);
    expect(updateMock).not.toHaveBeenCalled();
    await fireEvent.click(within(summary).getByRole('button', { name: 'Source 2 date' }));
    expect(document.activeElement).toBe(field('extra-date-0'));
    expect(field('extra-date-0').getAttribute('aria-invalid')).toBe('true');
  });
});

describe('BriefEditor: a brief of a published issue', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
    updateMock.mockReset().mockImplementation(async (_id, version, draft) => brief({ ...draft, version: version + 1 }));
  });

  it('opens read-only, and "Edit anyway" says the sent issue’s archive changes', async () => {
    renderEditor(brief({ status: 'published', issue: { number: 7, section: 'News', published: true } }));
    const lock = screen.getByTestId('brief-locked');
    expect(lock.textContent).toContain('No. 7');
    expect(lock.textContent).toContain('changes the archive of the sent issue');
    expect(field('headline-input').matches(':disabled')).toBe(true);
    expect(screen.getByTestId('body-input').getAttribute('contenteditable')).toBe('false');
    expect((screen.getByTestId('save-brief') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId('brief-edit-anyway'));
    expect(field('headline-input').matches(':disabled')).toBe(false);
    expect(screen.getByTestId('body-input').getAttribute('contenteditable')).toBe('true');
    expect(screen.getByTestId('brief-editing-published').textContent).toContain('archive changes');
    await type('headline-input', 'Corrected headline');
    await fireEvent.click(screen.getByTestId('save-brief'));
    await waitFor(() => expect(updateMock).toHaveBeenCalledOnce());
  });

  it('opens a brief of a draft issue for editing as ever', () => {
    renderEditor(brief({ issue: { number: 8, section: 'News', published: false } }));
    expect(screen.queryByTestId('brief-locked')).toBeNull();
    expect(field('headline-input').matches(':disabled')).toBe(false);
  });
});

describe('BriefEditor: spelling', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.mocked(renderMarkdown).mockImplementation(async (md) => `<p>${md}</p>`);
    vi.mocked(sourceUses).mockResolvedValue([]);
  });

  it('checks the headline and body in the window’s language, on by default, and follows the setting', async () => {
    const { spelling } = await import('../settings/spelling.svelte');
    renderEditor(brief());
    const body = screen.getByTestId('body-input');
    expect(body.getAttribute('spellcheck')).toBe('true');
    expect(body.getAttribute('lang')).toBe(navigator.language);
    expect(field('headline-input').getAttribute('spellcheck')).toBe('true');
    expect(field('headline-input').lang).toBe(navigator.language);

    spelling.set(false);
    await tick();
    expect(body.getAttribute('spellcheck')).toBe('false');
    expect(field('headline-input').getAttribute('spellcheck')).toBe('false');
    expect(localStorage.getItem('briefdesk.spellcheck')).toBe('off');
    spelling.set(true);
  });
});
