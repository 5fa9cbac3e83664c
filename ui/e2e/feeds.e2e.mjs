// The feeds inbox in the real app: a feed served from 127.0.0.1 by this spec is subscribed to
// by its address in the Inbox tab, its items arrive in the background (newest first, their
// HTML reduced to text), j moves down a row, Enter makes a draft brief of the item, and the
// draft is in the library with its source filled from the item.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { appSession, findByTestId, RUN, screenshot } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);

const FEED_TITLE = `Harbour Gazette ${RUN}`;
const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${FEED_TITLE}</title><link>https://gazette.example/</link>
<item><title>Cranes idle ${RUN} as strike nears</title><link>https://gazette.example/cranes-${RUN}</link>
<guid>cranes-${RUN}</guid><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Port cranes stood idle&lt;/p&gt;&lt;img src=x onerror="document.title='pwned'"&gt;</description></item>
<item><title>Pier ${RUN} reopens after repairs</title><link>https://gazette.example/pier-${RUN}</link>
<guid>pier-${RUN}</guid><pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>
<description>Repairs took a month.</description></item>
</channel></rss>`;

let server;
let base;
before(async () => {
  server = createServer((request, response) => {
    if (request.url === '/feed.xml') {
      response.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8', ETag: `"${RUN}"` });
      response.end(FEED);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

const itemTitles = () =>
  session.browser.execute(() => [...document.querySelectorAll('[data-testid="inbox-item"] .title')].map((e) => e.textContent ?? ''));

test('subscribe to a local feed, see its items, draft one with Enter, find the draft in the library', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await (await byTestId('tab-inbox')).click();
    const url = await byTestId('feed-url');
    await url.waitForDisplayed({ timeout: 10_000 });
    await url.setValue(`${base}/feed.xml`);
    await (await byTestId('feed-subscribe')).click();

    // The feed is fetched in the background; its items arrive as an event.
    await session.browser.waitUntil(async () => (await itemTitles()).some((title) => title.includes(`Pier ${RUN}`)), {
      timeout: 20_000,
      timeoutMsg: 'the feed’s items never arrived',
    });
    const feeds = await session.browser.execute(() => [...document.querySelectorAll('[data-testid="feed-row"] .name')].map((e) => e.textContent));
    assert.ok(feeds.includes(FEED_TITLE), `feeds: ${feeds}`);
    const titles = (await itemTitles()).filter((title) => title.includes(RUN));
    assert.deepEqual(titles, [`Cranes idle ${RUN} as strike nears`, `Pier ${RUN} reopens after repairs`]);
    // The summary's markup is text now; nothing of it ran.
    const summaries = await session.browser.execute(() => [...document.querySelectorAll('[data-testid="inbox-item"] .summary')].map((e) => e.textContent));
    assert.ok(summaries.includes('Port cranes stood idle'), `summaries: ${summaries}`);
    assert.notEqual(await session.browser.execute(() => document.title), 'pwned');
    assert.equal(await session.browser.execute(() => document.querySelectorAll('[data-testid="inbox"] img').length), 0);
    await screenshot(session.browser, 'inbox-items');

    // Keyboard first: focus the list on the first of this run's items, move down, Enter.
    await session.browser.execute((run) => {
      const rows = [...document.querySelectorAll('[data-testid="inbox-item"]')];
      const first = rows.find((row) => row.textContent?.includes(`Cranes idle ${run}`));
      first?.click();
      document.querySelector('[data-testid="inbox-items"]')?.focus();
    }, RUN);
    await session.browser.keys('j');
    await session.browser.keys('Enter');

    // The draft opens in the library's editor, its source filled from the item.
    const headline = await byTestId('headline-input');
    await session.browser.waitUntil(async () => (await headline.isDisplayed()) && (await headline.getValue()) === `Pier ${RUN} reopens after repairs`, {
      timeout: 15_000,
      timeoutMsg: 'the draft never opened',
    });
    assert.equal(await (await byTestId('outlet-input')).getValue(), FEED_TITLE);
    assert.equal(await (await byTestId('url-input')).getValue(), `https://gazette.example/pier-${RUN}`);

    // And it is in the library's list.
    const search = await byTestId('search-input');
    await search.setValue(`Pier ${RUN}`);
    await session.browser.waitUntil(
      async () =>
        session.browser.execute(
          (run) => [...document.querySelectorAll('[data-testid="brief-row"]')].some((row) => row.textContent?.includes(`Pier ${run}`)),
          RUN,
        ),
      { timeout: 10_000, timeoutMsg: 'the draft is not in the library' },
    );

    // Back in the inbox, the item is marked drafted.
    await (await byTestId('tab-inbox')).click();
    await session.browser.waitUntil(
      async () =>
        session.browser.execute(
          (run) =>
            [...document.querySelectorAll('[data-testid="inbox-item"]')].find((row) => row.textContent?.includes(`Pier ${run}`))?.getAttribute('data-state'),
          RUN,
        ).then((state) => state === 'drafted'),
      { timeout: 10_000, timeoutMsg: 'the item is not marked drafted' },
    );
    await screenshot(session.browser, 'inbox-drafted');
  } catch (error) {
    await screenshot(session.browser, 'feeds-failure').catch(() => {});
    throw error;
  }
});
