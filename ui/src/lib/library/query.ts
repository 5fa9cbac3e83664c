import type { BriefQuery } from '../bindings/BriefQuery';

/** How many briefs the library asks for per page. */
export const PAGE_SIZE = 100;
/** How many search hits the library asks for. */
export const SEARCH_LIMIT = 50;
/** Delay between the last keystroke in the search box and the search call. */
export const SEARCH_DEBOUNCE_MS = 120;

/** The query behind the library's normal (non-search) list. */
export function defaultBriefQuery(overrides: Partial<BriefQuery> = {}): BriefQuery {
  return {
    tags: [],
    status: null,
    unassigned: false,
    outlet: null,
    from: null,
    to: null,
    sort: 'updated',
    offset: 0,
    limit: PAGE_SIZE,
    ...overrides,
  };
}
