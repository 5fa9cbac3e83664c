import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { deleteImportLayout, listImportLayouts, renameImportLayout } from '../backend';
import type { SavedLayout } from '../bindings/SavedLayout';
import LayoutsSection from './LayoutsSection.svelte';
import { formatLayoutUse } from './layouts';

let layouts: SavedLayout[] = [];

vi.mock('../backend', () => ({
  listImportLayouts: vi.fn(async () => structuredClone(layouts)),
  renameImportLayout: vi.fn(),
  deleteImportLayout: vi.fn(),
}));

const headline = { role: 'headline', like: { lines: 'shaped', shape: { shape: 'lead', symbols: '▶' } } } as const;
const outlet = { role: 'outlet', like: { lines: 'under', nth: 1, shape: null } } as const;

const row = (name: string): HTMLElement => {
  const found = screen.getAllByTestId('layout-row').find((r) => r.dataset.layout === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const names = (): string[] => screen.queryAllByTestId('layout-row').map((r) => r.dataset.layout ?? '');

describe('LayoutsSection', () => {
  beforeEach(() => {
    layouts = [
      { name: 'Arrows digest', rules: [headline, outlet], created_at: '2026-12-01T09:00:00Z', used_at: '2026-12-06T08:30:00Z' },
      { name: 'Ministry review', rules: [outlet], created_at: '2026-12-02T09:00:00Z', used_at: null },
    ];
    vi.mocked(renameImportLayout).mockReset();
    vi.mocked(deleteImportLayout).mockReset();
  });

  it('lists the saved layouts with their rules and last use', async () => {
    render(LayoutsSection);
    await waitFor(() => expect(names()).toEqual(['Arrows digest', 'Ministry review']));
    expect(row('Arrows digest').textContent).toContain('2 rules · last used 2026-12-06');
    expect(row('Ministry review').textContent).toContain('1 rule · not used yet');
  });

  it('says how to save one when there is none', async () => {
    layouts = [];
    render(LayoutsSection);
    await waitFor(() => expect(screen.getByTestId('settings-layouts').textContent).toContain('Save as layout…'));
  });

  it('renames a layout, showing the core’s refusal of a taken name', async () => {
    render(LayoutsSection);
    await waitFor(() => expect(names()).toHaveLength(2));
    vi.mocked(renameImportLayout).mockRejectedValueOnce({ code: 'conflict', message: 'a layout called "Ministry review" is already saved; choose another name', field: 'name' });
    await fireEvent.click(within(row('Arrows digest')).getByTestId('layout-rename'));
    await fireEvent.input(screen.getByTestId('layout-new-name'), { target: { value: 'Ministry review' } });
    await fireEvent.click(screen.getByTestId('layout-rename-save'));
    await waitFor(() => expect(screen.getByTestId('layouts-error').textContent).toContain('already saved'));

    vi.mocked(renameImportLayout).mockImplementationOnce(async (_old, name) => {
      layouts = [{ ...layouts[0]!, name }, layouts[1]!];
      return layouts[0]!;
    });
    await fireEvent.input(screen.getByTestId('layout-new-name'), { target: { value: 'Arrow scan' } });
    await fireEvent.click(screen.getByTestId('layout-rename-save'));
    await waitFor(() => expect(names()).toEqual(['Arrow scan', 'Ministry review']));
    expect(renameImportLayout).toHaveBeenLastCalledWith('Arrows digest', 'Arrow scan');
    expect(screen.getByTestId('layouts-notice').textContent).toBe('Renamed “Arrows digest” to “Arrow scan”.');
  });

  it('deletes a layout', async () => {
    render(LayoutsSection);
    await waitFor(() => expect(names()).toHaveLength(2));
    vi.mocked(deleteImportLayout).mockImplementationOnce(async () => {
      layouts = layouts.slice(1);
    });
    await fireEvent.click(within(row('Arrows digest')).getByTestId('layout-delete'));
    await waitFor(() => expect(names()).toEqual(['Ministry review']));
    expect(deleteImportLayout).toHaveBeenCalledWith('Arrows digest');
  });

  it('words a layout’s use', () => {
    expect(formatLayoutUse({ rules: [], used_at: null })).toBe('0 rules · not used yet');
  });
});
