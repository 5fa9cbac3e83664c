// The publication's chosen date style (Settings), as the window's own lists and notes read it:
// every date the app shows follows it, in the system's locale. Loaded once the library is
// open, set again when Settings are saved, and read again when another library is opened or
// the publication changed elsewhere (the CLI); the views that show dates redraw at once.
import { getPublication } from '../backend';
import { onLibraryChanged } from '../backend/events';
import type { DateStyle } from '../bindings/DateStyle';

class DateStyleSetting {
  style = $state<DateStyle>('long');

  constructor() {
    onLibraryChanged((change) => {
      if (change.library || change.publication) void this.load();
    });
  }

  async load(): Promise<void> {
    try {
      this.style = (await getPublication()).date_style;
    } catch {
      // No library open yet: the default stands until one is.
    }
  }
}

export const dateStyle = new DateStyleSetting();
