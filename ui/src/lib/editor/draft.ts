// Pure conversions between the editor form and the core's types.
import { messageText } from '../backend/errors';
import type { Brief } from '../bindings/Brief';
import type { BriefDraft } from '../bindings/BriefDraft';
import type { IpcError } from '../bindings/IpcError';
import type { SourceDraft } from '../bindings/SourceDraft';
import type { Status } from '../bindings/Status';
import { displayDate, storedDate } from './dates';

export const STATUSES: readonly { value: Status; label: string }[] = [
  { value: 'draft', label: 'Draft' },
  { value: 'ready', label: 'Ready' },
  { value: 'published', label: 'Published' },
];

/** A further source as its row of inputs holds it ("Sources: A, date; B, date"). */
export type SourceForm = { outlet: string; date: string; url: string; title: string | null };

/** What the form edits: plain strings, exactly as the inputs hold them. */
export type BriefForm = {
  headline: string;
  body: string;
  outlet: string;
  date: string;
  url: string;
  /** Sources after the first, each a row of its own. */
  extraSources: SourceForm[];
  /** The tag chips, in the order added. */
  tags: string[];
  status: Status;
  notes: string;
};

/** Parts of a brief the form does not show but must not lose on save: the first source's title. */
export type Preserved = {
  title: string | null;
};

export function emptyForm(): BriefForm {
  return { headline: '', body: '', outlet: '', date: '', url: '', extraSources: [], tags: [], status: 'draft', notes: '' };
}

export function emptySource(): SourceForm {
  return { outlet: '', date: '', url: '', title: null };
}

export function formFromBrief(brief: Brief): BriefForm {
  const first = brief.sources[0];
  return {
    headline: brief.headline,
    body: brief.body,
    outlet: first?.outlet ?? '',
    // Shown as the system writes dates; read back by draftFromForm (storedDate).
    date: first?.date ? displayDate(first.date) : '',
    url: first?.url ?? '',
    extraSources: brief.sources
      .slice(1)
      .map((s) => ({ outlet: s.outlet, date: s.date ? displayDate(s.date) : '', url: s.url ?? '', title: s.title })),
    tags: [...brief.tags],
    status: brief.status,
    notes: brief.notes,
  };
}

export function preservedFromBrief(brief: Brief | null): Preserved {
  return { title: brief?.sources[0]?.title ?? null };
}

/** "a, b ,,c, A" → ["a", "b", "c"]: trimmed, blanks dropped, the first of each name in any case. */
export function parseTags(text: string | readonly string[]): string[] {
  const parts = typeof text === 'string' ? text.split(',') : text;
  const seen = new Map<string, string>();
  for (const part of parts) {
    const tag = part.trim();
    if (tag !== '' && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  return [...seen.values()];
}

/** A source row with nothing typed in it yet (left out of every draft). */
export function isBlankSource(source: SourceForm): boolean {
  return source.outlet.trim() === '' && source.date.trim() === '' && source.url.trim() === '';
}

function sourceDraft(source: SourceForm): SourceDraft {
  return { outlet: source.outlet.trim(), date: storedDate(source.date), url: orNull(source.url), title: source.title };
}

function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

export function draftFromForm(form: BriefForm, preserved: Preserved): BriefDraft {
  const sourceBlank = form.outlet.trim() === '' && form.date.trim() === '' && form.url.trim() === '';
  const sources: SourceDraft[] = sourceBlank
    ? []
    : [{ outlet: form.outlet.trim(), date: storedDate(form.date), url: orNull(form.url), title: preserved.title }];
  return {
    headline: form.headline.trim(),
    body: form.body,
    sources: [...sources, ...form.extraSources.filter((s) => !isBlankSource(s)).map(sourceDraft)],
    tags: parseTags(form.tags),
    status: form.status,
    notes: form.notes,
  };
}

/** The form controls a core error can point at. */
export type Field = 'headline' | 'body' | 'outlet' | 'date' | 'url' | 'tags' | 'status' | 'notes';

export const FIELD_LABELS: Record<Field, string> = {
  headline: 'Headline',
  body: 'Body',
  outlet: 'Source outlet',
  date: 'Source date',
  url: 'Source URL',
  tags: 'Tags',
  status: 'Status',
  notes: 'Notes',
};

const PATH_TO_FIELD: Record<string, Field> = {
  headline: 'headline',
  // "A ready brief needs a source": the caret goes to the first source's outlet.
  sources: 'outlet',
  body: 'body',
  'sources[0].outlet': 'outlet',
  'sources[0].date': 'date',
  'sources[0].url': 'url',
  tags: 'tags',
  status: 'status',
  notes: 'notes',
};

export type ErrorLine = {
  /** The form field this line is about, if the form shows that field. */
  field: Field | null;
  /** The path the core named (e.g. "sources[1].url"), if any. */
  path: string | null;
  /** The message without its path prefix. */
  text: string;
};

/**
 * The lines to show for a core error, each attached to the form field its `field` names, e.g.
 * `{ field: "sources[0].url", message: "sources[0].url: \"ftp://x\" is not an http(s) URL" }` →
 * field "url", text `"ftp://x" is not an http(s) URL`. The core reports one error at a time
 * (the first it finds), so this is one line; an error naming no field is a line of its own.
 */
export function errorLines(error: IpcError): ErrorLine[] {
  const text = messageText(error);
  if (text === '') return [];
  const path = error.field ?? null;
  if (path === null) return [{ field: null, path: null, text }];
  // "tags[2]" points at the tags input as a whole.
  const key = path.startsWith('tags[') ? 'tags' : path;
  return [{ field: PATH_TO_FIELD[key] ?? null, path, text }];
}

/** "sources[1].url" → "Source 2 URL"; unknown paths come back as they are. */
export function describePath(path: string): string {
  const source = /^sources\[(\d+)\]\.(\w+)$/.exec(path);
  if (source && source[1] !== undefined && source[2] !== undefined) {
    const index = Number(source[1]);
    const part = source[2] === 'url' ? 'URL' : source[2];
    return index === 0 ? `Source ${part}` : `Source ${index + 1} ${part}`;
  }
  if (path === 'sources') return 'Source';
  const tag = /^tags\[\d+\]$/u.exec(path);
  if (tag) return FIELD_LABELS.tags;
  const field = PATH_TO_FIELD[path];
  return field ? FIELD_LABELS[field] : path;
}
