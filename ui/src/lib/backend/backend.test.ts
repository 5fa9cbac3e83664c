import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { invoke } from '@tauri-apps/api/core';

import type { BriefDraft } from '../bindings/BriefDraft';
import { defaultBriefQuery } from '../library/query';
import { toIpcError } from './errors';
import {
  createBrief,
  deleteBrief,
  getBrief,
  hasBackend,
  libraryInfo,
  listBriefs,
  listTags,
  addTag,
  recolourTag,
  listOutlets,
  openSourceUrl,
  searchBriefs,
  updateBrief,
} from './index';

const invokeMock = vi.mocked(invoke);

const draft: BriefDraft = {
  headline: 'Headline',
  body: 'Body',
  sources: [],
  tags: ['a'],
  status: 'draft',
  notes: '',
};

describe('command wrappers', () => {
  beforeEach(() => {
    Object.defineProperty(window, '__TAURI_INTERNALS__', { value: {}, configurable: true });
    invokeMock.mockResolvedValue(null);
  });
  afterEach(() => {
    Reflect.deleteProperty(window, '__TAURI_INTERNALS__');
  });

  it('calls each command by its Rust name with camelCase arguments', async () => {
    const query = defaultBriefQuery();
    await libraryInfo();
    await listBriefs(query);
    await searchBriefs('rfa', 25);
    await getBrief('b1');
    await createBrief(draft);
    await updateBrief('b1', 3, draft);
    await deleteBrief('b1');
    await listTags();
    await addTag('Media', '#3b6fd4');
    await recolourTag('Media', null);
    await listOutlets('rad', 8);
    await openSourceUrl('https://www.rfa.org/');
    expect(invokeMock.mock.calls).toEqual([
      ['library_info', undefined],
      ['list_briefs', { query }],
      ['search_briefs', { query: 'rfa', limit: 25, filter: null }],
      ['get_brief', { id: 'b1' }],
      ['create_brief', { draft }],
      ['update_brief', { id: 'b1', version: 3, draft }],
      ['delete_brief', { id: 'b1' }],
      ['list_tags', undefined],
      ['add_tag', { name: 'Media', colour: '#3b6fd4' }],
      ['recolour_tag', { name: 'Media', colour: null }],
      ['list_outlets', { prefix: 'rad', limit: 8 }],
      ['open_source_url', { url: 'https://www.rfa.org/' }],
    ]);
  });

  it('passes results through', async () => {
    invokeMock.mockResolvedValue({ path: '/x.db', name: 'Desk', brief_count: 3 });
    await expect(libraryInfo()).resolves.toEqual({ path: '/x.db', name: 'Desk', brief_count: 3 });
  });

  it('rejects with the core error object as-is, with the field or line it belongs to', async () => {
    invokeMock.mockRejectedValue({ code: 'invalid', message: 'headline: must not be empty', field: 'headline', extra: 1 });
    await expect(createBrief(draft)).rejects.toEqual({
      code: 'invalid',
      message: 'headline: must not be empty',
      field: 'headline',
    });
    invokeMock.mockRejectedValue({ code: 'invalid', message: 'line 4: column 2: x', line: 4, column: 2 });
    await expect(createBrief(draft)).rejects.toEqual({ code: 'invalid', message: 'line 4: column 2: x', line: 4, column: 2 });
  });

  it('normalises string and Error rejections, and codes no command has', async () => {
    invokeMock.mockRejectedValueOnce('command get_brief not found');
    await expect(getBrief('x')).rejects.toEqual({ code: 'unknown', message: 'command get_brief not found' });
    invokeMock.mockRejectedValueOnce({ code: 'validation', message: 'made up' });
    await expect(getBrief('x')).rejects.toEqual({ code: 'unknown', message: 'made up' });
    invokeMock.mockRejectedValueOnce(new TypeError('boom'));
    await expect(getBrief('x')).rejects.toEqual({ code: 'internal', message: 'boom' });
  });
});

describe('outside the Tauri webview', () => {
  it('fails with no_backend instead of calling invoke', async () => {
    expect(hasBackend()).toBe(false);
    await expect(listBriefs(defaultBriefQuery())).rejects.toMatchObject({ code: 'no_backend' });
    expect(invokeMock).not.toHaveBeenCalled();
  });
});

describe('toIpcError', () => {
  it('always yields { code, message }', () => {
    expect(toIpcError({ code: 'not_found', message: 'no brief x' })).toEqual({ code: 'not_found', message: 'no brief x' });
    expect(toIpcError({ message: 'only a message' })).toEqual({ code: 'unknown', message: 'only a message' });
    expect(toIpcError(42)).toEqual({ code: 'unknown', message: 'Unexpected error: 42' });
    expect(toIpcError(undefined)).toEqual({ code: 'unknown', message: 'Unexpected error: undefined' });
  });
});
