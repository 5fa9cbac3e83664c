import { describe, expect, it, vi } from 'vitest';

import { ACTIONS, actionForKey, bindActions, keysLabel, shortcutLabel, shortcutList, withShortcut } from './registry';

const key = (init: KeyboardEventInit): KeyboardEvent => new KeyboardEvent('keydown', { cancelable: true, ...init });

/** A handler for every action, each a spy. */
function spies(): Record<string, () => void> {
  return Object.fromEntries(ACTIONS.map((a) => [a.id, vi.fn<() => void>()]));
}

describe('the command registry', () => {
  it('lists each command once, in the File, Edit, View or Help menu, with a Ctrl/⌘ shortcut outside Help', () => {
    const ids = ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ACTIONS) {
      expect(['File', 'Edit', 'View', 'Help']).toContain(a.menu);
      if (a.menu !== 'Help' || a.keys !== undefined) expect(a.keys).toMatch(/^CmdOrCtrl\+(Shift\+)?[A-Z0-9,/]$/);
    }
    expect(ids).toEqual(expect.arrayContaining(['shortcuts', 'guide', 'library-place']));
    expect(ids).toEqual(
      expect.arrayContaining(['new-brief', 'new-issue', 'import', 'export', 'settings', 'close', 'view-library', 'view-issues', 'find']),
    );
  });

  it('no two commands share a shortcut', () => {
    const keys = ACTIONS.flatMap((a) => (a.keys === undefined ? [] : [a.keys]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lists the shortcuts for Help from the same registry, Ctrl/⌘ / among them', () => {
    const list = shortcutList();
    expect(list.map((s) => s.id)).toEqual(ACTIONS.filter((a) => a.keys).map((a) => a.id));
    expect(list).toContainEqual({ id: 'shortcuts', label: 'Keyboard Shortcuts', menu: 'Help', shortcut: 'Ctrl+/' });
    expect(list).toContainEqual({ id: 'import', label: 'Import', menu: 'File', shortcut: 'Ctrl+O' });
    expect(list.some((s) => s.id === 'guide')).toBe(false);
    expect(actionForKey(key({ key: '/', ctrlKey: true }))?.id).toBe('shortcuts');
  });

  it('writes shortcuts with ⌘ and ⇧ on macOS, Ctrl and Shift elsewhere', () => {
    expect(shortcutLabel('new-issue', true)).toBe('⌘⇧N');
    expect(shortcutLabel('new-issue', false)).toBe('Ctrl+Shift+N');
    expect(keysLabel('CmdOrCtrl+,', true)).toBe('⌘,');
    expect(shortcutLabel('guide', true)).toBe('');
  });

  it('finds the command a key press is the shortcut of, with Ctrl or ⌘', () => {
    expect(actionForKey(key({ key: 'n', ctrlKey: true }))?.id).toBe('new-brief');
    expect(actionForKey(key({ key: 'N', metaKey: true }))?.id).toBe('new-brief');
    expect(actionForKey(key({ key: 'N', ctrlKey: true, shiftKey: true }))?.id).toBe('new-issue');
    expect(actionForKey(key({ key: ',', ctrlKey: true }))?.id).toBe('settings');
    expect(actionForKey(key({ key: '2', ctrlKey: true }))?.id).toBe('view-issues');
    expect(actionForKey(key({ key: 'f', ctrlKey: true }))?.id).toBe('find');
  });

  it('ignores keys without Ctrl/⌘, with Alt, or with a Shift the shortcut lacks', () => {
    expect(actionForKey(key({ key: 'n' }))).toBeUndefined();
    expect(actionForKey(key({ key: 'n', ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(actionForKey(key({ key: 'F', ctrlKey: true, shiftKey: true }))).toBeUndefined();
    // Ctrl+S saves in the editor and Ctrl+I is italic there: neither is an app command.
    expect(actionForKey(key({ key: 's', ctrlKey: true }))).toBeUndefined();
    expect(actionForKey(key({ key: 'i', ctrlKey: true }))).toBeUndefined();
  });

  it('runs a command from its shortcut and by its id, and takes the key from the page', () => {
    const handlers = spies();
    const actions = bindActions(handlers);
    const press = key({ key: 'e', ctrlKey: true });
    actions.onKeydown(press);
    expect(handlers['export']).toHaveBeenCalledTimes(1);
    expect(press.defaultPrevented).toBe(true);
    actions.run('new-issue');
    expect(handlers['new-issue']).toHaveBeenCalledTimes(1);

    const other = key({ key: 'b', ctrlKey: true });
    actions.onKeydown(other);
    expect(other.defaultPrevented).toBe(false);
  });

  it('leaves Ctrl/⌘ Z to a text field that has the keyboard (its own undo), and runs Undo elsewhere', () => {
    const handlers = spies();
    const actions = bindActions(handlers);
    document.body.innerHTML = '<input id="t" type="text"><textarea id="a"></textarea><div class="cm-editor"><div id="cm" tabindex="0"></div></div><button id="b"></button>';
    for (const id of ['t', 'a', 'cm']) {
      const press = key({ key: 'z', ctrlKey: true, bubbles: true });
      document.getElementById(id)!.dispatchEvent(press);
      actions.onKeydown(press);
      expect(press.defaultPrevented).toBe(false);
    }
    expect(handlers['undo']).not.toHaveBeenCalled();
    const onButton = key({ key: 'Z', ctrlKey: true, shiftKey: true, bubbles: true });
    document.getElementById('b')!.dispatchEvent(onButton);
    actions.onKeydown(onButton);
    expect(handlers['redo']).toHaveBeenCalledTimes(1);
    expect(onButton.defaultPrevented).toBe(true);
    document.body.innerHTML = '';
  });

  it('refuses a command without a handler, a handler without a command, and an unknown id', () => {
    const handlers = spies();
    delete handlers['find'];
    expect(() => bindActions(handlers)).toThrow(/find/);
    expect(() => bindActions({ ...spies(), 'no-such': vi.fn<() => void>() })).toThrow(/no-such/);
    expect(() => bindActions(spies()).run('no-such')).toThrow(/no-such/);
  });

  it('names the shortcut in the buttons’ tooltips', () => {
    expect(shortcutLabel('new-brief')).toBe('Ctrl+N');
    expect(shortcutLabel('new-issue')).toBe('Ctrl+Shift+N');
    expect(withShortcut('Settings', 'settings')).toBe('Settings (Ctrl+,)');
    expect(withShortcut('Library', 'view-library')).toBe('Library (Ctrl+1)');
  });
});
