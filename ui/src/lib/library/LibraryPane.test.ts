import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { brief, page } from '../../test/fixtures';
import { listBriefs, listTags, searchBriefs } from '../backend';
import { announceChange, libraryChange } from '../backend/events';
import type { SearchHit } from '../bindings/SearchHit';
import { team } from '../team/team.svelte';
import LibraryPane from './LibraryPane.svelte';
import { FETCH_DELAY_MS, PAGE_SIZE, ROW_HEIGHT, SEARCH_DEBOUNCE_MS, SEARCH_LIMIT, SEARCH_MAX, defaultBriefQuery } from './query';

vi.mock('../backend', () => ({
  listBriefs: vi.fn(),
  searchBriefs: vi.fn(),
  listTags: vi.fn(async () => [
    { name: 'china', colour: null, count: 3 },
    { name: 'media', colour: null, count: 1 },
  ]),
}));

/** A search hit with the library row's fields empty unless given. */
function searchHit(fields: Pick<SearchHit, 'id' | 'headline' | 'snippet' | 'rank'> & Partial<SearchHit>): SearchHit {
  return { status: 'draft', outlet: null, source_date: null, issue: null, ...fields };
}

const listMock = vi.mocked(listBriefs);
const searchMock = vi.mocked(searchBriefs);

function renderPane(props: Partial<{ selectedId: string | null; refreshToken: number; onOpen: (id: string) => void }> = {}) {
  const onOpen = props.onOpen ?? vi.fn<(id: string) => void>();
  const result = render(LibraryPane, { props: { selectedId: null, refreshToken: 0, onOpen, ...props } });
  return { ...result, onOpen };
}

describe('LibraryPane', () => {
  beforeEach(() => {
    listMock.mockResolvedValue(
      page([
        brief(),
        brief({ id: 'b-2', headline: 'Second brief', sources: [], tags: [], status: 'published' }),
      ]),
    );
    searchMock.mockResolvedValue([]);
  });

  it('lists briefs with outlet, date, tags and status', async () => {
    renderPane();
    const rows = await screen.findAllByTestId('brief-row');
    expect(listMock).toHaveBeenCalledWith(defaultBriefQuery());
    expect(rows).toHaveLength(2);
    const first = rows[0]!;
    expect(first.dataset.id).toBe('b-1');
    expect(first.textContent).toContain('Journalists detained in Xinjiang');
    expect(first.textContent).toContain('Radio Free Asia');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2020-11-27');
    expect(within(first).getByText('press freedom')).toBeTruthy();
    expect(within(first).getByText('Ready')).toBeTruthy();
    expect(within(rows[1]!).getByText('Published')).toBeTruthy();
    expect(screen.getByText('2 briefs')).toBeTruthy();
  });

  it('shows the empty state when the library is empty', async () => {
    listMock.mockResolvedValue(page([]));
    renderPane();
    expect(await screen.findByText('No briefs yet — write your first one on the right.')).toBeTruthy();
    expect(screen.queryAllByTestId('brief-row')).toHaveLength(0);
  });

  it('searches as you type (debounced) and shows the highlighted snippet', async () => {
    searchMock.mockResolvedValue([
      searchHit({
        id: 'b-9',
        headline: 'Reporters held',
        snippet: 'two &lt;b&gt; <mark>reporters</mark> were held',
        rank: 1.5,
        status: 'ready',
        outlet: 'Radio Free Asia',
        source_date: '2020-11-27',
        issue: 12,
      }),
    ]);
    renderPane();
    await screen.findAllByTestId('brief-row');
    const input = screen.getByTestId('search-input');

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await fireEvent.input(input, { target: { value: 'r' } });
      await vi.advanceTimersByTimeAsync(100);
      await fireEvent.input(input, { target: { value: 'rep' } });
      await vi.advanceTimersByTimeAsync(100);
      await fireEvent.input(input, { target: { value: ' reporters ' } });
      await vi.advanceTimersByTimeAsync(100);
      expect(searchMock).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 100);
    } finally {
      vi.useRealTimers();
    }
    expect(searchMock).toHaveBeenCalledTimes(1);
    expect(searchMock).toHaveBeenCalledWith('reporters', SEARCH_LIMIT, null);

    const row = await screen.findByText('Reporters held');
    const button = row.closest<HTMLElement>('[data-testid="brief-row"]')!;
    expect(button.dataset.id).toBe('b-9');
    const mark = button.querySelector('mark');
    expect(mark?.textContent).toBe('reporters');
    // Escaped text stays text.
    expect(button.querySelector('b')).toBeNull();
    expect(button.textContent).toContain('two <b> reporters were held');
    // The row says what a library row says: status, outlet, source date, issue.
    expect(button.textContent).toContain('Ready');
    expect(button.textContent).toContain('Radio Free Asia');
    expect(button.querySelector('time')?.getAttribute('datetime')).toBe('2020-11-27');
    expect(button.textContent).toContain('No. 12');
    expect(screen.getAllByTestId('brief-row')).toHaveLength(1);
  });

  it('ignores answers to superseded searches', async () => {
    const answers: Array<(hits: SearchHit[]) => void> = [];
    searchMock.mockImplementation(() => new Promise<SearchHit[]>((resolve) => answers.push(resolve)));
    renderPane();
    await screen.findAllByTestId('brief-row');
    const input = screen.getByTestId('search-input');
    await fireEvent.input(input, { target: { value: 'old' } });
    await waitFor(() => expect(answers).toHaveLength(1));
    await fireEvent.input(input, { target: { value: 'new' } });
    await waitFor(() => expect(answers).toHaveLength(2));

    answers[1]!([searchHit({ id: 'n', headline: 'New result', snippet: 'new', rank: 1 })]);
    expect(await screen.findByText('New result')).toBeTruthy();
    answers[0]!([searchHit({ id: 'o', headline: 'Old result', snippet: 'old', rank: 1 })]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByText('Old result')).toBeNull();
    expect(screen.getAllByTestId('brief-row').map((row) => row.dataset.id)).toEqual(['n']);
  });

  it('says when nothing matches, and goes back to the list when the box is cleared', async () => {
    renderPane();
    await screen.findAllByTestId('brief-row');
    const input = screen.getByTestId('search-input');
    await fireEvent.input(input, { target: { value: 'zebra' } });
    expect(await screen.findByText('No briefs match “zebra”')).toBeTruthy();
    expect(screen.queryAllByTestId('brief-row')).toHaveLength(0);

    await fireEvent.input(input, { target: { value: '' } });
    await waitFor(() => expect(screen.getAllByTestId('brief-row')).toHaveLength(2));
    expect(searchMock).toHaveBeenCalledTimes(1);
    expect(listMock).toHaveBeenCalledTimes(2);
  });

  it('opens a brief when its row is clicked and marks the selected row', async () => {
    const { onOpen } = renderPane({ selectedId: 'b-2' });
    const rows = await screen.findAllByTestId('brief-row');
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');
    expect(rows[1]!.classList).toContain('selected');
    expect(rows[0]!.getAttribute('aria-selected')).toBe('false');
    await fireEvent.click(rows[0]!);
    expect(onOpen).toHaveBeenCalledWith('b-1');
  });

  it('is one tab stop the arrow keys move through, and Enter opens the active row', async () => {
    const { onOpen } = renderPane();
    const rows = await screen.findAllByTestId('brief-row');
    const list = screen.getByTestId('brief-list');
    expect(list.getAttribute('role')).toBe('listbox');
    expect(list.tabIndex).toBe(0);
    expect(rows.every((row) => !row.hasAttribute('tabindex'))).toBe(true);

    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(list);
    expect(list.getAttribute('aria-activedescendant')).toBe(rows[0]!.id);
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toBe(rows[1]!.id);
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(list.getAttribute('aria-activedescendant')).toBe(rows[1]!.id);
    await fireEvent.keyDown(list, { key: 'Home' });
    expect(list.getAttribute('aria-activedescendant')).toBe(rows[0]!.id);
    await fireEvent.keyDown(list, { key: 'End' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('b-2');
    await fireEvent.keyDown(list, { key: 'Home' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(screen.getByTestId('search-input'));
  });

  it('keeps the selected brief highlighted and active when a refresh moves it', async () => {
    const { rerender } = renderPane({ selectedId: 'b-2' });
    await screen.findAllByTestId('brief-row');
    const list = screen.getByTestId('brief-list');
    await fireEvent.keyDown(list, { key: 'End' });
    expect(list.getAttribute('aria-activedescendant')).toBe(screen.getAllByTestId('brief-row')[1]!.id);
    // The edited brief comes first now.
    listMock.mockResolvedValue(page([brief({ id: 'b-2', headline: 'Second brief, edited' }), brief()]));
    await rerender({ refreshToken: 1 });
    await screen.findByText('Second brief, edited');
    const rows = screen.getAllByTestId('brief-row');
    expect(rows[0]!.dataset.id).toBe('b-2');
    expect(rows[0]!.classList).toContain('selected');
    expect(list.getAttribute('aria-activedescendant')).toBe(rows[0]!.id);
  });

  it('shows the briefs a refresh brings into an empty library', async () => {
    listMock.mockResolvedValue(page([]));
    const { rerender } = renderPane();
    await screen.findByTestId('empty-state');
    listMock.mockResolvedValue(page([brief()]));
    await rerender({ refreshToken: 1 });
    expect(await screen.findByText('Journalists detained in Xinjiang')).toBeTruthy();
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });

  it('reloads when the refresh token changes', async () => {
    const { rerender } = renderPane();
    await screen.findAllByTestId('brief-row');
    listMock.mockResolvedValue(page([brief({ id: 'b-3', headline: 'Fresh one' })]));
    await rerender({ refreshToken: 1 });
    expect(await screen.findByText('Fresh one')).toBeTruthy();
    expect(listMock).toHaveBeenCalledTimes(2);
    expect(screen.getAllByTestId('brief-row').map((row) => row.dataset.id)).toEqual(['b-3']);
  });

  it('shows a change made elsewhere in the window (an import) at once, and ignores one to the publication', async () => {
    renderPane();
    await screen.findAllByTestId('brief-row');
    listMock.mockResolvedValue(page([brief({ id: 'b-9', headline: 'Imported just now' }), brief()]));
    announceChange(libraryChange({ briefs: ['b-9'], issues: [2], tags: true }));
    expect(await screen.findByText('Imported just now')).toBeTruthy();
    expect(listMock).toHaveBeenCalledTimes(2);
    announceChange(libraryChange({ publication: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listMock).toHaveBeenCalledTimes(2);
  });

  it('shows core errors near the list and can retry', async () => {
    listMock.mockRejectedValueOnce({ code: 'io', message: 'library file is locked' });
    renderPane();
    const alert = await screen.findByTestId('library-error');
    expect(alert.textContent).toContain('library file is locked');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.queryByTestId('library-error')).toBeNull());
    expect(screen.getAllByTestId('brief-row')).toHaveLength(2);
  });
});

describe('LibraryPane filters', () => {
  it('offers the tags there are each time the filters open', async () => {
    listMock.mockResolvedValue(page([brief()]));
    const tagsMock = vi.mocked(listTags);
    renderPane();
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await waitFor(() => expect(screen.getByTestId('filter-tag').textContent).toContain('media (1)'));
    tagsMock.mockResolvedValueOnce([{ name: 'written since', colour: null, count: 1 }]);
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await waitFor(() => expect(screen.getByTestId('filter-tag').textContent).toContain('written since (1)'));
  });

  it('narrows the list and the search with the chosen filters', async () => {
    listMock.mockResolvedValue(page([brief()]));
    searchMock.mockResolvedValue([]);
    renderPane();
    await waitFor(() => expect(listMock).toHaveBeenCalledTimes(1));
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'ready' } });
    await waitFor(() => expect(listMock).toHaveBeenCalledTimes(2));
    expect(listMock.mock.calls[1]?.[0]).toMatchObject({ status: 'ready', tags: [], unassigned: false });
    await fireEvent.click(screen.getByTestId('filter-unassigned'));
    await waitFor(() => expect(listMock.mock.calls.at(-1)?.[0]).toMatchObject({ status: 'ready', unassigned: true }));
    expect(screen.getByTestId('filters-toggle').textContent).toContain('(2)');

    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'court' } });
    await waitFor(() => expect(searchMock).toHaveBeenCalled());
    // The search itself is narrowed (a count without the filters may follow it when it finds nothing).
    expect(searchMock.mock.calls[0]?.[2]).toMatchObject({ status: 'ready', unassigned: true });
  });
});

describe('LibraryPane in a team library', () => {
  const editor = {
    server: 'eddie@localhost:5432/newsroom',
    login: 'eddie',
    role: 'editor',
    waiting: 0,
    conflicts: 0,
    refused: 0,
    offline_since: null,
    synced_at: null,
    problem: null,
  };

  it('offers an editor "Waiting for my review", which lists the briefs in review, each with its state', async () => {
    team.status = editor;
    const submitted = brief({
      review: {
        state: 'in_review',
        steps: [{ action: 'submit', by: 'carol', name: 'Carol', at: '2026-12-07T09:41:00Z', note: '' }],
      },
    });
    listMock.mockResolvedValue(page([submitted]));
    renderPane();
    await waitFor(() => expect(listMock).toHaveBeenCalledTimes(1));
    expect(listMock.mock.calls[0]?.[0]).toMatchObject({ review: null });
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.click(screen.getByTestId('filter-waiting-for-review'));
    await waitFor(() => expect(listMock.mock.calls.at(-1)?.[0]).toMatchObject({ review: 'in_review' }));
    expect(screen.getByTestId('filters-toggle').textContent).toContain('(1)');
    const badge = await screen.findByTestId('review-badge');
    expect(badge.textContent).toBe('In review');
    expect(badge.getAttribute('title')).toContain('Submitted by Carol');
    team.status = null;
  });

  it('does not offer it to a contributor, nor in a library of one editor', async () => {
    for (const status of [{ ...editor, role: 'contributor' }, null]) {
      team.status = status;
      listMock.mockResolvedValue(page([brief()]));
      const { unmount } = renderPane();
      await fireEvent.click(screen.getByTestId('filters-toggle'));
      expect(screen.queryByTestId('filter-waiting-for-review')).toBeNull();
      expect(screen.queryByTestId('review-badge')).toBeNull();
      unmount();
    }
    team.status = null;
  });
});

describe('LibraryPane when filters hide every brief', () => {
  it('says the filter, not the search, hides the briefs that match, and clears it on request', async () => {
    listMock.mockResolvedValue(page([brief()]));
    searchMock.mockImplementation(async (_q, _limit, filter) =>
      filter ? [] : ['s-1', 's-2', 's-3'].map((id) => searchHit({ id, headline: `Sanctions ${id}`, snippet: '', rank: 1 })),
    );
    renderPane();
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'draft' } });
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'sanctions' } });
    const empty = await screen.findByText('3 briefs match “sanctions” but are hidden by the Draft filter.', { exact: false });
    expect(empty.dataset.testid).toBe('empty-state');
    await fireEvent.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(screen.getAllByTestId('brief-row')).toHaveLength(3));
  });

  it('says how many briefs the filters hide when the list is empty, naming each filter', async () => {
    listMock.mockImplementation(async (query) => (query.status === 'ready' ? page([]) : page([brief(), brief({ id: 'b-2' })], 12)));
    renderPane();
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'ready' } });
    await fireEvent.click(screen.getByTestId('filter-unassigned'));
    expect(
      await screen.findByText('No briefs match these filters; 12 briefs are hidden by the Ready and Unassigned filters.', { exact: false }),
    ).toBeTruthy();
  });

  it('keeps the plain message when the search finds nothing at all', async () => {
    listMock.mockResolvedValue(page([brief()]));
    searchMock.mockResolvedValue([]);
    renderPane();
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'draft' } });
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'zebra' } });
    expect(await screen.findByText('No briefs match “zebra”')).toBeTruthy();
    await waitFor(() => expect(searchMock).toHaveBeenCalledWith('zebra', SEARCH_MAX, null));
    expect(screen.queryByTestId('clear-filters')).toBeNull();
  });
});

/** A library of `total` briefs served by cursor, offset and limit, as the core pages them. */
function serveLibrary(total: number): void {
  listMock.mockImplementation(async (query) => {
    const start = (query.after === null ? 0 : Number(query.after.id.slice(2)) + 1) + query.offset;
    const count = Math.max(0, Math.min(query.limit, total - start));
    const items = Array.from({ length: count }, (_, i) => brief({ id: `b-${start + i}`, headline: `Brief number ${start + i}` }));
    const next = count === query.limit ? { updated_at: '2020-11-28T10:30:00Z', id: `b-${start + count - 1}`, source_date: null } : null;
    return { ...page(items, total), next };
  });
}

/** Gives the list a layout (jsdom has none) and scrolls it to `top`. */
async function scrollList(list: HTMLElement, top: number, height = 420): Promise<void> {
  Object.defineProperty(list, 'clientHeight', { configurable: true, value: height });
  list.scrollTop = top;
  await fireEvent.scroll(list);
}

describe('LibraryPane with a long list', () => {
  beforeEach(() => {
    listMock.mockReset();
    serveLibrary(100_000);
  });

  it('renders only the rows in view, with the scroll height of all of them', async () => {
    renderPane();
    await screen.findAllByTestId('brief-row');
    expect(screen.getByText('100000 briefs')).toBeTruthy();
    const list = screen.getByTestId('brief-list');
    const space = list.firstElementChild as HTMLElement;
    expect(space.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);
    const rendered = screen.getAllByTestId('brief-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(30);
    expect(listMock).toHaveBeenCalledTimes(1);
    expect(listMock).toHaveBeenCalledWith(defaultBriefQuery({ offset: 0, limit: PAGE_SIZE }));
  });

  it('fetches the page the viewport reaches, once, after scrolling stops', async () => {
    renderPane();
    await screen.findAllByTestId('brief-row');
    const list = screen.getByTestId('brief-list');
    // A fast scroll through many pages asks only for where it stops.
    for (const top of [10_000, 200_000, 1_000_000, 2_000_000]) await scrollList(list, top);
    // A place well inside one page: rows `top - 4` to `top + 9 + 4`.
    const top = 500 * PAGE_SIZE + 20;
    await scrollList(list, top * ROW_HEIGHT);
    await waitFor(() => expect(screen.getAllByTestId('brief-row')[0]?.textContent).toContain(`Brief number ${top - 4}`));
    expect(listMock).toHaveBeenCalledTimes(2);
    // From the cursor where the first page ended, past the pages in between.
    expect(listMock.mock.calls[1]?.[0]).toMatchObject({ after: { id: `b-${PAGE_SIZE - 1}` }, offset: 499 * PAGE_SIZE, limit: PAGE_SIZE });
    // The rows in view and four on each side, nothing else.
    const ids = screen.getAllByTestId('brief-row').map((row) => Number(row.dataset.id?.slice(2)));
    expect(ids).toEqual(Array.from({ length: Math.ceil(420 / ROW_HEIGHT) + 8 }, (_, i) => top - 4 + i));
    // The first page is still cached: scrolling back asks nothing.
    await scrollList(list, 0);
    await waitFor(() => expect(screen.getAllByTestId('brief-row')[0]?.dataset.id).toBe('b-0'));
    await new Promise((resolve) => setTimeout(resolve, FETCH_DELAY_MS * 3));
    expect(listMock).toHaveBeenCalledTimes(2);
    // The page after a loaded one starts at that page's cursor.
    await scrollList(list, (500 * PAGE_SIZE + PAGE_SIZE - 2) * ROW_HEIGHT);
    await waitFor(() => expect(listMock).toHaveBeenCalledTimes(3));
    expect(listMock.mock.calls[2]?.[0]).toMatchObject({ after: { id: `b-${501 * PAGE_SIZE - 1}` }, offset: 0 });
    await waitFor(() => expect(screen.getAllByTestId('brief-row').map((row) => row.dataset.id)).toContain(`b-${501 * PAGE_SIZE + 2}`));
    expect(screen.getAllByTestId('brief-row').find((row) => row.dataset.id === `b-${501 * PAGE_SIZE + 2}`)?.textContent).toContain(`Brief number ${501 * PAGE_SIZE + 2}`);
  });

  it('End moves to the last brief, scrolled into view and fetched', async () => {
    const { onOpen } = renderPane();
    await screen.findAllByTestId('brief-row');
    const list = screen.getByTestId('brief-list');
    Object.defineProperty(list, 'clientHeight', { configurable: true, value: 420 });
    await fireEvent.keyDown(list, { key: 'End' });
    expect(list.scrollTop).toBe(100_000 * ROW_HEIGHT - 420);
    await waitFor(() => expect(screen.getByText('Brief number 99999')).toBeTruthy());
    expect(list.getAttribute('aria-activedescendant')).toBe(screen.getByText('Brief number 99999').closest('[role="option"]')?.id);
    await fireEvent.keyDown(list, { key: 'PageUp' });
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(`b-${99_999 - Math.floor(420 / ROW_HEIGHT)}`);
  });

  it('drops pages of a listing the filters have replaced', async () => {
    renderPane();
    await screen.findAllByTestId('brief-row');
    const list = screen.getByTestId('brief-list');
    let answer: ((p: ReturnType<typeof page>) => void) | undefined;
    listMock.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    await scrollList(list, 30_000 * ROW_HEIGHT);
    await waitFor(() => expect(answer).toBeDefined());
    serveLibrary(3);
    await fireEvent.click(screen.getByTestId('filters-toggle'));
    await fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'draft' } });
    await waitFor(() => expect(screen.getByText('3 briefs')).toBeTruthy());
    answer?.(page([brief({ id: 'stale', headline: 'Stale row' })], 100_000));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByText('Stale row')).toBeNull();
    expect(screen.getAllByTestId('brief-row').map((row) => row.dataset.id)).toEqual(['b-0', 'b-1', 'b-2']);
    expect(list.scrollTop).toBe(0);
  });
});

describe('LibraryPane search paging', () => {
  it('asks for the best SEARCH_MAX hits once the first answer is scrolled through', async () => {
    const hit = (i: number): SearchHit => searchHit({ id: `h-${i}`, headline: `Hit ${i}`, snippet: `<mark>hit</mark> ${i}`, rank: i });
    searchMock.mockImplementation(async (_q, limit) => Array.from({ length: limit }, (_, i) => hit(i)));
    renderPane();
    await fireEvent.input(screen.getByTestId('search-input'), { target: { value: 'hit' } });
    expect(await screen.findByText(`${SEARCH_LIMIT}+ results`)).toBeTruthy();
    expect(searchMock).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(screen.getByTestId('brief-list'), { key: 'End' });
    expect(await screen.findByText(`Showing the best ${SEARCH_MAX} results`)).toBeTruthy();
    expect(searchMock).toHaveBeenLastCalledWith('hit', SEARCH_MAX, null);
    expect(searchMock).toHaveBeenCalledTimes(2);
  });
});
