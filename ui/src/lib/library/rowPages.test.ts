import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RowPages, type Page, type PageStart } from './rowPages';

type Call = { offset: number; limit: number; resolve: (page: Page<string>) => void; reject: (e: unknown) => void };

/** A fetcher whose answers the test hands out, one by one. */
function fetcher() {
  const calls: Call[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<Page<string>>((resolve, reject) => calls.push({ offset, limit, resolve, reject }));
  const answer = (call: Call, total: number) =>
    call.resolve({ items: Array.from({ length: Math.min(call.limit, total - call.offset) }, (_, i) => `row ${call.offset + i}`), total });
  return { calls, fetch, answer };
}

function make() {
  const changes = vi.fn();
  const errors = vi.fn();
  const pages = new RowPages<string>({ pageSize: 10, delayMs: 50, maxPages: 3, onChange: changes, onError: errors });
  return { pages, changes, errors };
}

describe('RowPages', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches the first page at once, and later pages only after the quiet time', async () => {
    const { pages } = make();
    const { calls, fetch, answer } = fetcher();
    pages.reset(fetch, { start: 0, end: 5 });
    expect(calls.map((c) => c.offset)).toEqual([0]);
    answer(calls[0]!, 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.total).toBe(1000);
    expect(pages.get(3)).toBe('row 3');
    expect(pages.get(12)).toBeUndefined();

    // A fast scroll: many ranges within the quiet time, one fetch for where it stopped.
    for (let start = 100; start < 900; start += 40) {
      pages.want({ start, end: start + 8 });
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.slice(1).map((c) => c.offset)).toEqual([860]);
    // A range across two pages, one already out: only the other is fetched.
    pages.want({ start: 865, end: 873 });
    await vi.advanceTimersByTimeAsync(50);
    expect(calls.slice(2).map((c) => c.offset)).toEqual([870]);
  });

  it('drops answers to a listing that has been replaced', async () => {
    const { pages, changes } = make();
    const { calls, fetch, answer } = fetcher();
    pages.reset(fetch, { start: 0, end: 5 });
    const other = fetcher();
    pages.reset(other.fetch, { start: 0, end: 5 });
    other.answer(other.calls[0]!, 4);
    answer(calls[0]!, 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.total).toBe(4);
    expect(pages.get(0)).toBe('row 0');
    expect(changes).toHaveBeenCalled();
  });

  it('keeps showing the old rows while a refresh is out', async () => {
    const { pages } = make();
    const { calls, fetch } = fetcher();
    pages.reset(fetch, { start: 0, end: 5 });
    calls[0]!.resolve({ items: ['old a', 'old b'], total: 2 });
    await vi.advanceTimersByTimeAsync(0);
    pages.refresh({ start: 0, end: 5 });
    expect(calls).toHaveLength(2);
    expect(pages.get(0)).toBe('old a');
    calls[1]!.resolve({ items: ['new a'], total: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.get(0)).toBe('new a');
    expect(pages.get(1)).toBeUndefined();
    expect(pages.total).toBe(1);
  });

  it('asks again on refresh when the listing was empty', async () => {
    const { pages } = make();
    const { calls, fetch, answer } = fetcher();
    pages.reset(fetch, { start: 0, end: 0 });
    answer(calls[0]!, 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.total).toBe(0);
    // The viewport shows no rows, yet the refresh must learn that there are some now.
    pages.refresh({ start: 0, end: 0 });
    expect(calls.map((c) => c.offset)).toEqual([0, 0]);
    answer(calls[1]!, 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(pages.total).toBe(7);
    expect(pages.get(6)).toBe('row 6');
  });

  it('keeps a bounded number of pages, the nearest ones', async () => {
    const { pages } = make();
    const { calls, fetch, answer } = fetcher();
    pages.reset(fetch, { start: 0, end: 5 });
    answer(calls[0]!, 1000);
    await vi.advanceTimersByTimeAsync(0);
    for (const start of [100, 200, 300, 400]) {
      pages.want({ start, end: start + 5 });
      await vi.advanceTimersByTimeAsync(50);
      answer(calls.at(-1)!, 1000);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(pages.get(400)).toBe('row 400');
    expect(pages.get(200)).toBe('row 200');
    expect(pages.get(0)).toBeUndefined();
    expect(pages.get(100)).toBeUndefined();
  });

  it('reports a failed fetch and tries again when asked', async () => {
    const { pages, errors } = make();
    const { calls, fetch, answer } = fetcher();
    pages.reset(fetch, { start: 0, end: 5 });
    calls[0]!.reject({ code: 'io', message: 'locked' });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveBeenLastCalledWith({ code: 'io', message: 'locked' });
    expect(pages.loading).toBe(false);
    pages.want({ start: 0, end: 5 });
    await vi.advanceTimersByTimeAsync(50);
    answer(calls[1]!, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveBeenLastCalledWith(null);
    expect(pages.get(2)).toBe('row 2');
  });

  it('fetches a page from the cursor of the nearest fetched page before it, by offset when there is none', async () => {
    type Cursor = { last: number };
    type Asked = { offset: number; limit: number; from: PageStart<Cursor> | null; resolve: (page: Page<string, Cursor>) => void };
    const asked: Asked[] = [];
    const fetch = (offset: number, limit: number, from: PageStart<Cursor> | null) =>
      new Promise<Page<string, Cursor>>((resolve) => asked.push({ offset, limit, from, resolve }));
    // Rows as the listing holds them; a full page says where the next one starts.
    const answer = (a: Asked, total: number) => {
      const start = a.from === null ? a.offset : a.from.after.last + 1 + a.from.skip;
      const items = Array.from({ length: Math.max(0, Math.min(a.limit, total - start)) }, (_, i) => `row ${start + i}`);
      a.resolve({ items, total, next: items.length === a.limit ? { last: start + a.limit - 1 } : null });
    };
    const pages = new RowPages<string, Cursor>({ pageSize: 10, delayMs: 50, maxPages: 3, onChange: () => {}, onError: () => {} });
    const show = async (start: number) => {
      pages.want({ start, end: start + 5 });
      await vi.advanceTimersByTimeAsync(50);
      answer(asked.at(-1)!, 1000);
      await vi.advanceTimersByTimeAsync(0);
    };

    pages.reset(fetch, { start: 0, end: 5 });
    expect(asked[0]!.from).toBeNull();
    answer(asked[0]!, 1000);
    await vi.advanceTimersByTimeAsync(0);
    // Scrolling on: the next page from the cursor where page 0 ended.
    await show(10);
    expect(asked[1]!.from).toEqual({ after: { last: 9 }, skip: 0 });
    expect(pages.get(12)).toBe('row 12');
    // A jump: from the nearest cursor, past the pages in between.
    await show(500);
    expect(asked[2]!.from).toEqual({ after: { last: 19 }, skip: 480 });
    expect(pages.get(503)).toBe('row 503');
    // Pages dropped from memory keep their cursors.
    await show(700);
    await show(900);
    expect(pages.get(12)).toBeUndefined();
    await show(30);
    expect(asked.at(-1)!.from).toEqual({ after: { last: 19 }, skip: 10 });
    expect(pages.get(31)).toBe('row 31');

    // After a change, no cursor from before it is trusted: offsets until new pages answer.
    pages.refresh({ start: 500, end: 505 });
    expect(asked.at(-1)!.from).toBeNull();
    expect(asked.at(-1)!.offset).toBe(500);
    answer(asked.at(-1)!, 1000);
    await vi.advanceTimersByTimeAsync(0);
    await show(510);
    expect(asked.at(-1)!.from).toEqual({ after: { last: 509 }, skip: 0 });
  });
});
