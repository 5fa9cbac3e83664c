// Whether the editor's writing fields check spelling, as every open editor reads it: a change
// in Settings reaches the fields at once. Kept on this computer (theme.ts).
import { loadSpellcheck, saveSpellcheck } from './theme';

/**
 * `raw` as a language tag a `lang` attribute may carry, or undefined: a system without a
 * language set (LANG=C, POSIX) makes WebKit report "c", which is no language at all.
 */
export function languageTag(raw: string | undefined): string | undefined {
  if (!raw || /^(c|posix)([._@-]|$)/i.test(raw)) return undefined;
  try {
    return Intl.getCanonicalLocales(raw)[0];
  } catch {
    return undefined;
  }
}

class Spelling {
  on = $state(loadSpellcheck());
  /** The language the spelling is checked in: the window's (the system's), when it has one. */
  readonly lang = languageTag(typeof navigator === 'undefined' ? undefined : navigator.language);

  set(on: boolean): void {
    this.on = on;
    saveSpellcheck(on);
  }
}

export const spelling = new Spelling();
