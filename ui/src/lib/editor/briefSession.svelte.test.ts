// The editing of one brief without drawing it: a BriefSession created inside an effect root,
// its autosave timer driven by fake timers, the backend's commands replaced by fakes.
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { brief } from '../../test/fixtures';
import { createBrief, deleteBrief, getBrief, updateBrief } from '../backend';
import type { Brief } from '../bindings/Brief';
import { AUTOSAVE_DELAY_MS, backupKey, readBackup, writeBackup } from './autosave';
import { BriefSession, type SessionHooks } from './briefSession.svelte';
import { formFromBrief, type Field } from './draft';
import { MAX_HEADLINE_CHARS } from './limits';

vi.mock('../backend', () => ({
  createBrief: vi.fn(),
  updateBrief: vi.fn(),
  deleteBrief: vi.fn(),
  getBrief: vi.fn(),
  listTags: vi.fn(async () => []),
}));

const createMock = vi.mocked(createBrief);
const updateMock = vi.mocked(updateBrief);
const deleteMock = vi.mocked(deleteBrief);

let cleanups: (() => void)[] = [];

function open(initial: Brief | null) {
  const hooks = {
    onSaved: vi.fn<SessionHooks['onSaved']>(),
    onDeleted: vi.fn<SessionHooks['onDeleted']>(),
    focusField: vi.fn<(field: Field | string) => void>(),
    onLeft: vi.fn<NonNullable<SessionHooks['onLeft']>>(),
  };
  let session: BriefSession | undefined;
  cleanups.push(
    $effect.root(() => {
      session = new BriefSession(initial, hooks);
    }),
  );
  if (!session) throw new Error('the session was not created');
  session.opened();
  flushSync();
  return { session, hooks };
}

/** Lets the autosave timer fire and the save it starts settle. */
async function afterPause(): Promise<void> {
  flushSync();
  await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS + 10);
  flushSync();
}

describe('BriefSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
    createMock.mockReset().mockImplementation(async (draft) => brief({ id: 'new-1', ...draft, issue: null }));
    updateMock.mockReset().mockImplementation(async (id, version, draft) => brief({ id, ...draft, version: version + 1 }));
    deleteMock.mockReset().mockImplementation(async (id) => ({ brief: brief({ id }), position: null }));
    vi.mocked(getBrief).mockReset();
  });

  afterEach(() => {
    for (const cleanup of cleanups) cleanup();
    cleanups = [];
    vi.useRealTimers();
  });

  it('starts clean from the stored brief', () => {
    const { session } = open(brief());
    expect(session.dirty).toBe(false);
    expect(session.form.headline).toBe('Journalists detained in Xinjiang');
    expect(session.words).toBeGreaterThan(0);
  });

  it('copies an edit locally at once and stores it after a pause', async () => {
    const { session, hooks } = open(brief());
    session.form.headline = 'Reporters released';
    flushSync();
    expect(session.dirty).toBe(true);
    expect(readBackup(backupKey('b-1'))?.form.headline).toBe('Reporters released');
    expect(updateMock).not.toHaveBeenCalled();

    await afterPause();
    expect(updateMock).toHaveBeenCalledWith('b-1', 1, expect.objectContaining({ headline: 'Reporters released' }));
    expect(hooks.onSaved).toHaveBeenCalledTimes(1);
    expect(session.stored?.version).toBe(2);
    expect(session.dirty).toBe(false);
    expect(session.savedOnce).toBe(true);
    // Saved: the local copy has done its job.
    expect(readBackup(backupKey('b-1'))).toBeNull();
  });

  it('does not store a new brief until it has a headline', async () => {
    const { session } = open(null);
    session.form.body = 'A body without a headline yet';
    await afterPause();
    expect(createMock).not.toHaveBeenCalled();
    expect(readBackup(backupKey(null))?.form.body).toBe('A body without a headline yet');

    session.form.headline = 'Now it has one';
    await afterPause();
    expect(createMock).toHaveBeenCalledTimes(1);
    expect(session.stored?.id).toBe('new-1');
  });

  it('flush stores pending edits at once, after a save already on its way', async () => {
    const { session } = open(brief());
    session.form.notes = 'first';
    flushSync();
    const first = session.save('auto');
    session.form.notes = 'second';
    flushSync();
    await session.flush();
    await first;
    expect(updateMock).toHaveBeenCalledTimes(2);
    expect(updateMock.mock.calls[1]?.[2].notes).toBe('second');
    expect(session.dirty).toBe(false);
  });

  it('refuses to send what is too long and points a manual save at the field', async () => {
    const { session, hooks } = open(brief());
    session.form.headline = 'x'.repeat(MAX_HEADLINE_CHARS + 1);
    flushSync();
    expect(session.fieldErrors.headline).toBeDefined();
    await session.save('manual');
    expect(updateMock).not.toHaveBeenCalled();
    expect(hooks.focusField).toHaveBeenCalledWith('headline');
  });

  it('shows the core’s refusal by field, and clears a field’s error when it is edited', async () => {
    // A refusal the window's own checks do not foresee (they would stop an empty headline).
    updateMock.mockRejectedValueOnce({ code: 'invalid', message: 'headline: must not be empty', field: 'headline' });
    const { session, hooks } = open(brief());
    session.form.headline = 'A headline the core refuses';
    flushSync();
    await session.save('manual');
    expect(session.fieldErrors.headline).toContain('must not be empty');
    expect(hooks.focusField).toHaveBeenCalledWith('headline');
    session.clearError('headline');
    expect(session.fieldErrors.headline).toBeUndefined();
  });

  it('merges a change made elsewhere to another part without asking', async () => {
    vi.mocked(getBrief).mockResolvedValue(brief({ version: 2, notes: 'Their note' }));
    updateMock.mockRejectedValueOnce({ code: 'changed_elsewhere', message: 'changed elsewhere' });
    const { session, hooks } = open(brief());
    session.form.headline = 'My headline';
    flushSync();
    await session.save('manual');
    expect(session.conflict).toBeNull();
    expect(session.mergedParts).toEqual(['notes']);
    expect(session.form.headline).toBe('My headline');
    expect(session.form.notes).toBe('Their note');
    expect(session.stored?.version).toBe(2);
    expect(hooks.onSaved).toHaveBeenCalledWith(brief({ version: 2, notes: 'Their note' }));
    session.dismissMerged();
    expect(session.mergedParts).toEqual([]);
  });

  it('holds a clash for the editor: keep mine saves over theirs, nothing autosaves meanwhile', async () => {
    vi.mocked(getBrief).mockResolvedValue(brief({ version: 2, headline: 'Their headline' }));
    updateMock.mockRejectedValueOnce({ code: 'changed_elsewhere', message: 'changed elsewhere' });
    const { session } = open(brief());
    session.form.headline = 'My headline';
    flushSync();
    await session.save('manual');
    expect(session.conflict?.clashes).toEqual(['headline']);
    await afterPause();
    expect(updateMock).toHaveBeenCalledTimes(1);

    session.keepMine();
    await vi.advanceTimersByTimeAsync(0);
    expect(updateMock).toHaveBeenLastCalledWith('b-1', 2, expect.objectContaining({ headline: 'My headline' }));
    expect(session.conflict).toBeNull();
  });

  it('use theirs takes their version of the clashing part only', async () => {
    vi.mocked(getBrief).mockResolvedValue(brief({ version: 2, headline: 'Their headline' }));
    updateMock.mockRejectedValueOnce({ code: 'changed_elsewhere', message: 'changed elsewhere' });
    const { session } = open(brief());
    session.form.headline = 'My headline';
    session.form.notes = 'My note';
    flushSync();
    await session.save('manual');
    session.useTheirs();
    expect(session.conflict).toBeNull();
    expect(session.form.headline).toBe('Their headline');
    expect(session.form.notes).toBe('My note');
  });

  it('deletes, dropping the local copy, and hands back the brief for undo', async () => {
    const { session, hooks } = open(brief());
    writeBackup(backupKey('b-1'), formFromBrief(brief({ headline: 'left over' })), brief());
    await session.remove();
    expect(deleteMock).toHaveBeenCalledWith('b-1');
    expect(hooks.onDeleted).toHaveBeenCalledWith({ brief: brief({ id: 'b-1' }), position: null });
    expect(readBackup(backupKey('b-1'))).toBeNull();
  });

  it('a refused delete says why and keeps the brief', async () => {
    deleteMock.mockRejectedValueOnce({ code: 'not_found', message: 'no brief with id b-1' });
    const { session, hooks } = open(brief());
    session.confirmingDelete = true;
    await session.remove();
    expect(hooks.onDeleted).not.toHaveBeenCalled();
    expect(session.errors.map((line) => line.text)).toEqual(['no brief with id b-1']);
    expect(session.confirmingDelete).toBe(false);
  });

  it('recovers edits a crash left in the local copy', () => {
    writeBackup(backupKey('b-1'), { ...formFromBrief(brief()), headline: 'Typed before the crash' }, brief());
    const { session } = open(brief());
    expect(session.recovered).toBe(true);
    expect(session.form.headline).toBe('Typed before the crash');
    expect(session.dirty).toBe(true);
  });

  it('merges a crash copy whose brief was saved elsewhere since, instead of laying it over', () => {
    writeBackup(backupKey('b-1'), { ...formFromBrief(brief()), headline: 'Typed before the crash' }, brief());
    const { session } = open(brief({ version: 2, notes: 'Saved elsewhere' }));
    expect(session.recovered).toBe(true);
    expect(session.form.headline).toBe('Typed before the crash');
    expect(session.form.notes).toBe('Saved elsewhere');
    expect(session.conflict).toBeNull();
  });

  it('close stores what was typed on the way out', async () => {
    const { session } = open(brief());
    session.form.notes = 'typed just before switching';
    flushSync();
    session.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(updateMock).toHaveBeenCalledWith('b-1', 1, expect.objectContaining({ notes: 'typed just before switching' }));
  });

  it('says where a new brief left unfinished was kept: on this computer without a headline', async () => {
    const { session, hooks } = open(null);
    session.form.body = 'A first paragraph, no headline yet.';
    flushSync();
    session.close();
    await vi.waitFor(() => expect(hooks.onLeft).toHaveBeenCalledWith({ kept: 'local' }));
    expect(createMock).not.toHaveBeenCalled();
  });

  it('says a new brief left with a headline was kept as a draft in the library', async () => {
    const { session, hooks } = open(null);
    session.form.headline = 'Left half-written';
    flushSync();
    session.close();
    await vi.waitFor(() => expect(hooks.onLeft).toHaveBeenCalledWith({ kept: 'library', brief: expect.objectContaining({ headline: 'Left half-written' }) }));
  });

  it('says nothing when leaving an untouched new brief or a stored brief', async () => {
    const untouched = open(null);
    untouched.session.close();
    const stored = open(brief());
    stored.session.close();
    await vi.advanceTimersByTimeAsync(20);
    expect(untouched.hooks.onLeft).not.toHaveBeenCalled();
    expect(stored.hooks.onLeft).not.toHaveBeenCalled();
  });
});
