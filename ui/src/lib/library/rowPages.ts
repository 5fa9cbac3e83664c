// The rows of a long listing, fetched a page at a time as the viewport reaches them.
import { pagesOf, type RowRange } from '../ui/windowing';

/** A page of rows; `next` (when the listing offers one) marks where the following page starts. */
export type Page<T, C = unknown> = { items: T[]; total: number; next?: C | null };
/** Where a page starts: `skip` rows after the place `after` that an earlier page's `next` marked. */
export type PageStart<C> = { after: C; skip: number };
/**
 * Fetches `limit` rows from row `offset`. With `from`, the same rows are found from an earlier
 * page's cursor instead (keyset paging: a deep page then costs what the first does, where an
 * offset makes the listing count past every earlier row).
 */
export type PageFetch<T, C = unknown> = (offset: number, limit: number, from: PageStart<C> | null) => Promise<Page<T, C>>;

export type RowPagesOptions = {
  pageSize: number;
  /** Quiet time after the last range change before fetching: a fast scroll asks once, at its end. */
  delayMs: number;
  /** Pages kept in memory; the ones farthest from the viewport go first. */
  maxPages: number;
  /** Called whenever rows, the total or an error change. */
  onChange: () => void;
  /** Called when a fetch fails (null once one succeeds again). */
  onError: (error: unknown) => void;
};

export class RowPages<T, C = unknown> {
  #fetch: PageFetch<T, C> | null = null;
  #pages = new Map<number, T[]>();
  /** Where the page after each fetched page starts (kept when the page itself is dropped); only for pages fetched since the listing last changed. */
  #next = new Map<number, C>();
  /** Pages from before a refresh, shown until their fresh copy arrives. */
  #stale = new Map<number, T[]>();
  #inFlight = new Set<number>();
  /** Bumped by reset and refresh: answers carrying an older number are dropped. */
  #generation = 0;
  #wanted: RowRange = { start: 0, end: 0 };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #total: number | null = null;
  readonly #options: RowPagesOptions;

  constructor(options: RowPagesOptions) {
    this.#options = options;
  }

  /** The number of rows, once the first page has answered. */
  get total(): number | null {
    return this.#total;
  }

  /** True while a fetch is out. */
  get loading(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Row `index`, when its page is here. */
  get(index: number): T | undefined {
    const page = Math.floor(index / this.#options.pageSize);
    const at = index % this.#options.pageSize;
    return (this.#pages.get(page) ?? this.#stale.get(page))?.[at];
  }

  /** The index of the first loaded row for which `match` holds, or -1. */
  findIndex(match: (row: T) => boolean): number {
    for (const pages of [this.#pages, this.#stale]) {
      for (const [page, items] of pages) {
        const at = items.findIndex(match);
        if (at >= 0) return page * this.#options.pageSize + at;
      }
    }
    return -1;
  }

  /** A new listing (another query or filter): forget everything and fetch what `range` needs. */
  reset(fetch: PageFetch<T, C>, range: RowRange): void {
    this.#fetch = fetch;
    this.#pages.clear();
    this.#next.clear();
    this.#stale.clear();
    this.#total = null;
    this.#restart(range);
  }

  /** The same listing changed underneath (an edit): fetch again, keep showing the old rows meanwhile. */
  refresh(range: RowRange): void {
    for (const [page, items] of this.#pages) this.#stale.set(page, items);
    this.#pages.clear();
    // The rows may have moved: a cursor from before the change no longer marks a page's start.
    this.#next.clear();
    this.#restart(range);
  }

  /** Makes sure the rows of `range` get fetched, after the quiet time. */
  want(range: RowRange): void {
    this.#wanted = range;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#fetchWanted();
    }, this.#options.delayMs);
  }

  /** Stops pending work; later answers are dropped. */
  dispose(): void {
    this.#generation++;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #restart(range: RowRange): void {
    this.#generation++;
    this.#inFlight.clear();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#wanted = range;
    this.#fetchWanted();
    this.#options.onChange();
  }

  #fetchWanted(): void {
    const fetch = this.#fetch;
    if (!fetch) return;
    // Before the first answer the total is unknown, and an empty listing shows no rows to ask
    // for: the first page tells how many there are (now).
    const wanted = this.#wanted;
    const range = this.#total === null || wanted.end <= wanted.start ? { start: 0, end: Math.max(1, wanted.end) } : wanted;
    for (const page of pagesOf(range, this.#options.pageSize)) {
      if (this.#pages.has(page) || this.#inFlight.has(page)) continue;
      if (this.#total !== null && page * this.#options.pageSize >= this.#total && page > 0) continue;
      void this.#fetchPage(fetch, page);
    }
  }

  async #fetchPage(fetch: PageFetch<T, C>, page: number): Promise<void> {
    const generation = this.#generation;
    this.#inFlight.add(page);
    try {
      const { pageSize } = this.#options;
      const answer = await fetch(page * pageSize, pageSize, this.#startOf(page));
      if (generation !== this.#generation) return;
      this.#pages.set(page, answer.items);
      if (answer.next != null) this.#next.set(page, answer.next);
      else this.#next.delete(page);
      this.#stale.delete(page);
      if (answer.total !== this.#total) {
        this.#total = answer.total;
        // Pages past a shrunken end are no longer true.
        for (const map of [this.#pages, this.#stale]) {
          for (const p of map.keys()) if (p * pageSize >= answer.total && p > 0) map.delete(p);
        }
        // The listing changed underneath: only this answer's cursor is known to be true.
        for (const p of this.#next.keys()) if (p !== page) this.#next.delete(p);
      }
      this.#evict();
      this.#options.onError(null);
    } catch (error: unknown) {
      if (generation !== this.#generation) return;
      this.#options.onError(error);
    } finally {
      if (generation === this.#generation) {
        this.#inFlight.delete(page);
        this.#options.onChange();
      }
    }
  }

  /** The nearest cursor before `page`, and how many rows past it the page starts. */
  #startOf(page: number): PageStart<C> | null {
    for (let p = page - 1; p >= 0; p--) {
      const after = this.#next.get(p);
      if (after !== undefined) return { after, skip: (page - p - 1) * this.#options.pageSize };
    }
    return null;
  }

  /** Keeps at most `maxPages` pages, dropping those farthest from what the viewport wants. */
  #evict(): void {
    const { maxPages, pageSize } = this.#options;
    const centre = (this.#wanted.start + this.#wanted.end) / 2 / pageSize;
    for (const map of [this.#pages, this.#stale]) {
      if (map.size <= maxPages) continue;
      const byDistance = [...map.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
      for (const page of byDistance.slice(0, map.size - maxPages)) map.delete(page);
    }
  }
}
