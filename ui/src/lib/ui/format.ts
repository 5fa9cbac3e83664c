// Display helpers shared by the library and the editor.
import type { DateStyle } from '../bindings/DateStyle';
import { dateStyle } from './dateStyle.svelte';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(date: string): Date | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

const longDateEn = new Intl.DateTimeFormat('en-US', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/**
 * A calendar day (UTC midnight) in `style`, in `locale`'s words and order: long "November 27,
 * 2020" (or "27 November 2020" where the locale writes it so), day first "27 November 2020",
 * short "Nov 27, 2020", ISO "2020-11-27".
 */
export function formatDay(day: Date, style: DateStyle, locale?: string): string {
  if (style === 'iso') return day.toISOString().slice(0, 10);
  const month = style === 'short' ? 'short' : 'long';
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month, year: 'numeric', timeZone: 'UTC' });
  if (style !== 'day_first') return format.format(day);
  const part = (type: string): string => format.formatToParts(day).find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}`;
}

/** "2020-11-27" in the chosen date style and the user's locale; unparsable input is returned as is. */
export function formatSourceDate(date: string | null): string {
  if (!date) return '';
  const d = parseIsoDate(date);
  return d ? formatDay(d, dateStyle.style) : date;
}

/** The newsletter's source line: "Source: Radio Free Asia, November 27, 2020". */
export function sourceLine(outlet: string, date: string | null): string {
  const name = outlet.trim();
  const d = date ? parseIsoDate(date) : null;
  const when = d ? longDateEn.format(d) : '';
  if (!name && !when) return '';
  return `Source: ${[name, when].filter(Boolean).join(', ')}`;
}

/** An RFC 3339 timestamp from the core, in local time: its day in the chosen date style, then the time. */
export function formatTimestamp(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  // The local calendar day, as formatDay takes days (at UTC midnight).
  const day = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  return `${formatDay(day, dateStyle.style)}, ${time.format(d)}`;
}
