// The publication's chosen date style (Settings), as the window's own lists and notes read it:
// every date the app shows follows it, in the system's locale. Loaded once the library is
// open, and set again when Settings are saved; the views that show dates redraw at once.
import { getPublication } from '../backend';
import type { DateStyle } from '../bindings/DateStyle';

class DateStyleSetting {
  style = $state<DateStyle>('long');

  async load(): Promise<void> {
    try {
      this.style = (await getPublication()).date_style;
    } catch {
      // No library open yet: the default stands until one is.
    }
  }
}

export const dateStyle = new DateStyleSetting();
