// Another newsroom's digest pasted into the import dialog of the real app: the preview names the
// layout it found and shows, per brief, which text went where; a digest it misreads is taught by
// correcting two lines of one brief; then rich text pasted through the real clipboard
// (text/html, put there with xclip and pasted with Ctrl+V through GTK).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pressOnAppWindow, writeClipboard } from './desktop.mjs';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);
const countOf = (selector) => session.browser.execute((s) => document.querySelectorAll(s).length, selector);

/** A test-set page's text, without the header that cites it. */
function layoutFixture(name) {
  const all = readFileSync(join(import.meta.dirname, '../../crates/briefdesk-core/tests/fixtures/layouts', name), 'utf8');
  return all.slice(all.indexOf('\n---\n') + 5);
}

async function openImport() {
  await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
  if ((await countOf('[data-testid="import-dialog"]')) === 0) await (await byTestId('open-import')).click();
  await (await byTestId('import-dialog')).waitForDisplayed({ timeout: 10_000 });
}

async function clearPasteBox() {
  await session.browser.execute(() => {
    const area = document.querySelector('[data-testid="import-text"]');
    area.focus();
    area.value = '';
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

test('a Spanish digest with numbered headlines and 📰 outlets is read and explained', async () => {
  try {
    await openImport();
    const digest = layoutFixture('es-numbered-outlets-emoji.txt');
    await session.browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      area.focus();
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, digest);
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-brief"]')) === 2, {
      timeout: 15_000,
      timeoutMsg: 'the preview did not list the two briefs',
    });
    assert.equal(
      await textOf('[data-testid="import-layout"]'),
      'Layout found: numbered headlines, the outlets on a line of their own, a date at the top for every brief',
    );
    const listed = await textOf('[data-testid="import-briefs"]');
    assert.match(listed, /Hermano de Sánchez a Juicio por Prevaricación/);
    assert.match(listed, /El País/);

    // Which text went where, for the first brief.
    const summary = await session.browser.$('[data-testid="import-origin"] summary');
    await summary.click();
    const roles = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="import-origin"]')[0].querySelectorAll('li')].map((li) => li.dataset.role),
    );
    assert.deepEqual(roles, ['header_date', 'headline', 'source', 'body']);
    await screenshot(session.browser, 'import-layout');
  } catch (error) {
    await screenshot(session.browser, 'import-layout-failure').catch(() => null);
    throw error;
  }
});

test('rich text pasted from the clipboard keeps emphasis and takes the headline link as the source', async () => {
  try {
    await openImport();
    await clearPasteBox();
    await writeClipboard(
      '<meta charset="utf-8"><h3><a href="https://example.org/rfa/id-pilot">Ministry Announces ID Pilot</a></h3><p>The pilot is <em>voluntary</em>, the ministry said.</p>',
      'text/html',
    );
    await (await byTestId('import-text')).click();
    await pressOnAppWindow('Briefdesk', 'ctrl+v');
    await (await byTestId('import-rich')).waitForDisplayed({ timeout: 15_000 });
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-brief"]')) === 1, {
      timeout: 15_000,
      timeoutMsg: 'the rich text did not preview as one brief',
    });
    const listed = await textOf('[data-testid="import-briefs"]');
    assert.match(listed, /Ministry Announces ID Pilot/);
    assert.match(listed, /example\.org/);
    assert.match(listed, /https:\/\/example\.org\/rfa\/id-pilot/);
    assert.match(await textOf('[data-testid="import-layout"]'), /^Layout found: rich text; /);
  } catch (error) {
    await screenshot(session.browser, 'import-rich-failure').catch(() => null);
    throw error;
  }
});

/** Says, in the first brief's "Which text went where", that input line `line` is really `role`. */
async function correctLine(line, role) {
  await session.browser.execute(() => {
    const details = document.querySelector('[data-testid="import-origin"]');
    details.open = true;
  });
  const select = await session.browser.$(`[data-testid="import-origin"] select[aria-label="Line ${line} is really"]`);
  await select.waitForDisplayed({ timeout: 10_000 });
  await select.selectByAttribute('value', role);
}

test('a digest read wrong is taught by correcting one brief, and the rest follow', async () => {
  try {
    await openImport();
    await clearPasteBox();
    const digest = 'Weekly scan\n\n▶ Ports reopen after the strike\n— Reuters\nDockers returned on Monday.\n\n▶ Rail link talks resume\n— AP\nThe ministers met in Johor.\n';
    await session.browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      area.focus();
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, digest);
    // Read alone, the page title swallows everything.
    await session.browser.waitUntil(async () => /Weekly scan/.test(await textOf('[data-testid="import-briefs"]')), {
      timeout: 15_000,
      timeoutMsg: 'the misread digest was not previewed',
    });
    assert.equal(await countOf('[data-testid="import-brief"]'), 1);

    await correctLine(3, 'headline');
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-brief"]')) === 2, {
      timeout: 15_000,
      timeoutMsg: 'the taught headline was not applied to the other item',
    });
    await correctLine(4, 'outlet');
    await session.browser.waitUntil(async () => /Rail link talks resume\s*AP/.test(await textOf('[data-testid="import-briefs"]')), {
      timeout: 15_000,
      timeoutMsg: 'the taught outlet was not applied to the other item',
    });
    const listed = await textOf('[data-testid="import-briefs"]');
    assert.match(listed, /Ports reopen after the strike\s*Reuters/);
    assert.match(listed, /Rail link talks resume\s*AP/);
    assert.match(await textOf('[data-testid="import-layout"]'), /as taught: outlets on lines like line 4, headlines like line 3/);
    assert.match(await textOf('[data-testid="import-corrections"]'), /2 lines corrected/);
    await screenshot(session.browser, 'import-taught');
  } catch (error) {
    await screenshot(session.browser, 'import-taught-failure').catch(() => null);
    throw error;
  }
});


test('the taught layout is saved by name, offered first for the next digest like it, and imported right', async () => {
  try {
    // Goes on from the taught digest above: its two corrections are in the preview.
    await openImport();
    await (await byTestId('import-save-layout')).click();
    // An empty name is refused in words, and nothing is saved.
    await (await byTestId('import-layout-save')).click();
    assert.equal(await textOf('[data-testid="import-layout-error"]'), 'Give the layout a name.');
    await (await byTestId('import-layout-name')).setValue('Weekly scan');
    await (await byTestId('import-layout-save')).click();
    await session.browser.waitUntil(async () => /Using your layout “Weekly scan”/.test(await textOf('[data-testid="import-saved-layout"]').catch(() => '')), {
      timeout: 15_000,
      timeoutMsg: 'the saved layout was not used by the preview',
    });
    assert.match(await textOf('[data-testid="import-briefs"]'), /Rail link talks resume\s*AP/);

    // Next week's scan, with other items: the saved layout is offered first.
    await clearPasteBox();
    const next = 'Weekly scan\n\n▶ Ferry fares rise again\n— Bernama\nOperators blamed fuel costs.\n\n▶ Flood warnings in Kelantan\n— The Star\nRivers rose overnight.\n\n▶ New airport terminal opens\n— Malay Mail\nThe first flights landed at dawn.\n';
    await session.browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      area.focus();
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, next);
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-brief"]')) === 3, {
      timeout: 15_000,
      timeoutMsg: 'the next digest was not read with the saved layout',
    });
    assert.match(await textOf('[data-testid="import-saved-layout"]'), /Using your layout “Weekly scan”/);
    const listed = await textOf('[data-testid="import-briefs"]');
    assert.match(listed, /Ferry fares rise again\s*Bernama/);
    assert.match(listed, /Flood warnings in Kelantan\s*The Star/);
    assert.match(listed, /New airport terminal opens\s*Malay Mail/);
    await screenshot(session.browser, 'import-saved-layout');

    // Back to the detected layout and forth again: the choice is the editor's.
    await (await byTestId('import-use-detected')).click();
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-saved-layout"]')) === 0, {
      timeout: 15_000,
      timeoutMsg: 'the detected layout was not used',
    });
    assert.notEqual(await countOf('[data-testid="import-brief"]'), 3);
    // The choice holds for that text; a text pasted anew (here with a note under it) is offered
    // the saved layouts again.
    await clearPasteBox();
    await session.browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, `${next}\n`);
    await session.browser.waitUntil(async () => (await countOf('[data-testid="import-saved-layout"]')) === 1, {
      timeout: 15_000,
      timeoutMsg: 'the saved layout was not offered again for the pasted text',
    });

    const commit = await byTestId('import-commit');
    await session.browser.waitUntil(async () => (await commit.isEnabled()) && (await textOf('[data-testid="import-commit"]')).includes('Import 3 briefs'), {
      timeout: 15_000,
      timeoutMsg: 'the import button never offered "Import 3 briefs"',
    });
    await commit.click();
    await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 15_000 });
    await session.browser.waitUntil(async () => /New airport terminal opens/.test(await textOf('[data-testid="brief-row"]')), {
      timeout: 15_000,
      timeoutMsg: 'the imported briefs are not in the library',
    });
    const rows = await textOf('[data-testid="brief-row"]');
    assert.match(rows, /Ferry fares rise again/);
    assert.match(rows, /Malay Mail/);
  } catch (error) {
    await screenshot(session.browser, 'import-saved-layout-failure').catch(() => null);
    throw error;
  }
});
