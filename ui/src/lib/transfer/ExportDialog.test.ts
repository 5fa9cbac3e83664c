import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { copyExport, copyRichText, exportDocument, saveExport, transferIssues } from '../backend';
import type { ExportDocument } from '../bindings/ExportDocument';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { Issue } from '../bindings/Issue';
import ExportDialog from './ExportDialog.svelte';

vi.mock('../backend', () => ({
  transferIssues: vi.fn(),
  exportDocument: vi.fn(),
  saveExport: vi.fn(),
  copyExport: vi.fn(),
  copyRichText: vi.fn(),
}));

function issue(number: number, title: string, briefs = 2): Issue {
  return {
    id: `i-${number}`,
    number,
    title,
    date: '2020-12-08',
    status: 'draft',
    subject: '',
    preheader: '',
    intro: '',
    closing: '',
    sections: [{ name: 'Domestic', briefs: Array.from({ length: briefs }, (_, i) => ({ id: `b-${i}`, headline: `Brief ${i}` })) }],
  };
}

const LIMIT = 102 * 1024;

function documentFor(number: number, format: ExportFormat, bytes = 4000): ExportDocument {
  const content =
    format === 'html' || format === 'email'
      ? `<!DOCTYPE html><html><body><h1>Issue ${number}</h1><script>alert(1)</script></body></html>`
      : `# Issue ${number} as ${format}`;
  return { format, content, bytes, size_limit: format === 'email' ? LIMIT : null };
}

async function renderDialog() {
  const onClose = vi.fn<() => void>();
  render(ExportDialog, { props: { onClose } });
  await screen.findByTestId('export-preview-frame');
  return { onClose };
}

describe('ExportDialog', () => {
  beforeEach(() => {
    vi.mocked(transferIssues).mockResolvedValue([issue(11, 'Asia Briefing'), issue(12, 'China Briefing', 3)]);
    vi.mocked(exportDocument).mockImplementation(async (number, format) => documentFor(number, format));
    vi.mocked(copyExport).mockResolvedValue();
    vi.mocked(copyRichText).mockResolvedValue();
  });

  it('previews the latest issue as a web page in a frame that runs nothing', async () => {
    await renderDialog();
    expect(exportDocument).toHaveBeenCalledWith(12, 'html');
    const frame = screen.getByTestId('export-preview-frame');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Issue 12</h1>');
    expect((screen.getByTestId('export-issue') as HTMLSelectElement).value).toBe('12');
    expect(screen.getByTestId('export-facts').textContent).toMatch(/3 briefs in 1 section\s*·\s*Web page, 4 KB/);
  });

  it('shows source formats as text and follows the chosen issue', async () => {
    await renderDialog();
    await fireEvent.click(screen.getByTestId('export-format-markdown'));
    await waitFor(() => expect(screen.getByTestId('export-preview-text').textContent).toBe('# Issue 12 as markdown'));
    expect(screen.queryByTestId('export-preview-frame')).toBeNull();

    await fireEvent.change(screen.getByTestId('export-issue'), { target: { value: '11' } });
    await waitFor(() => expect(screen.getByTestId('export-preview-text').textContent).toBe('# Issue 11 as markdown'));
    expect(exportDocument).toHaveBeenLastCalledWith(11, 'markdown');
  });

  it('gives the email size against Gmail’s limit, and warns past it', async () => {
    await renderDialog();
    await fireEvent.click(screen.getByTestId('export-format-email'));
    await waitFor(() => expect(screen.getByTestId('export-facts').textContent).toContain('under Gmail’s 102 KB clipping limit'));
    expect(screen.queryByTestId('export-size-warning')).toBeNull();

    vi.mocked(exportDocument).mockImplementation(async (number, format) => documentFor(number, format, LIMIT + 20_000));
    await fireEvent.click(screen.getByTestId('export-format-html'));
    await fireEvent.click(screen.getByTestId('export-format-email'));
    const warning = await screen.findByTestId('export-size-warning');
    expect(warning.textContent).toContain('This email is 122 KB. Gmail clips messages over 102 KB');
  });

  it('offers Briefdesk Markdown for re-import apart from the Markdown to publish, and copies the latter', async () => {
    await renderDialog();
    const reimport = screen.getByTestId('export-format-briefdesk-markdown');
    expect(reimport.textContent?.trim()).toBe('Briefdesk Markdown, for re-import');
    expect(screen.queryByTestId('export-reimport-note')).toBeNull();
    await fireEvent.click(reimport);
    await waitFor(() => expect(exportDocument).toHaveBeenLastCalledWith(12, 'briefdesk-markdown'));
    expect(screen.getByTestId('export-reimport-note').textContent).toContain('To publish, use Markdown');
    // Copying Markdown copies the one to publish, whatever is shown.
    await fireEvent.click(screen.getByTestId('export-copy-markdown'));
    await waitFor(() => expect(copyExport).toHaveBeenLastCalledWith(12, 'markdown'));
  });

  it('copies Markdown, the HTML of what is shown, and rich text', async () => {
    await renderDialog();
    await fireEvent.click(screen.getByTestId('export-copy-markdown'));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent?.trim()).toBe('Markdown copied.'));
    expect(copyExport).toHaveBeenLastCalledWith(12, 'markdown');

    await fireEvent.click(screen.getByTestId('export-copy-html'));
    await waitFor(() => expect(copyExport).toHaveBeenLastCalledWith(12, 'html'));
    await fireEvent.click(screen.getByTestId('export-format-email'));
    await fireEvent.click(screen.getByTestId('export-copy-html'));
    await waitFor(() => expect(copyExport).toHaveBeenLastCalledWith(12, 'email'));

    await fireEvent.click(screen.getByTestId('export-copy-rich'));
    await waitFor(() => expect(copyRichText).toHaveBeenCalledWith(12));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent).toContain('Copied as rich text'));
  });

  it('reports a failed copy', async () => {
    vi.mocked(copyRichText).mockRejectedValue({ code: 'clipboard', message: 'cannot copy to the clipboard: no display' });
    await renderDialog();
    await fireEvent.click(screen.getByTestId('export-copy-rich'));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent).toContain('no display'));
    expect(screen.getByTestId('export-outcome').classList.contains('failed')).toBe(true);
  });

  it('saves in the chosen format and says where', async () => {
    vi.mocked(saveExport).mockResolvedValueOnce('/home/ed/issue-12.txt').mockResolvedValueOnce(null);
    await renderDialog();
    await fireEvent.click(screen.getByTestId('export-format-text'));
    await screen.findByTestId('export-preview-text');
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent?.trim()).toBe('Saved to /home/ed/issue-12.txt'));
    expect(saveExport).toHaveBeenCalledWith(12, 'text');

    // Cancelled in the save dialog: nothing to report.
    await fireEvent.click(screen.getByTestId('export-save'));
    await waitFor(() => expect(saveExport).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByTestId('export-outcome').textContent?.trim()).toBe(''));
  });

  it('explains where issues come from when there are none', async () => {
    vi.mocked(transferIssues).mockResolvedValue([]);
    render(ExportDialog, { props: { onClose: vi.fn() } });
    expect((await screen.findByTestId('export-empty')).textContent).toContain('No issues to export yet');
    expect(exportDocument).not.toHaveBeenCalled();
    expect(screen.queryByTestId('export-save')).toBeNull();
  });

  it('closes on Escape', async () => {
    const { onClose } = await renderDialog();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
