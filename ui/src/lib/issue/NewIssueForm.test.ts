import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

import NewIssueForm from './NewIssueForm.svelte';

describe('NewIssueForm', () => {
  it('leaves the title empty when the publication has no name, with an example that does not read as a value', () => {
    render(NewIssueForm, { props: { number: 2, title: '', date: '2026-12-07', onCreate: vi.fn(), onCancel: vi.fn() } });
    const title = screen.getByTestId('new-issue-title') as HTMLInputElement;
    expect(title.value).toBe('');
    // A placeholder of just "China Briefing" looked filled in: Create then said "Give the issue a title".
    expect(title.placeholder).toMatch(/^Your newsletter’s name, e\.g\. /u);
  });
});
