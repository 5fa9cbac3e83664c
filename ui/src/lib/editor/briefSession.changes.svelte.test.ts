// The open brief hears changes made elsewhere in the window (the composer publishing its issue,
// an import placing it) and shows them without being opened anew; this session's own saves do
// not disturb it.
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { brief } from '../../test/fixtures';
import { getBrief } from '../backend';
import { announceChange, libraryChange } from '../backend/events';
import type { Brief } from '../bindings/Brief';
import { BriefSession, type SessionHooks } from './briefSession.svelte';

vi.mock('../backend', () => ({
  createBrief: vi.fn(),
  updateBrief: vi.fn(),
  deleteBrief: vi.fn(),
  getBrief: vi.fn(),
  listTags: vi.fn(async () => []),
}));

const getMock = vi.mocked(getBrief);
let cleanups: (() => void)[] = [];

function open(initial: Brief) {
  const hooks = { onSaved: vi.fn<SessionHooks['onSaved']>(), onDeleted: vi.fn(), focusField: vi.fn() };
  let session: BriefSession | undefined;
  cleanups.push($effect.root(() => void (session = new BriefSession(initial, hooks))));
  if (!session) throw new Error('the session was not created');
  session.opened();
  flushSync();
  const opened = session;
  // Closed while its effects still run: closing stores pending edits, which reads them.
  cleanups.unshift(() => opened.close());
  return { session, hooks };
}

describe('BriefSession and changes made elsewhere', () => {
  beforeEach(() => {
    localStorage.clear();
    getMock.mockReset();
  });
  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
  });

  it('takes in the brief as published elsewhere when nothing is typed here', async () => {
    const { session, hooks } = open(brief({ status: 'ready', version: 3 }));
    const published = brief({ status: 'published', version: 4, issue: { number: 2, section: 'News', published: true } });
    getMock.mockResolvedValue(published);
    announceChange(libraryChange({ any_brief: true, issues: [2] }));
    await vi.waitFor(() => expect(session.stored?.version).toBe(4));
    expect(session.form.status).toBe('published');
    expect(session.dirty).toBe(false);
    expect(hooks.onSaved).toHaveBeenCalledWith(published);
  });

  it('merges what is typed here with the change made elsewhere', async () => {
    const { session } = open(brief({ status: 'ready', version: 3 }));
    session.form.notes = 'typed here';
    flushSync();
    getMock.mockResolvedValue(brief({ status: 'published', version: 4 }));
    announceChange(libraryChange({ briefs: [session.stored?.id ?? ''] }));
    await vi.waitFor(() => expect(session.stored?.version).toBe(4));
    expect(session.form.notes).toBe('typed here');
    expect(session.form.status).toBe('published');
  });

  it('reads nothing for a change to other briefs, or once closed', async () => {
    const { session } = open(brief({ id: 'b-1' }));
    announceChange(libraryChange({ briefs: ['b-2'], issues: [3] }));
    session.close();
    announceChange(libraryChange({ briefs: ['b-1'] }));
    await Promise.resolve();
    expect(getMock).not.toHaveBeenCalled();
  });
});
