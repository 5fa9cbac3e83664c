// The library's tags with their colours, shared by every place that shows a tag (the editor's
// chips, the library rows, the filter bar), so a colour chosen once shows everywhere at once.
import { addTag, listTags, recolourTag } from '../backend';
import { onLibraryChanged } from '../backend/events';
import type { TagInfo } from '../bindings/TagInfo';

/** The colours a tag can take: distinct in hue, readable as a dot on light and dark grounds. */
export const TAG_PALETTE: readonly { name: string; colour: string }[] = [
  { name: 'Red', colour: '#d64545' },
  { name: 'Orange', colour: '#e07b28' },
  { name: 'Yellow', colour: '#c9a21c' },
  { name: 'Green', colour: '#2f9e5b' },
  { name: 'Teal', colour: '#1f96a3' },
  { name: 'Blue', colour: '#3b6fd4' },
  { name: 'Purple', colour: '#8656c9' },
  { name: 'Pink', colour: '#cc4f8c' },
  { name: 'Grey', colour: '#7c7c86' },
];

/** Tag names compare without regard to case, as the core compares them. */
export function tagKey(name: string): string {
  return name.trim().toLowerCase();
}

class TagCatalogue {
  /** Every tag, by name, as last read from the library. */
  all = $state.raw<TagInfo[]>([]);
  readonly #byKey = $derived(new Map(this.all.map((tag) => [tagKey(tag.name), tag])));
  #loaded = false;

  constructor() {
    // A tag made, renamed, recoloured or counted anew anywhere in the window shows everywhere.
    onLibraryChanged((change) => {
      if (this.#loaded && (change.tags || change.library)) void this.refresh();
    });
  }

  find(name: string): TagInfo | undefined {
    return this.#byKey.get(tagKey(name));
  }

  colourOf(name: string): string | null {
    return this.find(name)?.colour ?? null;
  }

  /** Reads the tags once; later calls do nothing (use `refresh` after a change). */
  ensureLoaded(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    void this.refresh();
  }

  /** Reads the tags again (after a save may have created some). A failed read keeps the old list. */
  async refresh(): Promise<void> {
    try {
      this.all = await listTags();
      this.#loaded = true;
    } catch {
      // Without a backend (or with a broken one) the chips simply stay uncoloured.
    }
  }

  /**
   * Sets or clears the colour of `name`. A tag the library does not have yet (typed in the
   * editor, brief not saved) is created with it, so the colour is not lost until the save.
   */
  async setColour(name: string, colour: string | null): Promise<TagInfo> {
    const known = this.find(name);
    const tag = known ? await recolourTag(known.name, colour) : await addTag(name, colour);
    const key = tagKey(tag.name);
    const rest = this.all.filter((t) => tagKey(t.name) !== key);
    this.all = [...rest, tag].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    return tag;
  }
}

export const tagCatalogue = new TagCatalogue();
