import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { brief } from '../../test/fixtures';
import type { ImportReport } from '../bindings/ImportReport';
import ImportedNotice from './ImportedNotice.svelte';
import { importedMessage } from './text';

const inIssue = (n: number): ImportReport => ({
  layout: '',
  origins: [],
  briefs: Array.from({ length: n }, (_, i) =>
    brief({ id: `b-${i}`, issue: { number: 2, section: 'This week', published: false } }),
  ),
  skipped: [],
  warnings: [],
  duplicates: [],
  saved_layout: null,
});

const dup = {
  line: 3,
  headline: 'H',
  existing: 'x',
  existing_headline: 'H',
  existing_issue: null,
  reason: 'same_url',
  skipped: true,
} as const;

describe('importedMessage', () => {
  it('says how many briefs went where', () => {
    expect(importedMessage(inIssue(8))).toBe('Imported 8 briefs into No. 2.');
    expect(importedMessage({ ...inIssue(0), briefs: [brief({ issue: null })] })).toBe('Imported 1 brief into the library.');
    expect(importedMessage({ ...inIssue(5), duplicates: [dup, dup, dup] })).toBe(
      'Imported 5 briefs into No. 2; 3 were already in the library and were skipped.',
    );
    expect(importedMessage({ ...inIssue(0), duplicates: [dup, dup] })).toBe('Nothing new imported: the 2 briefs were already in the library.');
  });
});

describe('ImportedNotice', () => {
  it('confirms the import and offers to open the issue', async () => {
    const onShow = vi.fn<() => void>();
    const onDismiss = vi.fn<() => void>();
    render(ImportedNotice, { props: { report: inIssue(8), onShow, onDismiss } });
    expect(screen.getByTestId('import-done-message').textContent).toBe('Imported 8 briefs into No. 2.');
    await fireEvent.click(screen.getByTestId('import-done-show'));
    expect(onShow).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('import-done-show').textContent?.trim()).toBe('Open No. 2');
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);
  });

  it('offers the library when the briefs are in no issue, and nothing to show when none came in', () => {
    const { unmount } = render(ImportedNotice, {
      props: { report: { ...inIssue(0), briefs: [brief({ issue: null })] }, onShow: () => {}, onDismiss: () => {} },
    });
    expect(screen.getByTestId('import-done-show').textContent?.trim()).toBe('Show in the library');
    unmount();
    render(ImportedNotice, { props: { report: { ...inIssue(0), duplicates: [dup] }, onShow: () => {}, onDismiss: () => {} } });
    expect(screen.queryByTestId('import-done-show')).toBeNull();
  });
});
