import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { brief, page } from '../../test/fixtures';
import { listBriefs, searchBriefs } from '../backend';
import type { SearchHit } from '../bindings/SearchHit';
import LibraryPane from './LibraryPane.svelte';
import { SEARCH_DEBOUNCE_MS, SEARCH_LIMIT, defaultBriefQuery } from './query';

vi.mock('../backend', () => ({
  listBriefs: vi.fn(),
  searchBriefs: vi.fn(),
  listTags: vi.fn(async () => [
    { name: 'china', colour: null, count: 3 },
    { name: 'media', colour: null, count: 1 },
  ]),
}));

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
      { id: 'b-9', headline: 'Reporters held', snippet: 'two &lt;b&gt; <mark>reporters</mark> were held', rank: 1.5 },
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
    const button = row.closest('button')!;
    expect(button.dataset.id).toBe('b-9');
    const mark = button.querySelector('mark');
    expect(mark?.textContent).toBe('reporters');
    // Escaped text stays text.
    expect(button.querySelector('b')).toBeNull();
    expect(button.textContent).toContain('two <b> reporters were held');
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

    answers[1]!([{ id: 'n', headline: 'New result', snippet: 'new', rank: 1 }]);
    expect(await screen.findByText('New result')).toBeTruthy();
    answers[0]!([{ id: 'o', headline: 'Old result', snippet: 'old', rank: 1 }]);
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
    expect(rows[1]!.getAttribute('aria-current')).toBe('true');
    expect(rows[0]!.getAttribute('aria-current')).toBeNull();
    await fireEvent.click(rows[0]!);
    expect(onOpen).toHaveBeenCalledWith('b-1');
  });

  it('moves between rows with the arrow keys', async () => {
    renderPane();
    const rows = await screen.findAllByTestId('brief-row');
    await fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[0]);
    await fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
  });

  it('reloads when the refresh token changes', async () => {
    const { rerender } = renderPane();
    await screen.findAllByTestId('brief-row');
    listMock.mockResolvedValue(page([brief({ id: 'b-3', headline: 'Fresh one' })]));
    await rerender({ refreshToken: 1 });
    expect(await screen.findByText('Fresh one')).toBeTruthy();
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
    expect(searchMock.mock.calls.at(-1)?.[2]).toMatchObject({ status: 'ready', unassigned: true });
  });
});
