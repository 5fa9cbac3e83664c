import { describe, expect, it, vi } from 'vitest';

import { getPublication } from '../backend';
import { announceChange, libraryChange } from '../backend/events';
import type { Publication } from '../bindings/Publication';
import { dateStyle } from './dateStyle.svelte';

vi.mock('../backend', () => ({ getPublication: vi.fn() }));

const publication = (date_style: Publication['date_style']): Publication => ({
  name: 'The Briefing',
  tagline: '',
  footer: '',
  default_template: 'markdown',
  date_style,
});

describe('dateStyle', () => {
  it('is read again when another library is opened or the publication changed, and not for a brief', async () => {
    vi.mocked(getPublication).mockResolvedValue(publication('day_first'));
    await dateStyle.load();
    expect(dateStyle.style).toBe('day_first');

    // Another library, with another style.
    vi.mocked(getPublication).mockResolvedValue(publication('iso'));
    announceChange(libraryChange({ library: true, any_brief: true, tags: true, publication: true }));
    await vi.waitFor(() => expect(dateStyle.style).toBe('iso'));

    // The CLI changed the publication.
    vi.mocked(getPublication).mockResolvedValue(publication('long'));
    announceChange(libraryChange({ publication: true }));
    await vi.waitFor(() => expect(dateStyle.style).toBe('long'));

    const calls = vi.mocked(getPublication).mock.calls.length;
    announceChange(libraryChange({ briefs: ['b-1'], tags: true }));
    expect(vi.mocked(getPublication).mock.calls.length).toBe(calls);
  });
});
