import { describe, expect, it } from 'vitest';

import type { SourceFetched } from '../bindings/SourceFetched';
import { displayDate } from './dates';
import { fillFrom, pageLine } from './sourceFill';

function page(parts: Partial<SourceFetched> = {}): SourceFetched {
  return {
    url: 'https://ledger.example/story',
    canonical_url: null,
    outlet: { value: 'The Coastal Ledger', from: 'JSON-LD' },
    date: { value: '2021-03-04', from: 'the address' },
    title: null,
    language: null,
    words: 120,
    offline: false,
    error: null,
    ...parts,
  };
}

describe('fillFrom', () => {
  it('fills empty fields and says from where', () => {
    const fill = fillFrom(page(), { outlet: '', date: '  ' });
    expect(fill).toEqual({
      outlet: 'The Coastal Ledger',
      date: displayDate('2021-03-04'),
      note: 'Filled the outlet from JSON-LD and the date from the address.',
    });
  });

  it('never writes over what the editor typed', () => {
    const fill = fillFrom(page(), { outlet: 'Ledger', date: '' });
    expect(fill.outlet).toBeNull();
    expect(fill.note).toBe('Filled the date from the address.');
    expect(fillFrom(page(), { outlet: 'Ledger', date: '3/4/2021' })).toEqual({
      outlet: null,
      date: null,
      note: 'Nothing to fill: the outlet and date are already written.',
    });
  });

  it('says when the page has nothing and when the network is away', () => {
    expect(fillFrom(page({ outlet: null, date: null }), { outlet: '', date: '' }).note).toBe('The page names no outlet or date.');
    const offline = fillFrom(page({ offline: true, error: 'offline, will try again: x could not be reached' }), { outlet: '', date: '' });
    expect(offline).toEqual({ outlet: null, date: null, note: 'Offline, will try again.' });
    const missing = fillFrom(page({ error: 'https://ledger.example/story answered 404 Not Found' }), { outlet: '', date: '' });
    expect(missing.note).toBe('The page could not be read: https://ledger.example/story answered 404 Not Found');
    expect(missing.outlet).toBeNull();
  });
});

describe('pageLine', () => {
  it('shows the title and the language the page gave, and nothing for a page not read', () => {
    expect(pageLine(page({ title: { value: 'Ferry line restored', from: 'the title' }, language: { value: 'en', from: 'the page' } }))).toBe(
      'The page: “Ferry line restored”, in en.',
    );
    expect(pageLine(page({ language: { value: 'zh-CN', from: 'the page' } }))).toBe('The page: in zh-CN.');
    expect(pageLine(page())).toBeNull();
    expect(pageLine(page({ title: { value: 'x', from: 'y' }, error: 'gone', offline: false }))).toBeNull();
  });
});
