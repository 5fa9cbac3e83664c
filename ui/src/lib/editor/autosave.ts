// Keeping what the editor types: a copy of the unsaved form in localStorage on every change
// (so a failed save, a crash or a refused draft loses nothing), and the flushes that save
// pending edits before the window closes.
import type { Brief } from '../bindings/Brief';
import { parseTags, type BriefForm } from './draft';

/** How long after the last keystroke an edit is stored in the library. */
export const AUTOSAVE_DELAY_MS = 700;

const PREFIX = 'briefdesk.unsaved.';

/** The backup slot of a stored brief, or of the brief being written (not yet stored). */
export function backupKey(briefId: string | null): string {
  return PREFIX + (briefId ?? 'new');
}

/** `base`: the stored brief the edit began from, to merge with a change made meanwhile. */
export type Backup = { form: BriefForm; at: string; base?: Brief };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be switched off; the library save still happens.
    return null;
  }
}

export function writeBackup(key: string, form: BriefForm, base: Brief | null = null): void {
  const backup: Backup = { form, at: new Date().toISOString(), ...(base ? { base } : {}) };
  try {
    storage()?.setItem(key, JSON.stringify(backup));
  } catch {
    // A full or disabled storage only loses the extra copy, never the library save.
  }
}

function isForm(value: unknown): value is BriefForm {
  if (typeof value !== 'object' || value === null) return false;
  const form = value as Record<string, unknown>;
  const strings = ['headline', 'body', 'outlet', 'date', 'url', 'status', 'notes'].every(
    (k) => typeof form[k] === 'string',
  );
  if (!strings) return false;
  // Copies made when tags were one comma-separated text come back as chips.
  if (typeof form.tags === 'string') form.tags = parseTags(form.tags);
  if (!Array.isArray(form.tags) || !form.tags.every((t) => typeof t === 'string')) return false;
  // Copies made before several sources were editable have none; they still come back.
  if (form.extraSources === undefined) form.extraSources = [];
  return Array.isArray(form.extraSources);
}

/** Enough of a brief to merge from: the copy is the app's own, so its shape is only spot-checked. */
function isBase(value: unknown): value is Brief {
  if (typeof value !== 'object' || value === null) return false;
  const brief = value as Record<string, unknown>;
  return typeof brief.id === 'string' && typeof brief.version === 'number' && Array.isArray(brief.sources);
}

export function readBackup(key: string): Backup | null {
  const text = storage()?.getItem(key);
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) {
      const { form, at, base } = parsed as Record<string, unknown>;
      if (isForm(form) && typeof at === 'string') return { form, at, ...(isBase(base) ? { base } : {}) };
    }
  } catch {
    // A damaged copy is dropped below.
  }
  storage()?.removeItem(key);
  return null;
}

export function clearBackup(key: string): void {
  storage()?.removeItem(key);
}

type Flush = () => Promise<void>;
const flushes = new Set<Flush>();

/** Registers a function that saves pending edits; returns its unregistration. */
export function registerFlush(flush: Flush): () => void {
  flushes.add(flush);
  return () => flushes.delete(flush);
}

/** Saves every pending edit (before the window closes). Never rejects. */
export async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushes].map((flush) => flush()));
}

/** How many edits are kept only on this computer, not yet in the library (after a flush: those that could not be saved). */
export function unsavedEdits(): number {
  const store = storage();
  if (!store) return 0;
  let count = 0;
  for (let i = 0; i < store.length; i += 1) {
    if (store.key(i)?.startsWith(PREFIX)) count += 1;
  }
  return count;
}
