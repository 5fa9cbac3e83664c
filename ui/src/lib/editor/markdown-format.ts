// Markdown formatting as pure text edits: given the body and the selection, the change that
// toggles bold, italic, a link, a block quote or a bullet list. The editor component turns
// these into CodeMirror transactions; kept apart so every case is tested without a view.
import { ChangeSet, Text } from '@codemirror/state';

/** A selection: anchor and head are offsets into the text (equal for a bare cursor). */
export type Selection = { anchor: number; head: number };

/** One replacement, in offsets of the text before the edit. */
export type Change = { from: number; to: number; insert: string };

/** Changes in ascending order, not overlapping, and the selection after them. */
export type Edit = { changes: Change[]; selection: Selection };

export type Format = 'bold' | 'italic' | 'link' | 'quote' | 'list';

/** The text placed where a link's address goes; selected so typing replaces it. */
export const URL_PLACEHOLDER = 'url';

export function formatEdit(format: Format, doc: string, selection: Selection): Edit {
  switch (format) {
    case 'bold':
      return toggleEmphasis(doc, selection, 2);
    case 'italic':
      return toggleEmphasis(doc, selection, 1);
    case 'link':
      return toggleLink(doc, selection);
    case 'quote':
      return toggleLinePrefix(doc, selection, QUOTE);
    case 'list':
      return toggleLinePrefix(doc, selection, BULLET);
  }
}

/** The text and selection after an edit (for tests and previews). */
export function applyEdit(doc: string, edit: Edit): { text: string; selection: Selection } {
  const text = ChangeSet.of(edit.changes, doc.length).apply(Text.of(doc.split('\n'))).toString();
  return { text, selection: edit.selection };
}

// ---- Bold and italic ----

/**
 * Bold is `**`, italic `*`; `***` is both. A run of stars is read as the formats it makes, so
 * toggling italic inside `**bold**` adds a star rather than taking one away.
 */
function hasEmphasis(run: number, width: 1 | 2): boolean {
  return width === 2 ? run >= 2 : run === 1 || run >= 3;
}

function starsBefore(doc: string, at: number): number {
  let n = 0;
  while (at - n > 0 && doc[at - n - 1] === '*') n += 1;
  return n;
}

function starsAfter(doc: string, at: number): number {
  let n = 0;
  while (doc[at + n] === '*') n += 1;
  return n;
}

/** The part of each selected line that holds text (emphasis cannot span a blank line). */
function lineSegments(doc: string, from: number, to: number): { from: number; to: number }[] {
  const segments: { from: number; to: number }[] = [];
  let lineStart = doc.lastIndexOf('\n', from - 1) + 1;
  while (lineStart <= to) {
    const newline = doc.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? doc.length : newline;
    let start = Math.max(from, lineStart);
    let end = Math.min(to, lineEnd);
    // Markdown ignores `** word**`: keep the markers against the words.
    while (start < end && /\s/u.test(doc[start] ?? '')) start += 1;
    while (end > start && /\s/u.test(doc[end - 1] ?? '')) end -= 1;
    if (start < end) segments.push({ from: start, to: end });
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return segments;
}

/** The word around a bare cursor, if the cursor sits in or against one. */
function wordAt(doc: string, at: number): { from: number; to: number } | null {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_’'-]/u.test(c);
  let from = at;
  let to = at;
  while (isWord(doc[from - 1])) from -= 1;
  while (isWord(doc[to])) to += 1;
  return from < to ? { from, to } : null;
}

function toggleEmphasis(doc: string, selection: Selection, width: 1 | 2): Edit {
  const marker = '*'.repeat(width);
  const from = Math.min(selection.anchor, selection.head);
  const to = Math.max(selection.anchor, selection.head);
  const cursor = from === to;

  const word = cursor ? wordAt(doc, from) : null;
  const segments = word ? [word] : lineSegments(doc, from, to);
  if (segments.length === 0) {
    // Only spaces selected: nothing to format.
    if (!cursor) return { changes: [], selection };
    // A bare cursor away from words: markers around it to type between, or out of `**|**`.
    if (hasEmphasis(starsBefore(doc, from), width) && hasEmphasis(starsAfter(doc, to), width)) {
      return finish(doc, [change(from - width, from, ''), change(to, to + width, '')], from, to);
    }
    return finish(doc, [change(from, from, marker + marker)], from + width, from + width, { absolute: true });
  }

  // The words of each segment, with the stars at its ends (selected or not) counted around them.
  const marked = segments
    .map((s) => {
      const text = doc.slice(s.from, s.to);
      const core = { from: s.from + starsAfter(text, 0), to: s.to - starsBefore(text, text.length) };
      const on = hasEmphasis(starsBefore(doc, core.from), width) && hasEmphasis(starsAfter(doc, core.to), width);
      return { ...core, on };
    })
    .filter((s) => s.from < s.to);
  if (marked.length === 0) return { changes: [], selection };

  const changes: Change[] = [];
  const off = marked.every((s) => s.on);
  for (const s of marked) {
    if (off) changes.push(change(s.from - width, s.from, ''), change(s.to, s.to + width, ''));
    else if (!s.on) changes.push(change(s.from, s.from, marker), change(s.to, s.to, marker));
  }
  // A cursor in a word stays where it was in the word.
  if (cursor) return finish(doc, changes, from, from, { assoc: word && from === word.to ? -1 : 1 });
  const first = marked[0];
  const last = marked[marked.length - 1];
  // The selection keeps to the words, without the markers.
  return finish(doc, changes, first?.from ?? from, last?.to ?? to);
}

// ---- Links ----

const LINK = /\[([^\]\n]*)\]\(([^)\s]*)\)/gu;

function toggleLink(doc: string, selection: Selection): Edit {
  const from = Math.min(selection.anchor, selection.head);
  const to = Math.max(selection.anchor, selection.head);

  // Inside an existing link: back to its text.
  const lineStart = doc.lastIndexOf('\n', from - 1) + 1;
  const lineEnd = doc.indexOf('\n', lineStart) === -1 ? doc.length : doc.indexOf('\n', lineStart);
  if (to <= lineEnd) {
    for (const match of doc.slice(lineStart, lineEnd).matchAll(LINK)) {
      const start = lineStart + match.index;
      const end = start + match[0].length;
      if (start <= from && to <= end && !(from === to && (from === start || from === end))) {
        const text = match[1] ?? '';
        return {
          changes: [change(start, end, text)],
          selection: { anchor: start, head: start + text.length },
        };
      }
    }
  }

  const selected = doc.slice(from, to);
  if (/^https?:\/\/\S+$/u.test(selected)) {
    // A bare address becomes the link's target; the caret waits for its text.
    return { changes: [change(from, to, `[](${selected})`)], selection: { anchor: from + 1, head: from + 1 } };
  }
  if (selected === '') {
    return { changes: [change(from, to, '[]()')], selection: { anchor: from + 1, head: from + 1 } };
  }
  const inserted = `[${selected}](${URL_PLACEHOLDER})`;
  const urlAt = from + selected.length + 3;
  return {
    changes: [change(from, to, inserted)],
    selection: { anchor: urlAt, head: urlAt + URL_PLACEHOLDER.length },
  };
}

// ---- Block quotes and bullet lists ----

type LinePrefix = {
  /** The prefix a line already has (matched at its start), to take off. */
  present: RegExp;
  /** What to put in front of a line with text, and of a blank line (null: leave it blank). */
  add: string;
  addBlank: string | null;
  /** A prefix the new one replaces (an ordered list marker becomes a bullet). */
  replaces?: RegExp;
};

const QUOTE: LinePrefix = { present: /^ {0,3}> ?/u, add: '> ', addBlank: '>' };
const BULLET: LinePrefix = { present: /^(\s*)[-*+] /u, add: '- ', addBlank: null, replaces: /^(\s*)\d{1,9}[.)] /u };

function toggleLinePrefix(doc: string, selection: Selection, prefix: LinePrefix): Edit {
  const from = Math.min(selection.anchor, selection.head);
  let to = Math.max(selection.anchor, selection.head);
  // A selection that ends at the start of a line does not take that line in.
  if (to > from && doc[to - 1] === '\n') to -= 1;

  const lines: { start: number; text: string }[] = [];
  let start = doc.lastIndexOf('\n', from - 1) + 1;
  for (;;) {
    const newline = doc.indexOf('\n', start);
    const end = newline === -1 ? doc.length : newline;
    lines.push({ start, text: doc.slice(start, end) });
    if (newline === -1 || end >= to) break;
    start = newline + 1;
  }

  const withText = lines.filter((line) => line.text.trim() !== '');
  const changes: Change[] = [];
  if (withText.length > 0 && withText.every((line) => prefix.present.test(line.text))) {
    for (const line of lines) {
      const found = prefix.present.exec(line.text);
      if (!found) continue;
      // Keep a list item's indentation; drop the marker and its space.
      const keep = found[1]?.length ?? 0;
      changes.push(change(line.start + keep, line.start + found[0].length, ''));
    }
  } else {
    const onlyBlank = withText.length === 0;
    for (const line of lines) {
      if (prefix.present.test(line.text)) continue;
      if (line.text.trim() === '') {
        const blank = onlyBlank ? prefix.add : prefix.addBlank;
        if (blank !== null) changes.push(change(line.start, line.start, blank));
        continue;
      }
      const replaced = prefix.replaces?.exec(line.text);
      if (replaced) {
        const keep = replaced[1]?.length ?? 0;
        changes.push(change(line.start + keep, line.start + replaced[0].length, prefix.add));
      } else {
        changes.push(change(line.start, line.start, prefix.add));
      }
    }
  }
  return finish(doc, changes, selection.anchor, selection.head, { assoc: 1 });
}

// ---- Helpers ----

function change(from: number, to: number, insert: string): Change {
  return { from, to, insert };
}

/**
 * Sorts the changes and maps the selection through them. With `absolute`, anchor and head are
 * already positions in the new text.
 */
function finish(
  doc: string,
  changes: Change[],
  anchor: number,
  head: number,
  options: { absolute?: boolean; assoc?: 1 | -1 } = {},
): Edit {
  const sorted = [...changes].sort((a, b) => a.from - b.from || a.to - b.to);
  if (options.absolute) return { changes: sorted, selection: { anchor, head } };
  const set = ChangeSet.of(sorted, doc.length);
  // Words gained markers on both sides: the start stays after the opening one, the end before
  // the closing one.
  const [startAssoc, endAssoc] = options.assoc ? [options.assoc, options.assoc] : [1, -1];
  const forward = anchor <= head;
  const mappedAnchor = set.mapPos(anchor, forward ? startAssoc : endAssoc);
  const mappedHead = set.mapPos(head, forward ? endAssoc : startAssoc);
  return { changes: sorted, selection: { anchor: mappedAnchor, head: mappedHead } };
}

// ---- Enter on an empty quote or list line ----

/**
 * Enter on a line holding only a quote or list marker ("> ", "- ", "2. ", "> - ") ends that
 * quote or list, as in every word processor: the innermost marker is taken off, that line left
 * blank and the caret put on the next. Null for any other line or a selection (Enter then continues the markup as usual).
 */
export function endEmptyMarkup(doc: string, selection: Selection): Edit | null {
  if (selection.anchor !== selection.head) return null;
  const at = selection.head;
  const start = doc.lastIndexOf('\n', at - 1) + 1;
  const next = doc.indexOf('\n', at);
  const end = next === -1 ? doc.length : next;
  if (at !== end) return null;
  const line = doc.slice(start, end);
  // Markers only: quotes and list items, nested in any order, with nothing typed after them.
  const markers = /^(?:\s*(?:>|[-*+]|\d{1,9}[.)])(?=\s|$))+\s*$/u;
  if (!markers.test(line)) return null;
  // Everything up to the last marker stays (one level out); the last marker goes. A blank line
  // then parts the text that follows from the quote or list: without it CommonMark reads the
  // next line as more of the same quote or item (a lazy continuation).
  const last = /(?:>|[-*+]|\d{1,9}[.)])\s*$/u.exec(line);
  if (!last) return null;
  const keep = line.slice(0, last.index).replace(/\s+$/u, '');
  const insert = keep === '' ? '\n' : `${keep}\n${keep} `;
  return { changes: [{ from: start, to: end, insert }], selection: { anchor: start + insert.length, head: start + insert.length } };
}
