// Words and numbers the import and export dialogs show, kept pure so they can be tested alone.
import { messageText } from '../backend/errors';
import type { Brief } from '../bindings/Brief';
import type { Duplicate } from '../bindings/Duplicate';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ImportFormat } from '../bindings/ImportFormat';
import type { ImportProgress } from '../bindings/ImportProgress';
import type { ImportReport } from '../bindings/ImportReport';
import type { IpcError } from '../bindings/IpcError';
import type { HintRole } from '../bindings/HintRole';
import type { LineRole } from '../bindings/LineRole';
import type { Issue } from '../bindings/Issue';
import { formatSourceDate } from '../ui/format';

export const IMPORT_FORMATS: readonly { value: ImportFormat; label: string }[] = [
  { value: 'auto', label: 'Detect automatically' },
  { value: 'text', label: 'Briefing text' },
  { value: 'markdown', label: 'Briefdesk Markdown' },
  { value: 'json', label: 'Briefdesk JSON' },
  { value: 'bookmarks', label: 'Bookmarks (browser, Pocket HTML)' },
  { value: 'csv', label: 'Read-later CSV (Pocket, Instapaper)' },
];

export const EXPORT_FORMATS: readonly { value: ExportFormat; label: string }[] = [
  { value: 'html', label: 'Web page' },
  { value: 'email', label: 'Email' },
  { value: 'markdown', label: 'Markdown' },
  { value: 'briefdesk-markdown', label: 'Briefdesk Markdown, for re-import' },
  { value: 'text', label: 'Plain text' },
  { value: 'json', label: 'JSON' },
];

/** Formats previewed as a rendered page (in a sandboxed frame) rather than as source text. */
export function isRendered(format: ExportFormat): boolean {
  return format === 'html' || format === 'email';
}

/** "1 brief", "3 briefs". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Storing 2,500 of 10,000 briefs…": where a running import (or its preview) is. */
export function progressText(progress: ImportProgress, storing: boolean): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const of = `${n(progress.done)} of ${n(progress.total)} ${progress.total === 1 ? 'brief' : 'briefs'}`;
  switch (progress.stage) {
    case 'reading':
      return 'Reading…';
    case 'storing':
      return storing ? `Storing ${of}…` : `Checking ${of}…`;
    case 'finishing':
      return storing ? 'Saving…' : 'Almost done…';
  }
}

/**
 * "2 briefs found · 1 line skipped · 1 warning"; with briefs already in the library, "8 briefs
 * found, 3 already in the library — skipped".
 */
export function reportSummary(report: ImportReport): string {
  const left = report.duplicates.filter((d) => d.skipped).length;
  let found = `${count(report.briefs.length + left, 'brief')} found`;
  if (report.duplicates.length > 0) {
    found += `, ${report.duplicates.length} already in the library — ${left > 0 ? 'skipped' : 'imported again'}`;
  }
  const parts = [found];
  if (report.skipped.length > 0) parts.push(`${count(report.skipped.length, 'line')} skipped`);
  if (report.warnings.length > 0) parts.push(count(report.warnings.length, 'warning'));
  return parts.join(' · ');
}

/** What the editor may say a line of the input really is, to teach the importer its layout. */
export const HINT_ROLES: readonly { value: HintRole; label: string }[] = [
  { value: 'headline', label: 'Headline' },
  { value: 'outlet', label: 'Outlet' },
  { value: 'date', label: 'Date' },
  { value: 'body', label: 'Body text' },
  { value: 'skip', label: 'Not part of a brief' },
];

/** What a line of the input became, in the preview's words. */
export function roleLabel(role: LineRole): string {
  switch (role) {
    case 'headline':
      return 'Headline';
    case 'body':
      return 'Body';
    case 'source':
      return 'Source';
    case 'url':
      return 'URL';
    case 'header_date':
      return 'Date above';
    case 'header_outlet':
      return 'Outlet above';
  }
}

/** The number of the issue an import put its briefs in, or null for none. */
export function importedPlace(report: ImportReport): number | null {
  return report.briefs.find((b) => b.issue !== null)?.issue?.number ?? null;
}

/**
 * What a finished import did: "Imported 8 briefs into No. 2", "Imported 1 brief into the
 * library", with "; 3 already in the library were skipped" when it left some out.
 */
export function importedMessage(report: ImportReport): string {
  const left = report.duplicates.filter((d) => d.skipped).length;
  const already = `${left} ${left === 1 ? 'was' : 'were'} already in the library`;
  if (report.briefs.length === 0) {
    return left > 0 ? `Nothing new imported: the ${count(left, 'brief')} ${left === 1 ? 'was' : 'were'} already in the library.` : 'Nothing imported.';
  }
  const place = importedPlace(report);
  const into = place === null ? 'into the library' : `into No. ${place}`;
  const skipped = left > 0 ? `; ${already} and ${left === 1 ? 'was' : 'were'} skipped` : '';
  return `Imported ${count(report.briefs.length, 'brief')} ${into}${skipped}.`;
}

/** Why a brief counts as already in the library: "same source URL as “…” (in No. 2)". */
export function duplicateText(duplicate: Duplicate): string {
  const why = duplicate.reason === 'same_url' ? 'same source URL as' : 'same headline and outlet as';
  const place = duplicate.existing_issue === null ? '' : ` (in No. ${duplicate.existing_issue})`;
  return `${why} “${duplicate.existing_headline}”${place}`;
}

/** "850 bytes", "24 KB" (rounded up, as the CLI's email warning counts). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return count(bytes, 'byte');
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** "No. 12 · China Briefing". */
export function issueLabel(issue: Pick<Issue, 'number' | 'title'>): string {
  return issue.title.trim() === '' ? `No. ${issue.number}` : `No. ${issue.number} · ${issue.title}`;
}

/** The last part of a path, on any system. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** One line per brief in the import preview: "Radio Free Asia · 27 Nov 2020". */
export function sourcesSummary(brief: Brief): string {
  return brief.sources
    .map((s) => [s.outlet, formatSourceDate(s.date)].filter((part) => part !== '').join(' · '))
    .join('; ');
}

/**
 * The core's import errors, made to read as sentences from their `line`, `column` and `field`:
 * "the file is empty: …" on the field `input` → "The file is empty: …", line 4, column 0 →
 * "Line 4, column 0: …". Pasted text is called that, not a file.
 */
export function importErrorMessage(error: IpcError, pasted: boolean): string {
  let text = error.field === 'input' ? messageText(error) : error.message.trim();
  if (error.line !== undefined) {
    // messageText takes off the location, and a field's name with it: that is put back.
    const rest = error.field === undefined ? messageText(error) : `${error.field}: ${messageText(error)}`;
    const at = error.column === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
    text = `${at}: ${rest}`;
  }
  if (pasted) text = text.replace(/\bthe file is\b/g, 'the pasted text is');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How long typing pauses before the import preview runs again. */
export const PREVIEW_DEBOUNCE_MS = 300;
