import { describe, expect, it } from 'vitest';

import { emailLevel, kilobytes, plural, readingTime } from './format';

describe('composer wording', () => {
  it('counts, times and sizes', () => {
    expect(plural(1, 'brief')).toBe('1 brief');
    expect(plural(1234, 'word')).toBe('1,234 words');
    expect(readingTime(0)).toBe('no reading time');
    expect(readingTime(4)).toBe('4 min read');
    expect(kilobytes(0)).toBe('0 KB');
    expect(kilobytes(100)).toBe('1 KB');
    expect(kilobytes(20_480)).toBe('20 KB');
    expect(kilobytes(102 * 1024)).toBe('102 KB');
  });

  it('grades the email against the limit', () => {
    const limit = 102 * 1024;
    expect(emailLevel(20_000, limit)).toBe('ok');
    expect(emailLevel(95 * 1024, limit)).toBe('near');
    expect(emailLevel(limit, limit)).toBe('near');
    expect(emailLevel(limit + 1, limit)).toBe('over');
  });
});
