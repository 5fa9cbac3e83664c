// What the editor tells about a source URL as it is typed, and how it words earlier uses.
import type { SourceUse } from '../bindings/SourceUse';

/** True for an absolute http(s) URL with a host: what the core stores and the browser opens. */
export function isWebUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/**
 * Why `text` cannot be a source URL, or null when it can (or is empty). A text that may still
 * grow into a web address ("htt", "https:/") is not complained about while it is typed.
 */
export function urlProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || isWebUrl(trimmed)) return null;
  const lower = trimmed.toLowerCase();
  if ('https://'.startsWith(lower) || 'http://'.startsWith(lower)) return null;
  if (/^[a-z][a-z0-9+.-]*:/u.test(lower) && !/^https?:/u.test(lower)) {
    return 'Only web addresses (http:// or https://) can be sources.';
  }
  return /^https?:/u.test(lower) ? 'This is not a complete web address.' : 'Start the address with https:// (or http://).';
}

/**
 * "Previously in No. 11: headline" for a published (sent) issue only; a draft issue was never
 * sent, so its brief is "also in draft No. 12", and a brief in no issue yet is named as such.
 */
export function coveredText(use: SourceUse): string {
  if (use.issue === null) return `Also cited by “${use.headline}” (in no issue yet)`;
  return use.published ? `Previously in No. ${use.issue}: ${use.headline}` : `Also in draft No. ${use.issue}: ${use.headline}`;
}
