// The issue's editable fields: building patches for the core, reading its errors back onto the
// field they concern, and the suggestions for a new issue.
import { messageText } from '../backend/errors';
import type { IpcError } from '../bindings/IpcError';
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
 * The issue field a core error belongs to (its `field`, e.g. `title`) and its text without that
 * name, so the error can sit next to the field. An error naming no field of the issue keeps
 * `field` null and its whole message.
 */
export function fieldError(error: IpcError): { field: IssueField | null; text: string } {
  const field = FIELDS.find((f) => f === error.field) ?? null;
  const text = field ? messageText(error) : error.message.trim();
  return { field, text: text.charAt(0).toUpperCase() + text.slice(1) };
}

/** Today in the editor's own time zone, as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A new issue's title: the publication's name (Settings). Not the last issue's title, which
 * for a new editor is the sample's, "China Briefing (sample)".
 */
export function suggestedTitle(publicationName: string): string {
  return publicationName.trim();
}

/** What saving one field came to: the value as the core stored it, or its objection in words. */
export type SaveResult = { stored: string } | { error: string };

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
