import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import UndoToast from './UndoToast.svelte';

describe('UndoToast', () => {
  afterEach(() => vi.useRealTimers());

  it('undoes, then goes away', async () => {
    const onUndo = vi.fn(async () => {});
    const onDismiss = vi.fn();
    render(UndoToast, { props: { message: 'Deleted “Cotton”.', onUndo, onDismiss } });
    expect(screen.getByTestId('undo-toast').textContent).toContain('Deleted “Cotton”.');
    await fireEvent.click(screen.getByTestId('undo-button'));
    await waitFor(() => expect(onDismiss).toHaveBeenCalledTimes(1));
    expect(onUndo).toHaveBeenCalledTimes(1);
  });

  it('says why an undo failed and stays', async () => {
    const onDismiss = vi.fn();
    render(UndoToast, {
      props: { message: 'Deleted “Cotton”.', onUndo: () => Promise.reject(new Error('Couldn’t restore it: disk full')), onDismiss },
    });
    await fireEvent.click(screen.getByTestId('undo-button'));
    await waitFor(() => expect(screen.getByTestId('undo-toast').textContent).toContain('disk full'));
    expect(onDismiss).not.toHaveBeenCalled();
  });

  it('withdraws the offer after its time, unless the pointer rests on it', async () => {
    vi.useFakeTimers();
    const onDismiss = vi.fn();
    render(UndoToast, { props: { message: 'Deleted.', onUndo: async () => {}, onDismiss, timeout: 1000 } });
    await fireEvent.mouseEnter(screen.getByTestId('undo-toast'));
    vi.advanceTimersByTime(5000);
    expect(onDismiss).not.toHaveBeenCalled();
    await fireEvent.mouseLeave(screen.getByTestId('undo-toast'));
    vi.advanceTimersByTime(1000);
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });
});
