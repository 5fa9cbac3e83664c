// The outlet field completes as the tags field does: Enter takes the highlighted outlet, not the
// letters typed (the sibling of "Ch" becoming a new tag).
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { listOutlets } from '../backend';
import SourcesField from './SourcesField.svelte';

vi.mock('../backend', () => ({ listOutlets: vi.fn(), openSourceUrl: vi.fn(), sourceUses: vi.fn(async () => []) }));

describe('the outlet field', () => {
  it('takes the highlighted outlet on Enter, and the one typed in full over a longer one', async () => {
    vi.mocked(listOutlets).mockImplementation(async (prefix) =>
      ['Reuters Japan', 'Reuters', 'Radio Free Asia'].filter((o) => o.toLowerCase().startsWith(prefix.toLowerCase())),
    );
    const onEdit = vi.fn();
    render(SourcesField, { props: { outlet: '', date: '', url: '', extra: [], selfId: null, onEdit } });
    const outlet = screen.getByTestId('outlet-input') as HTMLInputElement;
    await fireEvent.focus(outlet);
    await fireEvent.input(outlet, { target: { value: 'rad' } });
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Radio Free Asia']));
    await fireEvent.keyDown(outlet, { key: 'Enter' });
    expect(outlet.value).toBe('Radio Free Asia');

    // An outlet typed in full is kept: the longer one is offered, not taken.
    await fireEvent.input(outlet, { target: { value: 'Reuters' } });
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Reuters Japan']));
    await fireEvent.keyDown(outlet, { key: 'Enter' });
    expect(outlet.value).toBe('Reuters');
    // Without the list's highlight, an arrow still reaches it.
    await fireEvent.keyDown(outlet, { key: 'ArrowDown' });
    await fireEvent.keyDown(outlet, { key: 'Enter' });
    expect(outlet.value).toBe('Reuters Japan');
  });
});
