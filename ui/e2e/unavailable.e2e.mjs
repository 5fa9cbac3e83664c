// A damaged library, opened by the real app: the window says why and that the file was not
// changed, lists the library's backups, and restores one when the editor asks; the briefs saved
// before the damage are back. The library is made and damaged here, beside this run's own, with
// the real CLI; the app is started on it through its command line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { openSync, readFileSync, writeSync, closeSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { RUN, findByTestId, openApp, screenshot, textOfAll } from './session.mjs';

const run = promisify(execFile);
let browser;

after(async () => {
  if (browser) {
    await browser.deleteSession();
  }
});

async function cli(library, ...args) {
  const program = process.env.BRIEFDESK_CLI;
  assert.ok(program, 'run through `cargo xtask e2e` (BRIEFDESK_CLI)');
  return run(program, ['--library', library, ...args]);
}

/** Overwrites a page in the middle of the file, as a bad disk or a torn write would. */
function damage(file) {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, 4096);
  } finally {
    closeSync(fd);
  }
}

test('a damaged library offers its backups, and restoring one brings the briefs back', async (t) => {
  const base = process.env.BRIEFDESK_E2E_LIBRARY;
  assert.ok(base, 'run through `cargo xtask e2e` (BRIEFDESK_E2E_LIBRARY)');
  const folder = join(dirname(base), `damaged-${RUN}`);
  mkdirSync(folder, { recursive: true });
  const library = join(folder, 'briefs.sqlite3');
  const headline = `Saved before the damage ${RUN}`;
  await cli(library, 'brief', 'add', '--headline', headline, '--body', 'Kept in the backup.');
  for (let i = 0; i < 40; i += 1) {
    // Enough pages that the damaged one holds briefs, not only the header.
    await cli(library, 'brief', 'add', '--headline', `Filler ${i} ${RUN}`, '--body', 'x'.repeat(400));
  }
  await cli(library, 'backup');
  damage(library);
  const damagedBytes = readFileSync(library);

  browser = await openApp({ args: [library] });
  try {
    const panel = await findByTestId(browser, 'library-unavailable');
    await panel.waitForDisplayed({ timeout: 20_000 });
    const text = await textOfAll(browser, '[data-testid="library-unavailable"]');
    assert.match(text, /damaged/);
    assert.match(text, /has not changed the file/);
    assert.ok(readFileSync(library).equals(damagedBytes), 'opening changed the damaged file');

    await browser.waitUntil(async () => (await browser.$$('[data-testid="backup-row"]')).length >= 1, {
      timeout: 10_000,
      timeoutMsg: 'the backups were not listed',
    });
    assert.match(await textOfAll(browser, '[data-testid="backup-row"]'), /made by hand/);
    await screenshot(browser, 'unavailable-with-backups');

    await (await findByTestId(browser, 'restore-backup')).click();
    await (await findByTestId(browser, 'confirm-restore')).click();
    // The window reloads on the restored library, with every brief saved before the damage
    // (the list draws only the rows in view; the newest filler is at the top).
    await browser.waitUntil(async () => (await textOfAll(browser, '[data-testid="brief-list"]')).includes(`Filler 39 ${RUN}`), {
      timeout: 20_000,
      timeoutMsg: 'the restored library did not show its briefs',
    });
    assert.match(await textOfAll(browser, 'body'), /41 briefs/i);
    const { stdout } = await cli(library, 'briefs', '--limit', '100', '--json');
    assert.ok(JSON.parse(stdout).some((b) => b.headline === headline), 'the first brief is in the restored file');
    assert.ok(existsSync(join(folder, 'backups')), 'the backups folder is beside the library');
  } catch (error) {
    await screenshot(browser, 'unavailable-failure').catch(() => {});
    t.diagnostic(String(error));
    throw error;
  }
});
