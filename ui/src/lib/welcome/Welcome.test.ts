import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { loadSample } from '../backend';
import Welcome from './Welcome.svelte';

vi.mock('../backend', () => ({ loadSample: vi.fn() }));

describe('Welcome', () => {
  it('loads the sample issue dated today and reports its number', async () => {
    vi.mocked(loadSample).mockResolvedValue(1);
    const onLoaded = vi.fn();
    render(Welcome, { props: { onLoaded, onWrite: vi.fn() } });
    await fireEvent.click(screen.getByTestId('load-sample'));
    await waitFor(() => expect(onLoaded).toHaveBeenCalledWith(1));
    expect(vi.mocked(loadSample).mock.calls[0]?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
  });

  it('says why the sample could not be loaded', async () => {
    vi.mocked(loadSample).mockRejectedValue({ code: 'database', message: 'disk is full' });
    render(Welcome, { props: { onLoaded: vi.fn(), onWrite: vi.fn() } });
    await fireEvent.click(screen.getByTestId('load-sample'));
    expect((await screen.findByRole('alert')).textContent).toContain('disk is full');
  });
});
