import type { BriefQuery } from '../bindings/BriefQuery';

/** How many briefs the library asks for per page (a viewport shows about ten; a page is fetched from the cursor of the one before it, or by offset after a jump, which costs a scan: fewer, larger pages). */
export const PAGE_SIZE = 100;
/** How many search hits the library asks for first (a keystroke's worth of work). */
export const SEARCH_LIMIT = 50;
/** Delay between the last keystroke in the search box and the search call. */
export const SEARCH_DEBOUNCE_MS = 120;

/** The query behind the library's normal (non-search) list. */
export function defaultBriefQuery(overrides: Partial<BriefQuery> = {}): BriefQuery {
  return {
    tags: [],
    status: null,
    unassigned: false,
    review: null,
    outlet: null,
    from: null,
    to: null,
    sort: 'updated',
    after: null,
    offset: 0,
    limit: PAGE_SIZE,
    ...overrides,
  };
}

/** The height of one row of the library list, in CSS pixels (the list is virtualized on it). */
export const ROW_HEIGHT = 84;
/** Search asks for this many hits first, and for up to `SEARCH_MAX` when scrolled to the end. */
export const SEARCH_MAX = 500;
/** Quiet time after scrolling before the pages in view are fetched. */
export const FETCH_DELAY_MS = 40;
/** Pages of the list kept in memory (the rest are fetched again when scrolled back to). */
export const KEPT_PAGES = 30;
