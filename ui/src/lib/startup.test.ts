import { afterEach, describe, expect, it } from 'vitest';

import { LIBRARY_PAINTED, markFirstLibraryPaint } from './startup';

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

describe('markFirstLibraryPaint', () => {
  afterEach(() => {
    performance.clearMarks(LIBRARY_PAINTED);
    document.body.innerHTML = '';
  });

  it('marks once a loaded row is in the list, not for loading placeholders', async () => {
    document.body.innerHTML = '<div role="listbox"><div role="option" aria-busy="true">Loading</div></div>';
    let resolved = false;
    void markFirstLibraryPaint().then(() => (resolved = true));
    await frames(3);
    expect(resolved).toBe(false);
    expect(performance.getEntriesByName(LIBRARY_PAINTED)).toHaveLength(0);

    const row = document.createElement('div');
    row.setAttribute('role', 'option');
    row.textContent = 'Xinhua: State Council Sets Targets';
    document.querySelector('[role="listbox"]')?.append(row);
    await frames(4);
    expect(performance.getEntriesByName(LIBRARY_PAINTED)).toHaveLength(1);
    expect(resolved).toBe(true);

    // Later rows do not mark again.
    document.querySelector('[role="listbox"]')?.append(row.cloneNode(true));
    await frames(4);
    expect(performance.getEntriesByName(LIBRARY_PAINTED)).toHaveLength(1);
  });
});
