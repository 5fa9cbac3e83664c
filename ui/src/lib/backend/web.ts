// The web in the background: the generated commands take a Tauri Channel; the window passes a
// callback, called once when the page (or why there is none), or the links' check, arrives.
import { Channel } from '@tauri-apps/api/core';

import type { LinkReports } from '../bindings/LinkReports';
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

export type OnLinksChecked = (reports: LinkReports) => void;

/** Checks every link of issue `number`; `onResult` is called once, when the check ends. */
export function checkIssueLinks(number: number, onResult: OnLinksChecked): Promise<void> {
  if (!hasBackend()) return Promise.reject(noBackendError());
  const channel = new Channel<LinkReports>();
  channel.onmessage = onResult;
  return commands.checkIssueLinks(number, channel);
}
