// Words Settings shows for a saved import layout, kept pure so they can be tested alone.
import type { SavedLayout } from '../bindings/SavedLayout';

/** "3 rules · last used 2026-12-07", "1 rule · not used yet". */
export function formatLayoutUse(layout: Pick<SavedLayout, 'rules' | 'used_at'>): string {
  const rules = layout.rules.length === 1 ? '1 rule' : `${layout.rules.length} rules`;
  const used = layout.used_at === null ? 'not used yet' : `last used ${layout.used_at.slice(0, 10)}`;
  return `${rules} · ${used}`;
}
