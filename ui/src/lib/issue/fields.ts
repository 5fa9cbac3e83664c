// The issue's editable fields: building patches for the core, reading its errors back onto the
// field they concern, and the suggestions for a new issue.
import type { Issue } from '../bindings/Issue';
import type { IssuePatch } from '../bindings/IssuePatch';

export type IssueField = 'number' | 'title' | 'date' | 'subject' | 'preheader' | 'intro' | 'closing';

const FIELDS: readonly IssueField[] = ['number', 'title', 'date', 'subject', 'preheader', 'intro', 'closing'];

/** A patch that changes only the fields given (the core leaves `null` fields as they are). */
export function patchOf(fields: Partial<IssuePatch>): IssuePatch {
  return {
    number: null,
    title: null,
    date: null,
    status: null,
    subject: null,
    preheader: null,
    intro: null,
    closing: null,
    ...fields,
  };
}

/**
 * Splits a core message such as `title: must not be empty` into the field it names and the
 * rest, so the error can sit next to that field. Messages naming no field keep `field` null.
 */
export function fieldError(message: string): { field: IssueField | null; text: string } {
  const match = /^([a-z_]+): (.+)$/s.exec(message.trim());
  const name = match?.[1];
  const field = FIELDS.find((f) => f === name) ?? null;
  const text = field && match?.[2] ? match[2] : message.trim();
  return { field, text: text.charAt(0).toUpperCase() + text.slice(1) };
}

/** Today in the editor's own time zone, as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A new issue usually continues the series: the title of the highest-numbered issue. */
export function suggestedTitle(issues: readonly Issue[]): string {
  const latest = issues.reduce<Issue | null>((best, i) => (best === null || i.number > best.number ? i : best), null);
  return latest?.title ?? '';
}

/** What saving one field came to: the value as the core stored it, or its objection in words. */
export type SaveResult = { stored: string } | { error: string };

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
