// An issue's links checked from the composer in the real app: a brief whose source is gone
// (404) and whose body links to a moved page, both served from 127.0.0.1 by this spec, is put
// in an issue through the CLI before the app opens; "Check links" lists the broken link and
// the redirect beside the brief, while the links that work are not listed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { appSession, findByTestId, RUN, screenshot, textOfAll } from './session.mjs';

const run = promisify(execFile);
const HEADLINE = `Links ${RUN}: the ferry timetable`;
// A number of its own in the shared library: 900 to 999.
const NUMBER = 900 + Math.floor(Math.random() * 100);

let server;
let base;

async function cli(...args) {
  const program = process.env.BRIEFDESK_CLI;
  const library = process.env.BRIEFDESK_E2E_LIBRARY;
  assert.ok(program && library, 'run through `cargo xtask e2e` (BRIEFDESK_CLI, BRIEFDESK_E2E_LIBRARY)');
  const { stdout } = await run(program, ['--library', library, ...args, '--json']);
  return JSON.parse(stdout);
}

// Before the app opens (registered before appSession), so the window reads the issue at start.
before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/old') {
      response.writeHead(302, { Location: '/new' });
      response.end();
    } else if (request.url === '/new' || request.url === '/fine') {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<p>here</p>');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  const brief = await cli(
    'brief', 'add', '--headline', HEADLINE, '--outlet', 'Island Herald', '--date', '2021-03-04',
    '--url', `${base}/gone`, '--body', `The [timetable](${base}/old) and the [fares](${base}/fine).`, '--status', 'ready',
  );
  await cli('issue', 'new', '--number', String(NUMBER), '--title', `Links ${RUN}`, '--date', '2021-03-05');
  await cli('issue', 'add', String(NUMBER), brief.id);
});
after(() => server?.close());

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);

test('Check links flags the broken source and the redirected body link beside their brief', async (t) => {
  try {
    await (await byTestId('tab-issues')).click();
    const row = await session.browser.$(`[data-testid="issue-row"][data-number="${NUMBER}"]`);
    await row.waitForDisplayed({ timeout: 15_000 });
    await row.click();
    await (await byTestId('check-links')).click();
    await session.browser.waitUntil(async () => (await textOfAll(session.browser, '[data-testid="link-summary"]')).includes('2 links of 3 to look at'), {
      timeout: 30_000,
      timeoutMsg: 'the link check did not report 2 of 3 links',
    });
    const items = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="link-item"]')].map((li) => `${li.dataset.state}|${li.textContent.replace(/\s+/gu, ' ').trim()}`),
    );
    assert.deepEqual(items, [
      `broken|Broken ${HEADLINE} source link ${base}/gone is broken: ${base}/gone answered 404 Not Found`,
      `redirected|Redirected ${HEADLINE} body link ${base}/old redirects to ${base}/new`,
    ]);
    await screenshot(session.browser, 'link-check');
  } catch (error) {
    await screenshot(session.browser, `link-check-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});
