// Whether the editor's writing fields check spelling, as every open editor reads it: a change
// in Settings reaches the fields at once. Kept on this computer (theme.ts).
import { loadSpellcheck, saveSpellcheck } from './theme';

class Spelling {
  on = $state(loadSpellcheck());
  /** The language the spelling is checked in: the window's (the system's) language. */
  readonly lang = typeof navigator === 'undefined' ? 'en' : navigator.language;

  set(on: boolean): void {
    this.on = on;
    saveSpellcheck(on);
  }
}

export const spelling = new Spelling();
