// Filling a source from its page: what of the page goes into the fields still empty when it
// arrives (never over what the editor wrote, even while the page was on its way), and the
// line that says what was filled and from where.
import type { SourceFetched } from '../bindings/SourceFetched';
import { displayDate } from './dates';

export type Fill = {
  /** The new outlet, when the field was empty and the page named one. */
  outlet: string | null;
  /** The new date as the field shows dates, when the field was empty and the page had one. */
  date: string | null;
  /** What happened, in words, for the line under the URL. */
  note: string;
};

/** How long to wait before asking again while offline. */
export const OFFLINE_RETRY_MS = 30_000;

export function fillFrom(page: SourceFetched, fields: { outlet: string; date: string }): Fill {
  if (page.error !== null) {
    return {
      outlet: null,
      date: null,
      note: page.offline ? 'Offline, will try again.' : `The page could not be read: ${page.error}`,
    };
  }
  const outlet = fields.outlet.trim() === '' && page.outlet ? page.outlet.value : null;
  const date = fields.date.trim() === '' && page.date ? displayDate(page.date.value) : null;
  const said: string[] = [];
  if (outlet !== null && page.outlet) said.push(`the outlet from ${page.outlet.from}`);
  if (date !== null && page.date) said.push(`the date from ${page.date.from}`);
  let note: string;
  if (said.length > 0) {
    note = `Filled ${said.join(' and ')}.`;
  } else if (!page.outlet && !page.date) {
    note = 'The page names no outlet or date.';
  } else {
    note = 'Nothing to fill: the outlet and date are already written.';
  }
  return { outlet, date, note };
}

/** The page's own title and language as read, for the line under the fill's ("The page: “…”, in en."). */
export function pageLine(page: SourceFetched): string | null {
  if (page.error !== null) return null;
  const title = page.title ? `“${page.title.value}”` : null;
  const language = page.language ? `in ${page.language.value}` : null;
  if (title === null && language === null) return null;
  return `The page: ${[title, language].filter((part) => part !== null).join(', ')}.`;
}
