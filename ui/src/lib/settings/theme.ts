// Light, dark, or whatever the system uses: stored on this computer, applied as
// <html data-theme="light|dark"> (app.css holds both palettes). Beside it, the other choice
// local to this window: whether spelling is checked as the editor writes.

export type Theme = 'system' | 'light' | 'dark';

const KEY = 'briefdesk.theme';
const DARK = '(prefers-color-scheme: dark)';

export function loadTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Without storage the choice lasts until the window closes.
  }
  applyTheme(theme);
}

let following: MediaQueryList | null = null;
const onSystemChange = (): void => applyTheme('system');

/** Sets the page's palette; with 'system', follows the system as it changes. */
export function applyTheme(theme: Theme): void {
  const query = typeof matchMedia === 'function' ? matchMedia(DARK) : null;
  following?.removeEventListener('change', onSystemChange);
  following = null;
  let dark = theme === 'dark';
  if (theme === 'system' && query) {
    dark = query.matches;
    following = query;
    query.addEventListener('change', onSystemChange);
  }
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

const SPELLING_KEY = 'briefdesk.spellcheck';

/** Whether the headline and body are spell-checked: on unless turned off on this computer. */
export function loadSpellcheck(): boolean {
  try {
    return localStorage.getItem(SPELLING_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function saveSpellcheck(on: boolean): void {
  try {
    localStorage.setItem(SPELLING_KEY, on ? 'on' : 'off');
  } catch {
    // Without storage the choice lasts until the window closes.
  }
}
