import { describe, expect, it } from 'vitest';

import { languageTag } from './spelling.svelte';

describe('the language spelling is checked in', () => {
  it('is the system language as a valid tag', () => {
    expect(languageTag('en-US')).toBe('en-US');
    expect(languageTag('de')).toBe('de');
    expect(languageTag('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  it('is none when the system has no language set, or an unreadable one', () => {
    for (const raw of [undefined, '', 'c', 'C', 'C.UTF-8', 'POSIX', 'posix', 'en_US.UTF-8@euro!']) {
      expect(languageTag(raw)).toBeUndefined();
    }
  });
});
