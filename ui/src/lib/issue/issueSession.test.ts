// The composer's state without drawing it: the session against an in-memory core.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeCore } from '../../test/issues';
import type { Issue } from '../bindings/Issue';
import type { IssueTotals } from '../bindings/IssueTotals';
import { todayIso } from './fields';
import { IssueSession } from './issueSession.svelte';
import { UNASSIGNED_LIST } from './layout';

let core: FakeCore;

vi.mock('../backend', async () => (await import('../../test/issues')).backendOf(() => core));

/** A promise settled from outside, to hold one answer of the core back. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function layout(issue: Issue | null): Record<string, string[]> {
  return Object.fromEntries((issue?.sections ?? []).map((s) => [s.name, s.briefs.map((b) => b.id)]));
}

/** A session shown once, with issue No. `number` open and its totals and checks read. */
async function opened(number: number): Promise<IssueSession> {
  const session = new IssueSession();
  await session.refresh();
  await vi.waitFor(() => {
    expect(session.issue?.number).toBe(number);
    expect(session.totals).not.toBeNull();
    expect(session.problems).not.toBeNull();
  });
  return session;
}

describe('IssueSession', () => {
  let session: IssueSession | undefined;

  beforeEach(() => {
    core = new FakeCore();
  });
  afterEach(() => {
    session?.dispose();
    session = undefined;
    vi.useRealTimers();
  });

  it('opens the newest issue with its totals and checks, and lists the briefs in no issue', async () => {
    core.seed(11, 'China Briefing', { News: ['b-3'] }, 'published');
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], Empty: [] });
    session = await opened(12);
    expect(session.issues?.map((i) => i.number)).toEqual([12, 11]);
    expect(session.selected).toBe(12);
    expect(session.sectionNames).toEqual(['Domestic', 'Empty']);
    expect(session.briefOrder).toEqual(['b-1', 'b-2']);
    expect(session.facts.get('b-1')?.words).toBe(5);
    expect(session.problemsByBrief.get('b-2')?.map((p) => p.kind)).toEqual(['draft']);
    expect([...session.emptySections]).toEqual(['Empty']);
    expect(session.unassigned?.items.map((b) => b.id)).toEqual(['b-4']);
    expect(session.locked).toBe(false);
  });

  it('shows the issue as soon as it is read, before its totals and checks', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    const totals = deferred<IssueTotals>();
    const counting = core.issueTotals;
    core.issueTotals = async (n) => {
      const counted = await counting(n);
      return totals.promise.then(() => counted);
    };
    session = new IssueSession();
    await session.refresh();
    await vi.waitFor(() => expect(session?.issue?.number).toBe(12));
    expect(session.totals).toBeNull();
    expect(session.problems).toBeNull();
    totals.resolve(await counting(12));
    await vi.waitFor(() => expect(session?.totals?.words).toBe(5));
    expect(session.problems).toEqual([]);
  });

  it('drops a slow answer for an issue no longer chosen', async () => {
    core.seed(11, 'China Briefing', { News: ['b-3'] });
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    const slow = deferred<void>();
    const reading = core.getIssue;
    core.getIssue = async (n) => {
      const read = await reading(n);
      if (n === 11) await slow.promise;
      return read;
    };
    session.select(11);
    session.select(12);
    await vi.waitFor(() => expect(session?.issue?.number).toBe(12));
    slow.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(session.issue?.number).toBe(12);
    expect(session.selected).toBe(12);
  });

  it('shows a move at once, then the issue as the core stored it, and says it saved', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    const answer = deferred<void>();
    const moving = core.moveInIssue;
    core.moveInIssue = async (...args) => {
      await answer.promise;
      return moving(...args);
    };

    expect(session.step('b-1', 1)).toBe(true);
    expect(layout(session.issue)).toEqual({ Domestic: ['b-2', 'b-1'], International: ['b-3'] });
    expect(session.selectedBrief).toBe('b-1');
    expect(session.activity).toBe('saving');
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'] });

    answer.resolve();
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'], International: ['b-3'] });
    expect(layout(session.issue)).toEqual(core.layout(12));
    expect(session.activity).toBe('saved');
    expect(session.actionError).toBeNull();
  });

  it('sends queued changes one after the other and keeps showing what they will come to', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    session.step('b-1', 1);
    session.step('b-1', 1);
    session.moveTo('b-2', 'International');
    expect(layout(session.issue)).toEqual({ Domestic: [], International: ['b-1', 'b-3', 'b-2'] });
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-1', 'b-3', 'b-2'] });
    expect(layout(session.issue)).toEqual(core.layout(12));
    expect(session.problems?.map((p) => p.kind)).toEqual(['empty_section', 'draft']);
  });

  it('does not let a read from before a change overwrite the change on screen', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    const held = deferred<void>();
    let readsHeld = 0;
    const reading = core.getIssue;
    core.getIssue = async (n) => {
      const read = await reading(n);
      readsHeld += 1;
      await held.promise;
      return read;
    };
    session.step('b-1', 1);
    // The first change is through and its reading back is under way when the second is made.
    await vi.waitFor(() => expect(readsHeld).toBe(1));
    const secondMove = deferred<void>();
    const moving = core.moveInIssue;
    core.moveInIssue = async (...args) => {
      await secondMove.promise;
      return moving(...args);
    };
    session.step('b-1', 1);
    const expected = { Domestic: ['b-2'], International: ['b-1', 'b-3'] };
    expect(layout(session.issue)).toEqual(expected);
    held.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(layout(session.issue)).toEqual(expected);
    secondMove.resolve();
    await session.settled;
    expect(core.layout(12)).toEqual(expected);
    expect(layout(session.issue)).toEqual(expected);
  });

  it('puts the issue back as stored when the core refuses a change, and says why', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    session = await opened(12);
    core.moveInIssue = async () => {
      throw { code: 'database', message: 'library file is locked' };
    };
    session.step('b-1', 1);
    await session.settled;
    expect(session.actionError?.message).toBe('library file is locked');
    expect(layout(session.issue)).toEqual({ Domestic: ['b-1', 'b-2'] });
    expect(session.activity).toBe('');
    session.dismissError();
    expect(session.actionError).toBeNull();
  });

  it('does not step past the ends, and stays locked once published until unlocked', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    session = await opened(12);
    expect(session.step('b-1', -1)).toBe(false);
    expect(session.step('b-2', 1)).toBe(false);
    expect(session.activity).toBe('');

    session.publish();
    await session.settled;
    expect(session.issue?.status).toBe('published');
    expect(session.locked).toBe(true);
    expect(session.step('b-1', 1)).toBe(false);
    session.addTo('b-4', 'Domestic');
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'] });

    session.unlock();
    expect(session.locked).toBe(false);
    expect(session.step('b-1', 1)).toBe(true);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'] });

    // Publishing again locks it again.
    session.publish();
    await session.settled;
    expect(session.locked).toBe(true);
  });

  it('routes drops: into a section, within the issue, and back to unassigned', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'], International: [] });
    session = await opened(12);

    session.drop('b-4', UNASSIGNED_LIST, { list: 'International', index: 0 });
    // The brief leaves the unassigned list at once.
    expect(session.unassigned?.items.map((b) => b.id)).toEqual(['b-2', 'b-3']);
    expect(session.unassigned?.total).toBe(2);
    expect(layout(session.issue)).toEqual({ Domestic: ['b-1'], International: ['b-4'] });
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1'], International: ['b-4'] });

    session.drop('b-1', 'Domestic', { list: 'International', index: 1 });
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-4', 'b-1'] });

    session.selectBrief('b-4');
    session.drop('b-4', 'International', { list: UNASSIGNED_LIST, index: 0 });
    expect(session.selectedBrief).toBeNull();
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-1'] });
    expect(session.unassigned?.items.map((b) => b.id)).toEqual(['b-2', 'b-3', 'b-4']);

    // Dropped where it was, or from unassigned back onto unassigned: nothing to do.
    session.drop('b-1', 'International', { list: 'International', index: 0 });
    session.drop('b-4', UNASSIGNED_LIST, { list: UNASSIGNED_LIST, index: 0 });
    expect(session.activity).toBe('saved');
    expect(session.holds('b-1')).toBe(true);
    expect(session.holds('b-4')).toBe(false);
  });

  it('adds, renames, moves and deletes sections, with the core’s objections in words', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    expect(await session.addSection('   ')).toBe('Name the section first');
    expect(await session.addSection(' International ')).toBeNull();
    expect(await session.addSection('Domestic')).toBe('Issue No. 12 already has a section "Domestic"');
    expect(await session.renameSection('International', 'Domestic')).toBe(
      'Issue No. 12 already has a section "Domestic"',
    );
    expect(await session.renameSection('International', 'World')).toBeNull();
    session.moveSection('World', 0);
    expect(session.sectionNames).toEqual(['World', 'Domestic']);
    await session.settled;
    expect(Object.keys(core.layout(12))).toEqual(['World', 'Domestic']);
    session.deleteSection('Domestic');
    expect(session.sectionNames).toEqual(['World']);
    await session.settled;
    expect(core.layout(12)).toEqual({ World: [] });
    expect(session.unassigned?.items.map((b) => b.id)).toEqual(['b-1', 'b-2', 'b-3', 'b-4']);
  });

  it('undoes and redoes moves, and puts a removed brief back in its old place', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    expect(session.undo()).toBe(false);

    session.step('b-2', 1);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1'], International: ['b-2', 'b-3'] });
    session.removeBrief('b-1');
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-2', 'b-3'] });
    session.drop('b-4', UNASSIGNED_LIST, { list: 'International', index: 1 });
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-2', 'b-4', 'b-3'] });

    // Back one change at a time, the expected result shown at once each time.
    expect(session.undo()).toBe(true);
    expect(layout(session.issue)).toEqual({ Domestic: [], International: ['b-2', 'b-3'] });
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-2', 'b-3'] });
    expect(session.unassigned?.items.map((b) => b.id)).toContain('b-4');
    expect(session.undo()).toBe(true);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1'], International: ['b-2', 'b-3'] });
    expect(session.undo()).toBe(true);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    expect(session.undo()).toBe(false);
    expect(session.history.canUndo).toBe(false);
    expect(session.history.canRedo).toBe(true);

    // And forward again.
    expect(session.redo()).toBe(true);
    expect(session.redo()).toBe(true);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-2', 'b-3'] });
    // A new change after undoing: what was undone can no longer be redone.
    expect(session.undo()).toBe(true);
    await session.settled;
    session.moveTo('b-1', 'International');
    expect(session.redo()).toBe(false);
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: [], International: ['b-2', 'b-3', 'b-1'] });
  });

  it('undoes and redoes section edits: added, renamed, moved, and deleted with its briefs', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    expect(await session.addSection('Economy')).toBeNull();
    expect(await session.renameSection('Domestic', 'China')).toBeNull();
    session.moveSection('Economy', 0);
    session.deleteSection('China');
    await session.settled;
    expect(core.layout(12)).toEqual({ Economy: [], International: ['b-3'] });

    session.undo();
    await session.settled;
    // The deleted section is back where it was, with its briefs in their order.
    expect(core.layout(12)).toEqual({ Economy: [], China: ['b-1', 'b-2'], International: ['b-3'] });
    session.undo();
    session.undo();
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'], Economy: [] });
    session.undo();
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'] });

    for (let i = 0; i < 4; i += 1) expect(session.redo()).toBe(true);
    await session.settled;
    expect(core.layout(12)).toEqual({ Economy: [], International: ['b-3'] });
  });

  it('sends a brief to another unpublished issue, and undo brings it back to its place', async () => {
    core.seed(10, 'China Briefing', { News: [] }, 'published');
    core.seed(11, 'China Briefing', { World: ['b-4'] });
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    session = await opened(12);
    expect(session.otherIssues.map((i) => i.number)).toEqual([11]);

    session.moveToIssue('b-1', 11);
    expect(layout(session.issue)).toEqual({ Domestic: ['b-2'], International: ['b-3'] });
    await session.settled;
    expect(core.layout(11)).toEqual({ World: ['b-4', 'b-1'] });
    expect(core.layout(12)).toEqual({ Domestic: ['b-2'], International: ['b-3'] });
    expect(session.issues?.find((i) => i.number === 11)?.sections[0]?.briefs.map((b) => b.id)).toEqual(['b-4', 'b-1']);

    session.undo();
    await session.settled;
    expect(core.layout(12)).toEqual({ Domestic: ['b-1', 'b-2'], International: ['b-3'] });
    expect(core.layout(11)).toEqual({ World: ['b-4'] });
    session.redo();
    await session.settled;
    expect(core.layout(11)).toEqual({ World: ['b-4', 'b-1'] });
  });

  it('adds a brief from the library to the open issue, or the newest unpublished one, or shows where it is', async () => {
    core.seed(11, 'China Briefing', { World: ['b-3'] });
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] }, 'published');
    session = await opened(12);

    // The open issue is published: the newest unpublished one takes it, and opens.
    await session.addFromLibrary('b-4', null);
    expect(core.layout(11)).toEqual({ World: ['b-3', 'b-4'] });
    expect(session.selected).toBe(11);
    expect(layout(session.issue)).toEqual({ World: ['b-3', 'b-4'] });
    expect(session.selectedBrief).toBe('b-4');
    session.undo();
    await session.settled;
    expect(core.layout(11)).toEqual({ World: ['b-3'] });

    // In an issue already: shown there, nothing moved.
    await session.addFromLibrary('b-1', 12);
    await vi.waitFor(() => expect(session?.issue?.number).toBe(12));
    expect(session.selectedBrief).toBe('b-1');
    expect(core.layout(12)).toEqual({ Domestic: ['b-1'] });

    // Nowhere to go: said so.
    core.issues = core.issues.filter((i) => i.number === 12);
    await session.addFromLibrary('b-2', null);
    expect(session.actionError?.message).toContain('no unpublished issue');
  });

  it('keeps nothing to undo across issues, and undoes nothing in a locked issue', async () => {
    core.seed(11, 'China Briefing', { News: ['b-3'] }, 'published');
    core.seed(12, 'China Briefing', { Domestic: ['b-1', 'b-2'] });
    session = await opened(12);
    session.step('b-1', 1);
    await session.settled;
    session.select(11);
    expect(session.history.canUndo).toBe(false);
    await vi.waitFor(() => expect(session?.issue?.number).toBe(11));
    expect(session.undo()).toBe(false);
    expect(core.layout(12)).toEqual({ Domestic: ['b-2', 'b-1'] });
  });

  it('saves a field and answers with what the core stored, or its objection', async () => {
    core.seed(12, 'China Briefing', {});
    session = await opened(12);
    expect(await session.saveField('subject', '  Huawei, cotton and chips ')).toEqual({
      stored: 'Huawei, cotton and chips',
    });
    expect(await session.saveField('title', '  ')).toEqual({ error: 'Must not be empty' });
    await session.settled;
    expect(core.issue(12).subject).toBe('Huawei, cotton and chips');
    expect(core.issue(12).title).toBe('China Briefing');
  });

  it('clears “Saved” two seconds after the last change', async () => {
    core.seed(12, 'China Briefing', {});
    session = await opened(12);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await session.saveField('intro', 'This week:');
    await session.settled;
    expect(session.activity).toBe('saved');
    vi.advanceTimersByTime(1999);
    expect(session.activity).toBe('saved');
    vi.advanceTimersByTime(1);
    expect(session.activity).toBe('');
  });

  it('starts a new issue from suggestions, creates it and opens it, or gives it up', async () => {
    core.seed(11, 'China Briefing (sample)', {});
    core.publication.name = 'China Briefing';
    session = await opened(11);
    await session.startNew();
    // The publication's name, not the last issue's title (the sample's would leak into every issue).
    expect(session.creating).toEqual({ number: 12, title: 'China Briefing', date: todayIso() });
    expect(session.issue).toBeNull();
    expect(session.selected).toBeNull();

    session.cancelNew();
    expect(session.creating).toBeNull();
    await vi.waitFor(() => expect(session?.issue?.number).toBe(11));

    await session.startNew();
    expect((await session.create(11, 'China Briefing', '2020-12-15'))?.message).toBe(
      'number: issue No. 11 already exists',
    );
    expect(session.creating).not.toBeNull();
    expect(await session.create(12, 'China Briefing', '2020-12-15')).toBeNull();
    expect(session.creating).toBeNull();
    expect(session.selected).toBe(12);
    expect(session.issue?.date).toBe('2020-12-15');
    expect(session.issues?.map((i) => i.number)).toEqual([12, 11]);
  });

  it('deletes the open issue and opens the newest one left', async () => {
    core.seed(11, 'China Briefing', {});
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    await session.deleteIssue();
    await vi.waitFor(() => expect(session?.issue?.number).toBe(11));
    expect(session.issues?.map((i) => i.number)).toEqual([11]);
    await session.settled;
    expect(session.unassigned?.items.map((b) => b.id)).toContain('b-1');
  });

  it('shows a failed read, and reads again on retry', async () => {
    core.seed(12, 'China Briefing', {});
    const listing = core.listIssues;
    core.listIssues = async () => {
      throw { code: 'database', message: 'library file is locked' };
    };
    session = new IssueSession();
    await session.refresh();
    expect(session.loadError?.message).toBe('library file is locked');
    core.listIssues = listing;
    await session.retry();
    expect(session.loadError).toBeNull();
    await vi.waitFor(() => expect(session?.issue?.number).toBe(12));
  });
});
