import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeCore } from '../../test/issues';
import * as backend from '../backend';
import type { ComposingLease } from '../bindings/ComposingLease';
import { displayDate } from '../editor/dates';
import { todayIso } from './fields';
import IssueComposer from './IssueComposer.svelte';

vi.mock('../backend', () => ({
  listIssues: vi.fn(),
  getIssue: vi.fn(),
  nextIssueNumber: vi.fn(),
  createIssue: vi.fn(),
  updateIssue: vi.fn(),
  publishIssue: vi.fn(),
  deleteIssue: vi.fn(),
  addSection: vi.fn(),
  renameSection: vi.fn(),
  moveSection: vi.fn(),
  deleteSection: vi.fn(),
  addToIssue: vi.fn(),
  moveInIssue: vi.fn(),
  removeFromIssue: vi.fn(),
  moveToIssue: vi.fn(),
  checkIssue: vi.fn(),
  issueTotals: vi.fn(),
  listBriefs: vi.fn(),
  getPublication: vi.fn(),
  composeIssue: vi.fn(async () => undefined),
  composingLease: vi.fn(async () => null),
  onComposingLease: vi.fn(async () => () => {}),
}));

let core: FakeCore;

function wire(fake: FakeCore): void {
  vi.mocked(backend.listIssues).mockImplementation(fake.listIssues);
  vi.mocked(backend.getIssue).mockImplementation(fake.getIssue);
  vi.mocked(backend.nextIssueNumber).mockImplementation(fake.nextIssueNumber);
  vi.mocked(backend.createIssue).mockImplementation(fake.createIssue);
  vi.mocked(backend.updateIssue).mockImplementation(fake.updateIssue);
  vi.mocked(backend.publishIssue).mockImplementation(fake.publishIssue);
  vi.mocked(backend.deleteIssue).mockImplementation(fake.deleteIssue);
  vi.mocked(backend.addSection).mockImplementation(fake.addSection);
  vi.mocked(backend.renameSection).mockImplementation(fake.renameSection);
  vi.mocked(backend.moveSection).mockImplementation(fake.moveSection);
  vi.mocked(backend.deleteSection).mockImplementation(fake.deleteSection);
  vi.mocked(backend.addToIssue).mockImplementation(fake.addToIssue);
  vi.mocked(backend.moveInIssue).mockImplementation(fake.moveInIssue);
  vi.mocked(backend.removeFromIssue).mockImplementation(fake.removeFromIssue);
  vi.mocked(backend.moveToIssue).mockImplementation(fake.moveToIssue);
  vi.mocked(backend.checkIssue).mockImplementation(fake.checkIssue);
  vi.mocked(backend.issueTotals).mockImplementation(fake.issueTotals);
  vi.mocked(backend.listBriefs).mockImplementation(fake.listBriefs);
  vi.mocked(backend.getPublication).mockImplementation(fake.getPublication);
}

function renderComposer() {
  const onOpenBrief = vi.fn<(id: string) => void>();
  const result = render(IssueComposer, { props: { active: true, onOpenBrief } });
  return { ...result, onOpenBrief };
}

/** Sections and the brief ids in them, as shown. */
function shownLayout(): Record<string, string[]> {
  return Object.fromEntries(
    screen.queryAllByTestId('section').map((card) => [
      card.dataset.section ?? '',
      within(card)
        .queryAllByTestId('issue-brief')
        .map((row) => row.dataset.id ?? ''),
    ]),
  );
}

function section(name: string): HTMLElement {
  const card = screen.getAllByTestId('section').find((el) => el.dataset.section === name);
  if (!card) throw new Error(`no section ${name}`);
  return card;
}

function briefRow(id: string): HTMLElement {
  const row = screen.getAllByTestId('issue-brief').find((el) => el.dataset.id === id);
  if (!row) throw new Error(`no brief row ${id}`);
  return row;
}

function handle(id: string): HTMLElement {
  return within(briefRow(id)).getByTestId('issue-brief-handle');
}

async function opened(number: number): Promise<void> {
  await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: new RegExp(`No\\. ${number}`) })).toBeTruthy());
  await waitFor(() => expect(screen.getByTestId('issue-totals').textContent).toContain('brief'));
}

describe('IssueComposer', () => {
  beforeEach(() => {
    core = new FakeCore();
    wire(core);
  });
  afterEach(() => {
    Reflect.deleteProperty(document, 'elementFromPoint');
  });

  it('lists issues newest first and opens the newest with its totals', async () => {
    core.seed(11, 'China Briefing', { News: ['b-3'] }, 'published');
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    renderComposer();
    await opened(12);
    const rows = screen.getAllByTestId('issue-row');
    expect(rows.map((r) => r.dataset.number)).toEqual(['12', '11']);
    expect(rows[0]!.getAttribute('aria-current')).toBe('true');
    expect(rows[0]!.textContent).toContain('2 briefs');
    expect(rows[1]!.textContent).toContain('Published');
    expect(shownLayout()).toEqual({ Domestic: ['b-1', 'b-2'] });
    const totals = screen.getByTestId('issue-totals').textContent ?? '';
    expect(totals).toContain('2 briefs');
    expect(totals).toContain('8 words');
    expect(totals).toContain('1 min read');
    expect(totals).toContain('Email 20 KB');
    expect(totals).toContain('of 102 KB');
    expect(briefRow('b-1').textContent).toContain('5 words');
    // Only briefs in no issue are offered.
    const unassigned = screen.getAllByTestId('unassigned-brief').map((r) => r.dataset.id);
    expect(unassigned).toEqual(['b-4']);
  });

  it('warns in colour when the email is over Gmail’s limit', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    core.emailBytes = 110 * 1024;
    renderComposer();
    await opened(12);
    const size = screen.getByTestId('email-size');
    expect(size.classList.contains('level-over')).toBe(true);
    expect(size.textContent).toContain('Email 110 KB');
    expect(size.textContent).toContain('Gmail will clip it');
  });

  it("suggests the next number, today and the publication's name for a new issue", async () => {
    core.seed(11, 'China Briefing (sample)', {});
    renderComposer();
    await opened(11);
    await fireEvent.click(screen.getByTestId('new-issue'));
    const number = (await screen.findByTestId('new-issue-number')) as HTMLInputElement;
    expect(number.value).toBe('12');
    expect((screen.getByTestId('new-issue-date') as HTMLInputElement).value).toBe(displayDate(todayIso()));
    expect((screen.getByTestId('new-issue-title') as HTMLInputElement).value).toBe('China Briefing');

    await fireEvent.input(screen.getByTestId('new-issue-date'), { target: { value: displayDate('2020-12-15') } });
    await fireEvent.change(screen.getByTestId('new-issue-date'));
    await fireEvent.click(screen.getByTestId('create-issue'));
    await opened(12);
    expect(backend.createIssue).toHaveBeenCalledWith(12, 'China Briefing', '2020-12-15');
    expect(screen.getAllByTestId('issue-row').map((r) => r.dataset.number)).toEqual(['12', '11']);
    expect(screen.getByText(/No sections yet/)).toBeTruthy();
  });

  it('shows the core’s objection next to the field it concerns', async () => {
    core.seed(11, 'China Briefing', {});
    renderComposer();
    await opened(11);
    await fireEvent.click(screen.getByTestId('new-issue'));
    await fireEvent.input(await screen.findByTestId('new-issue-number'), { target: { value: '11' } });
    await fireEvent.click(screen.getByTestId('create-issue'));
    const form = screen.getByTestId('new-issue-form');
    await waitFor(() => expect(within(form).getByText('Issue No. 11 already exists')).toBeTruthy());
    expect(screen.getByTestId('new-issue-number').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await opened(11);
    const title = screen.getByTestId('issue-title');
    await fireEvent.input(title, { target: { value: '   ' } });
    await fireEvent.change(title);
    expect((await screen.findByTestId('issue-title-error')).textContent).toBe('Must not be empty');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(core.issue(11).title).toBe('China Briefing');
  });

  it('refuses an impossible issue date beside the field, with its reason, in the new-issue form and the open issue', async () => {
    core.seed(11, 'China Briefing', {});
    renderComposer();
    await opened(11);
    const stored = core.issue(11).date;

    // The open issue's date: refused with the reason, not saved, the typed text left as typed.
    const date = screen.getByTestId('issue-date') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '2021-02-30' } });
    await fireEvent.change(date);
    expect(screen.getByTestId('issue-date-problem').textContent).toMatch(/There is no February 30 in 2021/u);
    expect(date.value).toBe('2021-02-30');
    expect(backend.updateIssue).not.toHaveBeenCalled();
    expect(core.issue(11).date).toBe(stored);
    // A real one is saved.
    await fireEvent.input(date, { target: { value: displayDate('2021-02-28') } });
    await fireEvent.change(date);
    await screen.findByTestId('issue-date-saved');
    expect(core.issue(11).date).toBe('2021-02-28');
    expect(screen.queryByTestId('issue-date-problem')).toBeNull();

    // The new-issue form: the issue is not created with an impossible date, nor with today's.
    await fireEvent.click(screen.getByTestId('new-issue'));
    const fresh = (await screen.findByTestId('new-issue-date')) as HTMLInputElement;
    await fireEvent.input(fresh, { target: { value: '2021-02-30' } });
    await fireEvent.change(fresh);
    await fireEvent.click(screen.getByTestId('create-issue'));
    expect(screen.getByTestId('new-issue-date-problem').textContent).toMatch(/There is no February 30 in 2021/u);
    expect(screen.queryByText('Pick a date')).toBeNull();
    expect(backend.createIssue).not.toHaveBeenCalled();
    // Emptied, it says a date is needed.
    await fireEvent.input(fresh, { target: { value: '' } });
    await fireEvent.change(fresh);
    await fireEvent.click(screen.getByTestId('create-issue'));
    expect(screen.getByText('An issue needs a date')).toBeTruthy();
    expect(backend.createIssue).not.toHaveBeenCalled();
  });

  it('saves a field when the editor leaves it and says so quietly', async () => {
    core.seed(12, 'China Briefing', {});
    renderComposer();
    await opened(12);
    const subject = screen.getByTestId('issue-subject');
    await fireEvent.input(subject, { target: { value: '  Huawei, cotton and chips ' } });
    await fireEvent.change(subject);
    await screen.findByTestId('issue-subject-saved');
    expect(backend.updateIssue).toHaveBeenCalledWith(12, expect.objectContaining({ subject: '  Huawei, cotton and chips ', title: null }));
    // The field shows what the core stored.
    expect((subject as HTMLInputElement).value).toBe('Huawei, cotton and chips');

    const intro = screen.getByTestId('issue-intro');
    await fireEvent.input(intro, { target: { value: 'This week:' } });
    await fireEvent.change(intro);
    await screen.findByTestId('issue-intro-saved');
    expect(core.issue(12).intro).toBe('This week:');
  });

  it('adds, reorders, renames and deletes sections, asking before briefs go back', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    renderComposer();
    await opened(12);

    await fireEvent.input(screen.getByTestId('new-section-input'), { target: { value: 'International' } });
    await fireEvent.click(screen.getByTestId('add-section'));
    await waitFor(() => expect(Object.keys(shownLayout())).toEqual(['Domestic', 'International']));
    expect((screen.getByTestId('new-section-input') as HTMLInputElement).value).toBe('');

    await fireEvent.input(screen.getByTestId('new-section-input'), { target: { value: 'Domestic' } });
    await fireEvent.click(screen.getByTestId('add-section'));
    expect((await screen.findByTestId('new-section-error')).textContent).toBe(
      'Issue No. 12 already has a section "Domestic"',
    );

    // Keyboard: Alt+ArrowUp on the section's name; buttons do the same.
    await fireEvent.keyDown(within(section('International')).getByTestId('section-name'), { key: 'ArrowUp', altKey: true });
    await waitFor(() => expect(Object.keys(core.layout(12))).toEqual(['International', 'Domestic']));
    expect(Object.keys(shownLayout())).toEqual(['International', 'Domestic']);
    await fireEvent.click(within(section('International')).getByTestId('section-down'));
    await waitFor(() => expect(Object.keys(core.layout(12))).toEqual(['Domestic', 'International']));

    await fireEvent.click(within(section('International')).getByTestId('section-rename'));
    const input = await screen.findByTestId('section-rename-input');
    await fireEvent.input(input, { target: { value: 'World' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(Object.keys(shownLayout())).toEqual(['Domestic', 'World']));
    expect(backend.renameSection).toHaveBeenCalledWith(12, 'International', 'World');

    await fireEvent.click(within(section('Domestic')).getByTestId('section-delete'));
    const ask = within(section('Domestic')).getByRole('alertdialog');
    expect(ask.textContent).toContain('Delete “Domestic”? Its 2 briefs go back to unassigned.');
    expect(backend.deleteSection).not.toHaveBeenCalled();
    await fireEvent.click(within(ask).getByTestId('confirm-delete-section'));
    await waitFor(() => expect(shownLayout()).toEqual({ World: [] }));
    expect(backend.deleteSection).toHaveBeenCalledWith(12, 'Domestic');
    await waitFor(() => expect(screen.getAllByTestId('unassigned-brief')).toHaveLength(4));

    // An empty section goes without asking.
    await fireEvent.click(within(section('World')).getByTestId('section-delete'));
    await waitFor(() => expect(shownLayout()).toEqual({}));
  });

  it('moves a brief with Alt+arrows within its section and across into the next, keeping focus', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    renderComposer();
    await opened(12);

    handle('b-1').focus();
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'], International: ['b-3'] }));
    expect(backend.moveInIssue).toHaveBeenLastCalledWith(12, 'b-1', 'Domestic', 1);
    await waitFor(() => expect(document.activeElement).toBe(handle('b-1')));

    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(shownLayout()).toEqual({ Domestic: ['b-2'], International: ['b-1', 'b-3'] }));
    expect(backend.moveInIssue).toHaveBeenLastCalledWith(12, 'b-1', 'International', 0);
    await waitFor(() => expect(document.activeElement).toBe(handle('b-1')));

    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowUp', altKey: true });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'], International: ['b-3'] }));
    expect(backend.moveInIssue).toHaveBeenLastCalledWith(12, 'b-1', 'Domestic', 1);

    // At the very top there is nowhere to go; plain arrows only move the focus.
    await fireEvent.keyDown(handle('b-2'), { key: 'ArrowUp', altKey: true });
    await fireEvent.keyDown(handle('b-2'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(handle('b-1'));
    expect(backend.moveInIssue).toHaveBeenCalledTimes(3);
  });

  it('moves with the “Move to…” menu, takes briefs out, and places unassigned ones with “Add to…”', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    renderComposer();
    await opened(12);

    const menu = within(briefRow('b-1')).getByTestId('move-to-section') as HTMLSelectElement;
    expect([...menu.options].map((o) => o.textContent)).toEqual(['Move to…', 'International', 'Unassigned']);
    await fireEvent.change(menu, { target: { value: 'International' } });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2'], International: ['b-3', 'b-1'] }));
    expect(backend.moveInIssue).toHaveBeenCalledWith(12, 'b-1', 'International', 1);

    await fireEvent.click(within(briefRow('b-3')).getByTestId('remove-from-issue'));
    await waitFor(() => expect(shownLayout()).toEqual({ Domestic: ['b-2'], International: ['b-1'] }));
    expect(backend.removeFromIssue).toHaveBeenCalledWith(12, 'b-3');
    await waitFor(() =>
      expect(screen.getAllByTestId('unassigned-brief').map((r) => r.dataset.id).sort()).toEqual(['b-3', 'b-4']),
    );

    const add = screen
      .getAllByTestId('unassigned-brief')
      .find((r) => r.dataset.id === 'b-4')!
      .querySelector('select') as HTMLSelectElement;
    await fireEvent.change(add, { target: { value: 'Domestic' } });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-4'], International: ['b-1'] }));
    expect(backend.addToIssue).toHaveBeenCalledWith(12, 'b-4', 'Domestic', 1);
    await waitFor(() => expect(screen.getAllByTestId('unassigned-brief').map((r) => r.dataset.id)).toEqual(['b-3']));
  });

  it("offers the other unpublished issues in a brief's Move to… menu and sends it there", async () => {
    core.seed(10, 'Old Briefing', { News: [] }, 'published');
    core.seed(11, 'Next Briefing', { World: [] });
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    renderComposer();
    await opened(12);
    const menu = within(briefRow('b-1')).getByTestId('move-to-section') as HTMLSelectElement;
    await waitFor(() => expect(menu.querySelector('optgroup')?.textContent).toContain('No. 11 Next Briefing'));
    expect(menu.querySelector('optgroup')?.textContent).not.toContain('No. 10');
    const option = [...menu.querySelectorAll('optgroup option')][0] as HTMLOptionElement;
    await fireEvent.change(menu, { target: { value: option.value } });
    await waitFor(() => expect(shownLayout()).toEqual({ Domestic: ['b-2'] }));
    await waitFor(() => expect(core.layout(11)).toEqual({ World: ['b-1'] }));
    expect(backend.moveToIssue).toHaveBeenCalledWith('b-1', 11);
  });

  it('drags an unassigned brief into a section with the pointer, showing where it lands', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'], International: [] });
    renderComposer();
    await opened(12);
    const target = section('International');
    Object.defineProperty(document, 'elementFromPoint', { value: () => target, configurable: true });
    const row = screen.getAllByTestId('unassigned-brief').find((r) => r.dataset.id === 'b-4')!;

    await fireEvent.pointerDown(row, { button: 0, isPrimary: true, pointerId: 1, clientX: 900, clientY: 100 });
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 902, clientY: 101 });
    expect(screen.queryByTestId('drop-placeholder')).toBeNull();
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 500, clientY: 300 });
    expect(within(target).getByTestId('drop-placeholder')).toBeTruthy();
    expect(within(target).queryByTestId('section-drop')).toBeNull();
    await fireEvent.pointerUp(window, { pointerId: 1, clientX: 500, clientY: 300 });

    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-1'], International: ['b-4'] }));
    expect(backend.addToIssue).toHaveBeenCalledWith(12, 'b-4', 'International', 0);
    expect(screen.queryByTestId('drop-placeholder')).toBeNull();
    expect(document.querySelector('.sort-ghost')).toBeNull();
  });

  it('keeps every row where it was while a brief is dragged, so the drop goes where the pointer is', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    renderComposer();
    await opened(12);
    const target = section('International');
    Object.defineProperty(document, 'elementFromPoint', { value: () => target, configurable: true });

    await fireEvent.pointerDown(briefRow('b-1'), { button: 0, isPrimary: true, pointerId: 1, clientX: 400, clientY: 100 });
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 400, clientY: 130 });
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 400, clientY: 300 });
    // The picked-up row stays in its list (dimmed), and the drop mark takes no room of its own:
    // had either changed the layout, what lies below would move under the pointer.
    expect(shownLayout()).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    expect(briefRow('b-1').classList.contains('dragging')).toBe(true);
    const mark = within(target).getByTestId('drop-placeholder');
    expect(mark.getAttribute('style') ?? '').not.toContain('height');
    expect(mark.getAttribute('aria-hidden')).toBe('true');
    await fireEvent.pointerUp(window, { pointerId: 1, clientX: 400, clientY: 300 });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2'], International: ['b-3', 'b-1'] }));
  });

  it('lists the checks first, one line each led by its brief, the first six and then all', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], Empty: [] });
    core.extraProblems = Array.from({ length: 6 }, (_, i) => ({
      kind: 'no_source' as const,
      message: `check number ${i + 1}, with a long explanation of what is wrong`,
      brief: { id: 'b-1', headline: 'Journalists detained in Xinjiang' },
      section: null,
      other: null,
    }));
    renderComposer();
    await opened(12);
    const checks = await screen.findByTestId('checks');
    // Before the issue's own fields, not after the closing.
    expect(checks.compareDocumentPosition(screen.getByTestId('issue-title')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    let items = screen.getAllByTestId('check-item');
    expect(items).toHaveLength(6);
    // The headline leads each line; the whole message is its tooltip.
    expect(within(items[0]!).getByTestId('check-brief-link').textContent).toBe('Blogger sentenced in Wuhan');
    expect(items[0]!.firstElementChild?.nextElementSibling).toBe(within(items[0]!).getByTestId('check-brief-link'));
    expect(items[2]!.getAttribute('title')).toBe('check number 1, with a long explanation of what is wrong');
    await fireEvent.click(screen.getByTestId('checks-show-all'));
    items = screen.getAllByTestId('check-item');
    expect(items).toHaveLength(8);
    expect(screen.getByTestId('checks-show-all').textContent).toContain('Show fewer');
  });

  it('lists the checks inline and shows the brief a check is about', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], Empty: [] });
    const { onOpenBrief } = renderComposer();
    await opened(12);
    const items = await screen.findAllByTestId('check-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['draft', 'empty_section']);
    expect(items[0]!.textContent).toContain('Blogger sentenced in Wuhan');
    expect(items[0]!.textContent).toContain('still a draft');
    expect(within(briefRow('b-2')).getByTestId('brief-problems').textContent).toContain('1 check');

    await fireEvent.click(within(items[0]!).getByTestId('check-brief-link'));
    await waitFor(() => expect(handle('b-2').getAttribute('aria-current')).toBe('true'));
    expect(document.activeElement).toBe(handle('b-2'));

    await fireEvent.click(within(briefRow('b-2')).getByTestId('open-brief'));
    expect(onOpenBrief).toHaveBeenCalledWith('b-2');
  });

  it('publishes after asking, then keeps the issue locked until the editor chooses to edit it', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    renderComposer();
    await opened(12);

    await fireEvent.click(screen.getByTestId('publish-issue'));
    const ask = screen.getByRole('alertdialog');
    expect(ask.textContent).toContain('Mark No. 12 published? Its 2 briefs will be marked published too.');
    expect(ask.textContent).toContain('1 check still open.');
    await fireEvent.click(screen.getByTestId('confirm-publish'));
    await waitFor(() => expect(screen.getByTestId('issue-status').textContent).toBe('Published'));
    expect(backend.publishIssue).toHaveBeenCalledWith(12);
    expect(core.brief('b-2').status).toBe('published');

    const lock = await screen.findByTestId('published-lock');
    expect(lock.textContent).toContain('published');
    expect((screen.getByTestId('issue-title') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.queryByTestId('new-section-input')).toBeNull();
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    expect(backend.moveInIssue).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('unlock-issue'));
    expect(screen.queryByTestId('published-lock')).toBeNull();
    expect((screen.getByTestId('issue-title') as HTMLInputElement).readOnly).toBe(false);
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'] }));
  });

  it("another editor's lease makes the order read-only, with who composes the issue; brief edits stay open", async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    let tell: (lease: ComposingLease | null) => void = () => {};
    vi.mocked(backend.onComposingLease).mockImplementation(async (handler) => {
      tell = handler;
      return () => {};
    });
    const { onOpenBrief } = renderComposer();
    await opened(12);
    // The composer asks for the lease on the issue it shows.
    await waitFor(() => expect(backend.composeIssue).toHaveBeenLastCalledWith(12));

    tell({ number: 12, holder: 'Anna', mine: false });
    const notice = await screen.findByTestId('composed-elsewhere');
    expect(notice.textContent).toContain('Anna is composing No. 12');
    expect(screen.queryByTestId('new-section-input')).toBeNull();
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    expect(backend.moveInIssue).not.toHaveBeenCalled();
    expect((within(briefRow('b-1')).getByTestId('move-to-section') as HTMLSelectElement).disabled).toBe(true);
    // The briefs themselves still open in the editor.
    await fireEvent.click(within(briefRow('b-1')).getByRole('button', { name: /in the brief editor/ }));
    expect(onOpenBrief).toHaveBeenCalledWith('b-1');

    // Her lease ends (or is this editor's): the order is editable again.
    tell({ number: 12, holder: 'Ben', mine: true });
    await waitFor(() => expect(screen.queryByTestId('composed-elsewhere')).toBeNull());
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(backend.moveInIssue).toHaveBeenCalled());
  });

  it('shows a refused change above the composer, and the issue as stored', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    renderComposer();
    await opened(12);
    vi.mocked(backend.moveInIssue).mockRejectedValueOnce({ code: 'database', message: 'library file is locked' });
    await fireEvent.keyDown(handle('b-1'), { key: 'ArrowDown', altKey: true });
    const banner = await screen.findByTestId('composer-error');
    expect(banner.textContent).toContain('Couldn’t do that: library file is locked');
    await waitFor(() => expect(shownLayout()).toEqual({ Domestic: ['b-1', 'b-2'] }));
  });

  it('deletes an issue after asking; its briefs go back to unassigned', async () => {
    core.seed(11, 'China Briefing', {});
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    renderComposer();
    await opened(12);
    await fireEvent.click(screen.getByTestId('delete-issue'));
    expect(screen.getByRole('alertdialog').textContent).toContain('Its 1 brief go back to unassigned');
    await fireEvent.click(screen.getByTestId('confirm-delete-issue'));
    await opened(11);
    expect(backend.deleteIssue).toHaveBeenCalledWith(12);
    expect(screen.getAllByTestId('issue-row').map((r) => r.dataset.number)).toEqual(['11']);
  });
});
