import { describe, expect, it } from 'vitest';

import { countWords, readingMinutes } from './words';

describe('countWords', () => {
  it('counts words as the exports do', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('Three plain words [1]')).toBe(3);
    expect(countWords('香港 news — 2020')).toBe(4);
    expect(countWords('> “Quoted,” she said.\n\n- a list item')).toBe(6);
  });

  it('gives reading time in whole minutes at 200 words a minute', () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(1)).toBe(1);
    expect(readingMinutes(200)).toBe(1);
    expect(readingMinutes(201)).toBe(2);
  });
});
