// A library row dragged with the pointer onto a drop target (the Issues tab) hands its brief to
// that target. Pointer events, like the composer's sorter, rather than native HTML5 drag, which
// WebKitWebDriver cannot complete: so the drag is tested end to end. The row stays where it is;
// a ghost of it follows the pointer, and the target under the pointer shows it would take it.
//
// Markup contract: a row gets `use:draggableBrief={id}`; a target gets
// `use:briefDropTarget={{ name, onDrop }}` and reads `rowDrag.over === name` to draw itself.
import { DRAG_THRESHOLD, grabbing, listenWhilePressed, makeGhost } from '../issue/sorter.svelte';

export type DropTargetParams = { name: string; onDrop: (id: string) => void };

type Press = {
  id: string;
  node: HTMLElement;
  pointerId: number;
  startX: number;
  startY: number;
  ghost: HTMLElement | null;
};

/** The ghost sits below and right of the pointer, so the target under the pointer stays in sight. */
const GHOST_OFFSET = { x: 14, y: 16 };
/** A narrower ghost than the row: a tab is small, and the ghost should not hide what is around it. */
const GHOST_WIDTH = 280;

/** Every drop target on screen, by element; the drop goes to the one under the pointer. */
const targets = new Map<HTMLElement, DropTargetParams>();

class RowDrag {
  /** The brief being dragged, once the press has moved far enough to be a drag. */
  dragging = $state<string | null>(null);
  /** The name of the drop target under the pointer, null over none. */
  over = $state<string | null>(null);

  #press: Press | null = null;
  #unlisten: () => void = () => {};

  down(event: PointerEvent, node: HTMLElement, id: string): void {
    if (this.#press || event.button !== 0 || !event.isPrimary) return;
    this.#press = { id, node, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, ghost: null };
    this.#unlisten = listenWhilePressed({ move: this.#move, up: this.#up, cancel: this.cancel, key: this.#key });
  }

  /** Stops the drag without dropping (Escape, the window lost focus). */
  cancel = (): void => {
    this.#finish();
  };

  #move = (event: PointerEvent): void => {
    const press = this.#press;
    if (!press || event.pointerId !== press.pointerId) return;
    if (this.dragging === null) {
      if (Math.hypot(event.clientX - press.startX, event.clientY - press.startY) < DRAG_THRESHOLD) return;
      const rect = press.node.getBoundingClientRect();
      press.ghost = makeGhost(press.node, rect);
      // A row's height is its list slot's; the ghost, out of the list, keeps it.
      press.ghost.style.height = `${rect.height}px`;
      press.ghost.style.width = `${Math.min(rect.width, GHOST_WIDTH)}px`;
      grabbing(true);
      this.dragging = press.id;
    }
    event.preventDefault();
    if (press.ghost) {
      press.ghost.style.left = `${event.clientX + GHOST_OFFSET.x}px`;
      press.ghost.style.top = `${event.clientY + GHOST_OFFSET.y}px`;
    }
    this.over = targetAt(event.clientX, event.clientY)?.name ?? null;
  };

  #up = (event: PointerEvent): void => {
    const press = this.#press;
    if (!press || event.pointerId !== press.pointerId) return;
    const dragged = this.dragging !== null;
    const target = dragged ? targetAt(event.clientX, event.clientY) : undefined;
    this.#finish();
    if (!dragged) return;
    // The click that may follow a drag is not a click on the row (it would open the brief).
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
    target?.onDrop(press.id);
  };

  #key = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.dragging !== null) {
      event.preventDefault();
      event.stopPropagation();
      this.#finish();
    }
  };

  #finish(): void {
    this.#press?.ghost?.remove();
    this.#press = null;
    grabbing(false);
    this.#unlisten();
    this.#unlisten = () => {};
    this.dragging = null;
    this.over = null;
  }
}

function swallow(event: MouseEvent): void {
  event.stopPropagation();
  event.preventDefault();
}

/** The drop target under the point, if any. */
function targetAt(x: number, y: number): DropTargetParams | undefined {
  if (typeof document.elementFromPoint !== 'function') return undefined;
  let el: Element | null = document.elementFromPoint(x, y);
  for (; el; el = el.parentElement) {
    const params = el instanceof HTMLElement ? targets.get(el) : undefined;
    if (params) return params;
  }
  return undefined;
}

/** The one drag of library rows in the window. */
export const rowDrag = new RowDrag();

/** Svelte action: pressing on the row and moving drags brief `id`. */
export function draggableBrief(node: HTMLElement, id: string) {
  let current = id;
  const down = (event: PointerEvent): void => rowDrag.down(event, node, current);
  node.addEventListener('pointerdown', down);
  return {
    update(next: string): void {
      current = next;
    },
    destroy(): void {
      node.removeEventListener('pointerdown', down);
    },
  };
}

/** Svelte action: the element takes briefs dropped on it (none while `params` is null). */
export function briefDropTarget(node: HTMLElement, params: DropTargetParams | null) {
  const set = (next: DropTargetParams | null): void => {
    if (next) targets.set(node, next);
    else targets.delete(node);
  };
  set(params);
  return {
    update: set,
    destroy(): void {
      targets.delete(node);
    },
  };
}
