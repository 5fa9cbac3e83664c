// Runes in this file (it is compiled by Svelte) let the test hold the bound value as the
// parent component would.
import { redoDepth, undoDepth } from '@codemirror/commands';
import { EditorView } from '@codemirror/view';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { stepInTextField } from '../actions/editUndo';
import MarkdownEditor from './MarkdownEditor.svelte';

type Props = { value: string; docKey: unknown; oninput: () => void; testid: string; placeholder: string };

function setup(initial: string, docKey: unknown = 'b-1') {
  // A state object as props: the editor's writes to `value` land here, as `bind:value` would.
  const props: Props = $state({ value: initial, docKey, oninput: vi.fn(), testid: 'body-input', placeholder: 'Write…' });
  const result = render(MarkdownEditor, { props });
  const content = screen.getByTestId('body-input');
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error('no editor view');
  return { ...result, props, content, view };
}

function select(view: EditorView, word: string): void {
  const from = view.state.doc.toString().indexOf(word);
  view.dispatch({ selection: { anchor: from, head: from + word.length } });
}

const button = (action: string) => screen.getByTestId(`format-${action}`);

describe('MarkdownEditor', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the value, named for assistive technology and labelled with its shortcuts', () => {
    const { content, view } = setup('> A quote');
    expect(view.state.doc.toString()).toBe('> A quote');
    expect(content.getAttribute('contenteditable')).toBe('true');
    expect(content.getAttribute('aria-label')).toBe('Body');
    expect(content.getAttribute('aria-multiline')).toBe('true');
    expect(button('bold').getAttribute('aria-label')).toBe('Bold');
    expect(button('bold').title).toBe('Bold (Ctrl+B)');
    expect(button('quote').title).toBe('Quote (Ctrl+Shift+.)');
    expect(screen.getByRole('toolbar', { name: 'Formatting' })).toBeTruthy();
  });

  it('undoes and redoes its own history when Edit › Undo and Redo come from the menu', async () => {
    const { props, view, content } = setup('A court sentenced him.');
    select(view, 'sentenced');
    await fireEvent.click(button('bold'));
    expect(stepInTextField('undo', content)).toBe(true);
    expect(props.value).toBe('A court sentenced him.');
    expect(stepInTextField('redo', content)).toBe(true);
    expect(props.value).toBe('A court **sentenced** him.');
  });

  it('bolds the selected word from the toolbar, reports it, and undoes and redoes it', async () => {
    const { props, view } = setup('A court sentenced him.');
    select(view, 'sentenced');
    await fireEvent.click(button('bold'));
    expect(view.state.doc.toString()).toBe('A court **sentenced** him.');
    expect(props.value).toBe('A court **sentenced** him.');
    expect(props.oninput).toHaveBeenCalled();
    expect(view.state.sliceDoc(view.state.selection.main.from, view.state.selection.main.to)).toBe('sentenced');

    expect(button('undo').getAttribute('aria-disabled')).toBeNull();
    expect(button('redo').getAttribute('aria-disabled')).toBe('true');
    await fireEvent.click(button('undo'));
    expect(props.value).toBe('A court sentenced him.');
    await fireEvent.click(button('redo'));
    expect(props.value).toBe('A court **sentenced** him.');
  });

  it('runs italic, link, quote and list from the toolbar', async () => {
    const { props, view } = setup('Reporters held\nin Kashgar');
    select(view, 'held');
    await fireEvent.click(button('italic'));
    expect(props.value).toBe('Reporters *held*\nin Kashgar');

    select(view, 'Kashgar');
    await fireEvent.click(button('link'));
    expect(props.value).toBe('Reporters *held*\nin [Kashgar](url)');
    const { from, to } = view.state.selection.main;
    expect(view.state.sliceDoc(from, to)).toBe('url');

    view.dispatch({ selection: { anchor: 0, head: view.state.doc.length } });
    await fireEvent.click(button('quote'));
    expect(props.value).toBe('> Reporters *held*\n> in [Kashgar](url)');
    await fireEvent.click(button('quote'));
    await fireEvent.click(button('list'));
    expect(props.value).toBe('- Reporters *held*\n- in [Kashgar](url)');
  });

  it('formats from the keyboard, and Ctrl+I stays in the editor instead of reaching the app', async () => {
    const { props, view, content } = setup('one two');
    const appShortcut = vi.fn();
    window.addEventListener('keydown', appShortcut);
    try {
      select(view, 'two');
      await fireEvent.keyDown(content, { key: 'b', code: 'KeyB', keyCode: 66, ctrlKey: true });
      expect(props.value).toBe('one **two**');
      await fireEvent.keyDown(content, { key: 'i', code: 'KeyI', keyCode: 73, ctrlKey: true });
      expect(props.value).toBe('one ***two***');
      expect(appShortcut).not.toHaveBeenCalled();
      await fireEvent.keyDown(content, { key: '*', code: 'Digit8', keyCode: 56, ctrlKey: true, shiftKey: true });
      expect(props.value).toBe('- one ***two***');
      await fireEvent.keyDown(content, { key: 'z', code: 'KeyZ', keyCode: 90, ctrlKey: true });
      expect(props.value).toBe('one ***two***');
    } finally {
      window.removeEventListener('keydown', appShortcut);
    }
  });

  it('continues a quote or a list on Enter', async () => {
    const { props, view, content } = setup('> A quote\n\n- one');
    view.dispatch({ selection: { anchor: '> A quote'.length } });
    await fireEvent.keyDown(content, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(props.value).toBe('> A quote\n> \n\n- one');
    view.dispatch({ selection: { anchor: view.state.doc.length } });
    await fireEvent.keyDown(content, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(props.value).toBe('> A quote\n> \n\n- one\n- ');
  });

  it('takes a new value from the parent without an undo step, and a new document with a fresh history', () => {
    const { props, view } = setup('Typed ');
    view.dispatch({ changes: { from: 6, insert: 'words' }, userEvent: 'input.type' });
    expect(undoDepth(view.state)).toBe(1);

    // Tidied by the core on save: the same brief, so history stays and has no new step.
    props.value = 'Typed words.';
    flushSync();
    expect(view.state.doc.toString()).toBe('Typed words.');
    expect(undoDepth(view.state)).toBe(1);

    // Another brief: its text, and nothing to undo into the previous one.
    props.value = 'Another brief';
    props.docKey = 'b-2';
    flushSync();
    expect(view.state.doc.toString()).toBe('Another brief');
    expect(undoDepth(view.state)).toBe(0);
    expect(redoDepth(view.state)).toBe(0);
    expect(button('undo').getAttribute('aria-disabled')).toBe('true');
  });

  it('is one tab stop in the toolbar, with arrow keys between the buttons', async () => {
    setup('x');
    const buttons = screen.getByRole('toolbar').querySelectorAll('button');
    expect([...buttons].filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0]?.focus();
    await fireEvent.keyDown(buttons[0] as HTMLButtonElement, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(buttons[1]);
    expect(buttons[1]?.tabIndex).toBe(0);
    await fireEvent.keyDown(buttons[1] as HTMLButtonElement, { key: 'End' });
    expect(document.activeElement).toBe(button('redo'));
    await fireEvent.keyDown(button('redo'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(button('bold'));
  });
});
