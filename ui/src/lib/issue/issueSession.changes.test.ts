// The composer's session hears changes made elsewhere in the window (an import, the library's
// editor) and shows them at once, without the Issues view being shown anew.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeCore } from '../../test/issues';
import { brief } from '../../test/fixtures';
import { announceChange, libraryChange } from '../backend/events';
import { IssueSession } from './issueSession.svelte';

let core: FakeCore;

vi.mock('../backend', async () => (await import('../../test/issues')).backendOf(() => core));

async function opened(number: number): Promise<IssueSession> {
  const session = new IssueSession();
  await session.refresh();
  await vi.waitFor(() => {
    expect(session.issue?.number).toBe(number);
    expect(session.totals).not.toBeNull();
  });
  return session;
}

/** As an import into issue No. `number` does: a new brief, placed at the end of `section`. */
function importInto(number: number, section: string, id: string): void {
  core.briefs.push(brief({ id, headline: `Imported ${id}`, body: 'six more words in this body' }));
  const target = core.issue(number).sections.find((s) => s.name === section);
  target?.briefs.push({ id, headline: `Imported ${id}` });
}

describe('IssueSession and changes made elsewhere', () => {
  let session: IssueSession | undefined;

  beforeEach(() => {
    core = new FakeCore();
  });
  afterEach(() => {
    session?.dispose();
    session = undefined;
  });

  it('shows briefs imported into the open issue, and their count, as soon as the core says so', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    expect(session.briefOrder).toEqual(['b-1']);
    const words = session.totals?.words;

    importInto(12, 'Domestic', 'b-9');
    announceChange(libraryChange({ briefs: ['b-9'], issues: [12], tags: true }));

    await vi.waitFor(() => expect(session?.briefOrder).toEqual(['b-1', 'b-9']));
    await vi.waitFor(() => expect(session?.totals?.words).toBeGreaterThan(words ?? 0));
    expect(session.issues?.map((i) => i.number)).toEqual([12]);
  });

  it('lists a new issue and new unassigned briefs made elsewhere, leaving the open issue open', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    core.seed(13, 'China Briefing', {});
    core.briefs.push(brief({ id: 'b-8', headline: 'Typed in the library' }));
    const reads = vi.spyOn(core, 'getIssue');

    announceChange(libraryChange({ issues: [13] }));
    announceChange(libraryChange({ briefs: ['b-8'], tags: true }));

    await vi.waitFor(() => expect(session?.issues?.map((i) => i.number)).toEqual([13, 12]));
    await vi.waitFor(() => expect(session?.unassigned?.items.map((b) => b.id)).toContain('b-8'));
    expect(session.selected).toBe(12);
    // Issue No. 12 was not touched, so it is not read again.
    expect(reads).not.toHaveBeenCalled();
  });

  it('hears nothing once disposed', async () => {
    core.seed(12, 'China Briefing', { Domestic: ['b-1'] });
    session = await opened(12);
    session.dispose();
    const reads = vi.spyOn(core, 'getIssue');
    announceChange(libraryChange({ library: true }));
    await Promise.resolve();
    expect(reads).not.toHaveBeenCalled();
  });
});
