// The Help menu in the real app: Ctrl+/ (through the native menu's accelerator) opens the
// keyboard shortcuts, searchable; the guide reads as rendered text; the library's file and its
// backups folder are named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { pressOnAppWindow } from './desktop.mjs';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

test('Help: the shortcuts on Ctrl+/, searchable, the guide, and where the library and its backups are', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await pressOnAppWindow('Briefdesk', 'ctrl+slash');
    await (await byTestId('help-dialog')).waitForDisplayed({ timeout: 10_000, timeoutMsg: 'Ctrl+/ did not open Help' });
    assert.match(await textOf('[data-testid="shortcut-list"]'), /Keyboard Shortcuts[\s\S]*Ctrl\+\//);

    await (await byTestId('shortcut-search')).setValue('import');
    await session.browser.waitUntil(async () => (await session.browser.$$('[data-testid="shortcut-row"]')).length === 1, {
      timeout: 5_000,
      timeoutMsg: 'the search did not narrow the shortcuts to Import',
    });
    assert.match(await textOf('[data-testid="shortcut-row"]'), /Import[\s\S]*Ctrl\+O/);

    await (await byTestId('help-tab-guide')).click();
    // Rendered, not shown as Markdown source: its title is a heading and no "#" is left.
    const heading = '[data-testid="guide"] :is(h1, h2, h3, h4)';
    await session.browser.waitUntil(async () => /An editor's week with Briefdesk/.test(await textOf(heading)), {
      timeout: 10_000,
      timeoutMsg: 'the guide was not rendered',
    });
    assert.doesNotMatch(await textOf('[data-testid="guide"]'), /^#/m);
    assert.match(await textOf('[data-testid="guide"]'), /Monday to Thursday: gather briefs/);
    await screenshot(session.browser, 'help-guide');

    await (await byTestId('help-tab-library')).click();
    const library = process.env.BRIEFDESK_E2E_LIBRARY;
    assert.ok(library, 'run through `cargo xtask e2e` (BRIEFDESK_E2E_LIBRARY)');
    await session.browser.waitUntil(async () => (await textOf('[data-testid="place-library"]')) === library, {
      timeout: 10_000,
      timeoutMsg: `Help does not name the library ${library}`,
    });
    assert.equal(await textOf('[data-testid="place-backups"]'), join(dirname(library), 'backups'));

    await session.browser.keys('Escape');
    await (await byTestId('help-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    const shot = await screenshot(session.browser, 'help-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await session.browser.keys('Escape').catch(() => {});
    throw error;
  }
});
