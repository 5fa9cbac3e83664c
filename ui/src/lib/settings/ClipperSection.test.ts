import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { copyBookmarklet } from '../backend';
import { BOOKMARKLET_HREF } from '../clipper/bookmarklet';
import ClipperSection from './ClipperSection.svelte';

vi.mock('../backend', () => ({ copyBookmarklet: vi.fn() }));

describe('ClipperSection', () => {
  it('offers the bookmarklet to drag, which does nothing when clicked here', async () => {
    render(ClipperSection);
    const link = screen.getByTestId('bookmarklet-link') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(BOOKMARKLET_HREF);
    expect(link.textContent).toBe('Clip to Briefdesk');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it('copies the bookmarklet through the core and says so, or why not', async () => {
    vi.mocked(copyBookmarklet).mockResolvedValueOnce(undefined);
    render(ClipperSection);
    await fireEvent.click(screen.getByTestId('bookmarklet-copy'));
    expect(copyBookmarklet).toHaveBeenCalledWith(BOOKMARKLET_HREF);
    expect((await screen.findByTestId('bookmarklet-copied')).textContent).toContain('Copied');

    vi.mocked(copyBookmarklet).mockRejectedValueOnce({ code: 'io', message: 'no clipboard' });
    await fireEvent.click(screen.getByTestId('bookmarklet-copy'));
    expect((await screen.findByTestId('bookmarklet-copied')).textContent).toContain('Not copied: no clipboard');
  });
});
