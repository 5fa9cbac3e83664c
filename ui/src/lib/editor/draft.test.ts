import { describe, expect, it } from 'vitest';

import { brief } from '../../test/fixtures';
import {
  describePath,
  draftFromForm,
  emptyForm,
  formFromBrief,
  parseErrorMessage,
  parseTags,
  preservedFromBrief,
} from './draft';

describe('parseTags', () => {
  it('splits on commas, trims, drops blanks and duplicates', () => {
    expect(parseTags(' china,  press freedom ,, china,')).toEqual(['china', 'press freedom']);
    expect(parseTags('   ')).toEqual([]);
  });
});

describe('draftFromForm', () => {
  it('sends no source when outlet, date and URL are all blank', () => {
    const form = { ...emptyForm(), headline: '  Title  ', outlet: ' ', date: '', url: '  ' };
    expect(draftFromForm(form, preservedFromBrief(null))).toEqual({
      headline: 'Title',
      body: '',
      sources: [],
      tags: [],
      status: 'draft',
      notes: '',
    });
  });

  it('sends one source with blanks as null', () => {
    const form = { ...emptyForm(), outlet: ' RFA ', date: '', url: '' };
    expect(draftFromForm(form, preservedFromBrief(null)).sources).toEqual([
      { outlet: 'RFA', date: null, url: null, title: null },
    ]);
  });

  it('round-trips a brief, keeping the source title and further sources', () => {
    const original = brief({
      sources: [
        { outlet: 'RFA', date: '2020-11-27', url: 'https://rfa.org/a', title: 'A' },
        { outlet: 'AP', date: null, url: null, title: null },
      ],
    });
    const draft = draftFromForm(formFromBrief(original), preservedFromBrief(original));
    expect(draft).toEqual({
      headline: original.headline,
      body: original.body,
      sources: original.sources,
      tags: original.tags,
      status: original.status,
      notes: original.notes,
    });
  });
});

describe('parseErrorMessage', () => {
  it('maps field paths onto form fields', () => {
    expect(parseErrorMessage('headline: must not be empty')).toEqual([
      { field: 'headline', path: 'headline', text: 'must not be empty' },
    ]);
    expect(parseErrorMessage('sources[0].url: "ftp://x" is not an http(s) URL')).toEqual([
      { field: 'url', path: 'sources[0].url', text: '"ftp://x" is not an http(s) URL' },
    ]);
    expect(parseErrorMessage('tags[3]: too long')[0]?.field).toBe('tags');
  });

  it('keeps other messages general', () => {
    expect(parseErrorMessage('database is locked')).toEqual([{ field: null, path: null, text: 'database is locked' }]);
    expect(parseErrorMessage('sources[1].url: bad')).toEqual([{ field: null, path: 'sources[1].url', text: 'bad' }]);
  });

  it('splits multi-line messages', () => {
    expect(parseErrorMessage('headline: must not be empty\nsources[0].outlet: must not be empty').map((l) => l.field)).toEqual([
      'headline',
      'outlet',
    ]);
  });
});

describe('describePath', () => {
  it('names paths for people', () => {
    expect(describePath('headline')).toBe('Headline');
    expect(describePath('sources[0].url')).toBe('Source URL');
    expect(describePath('sources[2].outlet')).toBe('Source 3 outlet');
    expect(describePath('weird')).toBe('weird');
  });
});
