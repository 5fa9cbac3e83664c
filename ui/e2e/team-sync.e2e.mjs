// The team library in the window: the app, on a replica, syncs in the background. A brief
// written on another replica and synced there by the CLI appears in the window, and the sync
// status says "synced"; with the server stopped it says "offline since …".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { RUN, findByTestId, openApp, screenshot, textOfAll } from './session.mjs';
import { startPostgres } from './pg.mjs';

const run = promisify(execFile);
let server;
let browser;
const dir = mkdtempSync(join(tmpdir(), 'briefdesk-team-e2e-'));
const anna = join(dir, 'anna.sqlite3');
const ben = join(dir, 'ben.sqlite3');

async function briefdesk(library, ...args) {
  const { stdout } = await run(process.env.BRIEFDESK_CLI, ['--library', library, ...args]);
  return stdout;
}

before(async () => {
  server = await startPostgres();
  await briefdesk(anna, 'team', 'init', '--server', server.url, '--name', 'Anna');
  await briefdesk(ben, 'team', 'join', '--server', server.url);
  browser = await openApp({ args: [ben] });
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  server?.stop();
});

test('a brief synced from another replica appears in the window, and the status says synced', async (t) => {
  try {
    const status = await findByTestId(browser, 'sync-status');
    await status.waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(async () => (await status.getAttribute('data-kind')) === 'synced', {
      timeout: 20_000,
      timeoutMsg: 'the status never said synced',
    });

    const headline = `Team sync ${RUN}: the harbour reopens`;
    const file = join(dir, 'brief.txt');
    writeFileSync(file, `${headline}\n\nA paragraph written on Anna's replica.\n\nSource: Radio Free Asia, November 27, 2020\n`);
    await briefdesk(anna, 'import', file);
    await briefdesk(anna, 'team', 'sync', '--server', server.url);

    await browser.waitUntil(async () => (await textOfAll(browser, '.app')).includes(headline), {
      timeout: 20_000,
      timeoutMsg: 'the brief from the other replica did not appear',
    });
    assert.equal((await textOfAll(browser, '[data-testid="sync-status"]')).trim(), 'synced');
    await screenshot(browser, 'team-sync');

    server.stop();
    server = null;
    await browser.waitUntil(async () => (await status.getAttribute('data-kind')) === 'offline', {
      timeout: 20_000,
      timeoutMsg: 'the status never said offline',
    });
    assert.match((await textOfAll(browser, '[data-testid="sync-status"]')).trim(), /^offline since \d\d:\d\d$/);
  } catch (error) {
    await screenshot(browser, 'team-sync-failure').catch(() => {});
    t.diagnostic(String(error));
    throw error;
  }
});
