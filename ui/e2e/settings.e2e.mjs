// Settings and undo, end to end in the real app: a deleted brief comes back with Undo; the date
// style changes what exports say; a new library is created and the first one opened again
// through the native dialogs. The library is shared with the run's other specs: every setting
// changed here is put back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { answerOpenDialog, answerSaveDialog, screenshotDesktop } from './desktop.mjs';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

async function waitForText(selector, pattern, message) {
  await session.browser.waitUntil(async () => pattern.test(await textOf(selector)), { timeout: 15_000, timeoutMsg: message });
}

async function failing(t, name, error) {
  const desktop = await screenshotDesktop(name).catch(() => null);
  if (desktop) t.diagnostic(`screenshot of the display: ${desktop}`);
  const shot = await screenshot(session.browser, name).catch(() => null);
  if (shot) t.diagnostic(`screenshot: ${shot}`);
  throw error;
}

/** A new brief with just a headline, saved and listed. */
async function writeBrief(headline) {
  await (await byTestId('new-brief')).click();
  const field = await byTestId('headline-input');
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.setValue(headline);
  await (await byTestId('save-brief')).click();
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"]')).includes(headline.slice(0, 24)), {
    timeout: 15_000,
    timeoutMsg: `"${headline}" was not listed`,
  });
}

async function openSettings() {
  await (await byTestId('open-settings')).click();
  await (await byTestId('settings-dialog')).waitForDisplayed({ timeout: 10_000 });
  await session.browser.waitUntil(async () => (await (await byTestId('settings-date-style')).isExisting()), { timeout: 10_000 });
}

async function setDateStyle(value) {
  await openSettings();
  await (await byTestId('settings-date-style')).selectByAttribute('value', value);
  await (await byTestId('settings-save')).click();
  await (await byTestId('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
}

test('a deleted brief comes back, in place, with Undo', async (t) => {
  const headline = 'Undo Test: Cabinet Reshuffle Brief Written to Be Deleted';
  try {
    await writeBrief(headline);

    await (await byTestId('delete-brief')).click();
    await (await byTestId('confirm-delete')).click();
    await (await byTestId('undo-toast')).waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf('[data-testid="undo-toast"]'), /Deleted “Undo Test: Cabinet Reshuffle/);
    await session.browser.waitUntil(async () => !/Undo Test: Cabinet Reshuffle/.test(await textOf('[data-testid="brief-list"]')), {
      timeout: 10_000,
      timeoutMsg: 'the deleted brief stayed in the list',
    });

    await (await byTestId('undo-button')).click();
    await waitForText('[data-testid="brief-list"]', /Undo Test: Cabinet Reshuffle/, 'Undo did not bring the brief back');
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) === headline, {
      timeout: 10_000,
      timeoutMsg: 'the restored brief was not opened',
    });
    await (await byTestId('undo-toast')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    await failing(t, 'undo-failure', error);
  }
});

test('the date style setting changes the dates an export writes', async (t) => {
  try {
    await setDateStyle('iso');
    await (await byTestId('open-export')).click();
    await (await byTestId('export-dialog')).waitForDisplayed({ timeout: 10_000 });
    // The sample issue the first-run spec loaded: No. 1 of the run's library.
    await (await byTestId('export-issue')).selectByAttribute('value', '1');
    await (await byTestId('export-format-markdown')).click();
    // The sample issue's source lines, now in ISO dates.
    await waitForText('[data-testid="export-preview-text"]', /^Source: .+, \d{4}-\d{2}-\d{2}$/m, 'the Markdown kept the long dates');
    assert.doesNotMatch(await textOf('[data-testid="export-preview-text"]'), /^Source: .+, [A-Z][a-z]+ \d{1,2}, \d{4}$/m);
    await session.browser.keys('Escape');
    await (await byTestId('export-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    await failing(t, 'date-style-failure', error);
  } finally {
    await session.browser.keys('Escape').catch(() => {});
    await setDateStyle('long').catch(() => {});
  }
});

test('an editor creates a new library, then opens the first one again', async (t) => {
  const first = process.env.BRIEFDESK_E2E_LIBRARY;
  assert.ok(first, 'cargo xtask e2e names the library');
  const second = join(process.env.BRIEFDESK_E2E_ARTIFACTS ?? '/tmp', `second-${Date.now()}.sqlite3`);
  try {
    await openSettings();
    assert.equal(await textOf('[data-testid="settings-library-path"]'), first);
    await (await byTestId('settings-new-library')).click();
    await answerSaveDialog('New library', second);
    // The window starts afresh on the new, empty library: the welcome, and its name in the title.
    await session.browser.waitUntil(async () => (await session.browser.getTitle()) === `Briefdesk — ${second.split('/').pop()}`, {
      timeout: 20_000,
      timeoutMsg: 'the window did not switch to the new library',
    });
    await (await byTestId('welcome')).waitForDisplayed({ timeout: 15_000 });
    await screenshot(session.browser, 'new-library');

    await openSettings();
    assert.equal(await textOf('[data-testid="settings-library-path"]'), second);
    await (await byTestId('settings-open-library')).click();
    await answerOpenDialog('Open library', first);
    await session.browser.waitUntil(async () => (await session.browser.getTitle()) === `Briefdesk — ${first.split('/').pop()}`, {
      timeout: 20_000,
      timeoutMsg: 'the window did not switch back to the first library',
    });
    await waitForText('[data-testid="brief-list"]', /Undo Test: Cabinet Reshuffle/, 'the first library’s briefs are not listed');
  } catch (error) {
    await failing(t, 'switch-library-failure', error);
  }
});

test('an editor backs up, loses a brief, and restores the backup from Settings', async (t) => {
  const headline = 'Backup Test: Brief That Only the Backup Still Holds';
  try {
    await writeBrief(headline);

    await openSettings();
    const before = await session.browser.$$('[data-testid="backup-row"]').length;
    await (await byTestId('backup-now')).click();
    await session.browser.waitUntil(async () => (await session.browser.$$('[data-testid="backup-row"]').length) > before || before >= 8, {
      timeout: 15_000,
      timeoutMsg: 'the new backup was not listed',
    });
    assert.match(await textOf('[data-testid="backup-row"]'), /made by hand/);
    await screenshot(session.browser, 'settings-backups');
    await session.browser.keys('Escape');
    await (await byTestId('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });

    // Deleted, and the undo let go: only the backup has it now.
    await (await byTestId('delete-brief')).click();
    await (await byTestId('confirm-delete')).click();
    await (await byTestId('undo-toast')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.keys('Escape');
    await session.browser.execute(() => document.querySelector('[data-testid="undo-toast"] [aria-label="Dismiss"]')?.click());
    await session.browser.waitUntil(async () => !/Backup Test: Brief That Only/.test(await textOf('[data-testid="brief-list"]')), {
      timeout: 10_000,
      timeoutMsg: 'the brief stayed listed after deleting it',
    });

    await openSettings();
    // The newest backup made by hand is the one just made.
    const rows = await session.browser.$$('[data-testid="backup-row"]');
    let chosen = null;
    for (const row of rows) {
      if (/made by hand/.test(await session.browser.execute((el) => el.textContent ?? '', row))) {
        chosen = row;
        break;
      }
    }
    assert.ok(chosen, 'no backup made by hand listed');
    await (await chosen.$('[data-testid="restore-backup"]')).click();
    await (await byTestId('confirm-restore')).click();
    // The window starts afresh on the restored library, which holds the brief again.
    await waitForText('[data-testid="brief-list"]', /Backup Test: Brief That Only/, 'the restored library lacks the brief');
    await screenshot(session.browser, 'restored');
  } catch (error) {
    await failing(t, 'restore-failure', error);
  }
});
