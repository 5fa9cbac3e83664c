import { describe, expect, it } from 'vitest';

import { MAX_BODY_CHARS, MAX_HEADLINE_CHARS, charCount, headlineChars, limitErrors, nearLimit, thousands, tooLong } from './limits';

describe('length limits', () => {
  it('are the core’s numbers', () => {
    expect(MAX_HEADLINE_CHARS).toBe(300);
    expect(MAX_BODY_CHARS).toBe(200_000);
  });

  it('count characters, not UTF-16 units or bytes', () => {
    expect(charCount('é'.repeat(300))).toBe(300);
    expect(charCount('📰'.repeat(10))).toBe(10);
    expect(headlineChars('  A   headline\n ')).toBe(10);
  });

  it('write the core’s message', () => {
    expect(thousands(10_485_760)).toBe('10,485,760');
    expect(thousands(999)).toBe('999');
    expect(tooLong(2000, 300)).toBe('too long (2,000 characters; the most is 300)');
  });

  it('refuse a 2,000-character headline and a 10 MB body, and pass what is at the limit', () => {
    const ok = { headline: 'é'.repeat(300), body: 'a'.repeat(MAX_BODY_CHARS), notes: '' };
    expect(limitErrors(ok)).toEqual([]);
    const lines = limitErrors({ headline: 'h'.repeat(2000), body: 'a'.repeat(10 * 1024 * 1024), notes: 'n'.repeat(MAX_BODY_CHARS + 1) });
    expect(lines).toEqual([
      { field: 'headline', path: 'headline', text: 'too long (2,000 characters; the most is 300)' },
      { field: 'body', path: 'body', text: 'too long (10,485,760 characters; the most is 200,000)' },
      { field: 'notes', path: 'notes', text: 'too long (200,001 characters; the most is 200,000)' },
    ]);
  });

  it('show a counter from four fifths of the limit', () => {
    expect(nearLimit(239, 300)).toBe(false);
    expect(nearLimit(240, 300)).toBe(true);
  });
});
