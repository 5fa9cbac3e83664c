import { describe, expect, it } from 'vitest';

import { applyEdit, endEmptyMarkup, formatEdit, type Format } from './markdown-format';

/**
 * Writes a text with its selection marked: `«` and `»` around a selection (anchor first),
 * `|` for a bare cursor. Runs the format and gives back the result marked the same way.
 */
function run(format: Format, marked: string): string {
  const { text, anchor, head } = parse(marked);
  const result = applyEdit(text, formatEdit(format, text, { anchor, head }));
  return mark(result.text, result.selection.anchor, result.selection.head);
}

function parse(marked: string): { text: string; anchor: number; head: number } {
  const cursor = marked.indexOf('|');
  if (cursor !== -1) return { text: marked.replace('|', ''), anchor: cursor, head: cursor };
  const open = marked.indexOf('«');
  const close = marked.indexOf('»');
  if (open === -1 || close === -1) throw new Error(`no selection in ${marked}`);
  return { text: marked.replace('«', '').replace('»', ''), anchor: open, head: close - 1 };
}

function mark(text: string, anchor: number, head: number): string {
  if (anchor === head) return `${text.slice(0, anchor)}|${text.slice(anchor)}`;
  const [from, to] = anchor < head ? [anchor, head] : [head, anchor];
  return `${text.slice(0, from)}«${text.slice(from, to)}»${text.slice(to)}`;
}

describe('bold', () => {
  it('wraps the selection and keeps the words selected', () => {
    expect(run('bold', 'A court «sentenced» him.')).toBe('A court **«sentenced»** him.');
  });

  it('takes bold off when toggled again, from inside or with the markers selected', () => {
    expect(run('bold', 'A court **«sentenced»** him.')).toBe('A court «sentenced» him.');
    expect(run('bold', 'A court «**sentenced**» him.')).toBe('A court «sentenced» him.');
  });

  it('keeps the markers against the words when the selection has spaces at its ends', () => {
    expect(run('bold', 'A« court »him.')).toBe('A **«court»** him.');
  });

  it('with a bare cursor in a word, bolds the word and leaves the cursor in place', () => {
    expect(run('bold', 'A co|urt')).toBe('A **co|urt**');
    expect(run('bold', 'A court|')).toBe('A **court|**');
    expect(run('bold', 'A **co|urt**')).toBe('A co|urt');
  });

  it('with a bare cursor away from words, inserts a pair to type between, and toggles it back', () => {
    expect(run('bold', 'End. |')).toBe('End. **|**');
    expect(run('bold', '|')).toBe('**|**');
    expect(run('bold', 'End. **|**')).toBe('End. |');
  });

  it('leaves a selection of only spaces alone', () => {
    expect(run('bold', 'a« »b')).toBe('a« »b');
  });

  it('bolds each line of a multi-line selection on its own, skipping blank lines', () => {
    expect(run('bold', '«one\n\ntwo»')).toBe('**«one**\n\n**two»**');
    expect(run('bold', '**«one**\n\n**two»**')).toBe('«one\n\ntwo»');
  });

  it('bolds an italic word rather than unmaking it', () => {
    expect(run('bold', '*«word»*')).toBe('***«word»***');
  });
});

describe('italic', () => {
  it('wraps in single stars and toggles off', () => {
    expect(run('italic', 'a «word» here')).toBe('a *«word»* here');
    expect(run('italic', 'a *«word»* here')).toBe('a «word» here');
  });

  it('does not read bold as italic', () => {
    expect(run('italic', '**«word»**')).toBe('***«word»***');
    expect(run('italic', '***«word»***')).toBe('**«word»**');
  });

  it('inserts a pair at a bare cursor', () => {
    expect(run('italic', 'x |')).toBe('x *|*');
  });
});

describe('link', () => {
  it('makes the selection the link text and selects the address placeholder', () => {
    expect(run('link', 'See «the report» today')).toBe('See [the report](«url») today');
  });

  it('makes a selected address the target and leaves the cursor for the text', () => {
    expect(run('link', 'See «https://rfa.org/a»')).toBe('See [|](https://rfa.org/a)');
  });

  it('inserts an empty link at a bare cursor', () => {
    expect(run('link', 'See |')).toBe('See [|]()');
  });

  it('turns a link back into its text when the selection is inside it', () => {
    expect(run('link', 'See [the «rep»ort](https://rfa.org/a) now')).toBe('See «the report» now');
    expect(run('link', 'See [the re|port](https://rfa.org/a) now')).toBe('See «the report» now');
  });
});

describe('block quote', () => {
  it('quotes the line the cursor is on', () => {
    expect(run('quote', 'First\nSec|ond\nThird')).toBe('First\n> Sec|ond\nThird');
  });

  it('quotes an empty line so the quote can be typed', () => {
    expect(run('quote', '|')).toBe('> |');
  });

  it('quotes every selected line, blank ones too so the quote stays one', () => {
    expect(run('quote', '«one\n\ntwo»')).toBe('> «one\n>\n> two»');
  });

  it('takes the quote off when every line has it', () => {
    expect(run('quote', '«> one\n>\n> two»')).toBe('«one\n\ntwo»');
    expect(run('quote', '>| one')).toBe('|one');
  });

  it('quotes the unquoted lines of a mixed selection', () => {
    expect(run('quote', '«> one\ntwo»')).toBe('«> one\n> two»');
  });

  it('leaves out a line the selection only reaches the start of', () => {
    expect(run('quote', '«one\n»two')).toBe('> «one\n»two');
  });
});

describe('bullet list', () => {
  it('makes each selected line with text an item, leaving blank lines', () => {
    expect(run('list', '«one\n\ntwo»')).toBe('- «one\n\n- two»');
  });

  it('takes the markers off when every line is an item, keeping indentation', () => {
    expect(run('list', '«- one\n  - two»')).toBe('«one\n  two»');
    expect(run('list', '* o|ne')).toBe('o|ne');
  });

  it('turns numbered items into bullets', () => {
    expect(run('list', '«1. one\n2. two»')).toBe('«- one\n- two»');
  });

  it('starts an item on an empty line', () => {
    expect(run('list', 'Intro\n|')).toBe('Intro\n- |');
  });
});

describe('Enter on an empty quote or list line', () => {
  const enter = (marked: string): string | null => {
    const { text, anchor, head } = parse(marked);
    const edit = endEmptyMarkup(text, { anchor, head });
    if (!edit) return null;
    const result = applyEdit(text, edit);
    return mark(result.text, result.selection.anchor, result.selection.head);
  };

  it('ends the quote or list instead of adding another marker', () => {
    // A blank line parts what follows from the quote (else CommonMark reads it as more quote).
    expect(enter('> Quoted.\n> |')).toBe('> Quoted.\n\n|');
    expect(enter('> Quoted.\n>|')).toBe('> Quoted.\n\n|');
    expect(enter('- one\n- |')).toBe('- one\n\n|');
    expect(enter('1. one\n2. |\nNext')).toBe('1. one\n\n|\nNext');
    // Nested: one level out.
    expect(enter('> - quoted item\n> - |')).toBe('> - quoted item\n>\n> |');
  });

  it('leaves every other line to the usual Enter', () => {
    expect(enter('> Quoted|')).toBeNull();
    expect(enter('- one|')).toBeNull();
    expect(enter('> |text')).toBeNull();
    expect(enter('«> »')).toBeNull();
    expect(enter('Plain|')).toBeNull();
    expect(enter('-1 |')).toBeNull();
  });
});
