import { describe, expect, it } from 'vitest';

import { afterTyping, dateProblem, displayDate, localeDateOrder, parseTypedDate, separatorAfter, storedDate, type DateOrder } from './dates';

describe('parseTypedDate', () => {
  it('reads a date in the order of the system’s locale, as ISO, or with the month’s name', () => {
    expect(parseTypedDate('11/27/2020', 'mdy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('27/11/2020', 'dmy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('27.11.2020', 'dmy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('2020-11-27', 'dmy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate(' 2/3/2021 ', 'mdy')).toEqual({ iso: '2021-02-03' });
    expect(parseTypedDate('27 November 2020', 'mdy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('27/November 2020', 'dmy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('Nov 27, 2020', 'dmy')).toEqual({ iso: '2020-11-27' });
    expect(parseTypedDate('Sept 3 2021', 'mdy')).toEqual({ iso: '2021-09-03' });
    expect(parseTypedDate('  ', 'mdy')).toBeNull();
  });

  it('refuses an impossible or unreadable date with the reason in words', () => {
    expect(dateProblem('02/30/2021', 'mdy')).toBe('There is no February 30 in 2021.');
    expect(dateProblem('02/30/2021', 'dmy')).toBe('There is no month 30: type the date as DD/MM/YYYY.');
    expect(dateProblem('2021-02-29', 'mdy')).toBe('There is no February 29 in 2021 (2021 is not a leap year).');
    expect(dateProblem('2024-02-29', 'mdy')).toBeNull();
    expect(dateProblem('3/4/21', 'mdy')).toMatch(/Write the year in full/u);
    expect(dateProblem('soon', 'mdy')).toBe('“soon” is not a date: type it as MM/DD/YYYY (e.g. 11/27/2020).');
    expect(dateProblem('3 Brumaire 2020', 'mdy')).toBe('“Brumaire” is not the name of a month.');
  });

  it('keeps what it cannot read for the save to refuse, never dropping it', () => {
    expect(storedDate('02/30/2021', 'mdy')).toBe('02/30/2021');
    expect(storedDate('11/27/2020', 'mdy')).toBe('2020-11-27');
    expect(storedDate('', 'mdy')).toBeNull();
  });

  it('knows the order of the locale', () => {
    expect(localeDateOrder('en-US')).toBe('mdy');
    expect(localeDateOrder('en-GB')).toBe('dmy');
    expect(localeDateOrder('sv-SE')).toBe('ymd');
  });
});

describe('separatorAfter', () => {
  it('moves on from one part of the date to the next as it is typed', () => {
    expect(separatorAfter('11', 'mdy')).toBe('/');
    expect(separatorAfter('11/27', 'mdy')).toBe('/');
    expect(separatorAfter('1', 'mdy')).toBeNull();
    expect(separatorAfter('11/27/2', 'mdy')).toBeNull();
    expect(separatorAfter('2020', 'ymd')).toBe('-');
    expect(separatorAfter('2020-11', 'ymd')).toBe('-');
  });
});

describe('afterTyping', () => {
  it('reads the same whether the editor types the separators or not', () => {
    const typeAll = (keys: string, order: DateOrder): string =>
      [...keys].reduce((value, key) => afterTyping(value + key, key, order), '');
    expect(typeAll('11272020', 'mdy')).toBe('11/27/2020');
    expect(typeAll('11/27/2020', 'mdy')).toBe('11/27/2020');
    expect(typeAll('2/3/2021', 'mdy')).toBe('2/3/2021');
    expect(typeAll('20201127', 'ymd')).toBe('2020-11-27');
    expect(typeAll('2020-11-27', 'ymd')).toBe('2020-11-27');
    // ISO typed where dates begin with the month or the day still reads as ISO.
    expect(typeAll('2021-02-28', 'mdy')).toBe('2021-02-28');
    expect(typeAll('2021-02-28', 'dmy')).toBe('2021-02-28');
  });
});

describe('displayDate', () => {
  it('shows a stored date the way the system writes dates, read back the same', () => {
    expect(displayDate('2020-11-27', 'en-US')).toBe('11/27/2020');
    expect(displayDate('2020-11-27', 'en-GB')).toBe('27/11/2020');
    expect(displayDate('2020-11-27', 'de-DE')).toBe('27.11.2020');
    expect(displayDate('2020-11-27', 'sv-SE')).toBe('2020-11-27');
    // A locale whose numbers would not read back keeps ISO.
    expect(displayDate('2020-11-27', 'ko-KR')).toBe('2020-11-27');
    for (const locale of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'ja-JP', 'nl-NL']) {
      expect(storedDate(displayDate('2021-02-03', locale), localeDateOrder(locale)), locale).toBe('2021-02-03');
    }
  });
});
