// A web address pasted into the library (not into a text field): it becomes a new draft, filled
// from its page (the draft_from_url command, as a clip without a selection).
import { isWebUrl } from '../editor/sources';

/** The web address pasted, alone, outside any text field; else null (the paste is left alone). */
export function pastedWebUrl(event: ClipboardEvent): string | null {
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select, [contenteditable]') !== null)) {
    return null;
  }
  const text = event.clipboardData?.getData('text/plain').trim() ?? '';
  if (text === '' || /\s/u.test(text) || !isWebUrl(text)) return null;
  return text;
}
