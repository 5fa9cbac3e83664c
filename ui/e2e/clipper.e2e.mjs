// The browser clipper in the real app, the way Linux delivers its links: the app binary is
// launched a second time with a briefdesk://clip link as its only argument; that launch hands
// the link to the running window (tauri-plugin-single-instance, over the run's D-Bus session
// bus) and exits. Exactly one draft appears, selected, "clipped from" its site, its source then
// filled from the page this spec serves on 127.0.0.1. Hostile links (a javascript: page, script
// in the title and selection, an oversized link) make nothing, or nothing that runs.
// The library is shared by every spec of the run: names carry this run's token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { RUN, appSession, cli, findByTestId, screenshot } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);

const OUTLET = `Harbour Gazette ${RUN}`;
const TITLE = `Ferry "line" restored ${RUN}`;
const SELECTION = `The operator said: "it runs again".\n\n'From Monday,' she wrote.`;
const PAGE = `<!DOCTYPE html><html lang="en"><head><title>${TITLE}</title>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-04T09:00:00Z",
"publisher": {"@type": "Organization", "name": "${OUTLET}"}}</script>
</head><body><article><p>The operator said: "it runs again". From Monday, she wrote.</p></article></body></html>`;

let server;
let base;
before(async () => {
  server = createServer((request, response) => {
    response.writeHead(request.url?.startsWith('/story') ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(request.url?.startsWith('/story') ? PAGE : '');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());

/** A clip link as the bookmarklet writes it. */
function clipLink(url, title, selection) {
  return `briefdesk://clip?url=${encodeURIComponent(url)}&title=${encodeURIComponent(title)}&selection=${encodeURIComponent(selection)}`;
}

/** Launches the app a second time with `link`, as the desktop does; resolves when it has handed it over and exited. */
function launchWith(link) {
  const home = join(process.env.BRIEFDESK_E2E_ARTIFACTS ?? '.', 'home');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISPLAY: process.env.DISPLAY,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
    BRIEFDESK_LIBRARY: process.env.BRIEFDESK_E2E_LIBRARY,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    GSETTINGS_BACKEND: 'memory',
    NO_AT_BRIDGE: '1',
    WEBKIT_DISABLE_DMABUF_RENDERER: '1',
    BRIEFDESK_UPDATE_ENDPOINT: 'http://127.0.0.1:9/latest.json',
  };
  assert.ok(env.DBUS_SESSION_BUS_ADDRESS, 'run through `cargo xtask e2e`, which starts a D-Bus session bus');
  return new Promise((resolve, reject) => {
    execFile(process.env.BRIEFDESK_APP, [link], { env, timeout: 30_000 }, (error) => {
      if (error) reject(new Error(`the second launch did not hand the link over and exit: ${error.message}`));
      else resolve();
    });
  });
}

async function noticeReads(pattern) {
  let seen = '';
  await session.browser
    .waitUntil(
      async () => {
        seen = await session.browser.execute(() => document.querySelector('[data-testid="clip-notice-message"]')?.textContent ?? '');
        return pattern.test(seen);
      },
      { timeout: 20_000, timeoutMsg: `the clip notice never matched ${pattern}` },
    )
    .catch((error) => {
      throw new Error(`${error.message}; it read ${JSON.stringify(seen)}`);
    });
  return seen;
}

const ours = async () => (await cli('briefs', '--limit', '1000')).filter((b) => b.headline.includes(RUN));

test('a link handed to the running app makes exactly one draft, selected and filled from its page', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    const url = `${base}/story/ferry`;
    await launchWith(clipLink(url, TITLE, SELECTION));

    const said = await noticeReads(/^Clipped from 127\.0\.0\.1\. Filled/u);
    assert.match(said, /the outlet from JSON-LD/u);
    assert.match(said, /the date from JSON-LD/u);
    const made = (await ours()).filter((b) => b.headline === TITLE);
    assert.equal(made.length, 1, 'exactly one draft was made');
    const brief = await cli('brief', 'show', made[0].id);
    assert.equal(brief.status, 'draft');
    assert.equal(brief.body, `> The operator said: "it runs again".\n>\n> 'From Monday,' she wrote.`);
    assert.equal(brief.sources.length, 1);
    assert.equal(brief.sources[0].url, url);
    assert.equal(brief.sources[0].outlet, OUTLET);
    assert.equal(brief.sources[0].date, '2021-03-04');

    // The draft is the one open in the editor.
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) === TITLE, {
      timeout: 10_000,
      timeoutMsg: 'the clipped draft was not opened',
    });
    await screenshot(session.browser, 'clipped');
  } catch (error) {
    await screenshot(session.browser, `clipper-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});

test('hostile and oversized links make nothing harmful', async (t) => {
  try {
    const before = (await ours()).length;
    // A javascript: "page": refused, nothing made.
    await launchWith(clipLink('javascript:window.__clipped=1', `Hostile ${RUN}`, 'x'));
    await noticeReads(/^A clip link was refused: url: only web pages/u);
    // Over the whole link's limit (120,000 bytes; a 10 MB selection could not even be passed
    // on a command line, whose single argument holds 128 KiB): refused, nothing made.
    await launchWith(clipLink(`${base}/story/long`, `Long ${RUN}`, 'y'.repeat(125_000)));
    await noticeReads(/^A clip link was refused: link: the clip link is [\d,]+ bytes, over the limit/u);
    // Not a clip: no other action exists.
    await launchWith(`briefdesk://delete?id=${RUN}`);
    await noticeReads(/^A clip link was refused: link: a Briefdesk link can only clip a page/u);
    assert.equal((await ours()).length, before, 'no draft came of a refused link');

    // Script in the title and the selection: kept as text, never run.
    const title = `<img src=x onerror="window.__clipped=1"> Script ${RUN}`;
    await launchWith(clipLink(`${base}/story/script`, title, '<script>window.__clipped=1</script>\n<img src=x onerror="window.__clipped=1">'));
    await noticeReads(/^Clipped from 127\.0\.0\.1\. (Filled|The page)/u);
    assert.equal((await ours()).length, before + 1);
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) === title, {
      timeout: 10_000,
      timeoutMsg: 'the clipped draft was not opened',
    });
    const ran = await session.browser.execute(() => 'undefined' !== typeof window.__clipped || document.querySelector('img[src="x"]') !== null);
    assert.equal(ran, false, 'nothing from the link ran or became an element');
  } catch (error) {
    await screenshot(session.browser, `clipper-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});

test('Settings offers the bookmarklet to drag to the bookmarks bar, and clicking it here does nothing', async (t) => {
  try {
    await (await byTestId('open-settings')).click();
    const link = await byTestId('bookmarklet-link');
    await link.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await link.getText(), 'Clip to Briefdesk');
    const href = await link.getAttribute('href');
    assert.ok(href.startsWith('javascript:'), href);
    assert.match(decodeURIComponent(href), /briefdesk:\/\/clip\?url=/u);
    const before = (await ours()).length;
    await link.click();
    await session.browser.pause(500);
    assert.equal((await ours()).length, before, 'the bookmarklet did not run inside the app');
    await link.scrollIntoView();
    await screenshot(session.browser, 'settings-clipper');
  } catch (error) {
    await screenshot(session.browser, `clipper-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});

test('a web address pasted into the library becomes a draft headed and filled from its page', async (t) => {
  try {
    await session.browser.keys('Escape');
    await (await byTestId('settings-dialog')).waitForExist({ reverse: true, timeout: 10_000 });
    const url = `${base}/story/pasted`;
    // A paste into the list (not a text field), as Ctrl+V there delivers it.
    await session.browser.execute((pasted) => {
      const data = new DataTransfer();
      data.setData('text/plain', pasted);
      const list = document.querySelector('[data-testid="library-summary"]');
      list?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, url);
    const said = await noticeReads(/^Clipped from 127\.0\.0\.1\. Filled the headline from/u);
    assert.match(said, /the outlet from JSON-LD/u);
    const made = (await ours()).filter((b) => b.headline === TITLE);
    assert.equal(made.length, 2, 'the pasted page made one more draft, headed with its title');
    await session.browser.waitUntil(async () => (await (await byTestId('url-input')).getValue()) === url, {
      timeout: 10_000,
      timeoutMsg: 'the pasted draft was not opened',
    });
  } catch (error) {
    await screenshot(session.browser, `clipper-failure-${t.name.slice(0, 20)}`).catch(() => {});
    throw error;
  }
});
