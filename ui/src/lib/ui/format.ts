// Display helpers shared by the library and the editor.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(date: string): Date | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

const shortDate = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const longDateEn = new Intl.DateTimeFormat('en-US', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const timestamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "2020-11-27" → "27 Nov 2020" (in the user's locale); unparsable input is returned as is. */
export function formatSourceDate(date: string | null): string {
  if (!date) return '';
  const d = parseIsoDate(date);
  return d ? shortDate.format(d) : date;
}

/** The newsletter's source line: "Source: Radio Free Asia, November 27, 2020". */
export function sourceLine(outlet: string, date: string | null): string {
  const name = outlet.trim();
  const d = date ? parseIsoDate(date) : null;
  const when = d ? longDateEn.format(d) : '';
  if (!name && !when) return '';
  return `Source: ${[name, when].filter(Boolean).join(', ')}`;
}

/** An RFC 3339 timestamp from the core, shown in local time. */
export function formatTimestamp(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : timestamp.format(d);
}
