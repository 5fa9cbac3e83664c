import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';

import { DRAG_THRESHOLD, Sorter, type DropTarget } from './sorter.svelte';

// Two lists laid out by hand (jsdom has no layout): list "A" holds a1 (y 0–40) and a2 (y 40–80);
// list "B" holds b1 (y 200–240).
function fixture(): { lists: Record<string, HTMLElement>; items: Record<string, HTMLElement> } {
  document.body.innerHTML = `
    <div data-sort-list="A"><div data-sort-item="a1"><select></select></div><div data-sort-item="a2"></div></div>
    <div data-sort-list="B"><div data-sort-item="b1"></div></div>
    <div id="outside"></div>`;
  const items: Record<string, HTMLElement> = {};
  const top: Record<string, number> = { a1: 0, a2: 40, b1: 200 };
  for (const el of document.querySelectorAll<HTMLElement>('[data-sort-item]')) {
    const id = el.dataset.sortItem ?? '';
    items[id] = el;
    const y = top[id] ?? 0;
    el.getBoundingClientRect = () => new DOMRect(0, y, 300, 40);
  }
  const lists: Record<string, HTMLElement> = {};
  for (const el of document.querySelectorAll<HTMLElement>('[data-sort-list]')) lists[el.dataset.sortList ?? ''] = el;
  // Whatever is under the pointer: list A above y 150, list B from 150 to 300, nothing below.
  Object.defineProperty(document, 'elementFromPoint', {
    configurable: true,
    value: (_x: number, y: number) => (y < 150 ? lists.A : y < 300 ? lists.B : document.getElementById('outside')),
  });
  return { lists, items };
}

function pointer(type: string, target: EventTarget, x: number, y: number, init: PointerEventInit = {}): void {
  target.dispatchEvent(
    new PointerEvent(type, { bubbles: true, button: 0, isPrimary: true, pointerId: 1, clientX: x, clientY: y, ...init }),
  );
  flushSync();
}

describe('Sorter', () => {
  let drops: Array<[string, string, DropTarget]>;
  let sorter: Sorter;
  let items: Record<string, HTMLElement>;
  let cleanups: Array<() => void>;

  beforeEach(() => {
    ({ items } = fixture());
    drops = [];
    sorter = new Sorter((id, from, to) => drops.push([id, from, to]));
    cleanups = Object.entries(items).map(([id, el]) => {
      const action = sorter.item(el, { id, list: id.startsWith('a') ? 'A' : 'B' });
      return () => action.destroy();
    });
  });

  afterEach(() => {
    sorter.cancel();
    for (const clean of cleanups) clean();
    Reflect.deleteProperty(document, 'elementFromPoint');
    document.body.innerHTML = '';
  });

  it('needs a real move before a press becomes a drag', () => {
    pointer('pointerdown', items.a1!, 10, 20);
    pointer('pointermove', window, 10 + DRAG_THRESHOLD - 2, 20);
    expect(sorter.drag).toBeNull();
    pointer('pointerup', window, 10 + DRAG_THRESHOLD - 2, 20);
    expect(drops).toEqual([]);
  });

  it('copies the item into a ghost that carries none of its identifying attributes', () => {
    items.a2!.innerHTML = '<button id="a2-handle" data-testid="handle"><span data-testid="label">A2</span></button>';
    items.a2!.dataset.testid = 'row';
    pointer('pointerdown', items.a2!, 10, 50);
    pointer('pointermove', window, 10, 60);
    const ghost = document.querySelector<HTMLElement>('.sort-ghost');
    expect(ghost?.textContent).toBe('A2');
    for (const el of [ghost, ...(ghost?.querySelectorAll('*') ?? [])]) {
      expect(el?.hasAttribute('id')).toBe(false);
      expect(el?.hasAttribute('data-testid')).toBe(false);
      expect(el?.hasAttribute('data-sort-item')).toBe(false);
    }
    // The item itself keeps them.
    expect(document.getElementById('a2-handle')?.dataset.testid).toBe('handle');
    pointer('pointerup', window, 10, 60);
  });

  it('follows the pointer with a ghost and aims at the list under it', () => {
    pointer('pointerdown', items.a1!, 10, 20);
    pointer('pointermove', window, 10, 30);
    // It starts in its own place, so nothing jumps.
    expect(sorter.drag).toMatchObject({ id: 'a1', from: 'A', over: { list: 'A', index: 0 }, height: 40 });
    const ghost = document.querySelector<HTMLElement>('.sort-ghost');
    expect(ghost?.getAttribute('aria-hidden')).toBe('true');
    expect(ghost?.hasAttribute('data-sort-item')).toBe(false);
    expect(ghost?.style.top).toBe('10px');
    expect(document.body.classList.contains('sorting')).toBe(true);

    // Over b1's lower half: after it. Over its upper half: before it.
    pointer('pointermove', window, 10, 230);
    expect(sorter.drag?.over).toEqual({ list: 'B', index: 1 });
    pointer('pointermove', window, 10, 205);
    expect(sorter.drag?.over).toEqual({ list: 'B', index: 0 });
    // Outside every list: no target.
    pointer('pointermove', window, 10, 400);
    expect(sorter.drag?.over).toBeNull();

    pointer('pointermove', window, 10, 205);
    pointer('pointerup', window, 10, 205);
    expect(drops).toEqual([['a1', 'A', { list: 'B', index: 0 }]]);
    expect(sorter.drag).toBeNull();
    expect(document.querySelector('.sort-ghost')).toBeNull();
    expect(document.body.classList.contains('sorting')).toBe(false);
  });

  it('counts positions without the dragged item', () => {
    pointer('pointerdown', items.a1!, 10, 20);
    pointer('pointermove', window, 10, 60);
    // Below a2's middle: the end of A, which without a1 is index 1.
    pointer('pointermove', window, 10, 75);
    pointer('pointerup', window, 10, 75);
    expect(drops).toEqual([['a1', 'A', { list: 'A', index: 1 }]]);
  });

  it('drops nothing when let go outside the lists, or after Escape', () => {
    pointer('pointerdown', items.a2!, 10, 50);
    pointer('pointermove', window, 10, 400);
    pointer('pointerup', window, 10, 400);
    pointer('pointerdown', items.a2!, 10, 50);
    pointer('pointermove', window, 10, 220);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    flushSync();
    expect(sorter.drag).toBeNull();
    pointer('pointerup', window, 10, 220);
    expect(drops).toEqual([]);
    expect(document.querySelector('.sort-ghost')).toBeNull();
  });

  it('leaves form fields, other buttons and other pointers alone, and stops when disabled', () => {
    pointer('pointerdown', items.a1!.querySelector('select')!, 10, 20);
    pointer('pointermove', window, 10, 220);
    expect(sorter.drag).toBeNull();
    pointer('pointerup', window, 10, 220);

    pointer('pointerdown', items.a1!, 10, 20, { button: 2 });
    pointer('pointermove', window, 10, 220);
    expect(sorter.drag).toBeNull();
    pointer('pointerup', window, 10, 220);

    sorter.disabled = true;
    pointer('pointerdown', items.b1!, 10, 210);
    pointer('pointermove', window, 10, 20);
    expect(sorter.drag).toBeNull();
    pointer('pointerup', window, 10, 20);
    expect(drops).toEqual([]);
  });

  it('ignores moves of another pointer', () => {
    pointer('pointerdown', items.a1!, 10, 20);
    pointer('pointermove', window, 10, 220, { pointerId: 2 });
    expect(sorter.drag).toBeNull();
  });
});
