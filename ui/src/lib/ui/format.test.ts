import { afterEach, describe, expect, it } from 'vitest';

import { dateStyle } from './dateStyle.svelte';
import { formatDay, formatSourceDate, formatTimestamp } from './format';

const day = new Date(Date.UTC(2020, 10, 27));

describe('formatDay', () => {
  it('writes a day in the chosen style, in the locale’s words and order', () => {
    expect(formatDay(day, 'long', 'en-US')).toBe('November 27, 2020');
    expect(formatDay(day, 'long', 'en-GB')).toBe('27 November 2020');
    expect(formatDay(day, 'day_first', 'en-US')).toBe('27 November 2020');
    expect(formatDay(day, 'short', 'en-US')).toBe('Nov 27, 2020');
    expect(formatDay(day, 'long', 'de-DE')).toBe('27. November 2020');
    expect(formatDay(day, 'iso', 'en-US')).toBe('2020-11-27');
  });
});

describe('the app’s own dates', () => {
  afterEach(() => {
    dateStyle.style = 'long';
  });

  it('follow the chosen date style as it changes', () => {
    dateStyle.style = 'iso';
    expect(formatSourceDate('2020-11-27')).toBe('2020-11-27');
    expect(formatTimestamp('2020-11-27T12:00:00Z')).toMatch(/^2020-11-2[78], /u);
    dateStyle.style = 'short';
    expect(formatSourceDate('2020-11-27')).toBe(formatDay(day, 'short'));
    expect(formatSourceDate('not a date')).toBe('not a date');
  });
});
