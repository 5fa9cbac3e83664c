import { describe, expect, it } from 'vitest';

import { fieldError, patchOf, suggestedTitle, todayIso } from './fields';

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
    expect(fieldError({ code: 'invalid', message: 'title: must not be empty', field: 'title' })).toEqual({
      field: 'title',
      text: 'Must not be empty',
    });
    expect(fieldError({ code: 'conflict', message: 'number: issue No. 12 already exists', field: 'number' })).toEqual({
      field: 'number',
      text: 'Issue No. 12 already exists',
    });
    expect(fieldError({ code: 'invalid', message: 'date: "2020-02-30" is not a real calendar date', field: 'date' })).toEqual({
      field: 'date',
      text: '"2020-02-30" is not a real calendar date',
    });
    // No field named: the whole message, readable.
    expect(fieldError({ code: 'not_found', message: 'issue not found: No. 9' })).toEqual({ field: null, text: 'Issue not found: No. 9' });
    // A field the issue form does not have: the whole message, with the name.
    expect(fieldError({ code: 'invalid', message: 'section: a section name must not be empty', field: 'section' })).toEqual({
      field: null,
      text: 'Section: a section name must not be empty',
    });
    // Words that look like a field name are not taken for one.
    expect(fieldError({ code: 'conflict', message: 'title: taken' })).toEqual({ field: null, text: 'Title: taken' });
  });

  it("suggests today and the publication's name", () => {
    expect(todayIso(new Date(2021, 0, 5, 23, 30))).toBe('2021-01-05');
    expect(suggestedTitle('')).toBe('');
    expect(suggestedTitle('  The Week in Beijing ')).toBe('The Week in Beijing');
  });
});
