// Where the composer sends the keyboard: each brief's handle and each section's card and name
// button, registered by the rows and cards as they are drawn (attachments), so the composer can
// focus a moved brief or the section a check is about without searching the page.
import type { Attachment } from 'svelte/attachments';

/** Keeps `key → element` while the element is drawn; a row rebuilt elsewhere replaces the old one. */
function register(map: Map<string, HTMLElement>, key: string): Attachment<HTMLElement> {
  return (node) => {
    map.set(key, node);
    return () => {
      if (map.get(key) === node) map.delete(key);
    };
  };
}

export class FocusTargets {
  readonly #handles = new Map<string, HTMLElement>();
  readonly #cards = new Map<string, HTMLElement>();
  readonly #names = new Map<string, HTMLElement>();

  /** Attachment for the handle (the focusable button) of brief `id`. */
  handle = (id: string): Attachment<HTMLElement> => register(this.#handles, id);

  /** Attachment for the card of section `name`. */
  card = (name: string): Attachment<HTMLElement> => register(this.#cards, name);

  /** Attachment for the name button of section `name` (not drawn while it is renamed). */
  name = (name: string): Attachment<HTMLElement> => register(this.#names, name);

  handleOf(id: string): HTMLElement | undefined {
    return this.#handles.get(id);
  }

  cardOf(name: string): HTMLElement | undefined {
    return this.#cards.get(name);
  }

  nameOf(name: string): HTMLElement | undefined {
    return this.#names.get(name);
  }

  /**
   * The drawn handle `step` places from brief `id`, going by `order` (the briefs as
   * shown); briefs not drawn yet (far down a long section) are skipped over.
   */
  neighbourOf(order: readonly string[], id: string, step: -1 | 1): HTMLElement | undefined {
    const drawn = order.filter((b) => this.#handles.has(b));
    const at = drawn.indexOf(id);
    const next = drawn[at + step];
    return next === undefined ? undefined : this.#handles.get(next);
  }
}
