// The formatting edits of markdown-format.ts as CodeMirror commands, and their shortcuts.
import { redo, undo } from '@codemirror/commands';
import { EditorSelection } from '@codemirror/state';
import type { Command, KeyBinding } from '@codemirror/view';

import { keysLabel } from '../actions/registry';
import { endEmptyMarkup, formatEdit, type Format } from './markdown-format';

export function formatCommand(format: Format): Command {
  return (view) => {
    const { state } = view;
    const main = state.selection.main;
    const edit = formatEdit(format, state.doc.toString(), { anchor: main.anchor, head: main.head });
    view.dispatch({
      changes: edit.changes,
      selection: EditorSelection.single(edit.selection.anchor, edit.selection.head),
      scrollIntoView: true,
      userEvent: `input.format.${format}`,
    });
    return true;
  };
}

export type Action = Format | 'undo' | 'redo';

/** Each toolbar action: its name, its shortcut as shown to people, its key and its command. */
export const ACTIONS: { action: Action; label: string; shortcut: string; key: string; run: Command }[] = [
  { action: 'bold', label: 'Bold', shortcut: keysLabel('CmdOrCtrl+B'), key: 'Mod-b', run: formatCommand('bold') },
  { action: 'italic', label: 'Italic', shortcut: keysLabel('CmdOrCtrl+I'), key: 'Mod-i', run: formatCommand('italic') },
  { action: 'link', label: 'Link', shortcut: keysLabel('CmdOrCtrl+K'), key: 'Mod-k', run: formatCommand('link') },
  // As on GitHub: Shift+. is ">" and Shift+8 is "*" on a US keyboard.
  { action: 'quote', label: 'Quote', shortcut: keysLabel('CmdOrCtrl+Shift+.'), key: 'Mod-Shift-.', run: formatCommand('quote') },
  { action: 'list', label: 'Bulleted list', shortcut: keysLabel('CmdOrCtrl+Shift+8'), key: 'Mod-Shift-8', run: formatCommand('list') },
  // Bound by historyKeymap (also Ctrl+Y); listed for the toolbar.
  { action: 'undo', label: 'Undo', shortcut: keysLabel('CmdOrCtrl+Z'), key: 'Mod-z', run: undo },
  { action: 'redo', label: 'Redo', shortcut: keysLabel('CmdOrCtrl+Shift+Z'), key: 'Mod-Shift-z', run: redo },
];

/**
 * The formatting keys. They stop the key here: Ctrl+I is also the app's Import shortcut,
 * which must not fire while italicising.
 */
export const formatKeymap: KeyBinding[] = ACTIONS.filter((a) => a.action !== 'undo' && a.action !== 'redo').map(
  (a) => ({ key: a.key, run: a.run, preventDefault: true, stopPropagation: true }),
);

/**
 * Enter on an empty quote or list line ends the quote or list (lang-markdown's Enter would add
 * another ">" for ever); on any other line it does nothing, so the Markdown keymap continues.
 */
export const endEmptyMarkupOnEnter: Command = (view) => {
  const { state } = view;
  const main = state.selection.main;
  if (state.selection.ranges.length > 1) return false;
  const edit = endEmptyMarkup(state.doc.toString(), { anchor: main.anchor, head: main.head });
  if (!edit) return false;
  view.dispatch({
    changes: edit.changes,
    selection: EditorSelection.single(edit.selection.anchor, edit.selection.head),
    scrollIntoView: true,
    userEvent: 'delete.markup',
  });
  return true;
};
