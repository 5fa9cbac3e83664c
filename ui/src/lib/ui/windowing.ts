// The arithmetic of a virtualized list of fixed-height rows: which rows a viewport shows, where
// to scroll to bring one into view, and where a navigation key moves the active row.

/** Rows `start` (inclusive) to `end` (exclusive). */
export type RowRange = { start: number; end: number };

/**
 * The rows to render for a viewport scrolled to `scrollTop` and `height` pixels tall: those it
 * shows, partly or wholly, plus `overscan` rows on each side, clamped to `0..count`.
 */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, height)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/** The scrollTop that shows row `index` whole, moving as little as possible from `scrollTop`. */
export function revealScrollTop(index: number, scrollTop: number, height: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  // A row taller than the viewport shows from its top.
  if (top < scrollTop || rowHeight > height) return top;
  if (bottom > scrollTop + height) return Math.max(0, bottom - height);
  return scrollTop;
}

/** How many whole rows fit in `height` (at least one): the step of PageUp and PageDown. */
export function rowsPerPage(height: number, rowHeight: number): number {
  return Math.max(1, Math.floor(height / rowHeight));
}

/**
 * The row a navigation key makes active, or null when the key is not one (or the list is
 * empty). With no active row (-1), the first step down lands on the first row.
 */
export function navigate(key: string, active: number, count: number, pageRows: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const clamp = (n: number) => Math.min(last, Math.max(0, n));
  switch (key) {
    case 'ArrowDown':
      return clamp(active < 0 ? 0 : active + 1);
    case 'ArrowUp':
      return clamp(active - 1);
    case 'PageDown':
      return clamp(active < 0 ? pageRows - 1 : active + pageRows);
    case 'PageUp':
      return clamp(active - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** The page numbers (of `pageSize` rows) that hold the rows of `range`. */
export function pagesOf(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const first = Math.floor(range.start / pageSize);
  const last = Math.floor((range.end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}
