import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { fetchSource, listOutlets, openSourceUrl, sourceUses } from '../backend';
import type { SourceForm } from './draft';
import SourcesField from './SourcesField.svelte';

vi.mock('../backend', () => ({ fetchSource: vi.fn(), listOutlets: vi.fn(), openSourceUrl: vi.fn(), sourceUses: vi.fn() }));

type Setup = { outlet?: string; date?: string; url?: string; extra?: SourceForm[]; selfId?: string | null };

function setup({ outlet = '', date = '', url = '', extra = [], selfId = null }: Setup = {}) {
  const onEdit = vi.fn();
  const result = render(SourcesField, { props: { outlet, date, url, extra, selfId, onEdit } });
  return { ...result, onEdit };
}

function field(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

async function typeText(testId: string, value: string): Promise<void> {
  await fireEvent.input(field(testId), { target: { value } });
}

describe('SourcesField', () => {
  beforeEach(() => {
    vi.mocked(listOutlets).mockResolvedValue([]);
    vi.mocked(sourceUses).mockResolvedValue([]);
    vi.mocked(openSourceUrl).mockResolvedValue(undefined);
  });

  it('gives an empty outlet an example that reads as one, not as an outlet filled in', () => {
    setup();
    expect(field('outlet-input').value).toBe('');
    expect(field('outlet-input').placeholder).toMatch(/^e\.g\. /u);
  });

  it('completes the outlet from the outlets already cited', async () => {
    vi.mocked(listOutlets).mockImplementation(async (prefix) =>
      ['Radio Free Asia', 'Rappler', 'Reuters'].filter((o) => o.toLowerCase().startsWith(prefix.toLowerCase())),
    );
    const { onEdit } = setup();
    const outlet = field('outlet-input');
    await fireEvent.focus(outlet);
    await typeText('outlet-input', 'ra');
    await waitFor(() => expect(screen.getAllByRole('option').map((o) => o.textContent?.trim())).toEqual(['Radio Free Asia', 'Rappler']));
    expect(listOutlets).toHaveBeenLastCalledWith('ra', expect.any(Number));
    expect(outlet.getAttribute('role')).toBe('combobox');

    await fireEvent.click(screen.getByRole('option', { name: 'Rappler' }));
    expect(outlet.value).toBe('Rappler');
    expect(onEdit).toHaveBeenCalledWith('outlet');
    // The outlet as typed is not offered back to itself.
    await waitFor(() => expect(screen.queryAllByRole('option')).toHaveLength(0));
  });

  it('asks for no outlets while the field is not in use', async () => {
    setup({ outlet: 'Reuters' });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(listOutlets).not.toHaveBeenCalled();
  });

  it('checks the URL as it is typed and opens only a web address', async () => {
    setup();
    const open = screen.getByTestId('open-url') as HTMLButtonElement;
    expect(open.disabled).toBe(true);

    await typeText('url-input', 'https:/');
    expect(screen.queryByTestId('url-problem')).toBeNull();
    await typeText('url-input', 'www.rfa.org/english');
    expect(screen.getByTestId('url-problem').textContent).toMatch(/Start the address with https:\/\//);
    expect(field('url-input').getAttribute('aria-invalid')).toBe('true');
    expect(open.disabled).toBe(true);
    await typeText('url-input', 'ftp://files.example.org/x');
    expect(screen.getByTestId('url-problem').textContent).toMatch(/Only web addresses/);

    await typeText('url-input', ' https://www.rfa.org/english ');
    expect(screen.queryByTestId('url-problem')).toBeNull();
    expect(field('url-input').getAttribute('aria-invalid')).toBeNull();
    expect(open.disabled).toBe(false);
    await fireEvent.click(open);
    expect(openSourceUrl).toHaveBeenCalledExactlyOnceWith('https://www.rfa.org/english');
  });

  it('says why a page could not be opened', async () => {
    vi.mocked(openSourceUrl).mockRejectedValue({ code: 'open_failed', message: 'could not open the link in the browser: no browser' });
    setup({ url: 'https://www.rfa.org/x' });
    await fireEvent.click(screen.getByTestId('open-url'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/no browser/);
  });

  it('warns at once when another brief cites the same page, leaving out the brief itself', async () => {
    vi.mocked(sourceUses).mockResolvedValue([
      { id: 'self', headline: 'This brief', issue: null, published: false, url: 'https://www.rfa.org/x' },
      { id: 'old-1', headline: 'Reporters held in Kashgar', issue: 12, published: true, url: 'https://www.rfa.org/x?utm_source=a' },
      { id: 'new-2', headline: 'A draft on the same story', issue: null, published: false, url: 'https://www.rfa.org/x' },
    ]);
    setup({ selfId: 'self' });
    await typeText('url-input', 'https://www.rfa.org/x');
    await waitFor(() => expect(screen.getAllByTestId('covered-warning')).toHaveLength(2));
    expect(screen.getAllByTestId('covered-warning').map((w) => w.textContent)).toEqual([
      'Previously in No. 12: Reporters held in Kashgar',
      'Also cited by “A draft on the same story” (in no issue yet)',
    ]);
    expect(sourceUses).toHaveBeenCalledWith('https://www.rfa.org/x');

    // Not a web address: no question asked, no warning left.
    await typeText('url-input', 'rfa');
    await waitFor(() => expect(screen.queryAllByTestId('covered-warning')).toHaveLength(0));
  });

  it('adds and removes further sources, each with the same checks, and previews the source line', async () => {
    setup({ outlet: 'Radio Free Asia', date: '2020-11-27' });
    // A text field read as the system writes dates: a date picker hid what it could not read.
    expect(field('date-input').type).toBe('text');
    expect(screen.getByTestId('source-line').textContent).toBe('Source: Radio Free Asia, November 27, 2020');

    await fireEvent.click(screen.getByTestId('add-source'));
    await typeText('extra-outlet-0', 'ABC News');
    await typeText('extra-date-0', '2020-12-16');
    await typeText('extra-url-0', 'abc.net.au');
    expect(field('extra-date-0').type).toBe('text');
    expect(screen.getByLabelText('Source 2 outlet')).toBe(field('extra-outlet-0'));
    expect(screen.getByTestId('url-problem')).toBeTruthy();
    expect((screen.getByTestId('extra-open-0') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('source-line').textContent).toBe(
      'Sources: Radio Free Asia, November 27, 2020; ABC News, December 16, 2020',
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Remove source 2' }));
    expect(screen.queryByTestId('extra-source')).toBeNull();
    expect(screen.getByTestId('source-line').textContent).toBe('Source: Radio Free Asia, November 27, 2020');
  });

  it('shows the core’s complaints beside the first source’s inputs', () => {
    render(SourcesField, {
      props: { outlet: '', date: '', url: 'https://x.org', extra: [], selfId: null, errors: { outlet: 'must not be empty' } },
    });
    const outlet = field('outlet-input');
    expect(outlet.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(outlet.getAttribute('aria-describedby') ?? '')?.textContent).toBe('must not be empty');
  });

  it('takes a URL pasted into the body when it has none, fills from its page and shows its title and language', async () => {
    vi.mocked(fetchSource).mockImplementation(async (url, onResult) => {
      onResult({
        url,
        canonical_url: null,
        outlet: { value: 'The Coastal Ledger', from: 'JSON-LD' },
        date: null,
        title: { value: 'Ferry line restored', from: 'the title' },
        language: { value: 'en', from: 'the page' },
        words: 40,
        offline: false,
        error: null,
      });
    });
    const { component, onEdit } = setup();
    expect(component.takePastedUrl('https://ledger.example/ferry')).toBe(true);
    await waitFor(() => expect(field('outlet-input').value).toBe('The Coastal Ledger'));
    expect(field('url-input').value).toBe('https://ledger.example/ferry');
    expect(fetchSource).toHaveBeenCalledWith('https://ledger.example/ferry', expect.any(Function));
    expect(onEdit).toHaveBeenCalledWith('url');
    expect(screen.getByTestId('source-fill-note').textContent).toBe('Filled the outlet from JSON-LD.');
    expect(screen.getByTestId('source-page-note').textContent).toBe('The page: “Ferry line restored”, in en.');
  });

  it('leaves a source URL already written alone when a URL is pasted into the body', () => {
    const { component } = setup({ url: 'https://typed.example/' });
    expect(component.takePastedUrl('https://ledger.example/ferry')).toBe(false);
    expect(field('url-input').value).toBe('https://typed.example/');
    expect(fetchSource).not.toHaveBeenCalled();
  });
});
