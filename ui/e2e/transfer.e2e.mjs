// Import and export end to end in the real app. Native open and save dialogs cannot be driven,
// so briefs come in by pasting: a briefing in the house style (with page chrome to skip), then a
// Briefdesk Markdown export, which brings its issue along; that issue is then exported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerSaveDialog, readClipboard } from './desktop.mjs';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

const countOf = (selector) => session.browser.execute((s) => document.querySelectorAll(s).length, selector);

/** Puts text into the paste box the way a paste does: one input event with all of it. */
async function paste(text) {
  const box = await byTestId('import-text');
  await box.waitForDisplayed({ timeout: 10_000 });
  await session.browser.execute((value) => {
    const area = document.querySelector('[data-testid="import-text"]');
    area.focus();
    area.value = value;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

async function waitForText(selector, pattern, message) {
  await session.browser.waitUntil(async () => pattern.test(await textOf(selector)), { timeout: 15_000, timeoutMsg: message });
}

/** After a failure, closes whatever dialog is open so the next test starts from the main window. */
async function closeDialogs() {
  for (let i = 0; i < 2; i += 1) {
    if ((await countOf('[role="dialog"]')) === 0) return;
    await session.browser.keys('Escape');
  }
}

async function openImport() {
  await (await byTestId('open-import')).click();
  await (await byTestId('import-dialog')).waitForDisplayed({ timeout: 10_000 });
}

async function commitImport(expected) {
  const commit = await byTestId('import-commit');
  await session.browser.waitUntil(async () => (await commit.isEnabled()) && (await textOf('[data-testid="import-commit"]')).includes(expected), {
    timeout: 15_000,
    timeoutMsg: `the import button never offered "${expected}"`,
  });
  await commit.click();
  await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 15_000 });
}

const BRIEFING = `Skip to content

Kyodo: Japan Approves a Record Defence Budget for Stand-off Missiles

Japan’s cabinet approved a record defence budget on December 21, with new money for stand-off missiles and two escort ships fitted for missile defence.

> The Ministry of Defense said the budget reflects “an increasingly severe security environment.”

Source: Kyodo News, December 21, 2020
https://example.org/kyodo/2020/12/record-defence-budget

Yonhap: Seoul Extends Its Strictest Distancing Rules Into January

South Korea extended its strictest distancing rules in the capital region by two weeks and banned gatherings of five or more people over the holidays.

Source: Yonhap, December 20, 2020
https://example.org/yonhap/2020/12/distancing-extended
`;

function markdownIssue(number) {
  return `<!-- briefdesk:issue {"number":${number},"title":"Transfer Test Briefing","date":"2020-12-22","status":"draft","subject":"","preheader":"","publication":{"name":"","tagline":""}} -->

# Transfer Test Briefing

No. ${number} · December 22, 2020

<!-- briefdesk:section -->
## Region

<!-- briefdesk:brief {"status":"ready","tags":["Taiwan"],"sources":[{"outlet":"Focus Taiwan","date":"2020-12-21","url":"https://example.org/focustaiwan/semiconductor-exports","title":null}]} -->
### Focus Taiwan: Semiconductor Exports Reach a Record in November

Taiwan’s exports of chips rose 22 percent on the year in November, the finance ministry said.

Source: [Focus Taiwan](https://example.org/focustaiwan/semiconductor-exports), December 21, 2020
`;
}

test('an editor pastes a briefing, previews it and imports it', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await openImport();
    await paste(BRIEFING);

    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-brief"]')) === 2, {
      timeout: 15_000,
      timeoutMsg: 'the preview did not list the two briefs',
    });
    const listed = await textOf('[data-testid="import-briefs"]');
    assert.match(listed, /Kyodo: Japan Approves a Record Defence Budget/);
    assert.match(listed, /Kyodo News/);
    assert.match(listed, /https:\/\/example\.org\/yonhap\/2020\/12\/distancing-extended/);
    const skipped = await textOf('[data-testid="import-skipped"]');
    assert.match(skipped, /Line 1/);
    assert.match(skipped, /Skip to content/);
    assert.match(await textOf('[data-testid="import-summary"]'), /2 briefs found · 1 line skipped/);
    await screenshot(session.browser, 'import');

    await commitImport('Import 2 briefs');
    await waitForText('[data-testid="brief-list"]', /Yonhap: Seoul Extends/, 'the imported briefs did not appear in the library list');
    const list = await textOf('[data-testid="brief-list"]');
    assert.match(list, /Kyodo: Japan Approves a Record Defence Budget/);
    assert.match(list, /Yonhap: Seoul Extends Its Strictest Distancing Rules/);

    // The import is confirmed, with a way to see what came in.
    await waitForText('[data-testid="import-done-message"]', /Imported 2 briefs into the library\./, 'the import was not confirmed');
    await (await byTestId('import-done-show')).click();
    await session.browser.waitUntil(
      async () => /Kyodo: Japan Approves a Record Defence Budget/.test(await (await byTestId('headline-input')).getValue()),
      { timeout: 15_000, timeoutMsg: 'Show in the library did not open the imported brief' },
    );
  } catch (error) {
    const shot = await screenshot(session.browser, 'import-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await closeDialogs().catch(() => {});
    throw error;
  }
});

test('importing the same briefing again finds both briefs already in the library and skips them', async (t) => {
  try {
    await openImport();
    await paste(BRIEFING);
    await waitForText(
      '[data-testid="import-summary"]',
      /2 briefs found, 2 already in the library — skipped/,
      'the second import did not notice the briefs already in the library',
    );
    assert.equal(await countOf('[data-testid="import-duplicate"]'), 2);
    assert.equal(await countOf('[data-testid="import-brief"]'), 0);
    assert.match(await textOf('[data-testid="import-duplicates"]'), /Kyodo: Japan Approves a Record Defence Budget for Stand-off Missiles — same source URL as “Kyodo: Japan Approves/);
    assert.equal(await (await byTestId('import-skip-duplicates')).isSelected(), true);
    assert.equal(await (await byTestId('import-commit')).isEnabled(), false);
    assert.equal((await textOf('[data-testid="import-commit"]')).trim(), 'Nothing new to import');
    await session.browser.keys('Escape');
    await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    const shot = await screenshot(session.browser, 'import-twice-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await closeDialogs().catch(() => {});
    throw error;
  }
});

test('an unreadable paste gets a readable error and nothing to import', async (t) => {
  try {
    await openImport();
    await paste('{\n  "briefdesk": 1,\n  "issue": [\n');
    await waitForText('[data-testid="import-error"]', /Line 4, column \d+/, 'bad JSON did not report its line');
    assert.equal(await (await byTestId('import-commit')).isEnabled(), false);
    await session.browser.keys('Escape');
    await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    const shot = await screenshot(session.browser, 'import-error-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await closeDialogs().catch(() => {});
    throw error;
  }
});

test('an editor imports an issue export and exports that issue in every format', async (t) => {
  try {
    await openImport();
    // A number no earlier spec used: the library is shared by the run's specs.
    const taken = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="import-issue"] option')].map((o) => Number(o.value)).filter((n) => n > 0),
    );
    const number = Math.max(70, ...taken) + 1;
    await paste(markdownIssue(number));
    await waitForText('[data-testid="import-briefs"]', /Focus Taiwan: Semiconductor Exports/, 'the Markdown export was not previewed');
    assert.match(await textOf('[data-testid="import-preview"]'), new RegExp(`No\\. ${number}, a new issue`));
    await commitImport('Import 1 brief');

    await (await byTestId('open-export')).click();
    await (await byTestId('export-dialog')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('export-issue')).selectByAttribute('value', String(number));

    const srcdoc = () =>
      session.browser.execute(() => document.querySelector('[data-testid="export-preview-frame"]')?.getAttribute('srcdoc') ?? '');
    const frameShows = async (pattern) => {
      await session.browser.waitUntil(async () => pattern.test(await srcdoc()), {
        timeout: 15_000,
        timeoutMsg: `the rendered preview never showed ${pattern}`,
      });
    };

    // The web page: rendered in a sandboxed frame, scripts off.
    await frameShows(/<h1[^>]*>Transfer Test Briefing<\/h1>/);
    assert.equal(await session.browser.execute(() => document.querySelector('[data-testid="export-preview-frame"]')?.getAttribute('sandbox')), '');
    await frameShows(/Focus Taiwan: Semiconductor Exports Reach a Record in November/);
    await screenshot(session.browser, 'export');

    // No screenshot of the email: after some earlier steps in a session, WebKitWebDriver's
    // screenshot never returns while the email frame is shown (the page itself stays responsive).
    await (await byTestId('export-format-email')).click();
    await frameShows(/<table[^>]*class="container"/);
    await frameShows(/Focus Taiwan: Semiconductor Exports/);
    await waitForText('[data-testid="export-facts"]', /Email, \d+ KB — under Gmail’s 102 KB clipping limit/, 'no email size');

    await (await byTestId('export-format-markdown')).click();
    await waitForText('[data-testid="export-preview-text"]', /### Focus Taiwan: Semiconductor Exports/, 'no Markdown preview');

    await (await byTestId('export-format-text')).click();
    await waitForText('[data-testid="export-preview-text"]', /Focus Taiwan: Semiconductor Exports[\s\S]*\[1\] https:\/\/example\.org\/focustaiwan/, 'no plain-text preview');

    await (await byTestId('export-format-json')).click();
    await waitForText('[data-testid="export-preview-text"]', /"briefdesk": 1/, 'no JSON preview');

    // Copied Markdown is on the system clipboard, whole.
    await (await byTestId('export-copy-markdown')).click();
    await waitForText('[data-testid="export-outcome"]', /Markdown copied\.|clipboard/, 'copying gave no answer');
    assert.match(await textOf('[data-testid="export-outcome"]'), /Markdown copied\./);
    // The Markdown an editor pastes to publish carries nothing of Briefdesk's own.
    const copied = await readClipboard();
    assert.match(copied, /^# Transfer Test Briefing$/m);
    assert.doesNotMatch(copied, /briefdesk|<!--|"status"|Taiwan"\]/);
    assert.match(copied, /^### Focus Taiwan: Semiconductor Exports Reach a Record in November$/m);

    // Rich text for pasting into a web mail: HTML on the clipboard, plain text beside it.
    await (await byTestId('export-copy-rich')).click();
    await waitForText('[data-testid="export-outcome"]', /Copied as rich text/, 'copying rich text gave no answer');
    assert.match(await readClipboard('text/html'), /<table[^>]*>[\s\S]*Focus Taiwan: Semiconductor Exports/);

    // Saved through the native dialog, as an editor saves: a Markdown file and an HTML page.
    const folder = process.env.BRIEFDESK_E2E_ARTIFACTS ?? '/tmp';
    const saveAs = async (formatId, file) => {
      await (await byTestId(`export-format-${formatId}`)).click();
      const path = join(folder, file);
      await (await byTestId('export-save')).click();
      await answerSaveDialog(`Save issue No. ${number}`, path);
      await waitForText('[data-testid="export-outcome"]', new RegExp(`Saved to .*${file.replace('.', '\\.')}`), `saving ${file} gave no answer`);
      return readFileSync(path, 'utf8');
    };
    const markdown = await saveAs('markdown', `issue-${number}-saved.md`);
    assert.match(markdown, /^# Transfer Test Briefing\n/);
    assert.doesNotMatch(markdown, /briefdesk|<!--/);
    const reimport = await saveAs('briefdesk-markdown', `issue-${number}-saved.briefdesk.md`);
    assert.match(reimport, new RegExp(`^<!-- briefdesk:issue \\{"number":${number},`));
    assert.match(reimport, /^<!-- briefdesk:brief \{.*"tags":\["Taiwan"\]/m);
    assert.match(reimport, /^# Transfer Test Briefing$/m);
    assert.match(markdown, /^Source: \[Focus Taiwan\]\(https:\/\/example\.org\/focustaiwan\/semiconductor-exports\), December 21, 2020$/m);
    const html = await saveAs('html', `issue-${number}-saved.html`);
    assert.match(html, /^<!DOCTYPE html>/i);
    assert.match(html, /<h1[^>]*>Transfer Test Briefing<\/h1>/);
    assert.match(html, /Focus Taiwan: Semiconductor Exports Reach a Record in November/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /briefdesk:|"status"/);

    await session.browser.keys('Escape');
    await (await byTestId('export-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });

    // The import into the issue is confirmed, and the notice opens that issue in the composer.
    await waitForText('[data-testid="import-done-message"]', new RegExp(`Imported 1 brief into No\\. ${number}\\.`), 'the import into the issue was not confirmed');
    await (await byTestId('import-done-show')).click();
    await session.browser.waitUntil(
      async () =>
        (await session.browser.execute(() => document.querySelector('[data-testid="issue-row"][aria-current="true"]')?.getAttribute('data-number'))) ===
          String(number) && /Focus Taiwan: Semiconductor Exports/.test(await textOf('[data-testid="sections"]')),
      { timeout: 15_000, timeoutMsg: `Open No. ${number} did not show that issue in the composer` },
    );
    // Back to the library, where the next spec expects to start.
    await (await byTestId('tab-library')).click();
  } catch (error) {
    const shot = await screenshot(session.browser, 'export-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await closeDialogs().catch(() => {});
    throw error;
  }
});
