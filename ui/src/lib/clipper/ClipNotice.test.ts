import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { onClipped, openStartupClip } from '../backend';
import type { ClipNotice as Notice } from '../bindings/ClipNotice';
import ClipNotice from './ClipNotice.svelte';

vi.mock('../backend', () => ({ onClipped: vi.fn(), openStartupClip: vi.fn() }));

describe('ClipNotice', () => {
  let send: (notice: Notice) => void = () => {};

  beforeEach(() => {
    vi.mocked(onClipped).mockImplementation(async (handler) => {
      send = handler;
      return () => {};
    });
    vi.mocked(openStartupClip).mockResolvedValue(undefined);
  });

  it('asks for the start-up link once it listens, then says "clipped from" and opens the draft once', async () => {
    const opened = vi.fn();
    render(ClipNotice, { onClipped: opened });
    await waitFor(() => expect(openStartupClip).toHaveBeenCalledTimes(1));

    send({ brief: 'b1', host: 'rfa.org', message: 'Clipped from rfa.org. Reading the page…', ok: true });
    expect((await screen.findByRole('status')).textContent).toContain('Clipped from rfa.org.');
    send({ brief: 'b1', host: 'rfa.org', message: 'Clipped from rfa.org. Filled the outlet from JSON-LD.', ok: true });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Filled the outlet'));
    expect(opened).toHaveBeenCalledTimes(1);
    expect(opened).toHaveBeenCalledWith('b1');
  });

  it('shows a refused link as an alert and opens nothing', async () => {
    const opened = vi.fn();
    render(ClipNotice, { onClipped: opened });
    await waitFor(() => expect(onClipped).toHaveBeenCalled());
    send({ brief: null, host: '', message: 'A clip link was refused: url: only web pages (http, https) can be clipped', ok: false });
    expect((await screen.findByRole('alert')).textContent).toContain('only web pages');
    expect(opened).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
