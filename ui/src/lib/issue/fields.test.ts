import { describe, expect, it } from 'vitest';

import type { Issue } from '../bindings/Issue';
import { fieldError, patchOf, suggestedTitle, todayIso } from './fields';

function issue(number: number, title: string): Issue {
  return {
    id: `i-${number}`,
    number,
    title,
    date: '2020-12-08',
    status: 'draft',
    subject: '',
    preheader: '',
    intro: '',
    closing: '',
    sections: [],
  };
}

describe('issue fields', () => {
  it('builds patches that change only the fields given', () => {
    expect(patchOf({ subject: 'Hi' })).toEqual({
      number: null,
      title: null,
      date: null,
      status: null,
      subject: 'Hi',
      preheader: null,
      intro: null,
      closing: null,
    });
  });

  it('puts the core’s errors on the field they name', () => {
    expect(fieldError('title: must not be empty')).toEqual({ field: 'title', text: 'Must not be empty' });
    expect(fieldError('number: issue No. 12 already exists')).toEqual({
      field: 'number',
      text: 'Issue No. 12 already exists',
    });
    expect(fieldError('date: "2020-02-30" is not a real calendar date')).toEqual({
      field: 'date',
      text: '"2020-02-30" is not a real calendar date',
    });
    // No field named: the whole message, readable.
    expect(fieldError('issue not found: No. 9')).toEqual({ field: null, text: 'Issue not found: No. 9' });
    expect(fieldError('section: a section name must not be empty')).toEqual({
      field: null,
      text: 'Section: a section name must not be empty',
    });
  });

  it('suggests today and the series title', () => {
    expect(todayIso(new Date(2021, 0, 5, 23, 30))).toBe('2021-01-05');
    expect(suggestedTitle([])).toBe('');
    expect(suggestedTitle([issue(11, 'Old name'), issue(12, 'China Briefing'), issue(3, 'First')])).toBe('China Briefing');
  });
});
