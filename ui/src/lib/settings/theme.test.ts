import { afterEach, describe, expect, it } from 'vitest';

import { applyTheme, loadSpellcheck, loadTheme, saveSpellcheck, saveTheme } from './theme';

describe('theme', () => {
  afterEach(() => localStorage.clear());

  it('is "system" until the editor chooses, and remembers the choice', () => {
    expect(loadTheme()).toBe('system');
    saveTheme('dark');
    expect(loadTheme()).toBe('dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    saveTheme('light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('resolves "system" to a palette', () => {
    applyTheme('system');
    expect(['light', 'dark']).toContain(document.documentElement.dataset.theme);
  });

  it('checks spelling unless turned off, and remembers the choice', () => {
    expect(loadSpellcheck()).toBe(true);
    saveSpellcheck(false);
    expect(loadSpellcheck()).toBe(false);
    saveSpellcheck(true);
    expect(loadSpellcheck()).toBe(true);
  });
});
