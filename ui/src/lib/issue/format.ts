// How the composer words its numbers: counts, reading time, email size.

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Whole kilobytes as mail clients count them (1 KB = 1024 bytes), never "0 KB" for some bytes. */
export function kilobytes(bytes: number): string {
  return `${bytes > 0 ? Math.max(1, Math.round(bytes / 1024)) : 0} KB`;
}

export function readingTime(minutes: number): string {
  return minutes === 0 ? 'no reading time' : `${minutes} min read`;
}

/** How full the email is: 'ok', 'near' (past 90 % of the limit) or 'over'. */
export function emailLevel(bytes: number, limit: number): 'ok' | 'near' | 'over' {
  if (bytes > limit) return 'over';
  return bytes > limit * 0.9 ? 'near' : 'ok';
}
