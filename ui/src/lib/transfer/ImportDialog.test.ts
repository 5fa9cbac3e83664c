import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { brief } from '../../test/fixtures';
import { importFile, importText, pickImportFile, saveImportLayout, transferIssues } from '../backend';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { ImportReport } from '../bindings/ImportReport';
import type { Issue } from '../bindings/Issue';
import ImportDialog from './ImportDialog.svelte';

vi.mock('../backend', () => ({
  transferIssues: vi.fn(),
  pickImportFile: vi.fn(),
  importFile: vi.fn(),
  importText: vi.fn(),
  saveImportLayout: vi.fn(),
}));

const issue: Issue = {
  id: 'i-12',
  number: 12,
  title: 'China Briefing',
  date: '2020-12-08',
  status: 'draft',
  subject: '',
  preheader: '',
  intro: '',
  closing: '',
  sections: [
    { name: 'Domestic', briefs: [] },
    { name: 'International', briefs: [] },
  ],
};

const report: ImportReport = {
  layout: 'numbered headlines, the outlets on a line of their own, a date at the top for every brief',
  origins: [
    [
      { line: 3, role: 'headline', text: '1. Xinhua: Rural Broadband by 2025' },
      { line: 4, role: 'body', text: 'The plan covers every village.' },
    ],
    [{ line: 7, role: 'headline', text: '2. SCMP: Immigration Ordinance Amended' }],
  ],
  briefs: [
    brief({ id: 'n-1', headline: 'Xinhua: Rural Broadband by 2025', tags: [] }),
    brief({
      id: 'n-2',
      headline: 'SCMP: Immigration Ordinance Amended',
      sources: [{ outlet: 'South China Morning Post', date: '2020-12-01', url: null, title: null }],
      tags: [],
    }),
  ],
  skipped: [{ line: 1, text: 'Skip to content', reason: 'page chrome, not part of a brief' }],
  warnings: [{ line: 14, message: '"SCMP: Immigration Ordinance Amended": no URL for source "South China Morning Post"' }],
  duplicates: [],
  saved_layout: null,
};

const defaults: ImportOptions = { format: 'auto', issue: null, section: null, tags: [], dry_run: true, import_duplicates: false, hints: [], layout: null, offer_saved: true };

function renderDialog() {
  const onClose = vi.fn<() => void>();
  const onImported = vi.fn<(r: ImportReport) => void>();
  render(ImportDialog, { props: { onClose, onImported } });
  return { onClose, onImported };
}

async function paste(text: string): Promise<void> {
  await fireEvent.input(screen.getByTestId('import-text'), { target: { value: text } });
}

describe('ImportDialog', () => {
  beforeEach(() => {
    vi.mocked(transferIssues).mockResolvedValue([issue]);
    vi.mocked(importText).mockResolvedValue(report);
    vi.mocked(importFile).mockResolvedValue(report);
  });

  it('previews pasted text with a dry run before anything is stored', async () => {
    renderDialog();
    expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', true);
    await paste('Skip to content\n\nXinhua: Rural Broadband by 2025\n…');

    await waitFor(() => expect(screen.getAllByTestId('import-brief')).toHaveLength(2));
    expect(importText).toHaveBeenCalledTimes(1);
    expect(importText).toHaveBeenCalledWith('Skip to content\n\nXinhua: Rural Broadband by 2025\n…', defaults, expect.any(Function));

    const [first, second] = screen.getAllByTestId('import-brief');
    expect(first?.textContent).toContain('Xinhua: Rural Broadband by 2025');
    expect(first?.textContent).toContain('Radio Free Asia');
    expect(first?.textContent).toContain('https://www.rfa.org/english/news/uyghur/reporters-11272020.html');
    expect(second?.textContent).toContain('South China Morning Post');
    expect(screen.getByTestId('import-skipped').textContent).toMatch(/Line 1\s*“?Skip to content/);
    expect(screen.getByTestId('import-warnings').textContent).toContain('Line 14');
    expect(screen.getByTestId('import-summary').textContent).toBe('2 briefs found · 1 line skipped · 1 warning');
    expect(screen.getByText('Into the library, in no issue.')).toBeTruthy();
    expect(screen.getByTestId('import-commit').textContent?.trim()).toBe('Import 2 briefs');
  });

  it('says which layout it found and, per brief, which text went where', async () => {
    renderDialog();
    await paste('1. Xinhua: Rural Broadband by 2025\n…');

    await waitFor(() => expect(screen.getByTestId('import-layout')).toBeTruthy());
    expect(screen.getByTestId('import-layout').textContent).toBe(
      'Layout found: numbered headlines, the outlets on a line of their own, a date at the top for every brief',
    );
    const [first, second] = screen.getAllByTestId('import-origin');
    const rows = [...(first?.querySelectorAll('li') ?? [])].map((li) => [
      li.dataset.role,
      [...li.querySelectorAll('.line, mark, .text')].map((e) => e.textContent?.trim()).join(' '),
    ]);
    expect(rows).toEqual([
      ['headline', 'Line 3 Headline 1. Xinhua: Rural Broadband by 2025'],
      ['body', 'Line 4 Body The plan covers every village.'],
    ]);
    expect(second?.querySelector('mark')?.textContent).toBe('Headline');
  });

  it('takes a correction of one line and previews again with it, until undone', async () => {
    renderDialog();
    await paste('1. Xinhua: Rural Broadband by 2025\n…');
    await waitFor(() => expect(screen.getAllByTestId('import-correct').length).toBeGreaterThan(0));

    const [, bodyLine] = screen.getAllByTestId('import-correct');
    await fireEvent.change(bodyLine!, { target: { value: 'outlet' } });
    await waitFor(() =>
      expect(importText).toHaveBeenLastCalledWith('1. Xinhua: Rural Broadband by 2025\n…', { ...defaults, hints: [{ line: 4, role: 'outlet' }] }, expect.any(Function)),
    );
    expect(screen.getByTestId('import-corrections').textContent).toContain('1 line corrected');

    await fireEvent.click(screen.getByText('Undo corrections'));
    await waitFor(() => expect(importText).toHaveBeenLastCalledWith('1. Xinhua: Rural Broadband by 2025\n…', defaults, expect.any(Function)));
    expect(screen.queryByTestId('import-corrections')).toBeNull();
  });

  it('saves a correction as a named layout, refusing an empty or taken name, then reads with it', async () => {
    const pasted = '1. Xinhua: Rural Broadband by 2025\n…';
    vi.mocked(saveImportLayout)
      .mockRejectedValueOnce({ code: 'conflict', message: 'name: a layout called "Daily scan" is already saved; choose another name', field: 'name' })
      .mockResolvedValueOnce({ name: 'Ministry review', rules: [], created_at: '2026-12-07T10:00:00Z', used_at: null });
    renderDialog();
    await paste(pasted);
    await waitFor(() => expect(screen.getAllByTestId('import-correct').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('import-save-layout')).toBeNull();

    const [, bodyLine] = screen.getAllByTestId('import-correct');
    await fireEvent.change(bodyLine!, { target: { value: 'outlet' } });
    await fireEvent.click(await screen.findByTestId('import-save-layout'));
    await fireEvent.submit(screen.getByTestId('import-save-layout-form'));
    expect(screen.getByTestId('import-layout-error').textContent).toBe('Give the layout a name.');
    expect(saveImportLayout).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId('import-layout-name'), { target: { value: 'Daily scan' } });
    await fireEvent.submit(screen.getByTestId('import-save-layout-form'));
    await waitFor(() => expect(screen.getByTestId('import-layout-error').textContent).toContain('“Daily scan” is already saved'));

    await fireEvent.input(screen.getByTestId('import-layout-name'), { target: { value: ' Ministry review ' } });
    await fireEvent.submit(screen.getByTestId('import-save-layout-form'));
    const hinted = { ...defaults, hints: [{ line: 4, role: 'outlet' as const }] };
    await waitFor(() => expect(saveImportLayout).toHaveBeenLastCalledWith('Ministry review', pasted, hinted));
    // The saved layout now carries the correction: the preview reads with it by name.
    await waitFor(() =>
      expect(importText).toHaveBeenLastCalledWith(pasted, { ...defaults, layout: 'Ministry review', offer_saved: false }, expect.any(Function)),
    );
    expect(screen.queryByTestId('import-save-layout-form')).toBeNull();
  });

  it('says when a saved layout read the text, and can go back to the detected layout', async () => {
    vi.mocked(importText).mockResolvedValue({ ...report, saved_layout: 'Ministry review' });
    renderDialog();
    await paste('1. Xinhua: Rural Broadband by 2025\n…');
    expect((await screen.findByTestId('import-saved-layout')).textContent).toContain('Using your layout “Ministry review”');
    expect(importText).toHaveBeenLastCalledWith('1. Xinhua: Rural Broadband by 2025\n…', defaults, expect.any(Function));

    vi.mocked(importText).mockResolvedValue(report);
    await fireEvent.click(screen.getByTestId('import-use-detected'));
    await waitFor(() =>
      expect(importText).toHaveBeenLastCalledWith('1. Xinhua: Rural Broadband by 2025\n…', { ...defaults, offer_saved: false }, expect.any(Function)),
    );
    await waitFor(() => expect(screen.queryByTestId('import-saved-layout')).toBeNull());

    // Another text is offered the saved layouts again.
    await paste('2. Another text\n…');
    await waitFor(() => expect(importText).toHaveBeenLastCalledWith('2. Another text\n…', defaults, expect.any(Function)));
  });

  it('keeps rich text pasted into the empty box and imports it as rich text', async () => {
    renderDialog();
    const html = '<h3><a href="https://www.rfa.org/a.html">Ministry Announces ID Pilot</a></h3><p>It is <em>voluntary</em>.</p>';
    const clipboardData = { getData: (type: string) => (type === 'text/html' ? html : 'Ministry Announces ID Pilot\n\nIt is voluntary.') };
    await fireEvent.paste(screen.getByTestId('import-text'), { clipboardData });

    await waitFor(() => expect(importText).toHaveBeenCalled());
    expect(importText).toHaveBeenLastCalledWith(html, { ...defaults, format: 'rich' }, expect.any(Function));
    expect((screen.getByTestId('import-text') as HTMLTextAreaElement).value).toBe('Ministry Announces ID Pilot\n\nIt is voluntary.');
    expect(screen.getByTestId('import-rich')).toBeTruthy();

    // Edited, it is plain text again.
    await paste('Ministry Announces ID Pilot\n\nIt is voluntary!');
    await waitFor(() => expect(importText).toHaveBeenLastCalledWith('Ministry Announces ID Pilot\n\nIt is voluntary!', defaults, expect.any(Function)));
    expect(screen.queryByTestId('import-rich')).toBeNull();
  });

  it('imports what was previewed, then hands the report back', async () => {
    const { onImported } = renderDialog();
    await paste('some briefing');
    const commit = screen.getByTestId('import-commit');
    await waitFor(() => expect(commit).toHaveProperty('disabled', false));
    await fireEvent.click(commit);
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(report));
    expect(importText).toHaveBeenLastCalledWith('some briefing', { ...defaults, dry_run: false }, expect.any(Function));
  });

  it('shows how far a long import has got while it runs', async () => {
    renderDialog();
    await paste('some briefing');
    const commit = screen.getByTestId('import-commit');
    await waitFor(() => expect(commit).toHaveProperty('disabled', false));
    let finish: (value: typeof report) => void = () => {};
    vi.mocked(importText).mockImplementationOnce((_text, _options, onProgress) => {
      onProgress?.({ stage: 'storing', done: 2500, total: 10000 });
      return new Promise((resolve) => (finish = resolve));
    });
    await fireEvent.click(commit);
    await waitFor(() => expect(screen.getByTestId('import-status').textContent).toContain('Storing 2,500 of 10,000 briefs…'));
    expect(screen.getByTestId('import-progress')).toHaveProperty('value', 2500);
    finish(report);
    await waitFor(() => expect(screen.queryByTestId('import-progress')).toBeNull());
  });

  it('sends the chosen issue, section and tags with the preview and the import', async () => {
    const { onImported } = renderDialog();
    const select = (await screen.findByRole('option', { name: 'No. 12 · China Briefing' })).closest('select');
    if (!select) throw new Error('no issue select');
    expect(screen.getByTestId('import-section')).toHaveProperty('disabled', true);
    await fireEvent.change(select, { target: { value: '12' } });
    await fireEvent.input(screen.getByTestId('import-section'), { target: { value: ' International ' } });
    await fireEvent.input(screen.getByTestId('import-tags'), { target: { value: 'China, Economy, China' } });
    await paste('some briefing');

    const expected = { ...defaults, issue: 12, section: 'International', tags: ['China', 'Economy'] };
    await waitFor(() => expect(importText).toHaveBeenLastCalledWith('some briefing', expected, expect.any(Function)));
    await waitFor(() => expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', false));
    await fireEvent.click(screen.getByTestId('import-commit'));
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    expect(importText).toHaveBeenLastCalledWith('some briefing', { ...expected, dry_run: false }, expect.any(Function));
  });

  it('says which briefs are already in the library, skips them by default, and can import them anyway', async () => {
    const again: ImportReport = {
      ...report,
      briefs: [],
      skipped: [],
      warnings: [],
      duplicates: [
        {
          line: 3,
          headline: 'Xinhua: Rural Broadband by 2025',
          existing: 'b-9',
          existing_headline: 'Xinhua: Rural Broadband by 2025',
          existing_issue: 2,
          reason: 'same_url',
          skipped: true,
        },
      ],
    };
    vi.mocked(importText).mockResolvedValue(again);
    const { onImported } = renderDialog();
    await paste('some briefing');
    await waitFor(() => expect(screen.getByTestId('import-summary').textContent).toBe('1 brief found, 1 already in the library — skipped'));
    expect(screen.getByTestId('import-duplicates').textContent).toMatch(/Line 3\s*Xinhua: Rural Broadband by 2025\s*— same source URL as “Xinhua: Rural Broadband by 2025” \(in No\. 2\)/);
    const skip = screen.getByTestId('import-skip-duplicates');
    expect(skip).toHaveProperty('checked', true);
    expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('import-commit').textContent?.trim()).toBe('Nothing new to import');

    vi.mocked(importText).mockResolvedValue({ ...report, duplicates: again.duplicates.map((d) => ({ ...d, skipped: false })) });
    await fireEvent.click(skip);
    await waitFor(() => expect(importText).toHaveBeenLastCalledWith('some briefing', { ...defaults, import_duplicates: true }, expect.any(Function)));
    await waitFor(() => expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', false));
    await fireEvent.click(screen.getByTestId('import-commit'));
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    expect(importText).toHaveBeenLastCalledWith('some briefing', { ...defaults, import_duplicates: true, dry_run: false }, expect.any(Function));
  });

  it('shows why nothing can be imported, and offers no import', async () => {
    vi.mocked(importText).mockRejectedValue({ code: 'invalid', message: 'line 4: column 0: EOF while parsing a list', line: 4, column: 0 });
    renderDialog();
    await paste('{\n "briefdesk": 1,\n "issue": [\n');
    const error = await screen.findByTestId('import-error');
    expect(error.textContent).toContain('Nothing can be imported');
    expect(error.textContent).toContain('Line 4, column 0: EOF while parsing a list');
    expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', true);
  });

  it('does not preview an empty paste', async () => {
    renderDialog();
    await paste('  \n ');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(importText).not.toHaveBeenCalled();
  });

  it('imports a file picked in the native dialog', async () => {
    vi.mocked(pickImportFile).mockResolvedValue('/home/ed/issue-12.md');
    const { onImported } = renderDialog();
    await fireEvent.click(screen.getByTestId('import-open-file'));
    const file = await screen.findByTestId('import-file');
    expect(within(file).getByText('issue-12.md')).toBeTruthy();
    expect(screen.queryByTestId('import-text')).toBeNull();

    await waitFor(() => expect(importFile).toHaveBeenCalledWith('/home/ed/issue-12.md', defaults, expect.any(Function)));
    await waitFor(() => expect(screen.getByTestId('import-commit')).toHaveProperty('disabled', false));
    await fireEvent.click(screen.getByTestId('import-commit'));
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(report));
    expect(importFile).toHaveBeenLastCalledWith('/home/ed/issue-12.md', { ...defaults, dry_run: false }, expect.any(Function));
    expect(importText).not.toHaveBeenCalled();
  });

  it('keeps the paste box when the open dialog is cancelled', async () => {
    vi.mocked(pickImportFile).mockResolvedValue(null);
    renderDialog();
    await fireEvent.click(screen.getByTestId('import-open-file'));
    await waitFor(() => expect(pickImportFile).toHaveBeenCalled());
    expect(screen.getByTestId('import-text')).toBeTruthy();
  });

  it('closes on Escape', async () => {
    const { onClose } = renderDialog();
    expect(document.activeElement).toBe(screen.getByTestId('import-text'));
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
