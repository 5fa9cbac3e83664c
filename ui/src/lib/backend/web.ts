// A source's page fetched in the background: the generated command takes a Tauri Channel; the
// editor passes a callback, called once when the page (or why there is none) arrives.
import { Channel } from '@tauri-apps/api/core';

import type { SourceFetched } from '../bindings/SourceFetched';
import * as commands from '../bindings/commands';
import { hasBackend } from './call';
import { noBackendError } from './errors';

export type OnSourceFetched = (result: SourceFetched) => void;

export function fetchSource(url: string, onResult: OnSourceFetched): Promise<void> {
  // A Channel needs the IPC bridge; outside the app, refuse as every command does.
  if (!hasBackend()) return Promise.reject(noBackendError());
  const channel = new Channel<SourceFetched>();
  channel.onmessage = onResult;
  return commands.fetchSource(url, channel);
}
