// The inbox's state: the subscriptions, the items of the feed shown (or all), the active row.
// Items arrive a page at a time, so a 10,000-item inbox costs the window one page until the
// editor scrolls on; the library and the composer never read it.
import {
  dismissFeedItem,
  draftFeedItem,
  exportOpml,
  fetchFeeds,
  importOpml,
  listFeedItems,
  listFeeds,
  removeFeed,
  subscribeFeed,
} from '../backend';
import { toIpcError } from '../backend/errors';
import type { Brief } from '../bindings/Brief';
import type { Feed } from '../bindings/Feed';
import type { FeedItem } from '../bindings/FeedItem';
import type { IpcError } from '../bindings/IpcError';

/** Items read per page. */
export const INBOX_PAGE = 100;

export class Inbox {
  feeds = $state.raw<Feed[]>([]);
  items = $state.raw<FeedItem[]>([]);
  /** Items matching the selection, all pages; and of those, new. */
  total = $state(0);
  newTotal = $state(0);
  /** The feed shown, or null for all. */
  feed = $state<number | null>(null);
  onlyNew = $state(false);
  text = $state('');
  /** The active row, -1 for none. */
  active = $state(-1);
  error = $state.raw<IpcError | null>(null);
  /** A line about what just happened ("3 feeds added"). */
  notice = $state('');
  loading = $state(false);

  /** Each read gets a number; answers to superseded ones are dropped. */
  #ticket = 0;

  get activeItem(): FeedItem | null {
    return this.items[this.active] ?? null;
  }

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  /** All feeds' new items, for the "All feeds" row. */
  get allNew(): number {
    return this.feeds.reduce((sum, f) => sum + f.new_items, 0);
  }

  async loadFeeds(): Promise<void> {
    try {
      this.feeds = await listFeeds();
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }

  /** Reads the first page again (a new selection, or what a fetch brought), keeping the active item if it is still there. */
  async reload(): Promise<void> {
    const ticket = ++this.#ticket;
    const keep = this.activeItem?.id ?? null;
    this.loading = true;
    try {
      const page = await listFeedItems(this.#query(0, Math.max(INBOX_PAGE, this.items.length)));
      if (ticket !== this.#ticket) return;
      this.items = page.items;
      this.total = page.total;
      this.newTotal = page.new_total;
      const again = keep === null ? -1 : page.items.findIndex((i) => i.id === keep);
      this.active = again >= 0 ? again : page.items.length > 0 ? Math.min(Math.max(this.active, 0), page.items.length - 1) : -1;
      this.error = null;
    } catch (e: unknown) {
      if (ticket === this.#ticket) this.error = toIpcError(e);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  /** Reads the next page onto the list. */
  async more(): Promise<void> {
    if (!this.hasMore || this.loading) return;
    const ticket = ++this.#ticket;
    this.loading = true;
    try {
      const page = await listFeedItems(this.#query(this.items.length, INBOX_PAGE));
      if (ticket !== this.#ticket) return;
      this.items = [...this.items, ...page.items];
      this.total = page.total;
      this.newTotal = page.new_total;
    } catch (e: unknown) {
      if (ticket === this.#ticket) this.error = toIpcError(e);
    } finally {
      if (ticket === this.#ticket) this.loading = false;
    }
  }

  #query(offset: number, limit: number) {
    return { feed: this.feed, only_new: this.onlyNew, text: this.text, offset, limit };
  }

  show(feed: number | null): void {
    this.feed = feed;
    this.active = -1;
    this.items = [];
    void this.reload();
  }

  /** Moves the active row by `delta`, reading the next page when the end is reached. */
  move(delta: number): void {
    if (this.items.length === 0) return;
    const next = Math.min(Math.max(this.active + delta, 0), this.items.length - 1);
    this.active = next;
    if (next >= this.items.length - 5) void this.more();
  }

  /** Dismisses the active item (or brings a dismissed one back) and moves to the next. */
  async dismiss(): Promise<void> {
    const item = this.activeItem;
    if (!item) return;
    const dismissed = item.state !== 'dismissed';
    try {
      await dismissFeedItem(item.id, dismissed);
      this.items = this.items.map((i) => (i.id === item.id ? { ...i, state: dismissed ? 'dismissed' : 'new' } : i));
      this.newTotal += dismissed ? -1 : 1;
      this.move(1);
      void this.loadFeeds();
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }

  /** Makes a draft brief from the active item; resolves to the brief (null on failure). */
  async draft(): Promise<Brief | null> {
    const item = this.activeItem;
    if (!item) return null;
    try {
      const brief = await draftFeedItem(item.id);
      this.items = this.items.map((i) => (i.id === item.id ? { ...i, state: 'drafted', brief_id: brief.id } : i));
      void this.loadFeeds();
      return brief;
    } catch (e: unknown) {
      this.error = toIpcError(e);
      return null;
    }
  }

  async subscribe(url: string): Promise<boolean> {
    try {
      const feed = await subscribeFeed(url);
      this.notice = `Subscribed to ${feed.title || feed.url}; its items are on their way.`;
      await this.loadFeeds();
      this.error = null;
      return true;
    } catch (e: unknown) {
      this.error = toIpcError(e);
      return false;
    }
  }

  async remove(feed: Feed): Promise<void> {
    try {
      await removeFeed(feed.id);
      this.notice = `Unsubscribed from ${feed.title || feed.url}.`;
      if (this.feed === feed.id) this.feed = null;
      await this.loadFeeds();
      await this.reload();
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }

  /** Fetches the feed shown (or every feed) in the background; outcomes arrive as events. */
  async fetchNow(): Promise<void> {
    try {
      await fetchFeeds(this.feed);
      this.notice = 'Fetching…';
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }

  async importList(): Promise<void> {
    try {
      const added = await importOpml();
      if (added === null) return;
      this.notice = `${added} ${added === 1 ? 'feed' : 'feeds'} added from the OPML file; fetching them…`;
      await this.loadFeeds();
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }

  async exportList(): Promise<void> {
    try {
      const path = await exportOpml();
      if (path !== null) this.notice = `Subscriptions saved to ${path}.`;
    } catch (e: unknown) {
      this.error = toIpcError(e);
    }
  }
}
