// The README's screenshots, taken from the real app on a fresh library with the sample issue:
// `cargo xtask screenshots` writes them into docs/. Not part of `cargo xtask test`.
import { test, before, after } from 'node:test';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findByTestId, openApp, screenshot, textOfAll } from '../session.mjs';

const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));

let browser;

before(async () => {
  browser = await openApp();
});

after(async () => {
  if (browser) await browser.deleteSession();
});

const byTestId = (id) => findByTestId(browser, id);

/** Screenshots the window into docs/NAME.png. */
async function shoot(name) {
  // Let transitions and the preview frame settle.
  await new Promise((resolve) => setTimeout(resolve, 800));
  copyFileSync(await screenshot(browser, name), `${DOCS}${name}.png`);
}

async function openBriefNamed(words) {
  await browser.waitUntil(async () => (await textOfAll(browser, '[data-testid="brief-row"]')).includes(words), {
    timeout: 15_000,
    timeoutMsg: `no brief row with "${words}"`,
  });
  const rows = await browser.$$('[data-testid="brief-row"]');
  for (const row of rows) {
    if ((await browser.execute((el) => el.textContent ?? '', row)).includes(words)) {
      await row.click();
      break;
    }
  }
  await browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()).includes(words), { timeout: 10_000 });
}

test('the README screenshots', async () => {
  await (await byTestId('welcome')).waitForDisplayed({ timeout: 15_000 });
  await (await byTestId('load-sample')).click();
  // The sample opens in the composer; the first shot is of the library.
  await (await byTestId('tab-library')).click();

  await openBriefNamed('Xinhua: State Council');
  await shoot('screenshot');

  await (await byTestId('toggle-preview')).click();
  await (await byTestId('body-preview')).waitForDisplayed({ timeout: 10_000 });
  await shoot('editor');
  await (await byTestId('toggle-preview')).click();

  await (await byTestId('tab-issues')).click();
  await browser.waitUntil(async () => (await browser.$$('[data-testid="issue-row"]')).length > 0, { timeout: 15_000 });
  await (await browser.$$('[data-testid="issue-row"]'))[0].click();
  await (await byTestId('issue-totals')).waitForDisplayed({ timeout: 10_000 });
  await shoot('composer');
  await (await byTestId('tab-library')).click();

  await (await byTestId('open-export')).click();
  await (await byTestId('export-dialog')).waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(
    async () => /<h1/.test(await browser.execute(() => document.querySelector('[data-testid="export-preview-frame"]')?.getAttribute('srcdoc') ?? '')),
    { timeout: 15_000 },
  );
  await shoot('export');
});
