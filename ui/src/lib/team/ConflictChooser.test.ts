import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import type { ConflictView } from '../bindings/ConflictView';
import ConflictChooser from './ConflictChooser.svelte';

const conflict: ConflictView = {
  id: '0190c0de-0000-7000-8000-000000000001',
  headline: 'Floods in the south: 12 dead',
  sides: [
    { part: 'headline', mine: 'Floods in the south: 12 dead', theirs: 'Floods in the south: ten dead' },
    { part: 'body', mine: 'Our paragraph.', theirs: 'Their paragraph.' },
  ],
};

function radio(n: number): HTMLElement {
  const found = screen.getAllByRole('radio')[n];
  if (!found) throw new Error(`no radio button ${n}`);
  return found;
}

const [headline, body] = conflict.sides;
if (!headline || !body) throw new Error('the conflict has two parts');

describe('ConflictChooser', () => {
  it('shows both sides of every clashing part', () => {
    render(ConflictChooser, { conflict, onResolve: vi.fn(async () => {}) });
    expect(screen.getByText('Floods in the south: ten dead')).toBeTruthy();
    expect(screen.getByText('Our paragraph.')).toBeTruthy();
    expect(screen.getByText('Their paragraph.')).toBeTruthy();
  });

  it('waits for a choice in each part, then sends the parts that take the team’s version', async () => {
    const onResolve = vi.fn(async (_parts: string[]) => {});
    render(ConflictChooser, { conflict, onResolve });
    const keep = screen.getByTestId('resolve-conflict') as HTMLButtonElement;
    expect(keep.disabled).toBe(true);
    // headline: the team's; body: mine.
    await fireEvent.click(radio(1));
    expect(keep.disabled).toBe(true);
    await fireEvent.click(radio(2));
    expect(keep.disabled).toBe(false);
    await fireEvent.click(keep);
    await waitFor(() => expect(onResolve).toHaveBeenCalledWith(['headline']));
  });

  it('says why when the choice could not be stored, and lets the editor try again', async () => {
    const onResolve = vi.fn(async () => {
      throw new Error('the library is being restored');
    });
    render(ConflictChooser, { conflict: { ...conflict, sides: [headline] }, onResolve });
    await fireEvent.click(radio(0));
    await fireEvent.click(screen.getByTestId('resolve-conflict'));
    expect((await screen.findByRole('alert')).textContent).toContain('being restored');
    expect((screen.getByTestId('resolve-conflict') as HTMLButtonElement).disabled).toBe(false);
  });
});
