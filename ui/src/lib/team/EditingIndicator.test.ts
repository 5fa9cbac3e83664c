import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { teamEditing } from '../backend';
import EditingIndicator from './EditingIndicator.svelte';
import { editingWords } from './review';
import { team } from './team.svelte';

vi.mock('../backend', () => ({
  onTeamSync: vi.fn(async () => () => {}),
  onTeamPresence: vi.fn(async () => () => {}),
  teamSyncStatus: vi.fn(async () => null),
  teamPresence: vi.fn(async () => []),
  teamEditing: vi.fn(async () => {}),
}));

afterEach(() => {
  team.editing = [];
});

describe('EditingIndicator', () => {
  it('says who else has the brief open, and nothing when nobody has', async () => {
    team.editing = [
      { id: 'b1', login: 'ben', name: 'Ben' },
      { id: 'b2', login: 'carol', name: 'Carol' },
    ];
    render(EditingIndicator, { briefId: 'b1' });
    expect(screen.getByTestId('editing-indicator').textContent).toBe('Ben is editing');
    team.editing = [
      { id: 'b1', login: 'ben', name: 'Ben' },
      { id: 'b1', login: 'carol', name: 'Carol' },
    ];
    await vi.waitFor(() => expect(screen.getByTestId('editing-indicator').textContent).toBe('Ben and Carol are editing'));
    team.editing = [];
    await vi.waitFor(() => expect(screen.queryByTestId('editing-indicator')).toBeNull());
  });

  it('words several names', () => {
    expect(editingWords([])).toBe('');
    expect(editingWords(['Ben', 'Carol', 'Dan'])).toBe('Ben, Carol and Dan are editing');
  });
});

describe('telling the app which brief is open', () => {
  it('sends only the last word of a turn: switching briefs never leaves "none"', async () => {
    team.tellOpen(null);
    team.tellOpen('b2');
    await vi.waitFor(() => expect(teamEditing).toHaveBeenCalledTimes(1));
    expect(teamEditing).toHaveBeenLastCalledWith('b2');
  });
});
