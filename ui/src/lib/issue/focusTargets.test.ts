import { describe, expect, it } from 'vitest';

import { FocusTargets } from './focusTargets';

function button(): HTMLButtonElement {
  return document.createElement('button');
}

describe('FocusTargets', () => {
  it('finds what is drawn, and forgets it once it is gone', () => {
    const focus = new FocusTargets();
    const handle = button();
    const forget = focus.handle('b-1')(handle);
    const card = document.createElement('section');
    focus.card('Domestic')(card);
    expect(focus.handleOf('b-1')).toBe(handle);
    expect(focus.cardOf('Domestic')).toBe(card);
    expect(focus.nameOf('Domestic')).toBeUndefined();
    forget?.();
    expect(focus.handleOf('b-1')).toBeUndefined();
  });

  it('keeps a row rebuilt elsewhere when the old one goes after it', () => {
    const focus = new FocusTargets();
    const before = button();
    const after = button();
    const forgetBefore = focus.handle('b-1')(before);
    focus.handle('b-1')(after);
    forgetBefore?.();
    expect(focus.handleOf('b-1')).toBe(after);
  });

  it('steps to the neighbouring drawn handle in the order shown', () => {
    const focus = new FocusTargets();
    const drawn = new Map(['b-1', 'b-2', 'b-4'].map((id) => [id, button()]));
    for (const [id, el] of drawn) focus.handle(id)(el);
    const order = ['b-1', 'b-2', 'b-3', 'b-4'];
    expect(focus.neighbourOf(order, 'b-1', 1)).toBe(drawn.get('b-2'));
    // b-3 is not drawn (far down a long section): the step goes past it.
    expect(focus.neighbourOf(order, 'b-2', 1)).toBe(drawn.get('b-4'));
    expect(focus.neighbourOf(order, 'b-4', -1)).toBe(drawn.get('b-2'));
    expect(focus.neighbourOf(order, 'b-1', -1)).toBeUndefined();
    expect(focus.neighbourOf(order, 'b-4', 1)).toBeUndefined();
  });
});
