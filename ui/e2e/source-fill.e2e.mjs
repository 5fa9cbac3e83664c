// A source filled from its page in the real app: a URL served from 127.0.0.1 by this spec is
// written into a new brief's source, and when the field is left the page is read in the
// background: the empty outlet and date fill in, with a line saying from where. What the
// editor typed stays; a server that is not there reads "Offline, will try again."
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Key } from 'webdriverio';
import { appSession, findByTestId, RUN, screenshot } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);

const OUTLET = `Tidewater Post ${RUN}`;
const PAGE = `<!DOCTYPE html><html lang="en"><head><title>Ferry line restored</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry line restored",
"datePublished": "2021-03-04T09:00:00Z", "publisher": {"@type": "Organization", "name": "${OUTLET}"}}</script>
</head><body><article><p>The ferry line to the islands runs again from Monday, the operator said.</p></article></body></html>`;

let server;
let base;
before(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/story')) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(PAGE);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

const valueOf = async (testId) => (await byTestId(testId)).getValue();

/** A stored date as the date field shows it (the system's numeric form, else ISO). */
async function shownDate(iso) {
  const shown = await session.browser.execute((d) => {
    const [y, m, day] = d.split('-').map(Number);
    return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, day)));
  }, iso);
  return /^[\d/.-]+$/u.test(shown) ? shown : iso;
}

async function noteReads(expected) {
  let seen = '';
  await session.browser
    .waitUntil(
      async () => {
        seen = await session.browser.execute(() => document.querySelector('[data-testid="source-fill-note"]')?.textContent ?? '');
        return seen.trim() === expected;
      },
      { timeout: 15_000, timeoutMsg: `the note never read "${expected}"` },
    )
    .catch((error) => {
      throw new Error(`${error.message}; it read ${JSON.stringify(seen)}`);
    });
}

test('leaving a source URL fills its empty outlet and date from the page, and says from where', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', `Ferry ${RUN}: the island line runs again`);
    await typeInto('url-input', `${base}/story/ferry`);
    await session.browser.keys(Key.Tab);

    await noteReads('Filled the outlet from JSON-LD and the date from JSON-LD.');
    assert.equal(await valueOf('outlet-input'), OUTLET);
    assert.equal(await valueOf('date-input'), await shownDate('2021-03-04'));
    await screenshot(session.browser, 'source-filled');

    // A second brief whose outlet the editor already typed: only the date is filled.
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', `Ferry again ${RUN}`);
    await typeInto('outlet-input', 'Typed by the editor');
    await typeInto('url-input', `${base}/story/ferry-again`);
    await session.browser.keys(Key.Tab);
    await noteReads('Filled the date from JSON-LD.');
    assert.equal(await valueOf('outlet-input'), 'Typed by the editor');

    // Nothing listening: the window says so and keeps the fields as they were.
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', `Offline ${RUN}`);
    await typeInto('url-input', `http://127.0.0.1:${port}/story/gone`);
    await session.browser.keys(Key.Tab);
    await noteReads('Offline, will try again.');
    assert.equal(await valueOf('outlet-input'), '');
  } catch (error) {
    await screenshot(session.browser, `source-fill-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});
