// The native menu runs the app's commands as the buttons do, on every screen: its accelerators
// are pressed on the window through GTK with xdotool (a real keyboard's path; WebDriver's keys
// reach the page without passing the menu). The welcome screen needs an empty library, so the
// app is started on a fresh one beside this run's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pressOnAppWindow } from './desktop.mjs';
import { RUN, findByTestId, openApp, screenshot } from './session.mjs';

let browser;

before(async () => {
  const base = process.env.BRIEFDESK_E2E_LIBRARY;
  assert.ok(base, 'run through `cargo xtask e2e` (BRIEFDESK_E2E_LIBRARY)');
  const folder = join(dirname(base), `menu-${RUN}`);
  mkdirSync(folder, { recursive: true });
  browser = await openApp({ args: [join(folder, 'empty.sqlite3')] });
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
});

/** The data-testid of the element that has the keyboard. */
const focusedTestId = () => browser.execute(() => document.activeElement?.getAttribute('data-testid') ?? null);

test('File › New Brief (Ctrl+N through the menu) starts a brief from the welcome screen', async () => {
  const welcome = await findByTestId(browser, 'welcome');
  await welcome.waitForDisplayed({ timeout: 20_000 });
  await pressOnAppWindow('Briefdesk', 'ctrl+n');
  const headline = await findByTestId(browser, 'headline-input');
  await headline.waitForDisplayed({ timeout: 10_000, timeoutMsg: 'New Brief from the menu did nothing on the welcome screen' });
  assert.equal(await welcome.isExisting(), false);
  await browser.waitUntil(async () => (await focusedTestId()) === 'headline-input', {
    timeout: 5_000,
    timeoutMsg: 'the new brief’s headline does not have the keyboard',
  });
  await screenshot(browser, 'menu-new-brief-from-welcome');
});

test('View › Find in Library (Ctrl+F through the menu) from the issues view shows the library and its search', async () => {
  await (await findByTestId(browser, 'tab-issues')).click();
  await browser.waitUntil(async () => !(await (await findByTestId(browser, 'headline-input')).isDisplayed()), {
    timeout: 5_000,
    timeoutMsg: 'the issues view did not open',
  });
  await pressOnAppWindow('Briefdesk', 'ctrl+f');
  await browser.waitUntil(async () => (await focusedTestId()) === 'search-input', {
    timeout: 5_000,
    timeoutMsg: 'Find in Library from the menu did not put the keyboard in the library’s search',
  });
  assert.equal(await (await findByTestId(browser, 'headline-input')).isDisplayed(), true);
});
