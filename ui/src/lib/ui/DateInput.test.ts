import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import { displayDate } from '../editor/dates';
import DateInput from './DateInput.svelte';

describe('DateInput (the library filter’s From and To)', () => {
  it('passes on a real date as ISO, an emptied field as none, and refuses an impossible one with the reason', async () => {
    const onCommit = vi.fn<(iso: string) => void>();
    render(DateInput, { props: { value: '2020-11-27', onCommit, testid: 'from' } });
    const input = screen.getByTestId('from') as HTMLInputElement;
    expect(input.value).toBe(displayDate('2020-11-27'));

    await fireEvent.input(input, { target: { value: '02/30/2021' } });
    await fireEvent.change(input);
    expect(screen.getByTestId('from-problem').textContent).toBe('There is no February 30 in 2021.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(onCommit).not.toHaveBeenCalled();

    await fireEvent.input(input, { target: { value: '02/28/2021' } });
    await fireEvent.change(input);
    expect(onCommit).toHaveBeenLastCalledWith('2021-02-28');
    expect(screen.queryByTestId('from-problem')).toBeNull();

    await fireEvent.input(input, { target: { value: '' } });
    await fireEvent.change(input);
    expect(onCommit).toHaveBeenLastCalledWith('');
  });
});
