// Import with progress: the generated import commands take a Tauri Channel; the dialogs pass a
// callback, told how far the import has got.
import { Channel } from '@tauri-apps/api/core';

import * as commands from '../bindings/commands';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportReport } from '../bindings/ImportReport';

/** Told how far an import has got, a few times a second at most. */
export type OnImportProgress = (progress: ImportProgress) => void;

function progressChannel(onProgress: OnImportProgress): Channel<ImportProgress> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Imports (or with `dry_run` previews) a file picked with `pickImportFile`. */
export function importFile(path: string, options: ImportOptions, onProgress: OnImportProgress = () => {}): Promise<ImportReport> {
  return commands.importFile(path, options, progressChannel(onProgress));
}

/** Imports (or with `dry_run` previews) pasted text. */
export function importText(text: string, options: ImportOptions, onProgress: OnImportProgress = () => {}): Promise<ImportReport> {
  return commands.importText(text, options, progressChannel(onProgress));
}
