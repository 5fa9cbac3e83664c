import { afterEach, describe, expect, it } from 'vitest';

import { applyTheme, loadTheme, saveTheme } from './theme';

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
});
