// The app's commands, each defined once in actions.json (id, menu label, shortcut): the native
// menu (src-tauri/src/menu.rs reads the same file), the keyboard and the buttons all run them
// through here. Import is Ctrl+O, not Ctrl+I: that is italic in the body editor, and a menu
// accelerator would take it first.
import list from './actions.json';
import { isTextField } from './editUndo';

export type Action = {
  /** What the menu sends and what `run` is given. */
  id: string;
  /** The menu item's text. */
  label: string;
  menu: 'File' | 'Edit' | 'View' | 'Help';
  /**
   * A Tauri accelerator: `CmdOrCtrl+` (Ctrl, or ⌘ on macOS), optionally `Shift+`, and one key;
   * absent for a command only the menu gives.
   */
  keys?: string;
  /** A separator comes before this item in its menu. */
  separator?: boolean;
  /**
   * In a text field the key is the field's own (Undo, Redo: CodeMirror and inputs keep their
   * own history), so the page's key handling leaves it to the field; the menu still runs it.
   */
  textKey?: boolean;
};

export const ACTIONS: readonly Action[] = list as Action[];

function action(id: string): Action {
  const found = ACTIONS.find((a) => a.id === id);
  if (!found) throw new Error(`no action "${id}" in actions.json`);
  return found;
}

type Chord = { shift: boolean; key: string };

function chord(keys: string): Chord {
  const parts = keys.split('+');
  // The key is the last part: no shortcut in actions.json uses "+" itself as its key.
  const key = parts.pop() ?? '';
  return { shift: parts.includes('Shift'), key: key.toLowerCase() };
}

/** Whether the window runs on macOS, where shortcuts read ⌘ (and ⇧) instead of Ctrl. */
export function onMac(): boolean {
  if (typeof navigator === 'undefined') return false;
  return /Mac/iu.test(navigator.platform || navigator.userAgent);
}

/**
 * A Tauri accelerator as people read it on this system: "CmdOrCtrl+Shift+N" is "Ctrl+Shift+N"
 * on Windows and Linux, "⌘⇧N" on macOS (as its menus write it).
 */
export function keysLabel(keys: string, mac: boolean = onMac()): string {
  const { shift, key } = chord(keys);
  const shown = key.toUpperCase();
  return mac ? `⌘${shift ? '⇧' : ''}${shown}` : `Ctrl+${shift ? 'Shift+' : ''}${shown}`;
}

/** The shortcut as the buttons' tooltips show it, e.g. "Ctrl+Shift+N" or "⌘⇧N"; '' for none. */
export function shortcutLabel(id: string, mac: boolean = onMac()): string {
  const keys = action(id).keys;
  return keys === undefined ? '' : keysLabel(keys, mac);
}

/** Every command with a shortcut, as the Help menu's list of keyboard shortcuts shows them. */
export function shortcutList(): { id: string; label: string; menu: Action['menu']; shortcut: string }[] {
  return ACTIONS.filter((a) => a.keys !== undefined).map((a) => ({
    id: a.id,
    // The menu's "Import…" reads as "Import" in a list.
    label: a.label.replace(/…$/u, ''),
    menu: a.menu,
    shortcut: shortcutLabel(a.id),
  }));
}

/** A button's tooltip: its text and the shortcut of the action it runs. */
export function withShortcut(text: string, id: string): string {
  return `${text} (${shortcutLabel(id)})`;
}

/** The action a key press is the shortcut of, if any. */
export function actionForKey(event: KeyboardEvent): Action | undefined {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return undefined;
  const key = event.key.toLowerCase();
  return ACTIONS.find((a) => {
    if (a.keys === undefined) return false;
    const c = chord(a.keys);
    return c.key === key && c.shift === event.shiftKey;
  });
}

export type Dispatcher = {
  /** Runs the action; an id not in actions.json is refused loudly (a typo, not a user's doing). */
  run: (id: string) => void;
  /** For `<svelte:window onkeydown>`: runs the action the key is the shortcut of. */
  onKeydown: (event: KeyboardEvent) => void;
};

/**
 * Binds each action to what it does. Every action needs a handler and every handler an action,
 * so a command added to actions.json without its behaviour (or the reverse) fails at once.
 */
export function bindActions(handlers: Record<string, () => void>): Dispatcher {
  const missing = ACTIONS.filter((a) => !(a.id in handlers)).map((a) => a.id);
  const unknown = Object.keys(handlers).filter((id) => !ACTIONS.some((a) => a.id === id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`actions without a handler: [${missing.join(', ')}]; handlers without an action: [${unknown.join(', ')}]`);
  }
  const run = (id: string): void => {
    const handler = handlers[action(id).id];
    handler?.();
  };
  return {
    run,
    onKeydown(event) {
      const found = actionForKey(event);
      if (!found || (found.textKey && isTextField(event.target))) return;
      event.preventDefault();
      run(found.id);
    },
  };
}
