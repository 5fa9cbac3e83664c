// Three-way merge of an edit with a change made elsewhere (another window, the CLI), field by
// field: what only one side changed is taken from that side; what both changed differently is
// a clash, left for the editor to settle.
import type { Brief } from '../bindings/Brief';
import { formFromBrief, isBlankSource, preservedFromBrief, type BriefForm, type Preserved } from './draft';

/** The parts of a brief merged as a whole: the sources move together, as the form shows them. */
export type MergePart = 'headline' | 'body' | 'sources' | 'tags' | 'status' | 'notes';

export const MERGE_PART_LABELS: Record<MergePart, string> = {
  headline: 'Headline',
  body: 'Body',
  sources: 'Sources',
  tags: 'Tags',
  status: 'Status',
  notes: 'Private notes',
};

const PARTS: readonly MergePart[] = ['headline', 'body', 'sources', 'tags', 'status', 'notes'];

export type Merged = {
  /** Mine where only I changed a part or where we clash; theirs where only they changed it. */
  form: BriefForm;
  preserved: Preserved;
  /** Parts changed elsewhere and taken into the form. */
  taken: MergePart[];
  /** Parts changed on both sides, differently. The form holds mine for these. */
  clashes: MergePart[];
};

/** A part's value as saved, so that blank rows and surrounding spaces are not changes. */
function key(form: BriefForm, preserved: Preserved, part: MergePart): string {
  switch (part) {
    case 'headline':
      return form.headline.trim();
    case 'sources':
      return JSON.stringify([
        form.outlet.trim(),
        form.date.trim(),
        form.url.trim(),
        preserved.title,
        form.extraSources.filter((s) => !isBlankSource(s)).map((s) => [s.outlet.trim(), s.date.trim(), s.url.trim(), s.title]),
      ]);
    case 'tags':
      return JSON.stringify(form.tags.map((t) => t.trim().toLowerCase()));
    case 'body':
      return form.body.trimEnd();
    default:
      return form[part];
  }
}

function take(form: BriefForm, from: BriefForm, part: MergePart): BriefForm {
  if (part === 'sources') return { ...form, outlet: from.outlet, date: from.date, url: from.url, extraSources: from.extraSources };
  return { ...form, [part]: from[part] };
}

/**
 * Merges `mine` (the form, begun from `base`) with `theirsBrief` (the brief as the library now
 * holds it).
 */
export function mergeEdits(base: Brief, mine: BriefForm, minePreserved: Preserved, theirsBrief: Brief): Merged {
  const baseForm = formFromBrief(base);
  const basePreserved = preservedFromBrief(base);
  const theirs = formFromBrief(theirsBrief);
  const theirsPreserved = preservedFromBrief(theirsBrief);
  let form: BriefForm = { ...mine, extraSources: [...mine.extraSources], tags: [...mine.tags] };
  let preserved = minePreserved;
  const taken: MergePart[] = [];
  const clashes: MergePart[] = [];
  for (const part of PARTS) {
    const was = key(baseForm, basePreserved, part);
    const mineNow = key(mine, minePreserved, part);
    const theirsNow = key(theirs, theirsPreserved, part);
    if (theirsNow === was || theirsNow === mineNow) continue;
    if (mineNow === was) {
      form = take(form, theirs, part);
      if (part === 'sources') preserved = theirsPreserved;
      taken.push(part);
    } else {
      clashes.push(part);
    }
  }
  return { form, preserved, taken, clashes };
}

/** The form with their values for `parts` (the editor chose theirs where we clashed). */
export function takeTheirs(form: BriefForm, preserved: Preserved, theirsBrief: Brief, parts: readonly MergePart[]): { form: BriefForm; preserved: Preserved } {
  const theirs = formFromBrief(theirsBrief);
  let next = form;
  let nextPreserved = preserved;
  for (const part of parts) {
    next = take(next, theirs, part);
    if (part === 'sources') nextPreserved = preservedFromBrief(theirsBrief);
  }
  return { form: next, preserved: nextPreserved };
}

/** "Headline", "Headline and Body", "Headline, Body and Tags". */
export function listParts(parts: readonly MergePart[]): string {
  const names = parts.map((p) => MERGE_PART_LABELS[p]);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
