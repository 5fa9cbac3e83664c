import { describe, expect, it } from 'vitest';

import { navigate, pagesOf, revealScrollTop, rowsPerPage, visibleRange } from './windowing';

describe('visibleRange', () => {
  it('covers the rows in view plus the overscan', () => {
    // Rows of 50 px, a 200 px viewport at the top: rows 0-3 show, two more below.
    expect(visibleRange(0, 200, 50, 1000, 2)).toEqual({ start: 0, end: 6 });
    // Scrolled to 1025 px: row 20 is cut at the top, row 24 at the bottom.
    expect(visibleRange(1025, 200, 50, 1000, 2)).toEqual({ start: 18, end: 27 });
    expect(visibleRange(1000, 200, 50, 1000, 0)).toEqual({ start: 20, end: 24 });
  });

  it('stays within the rows there are', () => {
    expect(visibleRange(49_800, 200, 50, 1000, 3)).toEqual({ start: 993, end: 1000 });
    // A scroll position past the end (the count just shrank) shows nothing rather than rows that are not there.
    expect(visibleRange(1_000_000, 200, 50, 10, 3)).toEqual({ start: 10, end: 10 });
    expect(visibleRange(-40, 200, 50, 3, 2)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 200, 50, 0, 2)).toEqual({ start: 0, end: 0 });
  });

  it('works at the size of a large library', () => {
    const rowHeight = 84;
    const range = visibleRange(99_990 * rowHeight, 600, rowHeight, 100_000, 4);
    expect(range).toEqual({ start: 99_986, end: 100_000 });
  });
});

describe('revealScrollTop', () => {
  it('scrolls as little as needed', () => {
    expect(revealScrollTop(5, 0, 200, 50)).toBe(100); // below: its bottom at the viewport's
    expect(revealScrollTop(2, 300, 200, 50)).toBe(100); // above: its top at the viewport's
    expect(revealScrollTop(7, 300, 200, 50)).toBe(300); // already whole in view
    expect(revealScrollTop(0, 0, 20, 50)).toBe(0); // a viewport shorter than a row
  });
});

describe('navigate', () => {
  it('moves by one, by a page and to either end, clamped', () => {
    expect(navigate('ArrowDown', -1, 10, 4)).toBe(0);
    expect(navigate('ArrowDown', 3, 10, 4)).toBe(4);
    expect(navigate('ArrowDown', 9, 10, 4)).toBe(9);
    expect(navigate('ArrowUp', 3, 10, 4)).toBe(2);
    expect(navigate('ArrowUp', 0, 10, 4)).toBe(0);
    expect(navigate('PageDown', 3, 10, 4)).toBe(7);
    expect(navigate('PageDown', 8, 10, 4)).toBe(9);
    expect(navigate('PageUp', 3, 10, 4)).toBe(0);
    expect(navigate('Home', 6, 10, 4)).toBe(0);
    expect(navigate('End', 0, 10, 4)).toBe(9);
    expect(navigate('x', 0, 10, 4)).toBeNull();
    expect(navigate('ArrowDown', -1, 0, 4)).toBeNull();
  });

  it('pages by the whole rows that fit', () => {
    expect(rowsPerPage(420, 84)).toBe(5);
    expect(rowsPerPage(10, 84)).toBe(1);
  });
});

describe('pagesOf', () => {
  it('names every page a range touches', () => {
    expect(pagesOf({ start: 0, end: 14 }, 100)).toEqual([0]);
    expect(pagesOf({ start: 95, end: 105 }, 100)).toEqual([0, 1]);
    expect(pagesOf({ start: 100, end: 200 }, 100)).toEqual([1]);
    expect(pagesOf({ start: 5, end: 5 }, 100)).toEqual([]);
  });
});
