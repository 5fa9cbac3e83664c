// A small pointer-event sorter: press on an item, move past a threshold, and the item follows
// the pointer as a "ghost" while the lists under it show where it would land. Built on pointer
// events rather than native HTML5 drag and drop, which WebKitWebDriver cannot drive (so the
// drags are testable end to end) and which gives no say over the placeholder.
//
// Markup contract: a drop list carries `data-sort-list="<name>"`; each item inside it carries
// `data-sort-item="<id>"` and `use:sorter.item`. Elements marked `data-no-drag` (and form
// fields) never start a drag. Scrollable areas marked `data-sort-scroll` scroll near their edges.

/** A drop spot: the list's name, and the index among its items without the dragged one. */
export type DropTarget = { list: string; index: number };

export type DragState = {
  id: string;
  /** The list the item was picked up from. */
  from: string;
  /** Where it would land if let go now; null outside every list. */
  over: DropTarget | null;
  /** The item's height when picked up. */
  height: number;
};

export type ItemParams = { id: string; list: string };

type Press = {
  id: string;
  from: string;
  node: HTMLElement;
  pointerId: number;
  startX: number;
  startY: number;
  x: number;
  y: number;
  ghost: HTMLElement | null;
  offsetX: number;
  offsetY: number;
};

/** Pixels a press must travel before it becomes a drag; less is a click. */
export const DRAG_THRESHOLD = 5;
/** How close to a scroller's edge the pointer must be to scroll it while dragging. */
const EDGE = 40;

export class Sorter {
  /** The drag in progress, for drawing where it would land and dimming the picked-up item. */
  drag = $state.raw<DragState | null>(null);
  /** No new drags while true (a published issue, a change being saved). */
  disabled = $state(false);

  readonly #onDrop: (id: string, from: string, to: DropTarget) => void;
  #press: Press | null = null;
  #unlisten: () => void = () => {};
  #frame = 0;

  constructor(onDrop: (id: string, from: string, to: DropTarget) => void) {
    this.#onDrop = onDrop;
  }

  /** Svelte action for a draggable item. */
  item = (node: HTMLElement, params: ItemParams) => {
    let current = params;
    const down = (event: PointerEvent): void => this.#down(event, node, current);
    node.addEventListener('pointerdown', down);
    return {
      update(next: ItemParams): void {
        current = next;
      },
      destroy(): void {
        node.removeEventListener('pointerdown', down);
      },
    };
  };

  /** Stops a drag without dropping (Escape, window lost focus, component gone). */
  cancel = (): void => {
    this.#finish();
  };

  #down(event: PointerEvent, node: HTMLElement, params: ItemParams): void {
    if (this.disabled || this.#press || event.button !== 0 || !event.isPrimary) return;
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest('input, select, textarea, [data-no-drag]')) return;
    const rect = node.getBoundingClientRect();
    this.#press = {
      id: params.id,
      from: params.list,
      node,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      x: event.clientX,
      y: event.clientY,
      ghost: null,
      offsetX: event.clientX - rect.left,
      offsetY: event.clientY - rect.top,
    };
    this.#unlisten = listenWhilePressed({ move: this.#move, up: this.#up, cancel: this.cancel, key: this.#key });
  }

  #move = (event: PointerEvent): void => {
    const press = this.#press;
    if (!press || event.pointerId !== press.pointerId) return;
    press.x = event.clientX;
    press.y = event.clientY;
    if (!this.drag) {
      if (Math.hypot(press.x - press.startX, press.y - press.startY) < DRAG_THRESHOLD) return;
      this.#start(press);
    }
    event.preventDefault();
    this.#follow(press);
    this.#scrollNearEdges();
  };

  #up = (event: PointerEvent): void => {
    const press = this.#press;
    if (!press || event.pointerId !== press.pointerId) return;
    const drag = this.drag;
    const over = drag ? this.#targetAt(event.clientX, event.clientY, drag.id) : null;
    this.#finish();
    // A click may still follow a drag that ended where it began; it only selects the item.
    if (drag && over) this.#onDrop(drag.id, drag.from, over);
  };

  #key = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.drag) {
      event.preventDefault();
      event.stopPropagation();
      this.#finish();
    }
  };

  #start(press: Press): void {
    const rect = press.node.getBoundingClientRect();
    press.ghost = makeGhost(press.node, rect);
    grabbing(true);
    // The drop is aimed at the item's own place first. The lists draw the drop as a line that
    // takes no room and keep the item in place, so nothing under the pointer moves while it moves.
    this.drag = {
      id: press.id,
      from: press.from,
      over: this.#targetAt(press.x, press.y, press.id),
      height: rect.height,
    };
  }

  #follow(press: Press): void {
    if (press.ghost) {
      press.ghost.style.left = `${press.x - press.offsetX}px`;
      press.ghost.style.top = `${press.y - press.offsetY}px`;
    }
    const drag = this.drag;
    if (!drag) return;
    const over = this.#targetAt(press.x, press.y, drag.id);
    if (over?.list !== drag.over?.list || over?.index !== drag.over?.index) {
      this.drag = { ...drag, over };
    }
  }

  /** The list under the point and the index the item would take among the other items. */
  #targetAt(x: number, y: number, id: string): DropTarget | null {
    if (typeof document.elementFromPoint !== 'function') return null;
    const list = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-sort-list]');
    const name = list?.dataset.sortList;
    if (!list || name === undefined) return null;
    const items = [...list.querySelectorAll<HTMLElement>('[data-sort-item]')].filter(
      (el) => el.dataset.sortItem !== id,
    );
    let index = items.length;
    for (const [i, el] of items.entries()) {
      const rect = el.getBoundingClientRect();
      if (y < rect.top + rect.height / 2) {
        index = i;
        break;
      }
    }
    return { list: name, index };
  }

  /** While the pointer rests near a scroller's edge, keep scrolling it (and re-aim the drop). */
  #scrollNearEdges(): void {
    if (this.#frame || typeof requestAnimationFrame !== 'function') return;
    const step = (): void => {
      this.#frame = 0;
      const press = this.#press;
      if (!press || !this.drag || typeof document.elementFromPoint !== 'function') return;
      const scroller = document.elementFromPoint(press.x, press.y)?.closest<HTMLElement>('[data-sort-scroll]');
      if (!scroller) return;
      const rect = scroller.getBoundingClientRect();
      const speed =
        press.y < rect.top + EDGE ? -(rect.top + EDGE - press.y) : press.y > rect.bottom - EDGE ? press.y - (rect.bottom - EDGE) : 0;
      if (speed === 0) return;
      const before = scroller.scrollTop;
      scroller.scrollTop += Math.round(speed / 2);
      if (scroller.scrollTop === before) return;
      this.#follow(press);
      this.#frame = requestAnimationFrame(step);
    };
    this.#frame = requestAnimationFrame(step);
  }

  #finish(): void {
    const press = this.#press;
    this.#press = null;
    press?.ghost?.remove();
    if (this.#frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    grabbing(false);
    this.#unlisten();
    this.#unlisten = () => {};
    this.drag = null;
  }
}

/**
 * What a press listens to on the window until it ends: the pointer moving and let go, the drag
 * cancelled (pointercancel, the window losing focus), and keys (Escape).
 */
export type PressHandlers = {
  move: (e: PointerEvent) => void;
  up: (e: PointerEvent) => void;
  cancel: () => void;
  key: (e: KeyboardEvent) => void;
};

/** Listens for `handlers` on the window; returns what stops listening. */
export function listenWhilePressed(handlers: PressHandlers): () => void {
  window.addEventListener('pointermove', handlers.move);
  window.addEventListener('pointerup', handlers.up);
  window.addEventListener('pointercancel', handlers.cancel);
  window.addEventListener('keydown', handlers.key, true);
  window.addEventListener('blur', handlers.cancel);
  return () => {
    window.removeEventListener('pointermove', handlers.move);
    window.removeEventListener('pointerup', handlers.up);
    window.removeEventListener('pointercancel', handlers.cancel);
    window.removeEventListener('keydown', handlers.key, true);
    window.removeEventListener('blur', handlers.cancel);
  };
}

/** While a drag is on: the grabbing cursor everywhere, and no text selection following the pointer. */
export function grabbing(on: boolean): void {
  document.body.classList.toggle('sorting', on);
  if (on) {
    document.body.style.setProperty('cursor', 'grabbing');
    document.body.style.setProperty('user-select', 'none');
    document.body.style.setProperty('-webkit-user-select', 'none');
  } else {
    for (const name of ['cursor', 'user-select', '-webkit-user-select']) document.body.style.removeProperty(name);
  }
}

/** Attributes a copy must not carry, or it would be found (by id, label, test or drop) in place of the item. */
const IDENTIFYING = ['id', 'data-testid', 'data-sort-item'];

/** A copy of the item that follows the pointer; inert, and invisible to tests and assistive tech (the library's row drag uses it too). */
export function makeGhost(node: HTMLElement, rect: DOMRect): HTMLElement {
  const ghost = node.cloneNode(true) as HTMLElement;
  for (const el of [ghost, ...ghost.querySelectorAll('*')]) {
    for (const name of IDENTIFYING) el.removeAttribute(name);
  }
  ghost.setAttribute('aria-hidden', 'true');
  ghost.classList.add('sort-ghost');
  Object.assign(ghost.style, {
    position: 'fixed',
    left: `${rect.left}px`,
    top: `${rect.top}px`,
    width: `${rect.width}px`,
    margin: '0',
    zIndex: '1000',
    pointerEvents: 'none',
    background: 'var(--bg)',
    border: '1px solid var(--border)',
    borderRadius: '8px',
    boxShadow: '0 10px 28px rgba(0, 0, 0, 0.18)',
    opacity: '0.97',
    transform: 'rotate(0.6deg)',
  });
  document.body.append(ghost);
  return ghost;
}
