import { describe, expect, it } from 'vitest';

import { brief } from '../../test/fixtures';
import type { Duplicate } from '../bindings/Duplicate';
import { duplicateText, fileName, formatBytes, importErrorMessage, issueLabel, progressText, reportSummary, sourcesSummary } from './text';

describe('import error messages', () => {
  it('read as sentences, with the line and column where there is one', () => {
    expect(importErrorMessage({ code: 'invalid', message: 'input: the file is empty: nothing to import', field: 'input' }, false)).toBe(
      'The file is empty: nothing to import',
    );
    expect(
      importErrorMessage({ code: 'invalid', message: 'line 4: column 0: EOF while parsing a list', line: 4, column: 0 }, true),
    ).toBe('Line 4, column 0: EOF while parsing a list');
    expect(
      importErrorMessage(
        { code: 'invalid', message: 'line 2: the file is not UTF-8 text; save it as UTF-8 and import again', line: 2 },
        false,
      ),
    ).toBe('Line 2: the file is not UTF-8 text; save it as UTF-8 and import again');
    expect(
      importErrorMessage(
        { code: 'invalid', message: 'line 3: sources[0].url: "x" is not a valid URL', line: 3, field: 'sources[0].url' },
        false,
      ),
    ).toBe('Line 3: sources[0].url: "x" is not a valid URL');
  });

  it('read no line out of the words of an error without one', () => {
    expect(importErrorMessage({ code: 'conflict', message: 'line 4: column 0: taken' }, false)).toBe('Line 4: column 0: taken');
  });

  it('call pasted text what it is', () => {
    expect(
      importErrorMessage({ code: 'invalid', message: 'line 1: the file is binary (it contains NUL bytes), not text', line: 1 }, true),
    ).toBe('Line 1: the pasted text is binary (it contains NUL bytes), not text');
  });
});

describe('display helpers', () => {
  it('count bytes as a mail client does, rounding kilobytes up', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(850)).toBe('850 bytes');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(102 * 1024 + 1)).toBe('103 KB');
  });

  it('summarise an import report', () => {
    const one = brief();
    expect(reportSummary({ layout: '', saved_layout: null, origins: [], briefs: [one], skipped: [], warnings: [], duplicates: [] })).toBe('1 brief found');
    expect(
      reportSummary({
        layout: '',
        origins: [],
        briefs: [one, one],
        skipped: [{ line: 1, text: 'Skip to content', reason: 'page chrome' }],
        warnings: [
          { line: 3, message: 'no URL' },
          { line: 9, message: 'no date' },
        ],
        duplicates: [],
        saved_layout: null,
      }),
    ).toBe('2 briefs found · 1 line skipped · 2 warnings');
  });

  it('count the briefs already in the library, and say what happens to them', () => {
    const one = brief();
    const dup = (line: number, skipped: boolean): Duplicate => ({
      line,
      headline: 'Kyodo: Tokyo Extends Solar Subsidies',
      existing: 'b-1',
      existing_headline: 'Kyodo: Tokyo Extends Solar Subsidies',
      existing_issue: 2,
      reason: 'same_url',
      skipped,
    });
    const skippedThree = [dup(1, true), dup(8, true), dup(15, true)];
    expect(reportSummary({ layout: '', saved_layout: null, origins: [], briefs: [one, one, one, one, one], skipped: [], warnings: [], duplicates: skippedThree })).toBe(
      '8 briefs found, 3 already in the library — skipped',
    );
    expect(reportSummary({ layout: '', saved_layout: null, origins: [], briefs: [one, one], skipped: [], warnings: [], duplicates: [dup(1, false)] })).toBe(
      '2 briefs found, 1 already in the library — imported again',
    );
    expect(duplicateText(dup(1, true))).toBe('same source URL as “Kyodo: Tokyo Extends Solar Subsidies” (in No. 2)');
    expect(duplicateText({ ...dup(1, true), reason: 'same_headline_and_outlet', existing_issue: null })).toBe(
      'same headline and outlet as “Kyodo: Tokyo Extends Solar Subsidies”',
    );
  });

  it('name issues, files and sources', () => {
    expect(issueLabel({ number: 12, title: 'China Briefing' })).toBe('No. 12 · China Briefing');
    expect(issueLabel({ number: 3, title: ' ' })).toBe('No. 3');
    expect(fileName('/home/ed/briefs/issue-12.md')).toBe('issue-12.md');
    expect(fileName('C:\\Users\\ed\\issue 12.txt')).toBe('issue 12.txt');
    expect(sourcesSummary(brief())).toMatch(/^Radio Free Asia · .*2020$/);
    expect(sourcesSummary(brief({ sources: [] }))).toBe('');
  });
});

describe('import progress', () => {
  it('says what a running import is doing, in numbers an editor reads', () => {
    expect(progressText({ stage: 'reading', done: 0, total: 0 }, true)).toBe('Reading…');
    expect(progressText({ stage: 'storing', done: 2500, total: 10000 }, true)).toBe('Storing 2,500 of 10,000 briefs…');
    expect(progressText({ stage: 'storing', done: 0, total: 1 }, false)).toBe('Checking 0 of 1 brief…');
    expect(progressText({ stage: 'finishing', done: 10000, total: 10000 }, true)).toBe('Saving…');
  });
});
