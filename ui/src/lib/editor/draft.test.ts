import { describe, expect, it } from 'vitest';

import { brief } from '../../test/fixtures';
import {
  describePath,
  draftFromForm,
  emptyForm,
  formFromBrief,
  errorLines,
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

describe('errorLines', () => {
  it('puts an error beside the form field its `field` names', () => {
    expect(errorLines({ code: 'invalid', message: 'headline: must not be empty', field: 'headline' })).toEqual([
      { field: 'headline', path: 'headline', text: 'must not be empty' },
    ]);
    expect(
      errorLines({ code: 'invalid', message: 'sources[0].url: "ftp://x" is not an http(s) URL', field: 'sources[0].url' }),
    ).toEqual([{ field: 'url', path: 'sources[0].url', text: '"ftp://x" is not an http(s) URL' }]);
    expect(errorLines({ code: 'invalid', message: 'tags[3]: too long', field: 'tags[3]' })[0]?.field).toBe('tags');
  });

  it('keeps other errors general, reading no field out of the words', () => {
    expect(errorLines({ code: 'database', message: 'database is locked' })).toEqual([
      { field: null, path: null, text: 'database is locked' },
    ]);
    expect(errorLines({ code: 'conflict', message: 'headline: looks like a field' })).toEqual([
      { field: null, path: null, text: 'headline: looks like a field' },
    ]);
    expect(errorLines({ code: 'invalid', message: 'sources[1].url: bad', field: 'sources[1].url' })).toEqual([
      { field: null, path: 'sources[1].url', text: 'bad' },
    ]);
    expect(errorLines({ code: 'unknown', message: '  ' })).toEqual([]);
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
