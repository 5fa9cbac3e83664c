// Two writers on one library: the app has a brief open while the `briefdesk` command changes
// it. A change to another part is merged into the editor's edit; a change to the part the
// editor is typing in is shown and waits for the editor's choice. Nothing is overwritten
// unseen, and the library ends with what the editor chose.
// The library is shared by every spec of the run: names carry this run's token, nothing counts rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN, appSession, cli, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

async function briefNamed(headline) {
  const found = (await cli('briefs', '--limit', '1000')).filter((b) => b.headline === headline);
  assert.equal(found.length, 1, `one brief is headed "${headline}"`);
  return found[0];
}

async function waitForSaved() {
  await session.browser.waitUntil(async () => (await byTestId('saved-indicator')).isExisting(), {
    timeout: 15_000,
    timeoutMsg: 'the editor did not show Saved',
  });
}

/** Types at the end of the headline: the autosave goes out about a second later. */
async function appendToHeadline(text) {
  const field = await byTestId('headline-input');
  await field.click();
  await session.browser.keys(['End']);
  await session.browser.keys(text.split(''));
}

test('a change made by the CLI is merged, or waits for the editor when both changed the same part', async (t) => {
  try {
    const headline = `Two writers ${RUN}: port strike enters second week`;
    await (await byTestId('new-brief')).click();
    const field = await byTestId('headline-input');
    await field.waitForDisplayed({ timeout: 10_000 });
    await field.setValue(headline);
    await (await byTestId('save-brief')).click();
    await waitForSaved();
    const first = await briefNamed(headline);

    // The editor edits the headline and, before that is saved, the CLI adds a note. (The window
    // hears of the CLI's change within a second: the edit comes first so that there is one to merge.)
    const note = `Checked with the harbour office ${RUN}.`;
    await appendToHeadline(' (updated)');
    await cli('brief', 'edit', first.id, '--notes', note);
    await (await byTestId('merged-note')).waitForDisplayed({ timeout: 15_000 });
    assert.match(await textOf('[data-testid="merged-note"]'), /Merged a change made elsewhere to Private notes/);
    assert.equal(await (await byTestId('notes-input')).getValue(), note);
    await session.browser.waitUntil(async () => (await cli('brief', 'show', first.id)).headline === `${headline} (updated)`, {
      timeout: 15_000,
      timeoutMsg: 'the merged edit was not saved',
    });
    const merged = await cli('brief', 'show', first.id);
    assert.equal(merged.notes, note, "the CLI's note survived the editor's save");

    // Now both change the headline: the editor is asked, and nothing is saved until it answers.
    const theirs = `Two writers ${RUN}: dockers accept the offer`;
    await appendToHeadline(' again');
    await cli('brief', 'edit', first.id, '--headline', theirs);
    await (await byTestId('conflict')).waitForDisplayed({ timeout: 15_000 });
    assert.equal(await textOf('[data-testid="conflict-theirs"]'), theirs);
    await screenshot(session.browser, 'two-writers-conflict');
    await session.browser.pause(2_000);
    assert.equal((await cli('brief', 'show', first.id)).headline, theirs, 'nothing was saved before the choice');

    await (await byTestId('conflict-keep-mine')).click();
    await waitForSaved();
    const kept = await cli('brief', 'show', first.id);
    assert.equal(kept.headline, `${headline} (updated) again`);
    assert.equal(kept.notes, note);
    assert.ok(kept.version > merged.version, 'each save moved the version on');
  } catch (error) {
    await screenshot(session.browser, 'two-writers-failure').catch(() => {});
    t.diagnostic(String(error));
    throw error;
  }
});
