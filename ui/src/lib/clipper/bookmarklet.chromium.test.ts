// @vitest-environment node
// The bookmarklet's own code (BOOKMARKLET_CODE) run in headless Chromium on pages served from
// 127.0.0.1: the link it opens is read back and compared with the exact expected text. The page
// selects its text the way an editor would (a Range over it) and runs the code with a stand-in
// `location`, whose address is the page's and whose `href` records the link instead of leaving.
// Chromium comes with `cargo xtask setup` on Linux; elsewhere the test is skipped unless
// BRIEFDESK_CHROMIUM names a Chromium or Chrome binary.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { BOOKMARKLET_CODE, BOOKMARKLET_HREF, MAX_SELECTION_CHARS } from './bookmarklet';

function findChromium(): string | null {
  const named = process.env.BRIEFDESK_CHROMIUM;
  if (named) return named;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    if (spawnSync('which', [name]).status === 0) return name;
  }
  return null;
}

const browser = findChromium();
const required = process.platform === 'linux';

const QUOTED = `He said: "it runs again".\n\n'From Monday,' she wrote — \u201cfor good\u201d.`;
const TITLE = `Ferry "line" & 'port' restored`;
/** 12,000 UTF-16 units with a two-unit character across the 10,000 mark. */
const LONG = `${'abcdefghij'.repeat(999)}abcdefghi\u{1F6A2}${'k'.repeat(1_999)}`;

function page(title: string, text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><pre id="quote">${escape(text)}</pre><p id="out"></p>
<script>
var range = document.createRange();
range.selectNodeContents(document.getElementById('quote'));
window.getSelection().removeAllRanges();
window.getSelection().addRange(range);
var stand = { href: location.href };
new Function('location', ${JSON.stringify(BOOKMARKLET_CODE)})(stand);
document.getElementById('out').textContent = 'LINK:' + btoa(stand.href) + ':END';
</script></body></html>`;
}

let server: Server;
let base = '';
let profile = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const body = request.url === '/quoted' ? page(TITLE, QUOTED) : request.url === '/long' ? page('Long read', LONG) : null;
    response.writeHead(body === null ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'briefdesk-chromium-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** The link the bookmarklet opened on `path`, as Chromium ran it. */
function linkOn(path: string): Promise<string> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${profile}`,
    '--dump-dom',
    `${base}${path}`,
  ];
  return new Promise((resolve, reject) => {
    // Asynchronous: the page is served by this same process meanwhile.
    execFile(browser ?? 'chromium', args, { timeout: 60_000, maxBuffer: 8 * 1024 * 1024 }, (error, stdout, stderr) => {
      const found = /LINK:([A-Za-z0-9+/=]+):END/.exec(stdout);
      if (found?.[1]) resolve(Buffer.from(found[1], 'base64').toString('latin1'));
      else reject(new Error(`Chromium gave no link (${error?.message ?? 'no error'}): ${stderr.slice(-2000)}`));
    });
  });
}

describe.skipIf(!browser && !required)('the bookmarklet in headless Chromium', () => {
  it('is installed (cargo xtask setup installs chromium)', () => {
    expect(browser, 'no chromium on PATH: run cargo xtask setup, or set BRIEFDESK_CHROMIUM').not.toBeNull();
  });

  it('opens a link with the page address, the title and the selection, quotes and newlines kept', async () => {
    const link = await linkOn('/quoted');
    expect(link).toBe(
      `briefdesk://clip?url=http%3A%2F%2F127.0.0.1%3A${new URL(base).port}%2Fquoted` +
        `&title=Ferry%20%22line%22%20%26%20'port'%20restored` +
        `&selection=He%20said%3A%20%22it%20runs%20again%22.%0A%0A'From%20Monday%2C'%20she%20wrote%20%E2%80%94%20%E2%80%9Cfor%20good%E2%80%9D.`,
    );
  });

  it(`cuts a long selection at ${MAX_SELECTION_CHARS} characters, never inside a character`, async () => {
    const link = await linkOn('/long');
    const selection = new URL(link.replace('briefdesk://', 'http://')).searchParams.get('selection') ?? '';
    // The ship (two UTF-16 units at 9,999 and 10,000) would be split by the cut: it is left out.
    expect(selection).toBe(LONG.slice(0, MAX_SELECTION_CHARS - 1));
    expect(link).toBe(
      `briefdesk://clip?url=${encodeURIComponent(`${base}/long`)}&title=Long%20read&selection=${'abcdefghij'.repeat(999)}abcdefghi`,
    );
  });
});

describe('the bookmarklet link', () => {
  it('is the code, as a javascript: address', () => {
    expect(BOOKMARKLET_HREF.startsWith('javascript:')).toBe(true);
    expect(decodeURIComponent(BOOKMARKLET_HREF.slice('javascript:'.length))).toBe(BOOKMARKLET_CODE);
  });
});
