// The core's length limits, checked as the editor types: the same numbers and words as the
// core's refusal (validate.rs), shown at once, and no 10 MB save sent only to be refused.
import type { BriefDraft } from '../bindings/BriefDraft';
import { MAX_BODY_CHARS, MAX_HEADLINE_CHARS } from '../bindings/Limits';
import type { ErrorLine, Field } from './draft';

export { MAX_BODY_CHARS, MAX_HEADLINE_CHARS };

/** A counter appears once a field holds this share of its limit. */
const NEAR = 0.8;

/** Characters as the core counts them (Unicode scalar values, not UTF-16 units or bytes). */
export function charCount(text: string): number {
  let count = text.length;
  // Each surrogate pair is two UTF-16 units but one character.
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** The headline as the core stores it: white space runs made one space, trimmed. */
export function headlineChars(headline: string): number {
  return charCount(headline.trim().split(/\s+/u).join(' '));
}

/** The body as the core stores it (its end trimmed). Cheap for any text under the limit. */
export function bodyChars(body: string): number {
  // UTF-16 units never undercount characters: a short text needs no count for the limit's sake.
  return charCount(body.trimEnd());
}

/** 200000 → "200,000", as the core writes numbers. */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/gu, ',');
}

/** "too long (2,000 characters; the most is 300)", word for word the core's message. */
export function tooLong(count: number, max: number): string {
  return `too long (${thousands(count)} characters; the most is ${thousands(max)})`;
}

/** Whether a count near its limit should be shown ("283 / 300"). */
export function nearLimit(count: number, max: number): boolean {
  return count >= Math.floor(max * NEAR);
}

/** What the core would refuse in `draft` for its length, one line per field. */
export function limitErrors(draft: Pick<BriefDraft, 'headline' | 'body' | 'notes'>): ErrorLine[] {
  const checks: [Field, number, number][] = [
    ['headline', headlineChars(draft.headline), MAX_HEADLINE_CHARS],
    // Only texts long in UTF-16 units can be long in characters: the rest skip the count.
    ['body', draft.body.length > MAX_BODY_CHARS ? bodyChars(draft.body) : 0, MAX_BODY_CHARS],
    ['notes', draft.notes.length > MAX_BODY_CHARS ? bodyChars(draft.notes) : 0, MAX_BODY_CHARS],
  ];
  return checks
    .filter(([, count, max]) => count > max)
    .map(([field, count, max]) => ({ field, path: field, text: tooLong(count, max) }));
}
