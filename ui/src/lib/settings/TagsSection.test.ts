import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { deleteUnusedTag, listTags, mergeTags, renameTag } from '../backend';
import type { TagInfo } from '../bindings/TagInfo';
import TagsSection from './TagsSection.svelte';

let tags: TagInfo[] = [];

vi.mock('../backend', () => ({
  listTags: vi.fn(async () => structuredClone(tags)),
  renameTag: vi.fn(),
  mergeTags: vi.fn(),
  deleteUnusedTag: vi.fn(),
}));

const row = (name: string): HTMLElement => {
  const found = screen.getAllByTestId('tag-row').find((r) => r.dataset.tag === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
};
const names = (): string[] => screen.queryAllByTestId('tag-row').map((r) => r.dataset.tag ?? '');

describe('TagsSection', () => {
  beforeEach(() => {
    tags = [
      { name: 'China', colour: null, count: 3 },
      { name: 'Chna', colour: null, count: 1 },
      { name: 'Typo', colour: null, count: 0 },
    ];
    vi.mocked(listTags).mockClear();
  });

  it('lists the tags with their counts, offering Delete only for a tag no brief carries', async () => {
    render(TagsSection);
    await waitFor(() => expect(names()).toEqual(['China', 'Chna', 'Typo']));
    expect(row('China').textContent).toContain('3 briefs');
    expect(within(row('China')).queryByTestId('tag-delete')).toBeNull();
    expect(within(row('Typo')).getByTestId('tag-delete')).toBeTruthy();
  });

  it('renames, merges and deletes through the core, and shows the tags as they are then', async () => {
    vi.mocked(renameTag).mockImplementation(async (old, next) => {
      tags = tags.map((t) => (t.name === old ? { ...t, name: next } : t));
      return { name: next, colour: null, count: 0 };
    });
    vi.mocked(mergeTags).mockImplementation(async (from, into) => {
      tags = tags.filter((t) => t.name !== from).map((t) => (t.name === into ? { ...t, count: t.count + 1 } : t));
      return { name: into, colour: null, count: 4 };
    });
    vi.mocked(deleteUnusedTag).mockImplementation(async (name) => {
      tags = tags.filter((t) => t.name !== name);
    });
    render(TagsSection);
    await waitFor(() => expect(names()).toHaveLength(3));

    await fireEvent.click(within(row('Typo')).getByTestId('tag-rename'));
    await fireEvent.input(screen.getByTestId('tag-new-name'), { target: { value: 'Taiwan' } });
    await fireEvent.click(screen.getByTestId('tag-rename-save'));
    await waitFor(() => expect(names()).toEqual(['China', 'Chna', 'Taiwan']));
    expect(renameTag).toHaveBeenCalledWith('Typo', 'Taiwan');

    await fireEvent.click(within(row('Chna')).getByTestId('tag-merge'));
    await fireEvent.change(screen.getByTestId('tag-merge-into'), { target: { value: 'China' } });
    await fireEvent.click(screen.getByTestId('tag-merge-save'));
    await waitFor(() => expect(names()).toEqual(['China', 'Taiwan']));
    expect(mergeTags).toHaveBeenCalledWith('Chna', 'China');
    expect(row('China').textContent).toContain('4 briefs');

    await fireEvent.click(within(row('Taiwan')).getByTestId('tag-delete'));
    await waitFor(() => expect(names()).toEqual(['China']));
    expect(screen.getByTestId('tags-notice').textContent).toBe('Deleted “Taiwan”.');
  });

  it('shows the core’s refusal beside the tags', async () => {
    vi.mocked(renameTag).mockRejectedValue({ code: 'conflict', message: 'a tag named "China" already exists; merge "Chna" into it instead' });
    render(TagsSection);
    await waitFor(() => expect(names()).toHaveLength(3));
    await fireEvent.click(within(row('Chna')).getByTestId('tag-rename'));
    await fireEvent.input(screen.getByTestId('tag-new-name'), { target: { value: 'China' } });
    await fireEvent.click(screen.getByTestId('tag-rename-save'));
    expect((await screen.findByTestId('tags-error')).textContent).toContain('merge "Chna" into it instead');
  });
});
