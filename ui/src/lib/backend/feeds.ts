// The inbox's own event: each feed fetched in the background (src-tauri/src/commands/feeds.rs).
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import type { FeedFetched } from '../bindings/FeedFetched';
import { hasBackend } from './call';

/** Sent once per feed each time it was fetched (commands::feeds::FEEDS_FETCHED_EVENT). */
export const FEEDS_FETCHED_EVENT = 'feeds-fetched';

/** Calls `handler` with each feed's outcome; resolves to a function that stops listening. */
export async function onFeedsFetched(handler: (report: FeedFetched) => void): Promise<UnlistenFn> {
  if (!hasBackend()) return () => {};
  return listen<FeedFetched>(FEEDS_FETCHED_EVENT, (event) => handler(event.payload));
}
