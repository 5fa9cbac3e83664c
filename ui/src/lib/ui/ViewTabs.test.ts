import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { BRIEF_TYPE } from '../issue/briefDrag';
import ViewTabs from './ViewTabs.svelte';

/** The part of a DataTransfer the tabs read, carrying `data`. */
function transfer(data: Record<string, string>) {
  return { types: Object.keys(data), getData: (type: string) => data[type] ?? '', dropEffect: 'none' };
}

describe('ViewTabs', () => {
  it('takes a library row dropped on the Issues tab, and nothing else', async () => {
    const onDropBrief = vi.fn<(id: string) => void>();
    render(ViewTabs, { props: { view: 'library', onChange: vi.fn(), onDropBrief } });
    const issues = screen.getByTestId('tab-issues');
    const library = screen.getByTestId('tab-library');

    // Text dragged from elsewhere is not a brief: the tab does not offer itself as a drop.
    const text = await fireEvent.dragOver(issues, { dataTransfer: transfer({ 'text/plain': 'hello' }) });
    expect(text).toBe(true);
    expect(issues.classList.contains('dropping')).toBe(false);

    // A brief over the Issues tab: accepted and shown; over the Library tab: not.
    expect(await fireEvent.dragOver(library, { dataTransfer: transfer({ [BRIEF_TYPE]: 'b-1' }) })).toBe(true);
    expect(await fireEvent.dragOver(issues, { dataTransfer: transfer({ [BRIEF_TYPE]: 'b-1' }) })).toBe(false);
    expect(issues.classList.contains('dropping')).toBe(true);
    await fireEvent.drop(issues, { dataTransfer: transfer({ [BRIEF_TYPE]: 'b-1' }) });
    expect(onDropBrief).toHaveBeenCalledWith('b-1');
    expect(issues.classList.contains('dropping')).toBe(false);
  });
});
