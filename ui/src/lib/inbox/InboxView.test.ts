import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { dismissFeedItem, draftFeedItem, listFeedItems, listFeeds } from '../backend';
import type { FeedItem } from '../bindings/FeedItem';
import InboxView from './InboxView.svelte';
import { INBOX_PAGE } from './inbox.svelte';

vi.mock('../backend', () => ({
  listFeeds: vi.fn(),
  listFeedItems: vi.fn(),
  dismissFeedItem: vi.fn(async () => {}),
  draftFeedItem: vi.fn(),
  subscribeFeed: vi.fn(),
  removeFeed: vi.fn(),
  fetchFeeds: vi.fn(),
  importOpml: vi.fn(),
  exportOpml: vi.fn(),
  onFeedsFetched: vi.fn(async () => () => {}),
}));

function item(id: number, fields: Partial<FeedItem> = {}): FeedItem {
  return {
    id,
    feed_id: 1,
    feed_title: 'The Coastal Ledger',
    url: `https://ledger.example/${id}`,
    title: `Story ${id}`,
    summary: '',
    published_at: '2024-03-05T08:30:00Z',
    state: 'new',
    brief_id: null,
    used_in: null,
    ...fields,
  };
}

const itemsMock = vi.mocked(listFeedItems);

describe('InboxView', () => {
  beforeEach(() => {
    vi.mocked(listFeeds).mockResolvedValue([
      { id: 1, url: 'https://ledger.example/rss', title: 'The Coastal Ledger', site_url: null, fetched_at: null, error: null, offline: true, items: 3, new_items: 3 },
    ]);
    itemsMock.mockResolvedValue({ items: [item(1), item(2), item(3)], total: 3, new_total: 3 });
  });

  it('shows items and counts, the feed offline, and markup in a title as text', async () => {
    itemsMock.mockResolvedValue({
      items: [item(1, { title: '<img src=x onerror=alert(1)>', used_in: { id: 'b', headline: 'Earlier', issue: 11, published: true, url: 'x' } })],
      total: 1,
      new_total: 1,
    });
    render(InboxView, { props: { active: true, onDrafted: vi.fn() } });
    const rows = await screen.findAllByTestId('inbox-item');
    expect(rows[0]!.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(rows[0]!.querySelector('img')).toBeNull();
    expect(screen.getByTestId('inbox-used').textContent).toContain('already used in No. 11');
    expect(screen.getByTestId('inbox-counts').textContent).toBe('1 new · 1 item');
    expect((await screen.findByTestId('feed-trouble')).textContent).toBe('offline, will try again');
    expect(itemsMock).toHaveBeenCalledWith({ feed: null, only_new: false, text: '', offset: 0, limit: INBOX_PAGE });
  });

  it('moves with j and k, drafts with Enter and dismisses with d', async () => {
    const onDrafted = vi.fn();
    vi.mocked(draftFeedItem).mockResolvedValue({ id: 'brief-2' } as Awaited<ReturnType<typeof draftFeedItem>>);
    render(InboxView, { props: { active: true, onDrafted } });
    await screen.findAllByTestId('inbox-item');
    const list = screen.getByTestId('inbox-items');
    await fireEvent.keyDown(list, { key: 'j' });
    await fireEvent.keyDown(list, { key: 'j' });
    await fireEvent.keyDown(list, { key: 'k' });
    const selected = () => screen.getAllByTestId('inbox-item').findIndex((row) => row.getAttribute('aria-selected') === 'true');
    expect(selected()).toBe(1);
    await fireEvent.keyDown(list, { key: 'Enter' });
    await waitFor(() => expect(onDrafted).toHaveBeenCalledWith('brief-2'));
    expect(draftFeedItem).toHaveBeenCalledWith(2);
    expect(screen.getAllByTestId('inbox-item')[1]!.dataset.state).toBe('drafted');
    await fireEvent.keyDown(list, { key: 'd' });
    await waitFor(() => expect(dismissFeedItem).toHaveBeenCalledWith(2, true));
    expect(selected()).toBe(2);
  });
});
