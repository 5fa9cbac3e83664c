// Everything in the form the core would refuse, found before saving and all at once, each
// problem in words and attached to its field: the core reports only the first it meets, and in
// its own terms (validate.rs). The length limits are limits.ts's, shown as they are typed.
import { dateProblem, type DateOrder, localeDateOrder } from './dates';
import { isBlankSource, type BriefForm, type ErrorLine, type Field, type SourceForm } from './draft';
import { isWebUrl, urlProblem } from './sources';

/** The longest tag name, in characters (validate.rs's tag_name). */
export const MAX_TAG_CHARS = 60;

/** Why `text` cannot be stored as a source URL, or null when it can (or is empty). */
export function finalUrlProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || isWebUrl(trimmed)) return null;
  // Not complained about while typed ("https:/"), but not an address to store either.
  return urlProblem(trimmed) ?? 'This is not a complete web address.';
}

function sourceProblems(source: SourceForm, index: number, order: DateOrder): ErrorLine[] {
  const lines: ErrorLine[] = [];
  const at = (part: 'outlet' | 'date' | 'url'): { field: Field | null; path: string } => ({
    field: index === 0 ? part : null,
    path: `sources[${index}].${part}`,
  });
  if (source.outlet.trim() === '') lines.push({ ...at('outlet'), text: 'Name the outlet that published the story.' });
  const date = dateProblem(source.date, order);
  if (date) lines.push({ ...at('date'), text: date });
  const url = finalUrlProblem(source.url);
  if (url) lines.push({ ...at('url'), text: url });
  return lines;
}

/** Every problem that keeps `form` from being saved, in the form's order. */
export function formProblems(form: BriefForm, order: DateOrder = localeDateOrder()): ErrorLine[] {
  const lines: ErrorLine[] = [];
  if (form.headline.trim() === '') lines.push({ field: 'headline', path: 'headline', text: 'Give the brief a headline.' });
  const first: SourceForm = { outlet: form.outlet, date: form.date, url: form.url, title: null };
  const sources = [first, ...form.extraSources];
  sources.forEach((source, i) => {
    if (!isBlankSource(source)) lines.push(...sourceProblems(source, i, order));
  });
  if (form.status === 'ready' && sources.every(isBlankSource)) {
    lines.push({ field: 'outlet', path: 'sources', text: 'A ready brief needs a source: type at least its outlet.' });
  }
  form.tags.forEach((tag, i) => {
    if ([...tag.trim()].length > MAX_TAG_CHARS) {
      lines.push({ field: 'tags', path: `tags[${i}]`, text: `The tag “${tag.trim()}” is longer than ${MAX_TAG_CHARS} characters.` });
    }
  });
  return lines;
}
