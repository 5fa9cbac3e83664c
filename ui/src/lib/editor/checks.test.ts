import { describe, expect, it } from 'vitest';

import { formProblems } from './checks';
import { emptyForm, emptySource } from './draft';

describe('formProblems', () => {
  it('finds every problem at once, in words, each with its field', () => {
    const form = {
      ...emptyForm(),
      headline: ' ',
      outlet: '',
      date: '02/30/2021',
      url: 'ftp://example.org/x',
      extraSources: [{ ...emptySource(), outlet: 'ABC', date: 'soon', url: 'https:/' }],
      tags: ['x'.repeat(61)],
    };
    const lines = formProblems(form, 'mdy');
    expect(lines.map((l) => [l.path, l.field])).toEqual([
      ['headline', 'headline'],
      ['sources[0].outlet', 'outlet'],
      ['sources[0].date', 'date'],
      ['sources[0].url', 'url'],
      ['sources[1].date', null],
      ['sources[1].url', null],
      ['tags[0]', 'tags'],
    ]);
    expect(lines[2]?.text).toBe('There is no February 30 in 2021.');
    expect(lines[3]?.text).toBe('Only web addresses (http:// or https://) can be sources.');
    expect(lines[5]?.text).toBe('This is not a complete web address.');
    for (const line of lines) expect(line.text).not.toMatch(/is not an http\(s\) URL|YYYY-MM-DD"/u);
  });

  it('says a ready brief needs a source, and nothing about a good form', () => {
    expect(formProblems({ ...emptyForm(), headline: 'H', status: 'ready' }, 'mdy').map((l) => l.path)).toEqual(['sources']);
    expect(formProblems({ ...emptyForm(), headline: 'H', outlet: 'RFA', date: '11/27/2020', url: 'https://rfa.org' }, 'mdy')).toEqual([]);
  });
});
