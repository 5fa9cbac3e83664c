// A source date as the editor types it, read the way their system writes dates (11/27/2020 in
// the US, 27/11/2020 in Britain), as ISO (2020-11-27) or with the month's name (27 November
// 2020): stored as ISO, or refused with the reason in words. Never quietly dropped.

/** The order of day, month and year in a date written in numbers. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/** The order the system's locale writes dates in (from the Intl API, as the window has it). */
export function localeDateOrder(locale?: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
    .formatToParts(new Date(Date.UTC(2020, 10, 27)))
    .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
    .map((p) => p.type[0])
    .join('');
  return parts === 'dmy' || parts === 'ymd' ? parts : 'mdy';
}

/** How to type a date in this order: "MM/DD/YYYY". */
export function datePattern(order: DateOrder): string {
  return { mdy: 'MM/DD/YYYY', dmy: 'DD/MM/YYYY', ymd: 'YYYY-MM-DD' }[order];
}

const EXAMPLE: Record<DateOrder, string> = { mdy: '11/27/2020', dmy: '27/11/2020', ymd: '2020-11-27' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function monthByName(name: string): number | null {
  const lower = name.toLowerCase().replace(/\.$/u, '');
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((m) => m.toLowerCase().startsWith(lower) || (lower === 'sept' && m === 'September'));
  return index < 0 ? null : index + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export type TypedDate = { iso: string } | { problem: string };

function dateOf(year: number, month: number, day: number, order: DateOrder): TypedDate {
  if (month < 1 || month > 12) return { problem: `There is no month ${month}: type the date as ${datePattern(order)}.` };
  const name = MONTHS[month - 1] ?? String(month);
  if (day < 1 || day > daysIn(year, month)) {
    const leap = month === 2 && day === 29 ? ` (${year} is not a leap year)` : '';
    return { problem: `There is no ${name} ${day} in ${year}${leap}.` };
  }
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return { iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** `text` as typed → its ISO date or why it is not one; null for an empty field. */
export function parseTypedDate(text: string, order: DateOrder = localeDateOrder()): TypedDate | null {
  const typed = text.trim();
  if (typed === '') return null;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/u.exec(typed);
  if (iso) return dateOf(Number(iso[1]), Number(iso[2]), Number(iso[3]), order);
  const numeric = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d+)$/u.exec(typed);
  if (numeric) {
    const [a, b, year] = [Number(numeric[1]), Number(numeric[2]), numeric[3] ?? ''];
    if (year.length !== 4) return { problem: `Write the year in full (2021, not ${year}): ${datePattern(order)}.` };
    return order === 'mdy' ? dateOf(Number(year), a, b, order) : dateOf(Number(year), b, a, order);
  }
  // "27/November 2020" too: the field adds the "/" after "27" as it is typed.
  const dayFirst = /^(\d{1,2})\.?[-/ ]+([a-z]+\.?),? (\d{4})$/iu.exec(typed.replace(/\s+/gu, ' '));
  const monthFirst = /^([a-z]+\.?) (\d{1,2}),? (\d{4})$/iu.exec(typed.replace(/\s+/gu, ' '));
  const written = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3] }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3] }
      : null;
  if (written) {
    const month = monthByName(written.month ?? '');
    if (month === null) return { problem: `“${written.month}” is not the name of a month.` };
    return dateOf(Number(written.year), month, Number(written.day), order);
  }
  return { problem: `“${typed}” is not a date: type it as ${datePattern(order)} (e.g. ${EXAMPLE[order]}).` };
}

/** What to store for a typed date: its ISO form, or the text itself when it is none (so the save is refused, never made without it). */
export function storedDate(text: string, order: DateOrder = localeDateOrder()): string | null {
  const parsed = parseTypedDate(text, order);
  if (parsed === null) return null;
  return 'iso' in parsed ? parsed.iso : text.trim();
}

/** Why the typed date cannot be stored, or null when it can (or is empty). */
export function dateProblem(text: string, order: DateOrder = localeDateOrder()): string | null {
  const parsed = parseTypedDate(text, order);
  return parsed !== null && 'problem' in parsed ? parsed.problem : null;
}

/**
 * The date field's text after the editor typed `typed` at its end: a separator is added once a
 * part is complete ("11" → "11/"), and one the editor types themselves just after it is not
 * doubled ("11/" + "/" stays "11/"). So typing "11272020" or "11/27/2020" both read "11/27/2020".
 */
export function afterTyping(value: string, typed: string | null, order: DateOrder): string {
  // ISO typed where dates begin with the day or month: "20" became "20/", then "21-" shows it was a year.
  const year = /^(\d{2})\/(\d{2})-$/u.exec(value);
  if (typed === '-' && year) return `${year[1]}${year[2]}-`;
  if (typed !== null && /^[-/. ]$/u.test(typed) && /[-/. ]{2}$/u.test(value)) return value.slice(0, -1);
  if (typed !== null && /^\d$/u.test(typed)) return value + (separatorAfter(value, order) ?? '');
  return value;
}

/**
 * The separator typed for the editor once a part of the date is complete, so typing "11272020"
 * reads "11/27/2020": the caret moves on from one part to the next. Null: nothing to add.
 */
export function separatorAfter(text: string, order: DateOrder): string | null {
  if (order === 'ymd') return /^\d{4}$|^\d{4}-\d{2}$/u.test(text) ? '-' : null;
  // A first part that cannot be a month or a day is a year's beginning (ISO typed): no "/".
  const first = /^(\d{2})$/u.exec(text);
  if (first) return Number(first[1]) <= (order === 'mdy' ? 12 : 31) ? '/' : null;
  const second = /^\d{1,2}\/(\d{2})$/u.exec(text);
  return second && Number(second[1]) <= (order === 'mdy' ? 31 : 12) ? '/' : null;
}

/**
 * A stored date ("2020-11-27") as the field shows it: the way the system writes dates in
 * numbers ("11/27/2020", "27/11/2020", "27.11.2020"), or ISO where that would not read back.
 */
export function displayDate(iso: string, locale?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) return iso;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(day.getTime())) return iso;
  const shown = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(day);
  const back = parseTypedDate(shown, localeDateOrder(locale));
  return back !== null && 'iso' in back && back.iso === iso ? shown : iso;
}
