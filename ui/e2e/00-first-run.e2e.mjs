// First run and "nothing typed is lost", end to end in the real app. Named to run first: the
// welcome only shows on the run's fresh, empty library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Key } from 'webdriverio';
import { appSession, editorText, findByTestId, openApp, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

test('a new editor sees a welcome and loads the sample issue in one click', async () => {
  const welcome = await byTestId('welcome');
  await welcome.waitForDisplayed({ timeout: 15_000 });
  await screenshot(session.browser, 'welcome');
  await (await byTestId('load-sample')).click();
  // The window shows the sample issue itself, in the composer, not an empty brief form.
  await session.browser.waitUntil(async () => (await textOf('[data-testid="issue-brief"]')).includes('Xinhua: State Council'), {
    timeout: 10_000,
    timeoutMsg: 'the composer did not show the sample issue',
  });
  assert.equal(await (await byTestId('tab-issues')).getAttribute('aria-selected'), 'true');
  assert.equal(await welcome.isExisting(), false);
  await screenshot(session.browser, 'sample-loaded');
  // Its briefs are in the library's list too.
  await (await byTestId('tab-library')).click();
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-row"]')).includes('Xinhua: State Council'), {
    timeout: 10_000,
    timeoutMsg: 'the sample briefs never appeared in the library list',
  });
});

test('a sentence typed just before the window closes is there after reopening', async () => {
  await (await byTestId('new-brief')).click();
  const headline = await byTestId('headline-input');
  await headline.waitForDisplayed({ timeout: 10_000 });
  await headline.setValue('Closing mid-sentence');
  await typeIntoEditor(session.browser, 'body-input', 'The last words typed before closing the');
  const body = await byTestId('body-input');
  // Close the window at once with Ctrl+W (the close button's path): the app stores pending
  // edits, then closes. Autosave would have stored them after a pause; there is none here.
  await session.browser.elementSendKeys(body.elementId, Key.Control + 'w');
  // The app ends once its only window is gone; the session goes with it.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await session.browser.deleteSession().catch(() => {});

  session.browser = await openApp();
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-row"]')).includes('Closing mid-sentence'), {
    timeout: 15_000,
    timeoutMsg: 'the brief typed before closing is not in the library',
  });
  // getText misses text inside nested buttons: find the row by its textContent.
  const index = await session.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="brief-row"]')].findIndex((row) =>
      (row.textContent ?? '').includes('Closing mid-sentence'),
    ),
  );
  await (await session.browser.$$('[data-testid="brief-row"]'))[index].click();
  await session.browser.waitUntil(
    async () => (await editorText(session.browser, 'body-input')) === 'The last words typed before closing the',
    { timeout: 10_000, timeoutMsg: 'the body typed before closing was not kept' },
  );
});

test('killed mid-sentence, the app loses at most the last second of typing', async (t) => {
  const application = process.env.BRIEFDESK_APP;
  assert.ok(application, 'run through `cargo xtask e2e` (BRIEFDESK_APP)');
  await (await byTestId('new-brief')).click();
  const headline = await byTestId('headline-input');
  await headline.waitForDisplayed({ timeout: 10_000 });
  await headline.setValue('Killed mid-sentence');
  const stored = 'Typed well before the power cut.';
  await typeIntoEditor(session.browser, 'body-input', stored);
  // A second after the last key, the autosave has stored it.
  await session.browser.pause(1_000);
  await (await byTestId('saved-indicator')).waitForExist({ timeout: 5_000 });
  const body = await byTestId('body-input');
  const tail = ' And these last words';
  await session.browser.elementSendKeys(body.elementId, tail);
  // SIGKILL: no close handler, no flush. Only this run's app (its own path) is killed.
  await promisify(execFile)('pkill', ['-KILL', '-f', `^${application}`]);
  await session.browser.deleteSession().catch(() => {});

  session.browser = await openApp();
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-row"]')).includes('Killed mid-sentence'), {
    timeout: 15_000,
    timeoutMsg: 'the brief typed before the kill is not in the library',
  });
  const index = await session.browser.execute(() =>
    [...document.querySelectorAll('[data-testid="brief-row"]')].findIndex((row) =>
      (row.textContent ?? '').includes('Killed mid-sentence'),
    ),
  );
  await (await session.browser.$$('[data-testid="brief-row"]'))[index].click();
  await session.browser.waitUntil(async () => (await editorText(session.browser, 'body-input')).startsWith(stored), {
    timeout: 10_000,
    timeoutMsg: 'what was typed a second before the kill was lost',
  });
  const kept = await editorText(session.browser, 'body-input');
  assert.ok((stored + tail).startsWith(kept), `the body came back garbled: ${JSON.stringify(kept)}`);
  t.diagnostic(`after the kill the body reads ${JSON.stringify(kept)}`);
});
