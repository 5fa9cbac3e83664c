import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { addTag, listTags, recolourTag } from '../backend';
import type { TagInfo } from '../bindings/TagInfo';
import { tagCatalogue } from '../ui/tagCatalogue.svelte';
import TagsField from './TagsField.svelte';

vi.mock('../backend', () => ({ listTags: vi.fn(), addTag: vi.fn(), recolourTag: vi.fn() }));

const LIBRARY: TagInfo[] = [
  { name: 'China', colour: '#d64545', count: 3 },
  { name: 'Courts', colour: null, count: 1 },
  { name: 'Media', colour: null, count: 5 },
];

function setup(tags: string[] = []) {
  const onEdit = vi.fn();
  const result = render(TagsField, { props: { tags, onEdit } });
  const input = screen.getByTestId('tags-input') as HTMLInputElement;
  return { ...result, input, onEdit };
}

function chips(): string[] {
  return screen.queryAllByTestId('editor-tag').map((chip) => chip.textContent?.trim() ?? '');
}

function suggestions(): string[] {
  return screen.queryAllByRole('option').map((o) => o.textContent?.replace(/\s+\d+$/u, '').trim() ?? '');
}

async function typeText(input: HTMLInputElement, value: string): Promise<void> {
  await fireEvent.input(input, { target: { value } });
}

describe('TagsField', () => {
  beforeEach(async () => {
    vi.mocked(listTags).mockResolvedValue(LIBRARY);
    vi.mocked(recolourTag).mockImplementation(async (name, colour = null) => ({ name, colour, count: 3 }));
    vi.mocked(addTag).mockImplementation(async (name, colour = null) => ({ name, colour, count: 0 }));
    await tagCatalogue.refresh();
  });

  it('shows each tag as a chip in its colour, labelled for assistive technology', () => {
    setup(['China', 'Courts']);
    expect(chips()).toEqual(['China', 'Courts']);
    const [china, courts] = screen.getAllByTestId('editor-tag');
    expect(china!.style.getPropertyValue('--tag')).toBe('#d64545');
    expect(courts!.style.getPropertyValue('--tag')).toBe('');
    expect(screen.getByRole('button', { name: 'Remove tag China' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Colour of tag Courts' })).toBeTruthy();
    expect(screen.getByLabelText('Tags')).toBe(screen.getByTestId('tags-input'));
  });

  it('gives an empty field an example that reads as one, not as tags already chosen', () => {
    const { input } = setup([]);
    expect(input.value).toBe('');
    expect(input.placeholder).toMatch(/^e\.g\. /u);
  });

  it('suggests the library’s tags not yet chosen, those starting with the text first', async () => {
    const { input } = setup(['Courts']);
    await typeText(input, 'c');
    expect(suggestions()).toEqual(['China']);
    await typeText(input, 'i');
    // "Media" contains "i"; "China" too; neither starts with it. Chosen "Courts" is left out.
    expect(suggestions()).toEqual(['China', 'Media']);
  });

  it('adds a suggestion picked from the keyboard in the library’s spelling', async () => {
    const { input, onEdit } = setup();
    await typeText(input, 'ch');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(chips()).toEqual(['China']);
    expect(input.value).toBe('');
    expect(onEdit).toHaveBeenCalled();
  });

  it('takes the highlighted suggestion on Enter, not the prefix typed', async () => {
    const { input } = setup();
    await typeText(input, 'Ch');
    expect(suggestions()).toEqual(['China']);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(chips()).toEqual(['China']);
    expect(input.value).toBe('');
    // Escape first, and Enter adds just what was typed.
    await typeText(input, 'Co');
    await fireEvent.keyDown(input, { key: 'Escape' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(chips()).toEqual(['China', 'Co']);
  });

  it('adds a new name on Enter or comma, once whatever its case', async () => {
    const { input } = setup(['China']);
    await typeText(input, 'Press  freedom');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await typeText(input, 'china');
    await fireEvent.keyDown(input, { key: ',' });
    await typeText(input, 'media');
    await fireEvent.keyDown(input, { key: ',' });
    expect(chips()).toEqual(['China', 'Press freedom', 'Media']);
    expect(input.value).toBe('');
  });

  it('turns pasted comma-separated names into chips and keeps what follows the last comma typed', async () => {
    const { input } = setup();
    await typeText(input, 'courts, hong kong,  tai');
    expect(chips()).toEqual(['Courts', 'hong kong']);
    expect(input.value).toBe('tai');
    // Leaving the field keeps what was typed as a tag.
    await fireEvent.blur(input);
    expect(chips()).toEqual(['Courts', 'hong kong', 'tai']);
  });

  it('removes the last chip with Backspace in the empty input, and any chip with its button', async () => {
    const { input, onEdit } = setup(['China', 'Courts', 'Media']);
    await fireEvent.keyDown(input, { key: 'Backspace' });
    expect(chips()).toEqual(['China', 'Courts']);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove tag China' }));
    expect(chips()).toEqual(['Courts']);
    expect(onEdit).toHaveBeenCalledTimes(2);
    // Backspace while text is typed edits the text, not the chips.
    await typeText(input, 'x');
    await fireEvent.keyDown(input, { key: 'Backspace' });
    expect(chips()).toEqual(['Courts']);
  });

  it('colours a tag from an accessible palette, and creates a tag the library does not have yet', async () => {
    setup(['China', 'Brand new']);
    await fireEvent.click(screen.getByRole('button', { name: 'Colour of tag China' }));
    const group = screen.getByRole('radiogroup', { name: 'Colour of tag China' });
    const radios = screen.getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toContain('Blue');
    // The colour in use is the checked radio, and the one Tab reaches.
    const red = screen.getByRole('radio', { name: 'Red' });
    expect(red.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(red);
    await fireEvent.keyDown(red, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Orange' }));
    expect(group).toBeTruthy();

    await fireEvent.click(screen.getByRole('radio', { name: 'Blue' }));
    expect(recolourTag).toHaveBeenCalledExactlyOnceWith('China', '#3b6fd4');
    await waitFor(() => expect(screen.queryByRole('radiogroup')).toBeNull());
    expect(screen.getAllByTestId('editor-tag')[0]!.style.getPropertyValue('--tag')).toBe('#3b6fd4');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Colour of tag China' }));

    await fireEvent.click(screen.getByRole('button', { name: 'Colour of tag Brand new' }));
    await fireEvent.click(screen.getByRole('radio', { name: 'Green' }));
    expect(addTag).toHaveBeenCalledExactlyOnceWith('Brand new', '#2f9e5b');
  });

  it('closes the palette with Escape and gives the focus back to the chip', async () => {
    setup(['Media']);
    const swatch = screen.getByRole('button', { name: 'Colour of tag Media' });
    await fireEvent.click(swatch);
    expect(swatch.getAttribute('aria-expanded')).toBe('true');
    await fireEvent.keyDown(screen.getByRole('radio', { name: 'No colour' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('radiogroup')).toBeNull());
    expect(document.activeElement).toBe(swatch);
    expect(recolourTag).not.toHaveBeenCalled();
  });

  it('shows the core’s complaint about the tags', () => {
    render(TagsField, { props: { tags: ['x'], error: 'tag "x…" is longer than 60 characters' } });
    const input = screen.getByTestId('tags-input');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/longer than 60/);
  });
});
