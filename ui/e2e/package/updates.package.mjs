// The updater end to end on the installed package, run by `cargo xtask test-package`: it serves
// a release feed on 127.0.0.1 (BRIEFDESK_UPDATE_FEED) offering the installed .deb with a higher
// version, signed with the throwaway key the test build trusts, and checks the package's version
// and the library after this spec. Each refusal must leave the installed package as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appSession, findByTestId, screenshot } from '../session.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: run this through cargo xtask test-package`);
  return value;
}

const FEED = required('BRIEFDESK_UPDATE_FEED');
const PACKAGE = required('BRIEFDESK_PACKAGE');
const NEWER = required('BRIEFDESK_UPDATE_VERSION');
const LIBRARY = required('BRIEFDESK_E2E_LIBRARY');
const LOG = join(required('BRIEFDESK_E2E_ARTIFACTS'), 'home/state/briefdesk/logs/briefdesk.log');

const installedVersion = () => execFileSync('dpkg-query', ['-W', '-f=${Version}', PACKAGE]).toString().trim();
const BEFORE = installedVersion();

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);

async function feedOffers(mode) {
  const answer = await fetch(`${FEED}/mode/${mode}`);
  assert.equal(answer.status, 200, `the feed refused mode ${mode}`);
}

async function waitForPhase(phase, timeout = 30_000) {
  await session.browser.waitUntil(
    async () => {
      const notice = await byTestId('update-notice');
      return (await notice.isExisting()) && (await notice.getAttribute('data-phase')) === phase;
    },
    { timeout, timeoutMsg: `the update notice never showed "${phase}"` },
  );
}

const noticeText = () =>
  session.browser.execute(() => document.querySelector('[data-testid="update-notice"]')?.textContent ?? '');

/** Settings › Updates › Check Now (what Help › Check for Updates… runs), then back to the window. */
async function checkNow() {
  await (await byTestId('open-settings')).click();
  const button = await byTestId('settings-update-check');
  await button.waitForClickable({ timeout: 10_000 });
  await button.click();
  await waitForPhase('offered');
  await (await (await byTestId('settings-dialog')).$('button=Cancel')).click();
  await button.waitForExist({ reverse: true, timeout: 10_000 });
}

async function installIsRefused(words, name, timeout = 30_000) {
  await (await byTestId('update-install')).click();
  await waitForPhase('failed', timeout);
  const error = await session.browser.execute(
    () => document.querySelector('[data-testid="update-error"]')?.textContent ?? '',
  );
  await screenshot(session.browser, name);
  assert.match(error, words);
  assert.match(error, /Nothing was installed/);
  assert.equal(installedVersion(), BEFORE, 'a refused update changed the installed package');
}

/** The pid and the library of each start of the app, from its log. */
function starts() {
  if (!existsSync(LOG)) return [];
  const found = [];
  for (const line of readFileSync(LOG, 'utf8').split('\n')) {
    const start = /Briefdesk starting.*\bpid=(\d+)/.exec(line);
    if (start) found.push({ pid: Number(start[1]), library: null });
    const opened = /library opened library=(.*)$/.exec(line);
    if (opened && found.length > 0) found[found.length - 1].library = opened[1].trim();
  }
  return found;
}

test('the check at start-up offers the newer release', async () => {
  await waitForPhase('offered');
  const text = await noticeText();
  assert.match(text, new RegExp(`Briefdesk ${NEWER.replaceAll('.', '\\.')} is available`));
  assert.match(text, new RegExp(`you have ${BEFORE.replaceAll('.', '\\.')}`));
});

test('a release signed with another key is refused', async () => {
  await installIsRefused(/signature is not one made with Briefdesk's signing key/, 'update-bad-signature');
});

test('a download cut short is refused', async () => {
  await feedOffers('truncated');
  await checkNow();
  await installIsRefused(/broke off before its end/, 'update-truncated');
});

test('a server that stops sending is given up on', async () => {
  await feedOffers('hang');
  await checkNow();
  await installIsRefused(/sent nothing for \d+ seconds/, 'update-stalled', 60_000);
});

test('the signed release is installed and the app comes back on the same library', async () => {
  assert.equal(starts().length, 1, 'the app started more than once before the update');
  await feedOffers('good');
  await checkNow();
  await (await byTestId('update-install')).click();
  // The package manager installs it, then the app restarts itself: this session's window goes.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && (installedVersion() !== NEWER || starts().length < 2)) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.equal(installedVersion(), NEWER, 'the newer package was not installed');
  const [first, second] = starts();
  assert.ok(second, 'the app did not start again after installing the update');
  assert.notEqual(second.pid, first.pid);
  // Its library is opened when it starts: give the line a moment to reach the log.
  const opened = Date.now() + 15_000;
  while (Date.now() < opened && starts()[1].library === null) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(starts()[1].library, LIBRARY, 'the restarted app opened another library');
  // Still running: it started, it did not fail on the way up.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assert.doesNotThrow(() => process.kill(second.pid, 0), 'the restarted app is not running');
  process.kill(second.pid, 'SIGTERM');
  // The session's app is gone (it restarted itself): nothing to close; tauri-driver is stopped after.
  session.browser = null;
});
