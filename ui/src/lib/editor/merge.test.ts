import { describe, expect, it } from 'vitest';

import { brief } from '../../test/fixtures';
import { displayDate } from './dates';
import { formFromBrief, preservedFromBrief } from './draft';
import { listParts, mergeEdits, takeTheirs } from './merge';

const base = brief({ version: 1 });

describe('mergeEdits', () => {
  it('takes a part only they changed and keeps a part only I changed', () => {
    const mine = { ...formFromBrief(base), headline: 'Reporters detained in Xinjiang' };
    const theirs = brief({ version: 2, notes: 'Confirmed by the desk.' });
    const merged = mergeEdits(base, mine, preservedFromBrief(base), theirs);
    expect(merged.clashes).toEqual([]);
    expect(merged.taken).toEqual(['notes']);
    expect(merged.form.headline).toBe('Reporters detained in Xinjiang');
    expect(merged.form.notes).toBe('Confirmed by the desk.');
  });

  it('reports a part both changed differently and keeps mine in the form', () => {
    const mine = { ...formFromBrief(base), headline: 'Mine', tags: ['china'] };
    const theirs = brief({ version: 2, headline: 'Theirs', status: 'published' });
    const merged = mergeEdits(base, mine, preservedFromBrief(base), theirs);
    expect(merged.clashes).toEqual(['headline']);
    expect(merged.taken).toEqual(['status']);
    expect(merged.form.headline).toBe('Mine');
    expect(merged.form.status).toBe('published');
    expect(merged.form.tags).toEqual(['china']);
  });

  it('is no clash when both made the same change, or differ only in spaces and blank rows', () => {
    const mine = {
      ...formFromBrief(base),
      headline: ' Same ',
      extraSources: [{ outlet: '', date: '', url: '', title: null }],
    };
    const theirs = brief({ version: 2, headline: 'Same' });
    const merged = mergeEdits(base, mine, preservedFromBrief(base), theirs);
    expect(merged.clashes).toEqual([]);
    expect(merged.taken).toEqual([]);
  });

  it('moves the sources as one part, with the first source title', () => {
    const mine = formFromBrief(base);
    const theirs = brief({
      version: 2,
      sources: [{ outlet: 'Reuters', date: '2020-11-26', url: null, title: 'Held' }],
    });
    const merged = mergeEdits(base, mine, preservedFromBrief(base), theirs);
    expect(merged.taken).toEqual(['sources']);
    expect([merged.form.outlet, merged.form.date, merged.form.url]).toEqual(['Reuters', displayDate('2020-11-26'), '']);
    expect(merged.preserved.title).toBe('Held');
  });
});

describe('takeTheirs', () => {
  it('puts their value in the parts named, and only those', () => {
    const mine = { ...formFromBrief(base), headline: 'Mine', notes: 'My note' };
    const theirs = brief({ version: 2, headline: 'Theirs', notes: 'Their note' });
    const next = takeTheirs(mine, preservedFromBrief(base), theirs, ['headline']);
    expect(next.form.headline).toBe('Theirs');
    expect(next.form.notes).toBe('My note');
  });
});

describe('listParts', () => {
  it('joins names as a sentence', () => {
    expect(listParts(['headline'])).toBe('Headline');
    expect(listParts(['headline', 'body', 'tags'])).toBe('Headline, Body and Tags');
  });
});
