// Undo and Redo go to whatever has the keyboard: the body editor (CodeMirror keeps its own
// history), another text field (the webview's own undo), or else the area the editor is in
// (the composer). The native menu's Edit › Undo reaches the page as a command, not as a key,
// so the text fields are asked here rather than left to their key handling.

export type EditStep = 'undo' | 'redo';

/**
 * Each body editor's own undo and redo, by its root element (`.cm-editor`). MarkdownEditor
 * registers them, so that this module, loaded at start, does not load CodeMirror with it.
 */
const editorSteps = new WeakMap<Element, (step: EditStep) => void>();

/** Registers a body editor's undo and redo; returns the call that forgets them. */
export function registerEditorSteps(root: Element, steps: (step: EditStep) => void): () => void {
  editorSteps.set(root, steps);
  return () => editorSteps.delete(root);
}

/** A text field that takes Ctrl/⌘ Z itself: CodeMirror, an input for text, a textarea. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.cm-editor') || target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset'].includes(target.type);
}

/**
 * Undoes or redoes in the text field that has the keyboard; false when none has it (the
 * command then belongs to the view).
 */
export function stepInTextField(step: EditStep, focused: Element | null = document.activeElement): boolean {
  if (!isTextField(focused) || !(focused instanceof HTMLElement)) return false;
  const editor = focused.closest('.cm-editor');
  const steps = editor ? editorSteps.get(editor) : undefined;
  if (steps) {
    steps(step);
    return true;
  }
  // The webview's own undo of an input or textarea (execCommand is the only way to ask for it).
  document.execCommand(step);
  return true;
}
