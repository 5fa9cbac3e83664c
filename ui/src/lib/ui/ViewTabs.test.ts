import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { DRAG_THRESHOLD } from '../issue/sorter.svelte';
import { draggableBrief, rowDrag } from '../library/rowDrag.svelte';
import ViewTabs from './ViewTabs.svelte';

function pointer(type: string, target: EventTarget, x: number, y: number): void {
  target.dispatchEvent(new PointerEvent(type, { bubbles: true, button: 0, isPrimary: true, pointerId: 1, clientX: x, clientY: y }));
  flushSync();
}

/** A library row (brief `id`) at y 300; jsdom has no layout, so what lies under a point is set here. */
function row(id: string, under: (x: number, y: number) => Element | null): HTMLElement {
  const el = document.createElement('div');
  el.textContent = 'Port strike ends';
  el.getBoundingClientRect = () => new DOMRect(0, 300, 300, 64);
  document.body.append(el);
  draggableBrief(el, id);
  Object.defineProperty(document, 'elementFromPoint', { configurable: true, value: under });
  return el;
}

describe('ViewTabs', () => {
  afterEach(() => {
    rowDrag.cancel();
    Reflect.deleteProperty(document, 'elementFromPoint');
  });

  it('takes a library row dragged with the pointer onto the Issues tab, and shows it will', () => {
    const onDropBrief = vi.fn<(id: string) => void>();
    render(ViewTabs, { props: { view: 'library', onChange: vi.fn(), onDropBrief } });
    const issues = screen.getByTestId('tab-issues');
    const library = screen.getByTestId('tab-library');
    const source = row('b-1', (_x, y) => (y < 50 ? issues : y < 100 ? library : document.body));

    pointer('pointerdown', source, 10, 320);
    // Not yet a drag: no ghost, nothing offered.
    pointer('pointermove', window, 10, 320 + DRAG_THRESHOLD - 2);
    expect(document.querySelector('.sort-ghost')).toBeNull();
    // Over the Library tab: a drag with its ghost, but the tab is no target.
    pointer('pointermove', window, 10, 80);
    expect(document.querySelector('.sort-ghost')).not.toBeNull();
    expect(library.classList.contains('dropping')).toBe(false);
    expect(issues.classList.contains('dropping')).toBe(false);
    // Over the Issues tab: it shows it takes the brief, and a release there hands it over.
    pointer('pointermove', window, 10, 20);
    expect(issues.classList.contains('dropping')).toBe(true);
    pointer('pointerup', window, 10, 20);
    expect(onDropBrief).toHaveBeenCalledWith('b-1');
    expect(issues.classList.contains('dropping')).toBe(false);
    expect(document.querySelector('.sort-ghost')).toBeNull();
  });

  it('drops nothing when let go elsewhere, or after Escape', () => {
    const onDropBrief = vi.fn<(id: string) => void>();
    render(ViewTabs, { props: { view: 'library', onChange: vi.fn(), onDropBrief } });
    const issues = screen.getByTestId('tab-issues');
    const source = row('b-2', (_x, y) => (y < 50 ? issues : document.body));

    pointer('pointerdown', source, 10, 320);
    pointer('pointermove', window, 10, 200);
    pointer('pointerup', window, 10, 200);

    pointer('pointerdown', source, 10, 320);
    pointer('pointermove', window, 10, 20);
    expect(issues.classList.contains('dropping')).toBe(true);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    flushSync();
    expect(issues.classList.contains('dropping')).toBe(false);
    pointer('pointerup', window, 10, 20);
    expect(onDropBrief).not.toHaveBeenCalled();
  });
});
