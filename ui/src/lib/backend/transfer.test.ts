import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Channel stands in for Tauri's (which needs the webview's IPC): it carries onmessage only.
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: class {
    onmessage: (message: unknown) => void = () => {};
  },
}));

import { invoke } from '@tauri-apps/api/core';

import type { ImportOptions } from '../bindings/ImportOptions';
import {
  copyExport,
  copyRichText,
  exportDocument,
  importFile,
  importText,
  pickImportFile,
  saveExport,
  transferIssues,
} from './index';

const invokeMock = vi.mocked(invoke);

const options: ImportOptions = { format: 'auto', issue: 12, section: 'Domestic', tags: ['China'], dry_run: true, import_duplicates: false, hints: [], layout: null, offer_saved: false };

describe('import and export wrappers', () => {
  beforeEach(() => {
    Object.defineProperty(window, '__TAURI_INTERNALS__', { value: {}, configurable: true });
    invokeMock.mockResolvedValue(null);
  });
  afterEach(() => {
    Reflect.deleteProperty(window, '__TAURI_INTERNALS__');
  });

  it('call each command by its Rust name, re-exported from the backend module', async () => {
    await transferIssues();
    await pickImportFile();
    await importFile('/home/ed/issue-12.md', options);
    await importText('Headline', options);
    await exportDocument(12, 'email');
    await saveExport(12, 'html');
    await copyExport(12, 'markdown');
    await copyRichText(12);
    expect(invokeMock.mock.calls).toEqual([
      ['transfer_issues', undefined],
      ['pick_import_file', undefined],
      ['import_file', { path: '/home/ed/issue-12.md', options, onProgress: expect.any(Object) }],
      ['import_text', { text: 'Headline', options, onProgress: expect.any(Object) }],
      ['export_document', { number: 12, format: 'email' }],
      ['save_export', { number: 12, format: 'html' }],
      ['copy_export', { number: 12, format: 'markdown' }],
      ['copy_rich_text', { number: 12 }],
    ]);
  });

  it('pass an import\'s progress messages to the callback given', async () => {
    const seen: unknown[] = [];
    await importText('Headline', options, (p) => seen.push(p));
    const args = invokeMock.mock.calls[0]?.[1] as { onProgress: { onmessage: (m: unknown) => void } };
    args.onProgress.onmessage({ stage: 'storing', done: 250, total: 600 });
    expect(seen).toEqual([{ stage: 'storing', done: 250, total: 600 }]);
  });

  it('reject with the core error as { code, message }', async () => {
    invokeMock.mockRejectedValue({ code: 'invalid', message: 'input: the file is empty: nothing to import' });
    await expect(importText('', options)).rejects.toEqual({
      code: 'invalid',
      message: 'input: the file is empty: nothing to import',
    });
  });
});
