import { createEvent, fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import Combobox from './Combobox.svelte';

function setup(options: string[] = ['Radio Free Asia', 'Reuters', 'Rappler']) {
  const onSelect = vi.fn<(option: string) => void>();
  const onKeydown = vi.fn<(event: KeyboardEvent) => void>();
  const onInput = vi.fn<(value: string) => void>();
  const result = render(Combobox, {
    props: { value: '', options, onSelect, onKeydown, onInput, listLabel: 'Outlets', testid: 'outlet', 'aria-label': 'Outlet' },
  });
  const input = screen.getByRole('combobox') as HTMLInputElement;
  return { ...result, input, onSelect, onKeydown, onInput };
}

async function typeText(input: HTMLInputElement, value: string): Promise<void> {
  await fireEvent.input(input, { target: { value } });
}

describe('Combobox', () => {
  it('is an ARIA combobox that controls a labelled listbox, shown once the editor types', async () => {
    const { input, onInput } = setup();
    const list = screen.getByTestId('outlet-listbox');
    expect(input.getAttribute('aria-controls')).toBe(list.id);
    expect(input.getAttribute('aria-autocomplete')).toBe('list');
    expect(list.getAttribute('role')).toBe('listbox');
    expect(list.getAttribute('aria-label')).toBe('Outlets');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(list.hidden).toBe(true);

    await typeText(input, 'r');
    expect(onInput).toHaveBeenCalledWith('r');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(list.hidden).toBe(false);
    expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Radio Free Asia', 'Reuters', 'Rappler']);
  });

  it('moves through the options with the arrow keys, wrapping, and picks with Enter', async () => {
    const { input, onSelect, onKeydown } = setup();
    await typeText(input, 'r');
    const options = screen.getAllByRole('option');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();

    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('false');
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe(options[2]!.id);

    const enter = createEvent.keyDown(input, { key: 'Enter' });
    await fireEvent(input, enter);
    expect(enter.defaultPrevented).toBe(true);
    expect(onSelect).toHaveBeenCalledExactlyOnceWith('Rappler');
    expect(onKeydown).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('leaves Enter to the caller when no option is highlighted', async () => {
    const { input, onSelect, onKeydown } = setup();
    await typeText(input, 'r');
    const enter = createEvent.keyDown(input, { key: 'Enter' });
    await fireEvent(input, enter);
    expect(enter.defaultPrevented).toBe(false);
    expect(onSelect).not.toHaveBeenCalled();
    expect(onKeydown).toHaveBeenCalledOnce();
  });

  it('with highlightFirst, highlights the suggestion reading as the text, else the first, and Enter takes it', async () => {
    const onSelect = vi.fn<(option: string) => void>();
    const onKeydown = vi.fn<(event: KeyboardEvent) => void>();
    const { rerender } = render(Combobox, {
      props: { value: '', options: [], onSelect, onKeydown, highlightFirst: true, listLabel: 'Outlets', testid: 'outlet', 'aria-label': 'Outlet' },
    });
    const input = screen.getByRole('combobox') as HTMLInputElement;
    await typeText(input, 're');
    await rerender({ options: ['Reuters Japan', 'Reuters'] });
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[0]!.id);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('Reuters Japan');

    // The text typed in full is one of them: that one, not the first.
    await typeText(input, 'reuters');
    await rerender({ value: 'reuters', options: ['Reuters Japan', 'Reuters', 'Reuters UK'] });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('Reuters');

    // Escape clears the highlight: Enter is the caller's again (the text as typed).
    await typeText(input, 'reu');
    await rerender({ options: ['Reuters'] });
    await fireEvent.keyDown(input, { key: 'Escape' });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledTimes(2);
    expect(onKeydown).toHaveBeenCalledOnce();
  });

  it('opens the list with ArrowDown without typing', async () => {
    const { input } = setup();
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-expanded')).toBe('true');
  });

  it('closes on Escape without letting it reach what holds the field, and on blur', async () => {
    const { input, onKeydown } = setup();
    const outer = vi.fn();
    document.body.addEventListener('keydown', outer);
    await typeText(input, 'r');
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(outer).not.toHaveBeenCalled();
    expect(onKeydown).not.toHaveBeenCalled();
    // A second Escape, with the list closed, is not the list's.
    await fireEvent.keyDown(input, { key: 'Escape' });
    expect(outer).toHaveBeenCalledOnce();
    document.body.removeEventListener('keydown', outer);

    await typeText(input, 're');
    await fireEvent.blur(input);
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('picks an option on click without taking the focus from the input', async () => {
    const { input, onSelect } = setup();
    await typeText(input, 'r');
    const reuters = screen.getAllByRole('option')[1]!;
    const down = createEvent.mouseDown(reuters);
    await fireEvent(reuters, down);
    expect(down.defaultPrevented).toBe(true);
    await fireEvent.click(reuters);
    expect(onSelect).toHaveBeenCalledExactlyOnceWith('Reuters');
  });

  it('shows no list when there is nothing to suggest', async () => {
    const { input } = setup([]);
    await typeText(input, 'zz');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });
});
