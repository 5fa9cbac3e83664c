// The library pane end to end: tag, status and search narrow the list together, the search
// highlights what it found, clearing the filters widens it again, and the list is driven from
// the keyboard. The library is shared with the other specs of the run: every brief here
// carries words made for this run, and only rows with them are counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { appSession, findByTestId, screenshot } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

/** Letters only, so that the search tokenizer keeps each as one word. */
const unique = (length) => Array.from({ length }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const RUN = unique(6);
const WORD = `kestrel${RUN}`; // the search word
const TAG = `Harbour${RUN}`;
const OTHER_TAG = `Inland${RUN}`;

const BRIEFS = [
  { key: 'match', headline: `Dockers Strike Closes Two Terminals ${RUN}`, outlet: 'Port Wire', tags: [TAG], status: 'ready', body: `Cranes stood idle as the ${WORD} dispute entered a second week.` },
  { key: 'draft', headline: `Union Files Notice at Container Yard ${RUN}`, outlet: 'Harbour Times', tags: [TAG], status: 'draft', body: `The union said the ${WORD} talks had stalled over night shifts.` },
  { key: 'other-tag', headline: `Rail Freight Backlog Grows Inland ${RUN}`, outlet: 'Freight Daily', tags: [OTHER_TAG], status: 'ready', body: `Operators blamed the ${WORD} stoppage for delays at inland depots.` },
  { key: 'no-word', headline: `Pilots Return After Pay Deal ${RUN}`, outlet: 'Port Wire', tags: [TAG], status: 'ready', body: 'Harbour pilots accepted the offer and returned to work on Monday.' },
];
const headline = (key) => BRIEFS.find((b) => b.key === key).headline;

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

async function writeBrief({ headline, outlet, tags, status, body }) {
  await (await byTestId('new-brief')).click();
  await typeInto('headline-input', headline);
  await typeInto('body-input', body);
  await typeInto('outlet-input', outlet);
  await typeInto('tags-input', tags.join(', '));
  await (await byTestId('status-select')).selectByAttribute('value', status);
  await (await byTestId('save-brief')).click();
  await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });
}

/** The headlines of the rows on screen that belong to this run, sorted. */
function ourRows() {
  return session.browser.execute(
    (run) =>
      [...document.querySelectorAll('[data-testid="brief-row"] .headline')]
        .map((e) => e.textContent ?? '')
        .filter((text) => text.endsWith(run))
        .sort(),
    RUN,
  );
}

async function waitForRows(keys, what) {
  const expected = keys.map(headline).sort();
  let seen = [];
  await session.browser.waitUntil(
    async () => {
      seen = await ourRows();
      return JSON.stringify(seen) === JSON.stringify(expected);
    },
    { timeout: 10_000, timeoutMsg: `${what}` },
  ).catch((error) => {
    throw new Error(`${error.message}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
  });
}

test('tag, status and search narrow the library together; the list works from the keyboard', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    for (const brief of BRIEFS) await writeBrief(brief);
    await waitForRows(['match', 'draft', 'other-tag', 'no-word'], 'the new briefs did not all appear in the list');

    // Tag and status: the ready briefs with the tag, whatever their words.
    await (await byTestId('filters-toggle')).click();
    await (await byTestId('filter-tag')).selectByAttribute('value', TAG);
    await (await byTestId('filter-status')).selectByAttribute('value', 'ready');
    await waitForRows(['match', 'no-word'], 'the tag and status filters did not narrow the list');
    assert.match(await (await byTestId('filters-toggle')).getText(), /\(2\)/);

    // And a search word: only the brief that has all three.
    await typeInto('search-input', WORD);
    await waitForRows(['match'], 'the search did not narrow the filtered list');
    const marks = await session.browser.execute(() => [...document.querySelectorAll('[data-testid="brief-row"] mark')].map((m) => m.textContent ?? ''));
    assert.deepEqual(marks.map((m) => m.toLowerCase()), [WORD]);
    await screenshot(session.browser, 'library-search-and-filter');

    // Clearing the filters keeps the search: every brief with the word.
    await (await byTestId('filters-clear')).click();
    await waitForRows(['match', 'draft', 'other-tag'], 'clearing the filters did not widen the search');

    // The keyboard: focus the list (one tab stop), two rows down, Enter opens that brief.
    const rowHeadlines = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="brief-row"] .headline')].map((e) => e.textContent ?? ''),
    );
    assert.equal(rowHeadlines.length, 3);
    await session.browser.execute(() => document.querySelector('[data-testid="brief-list"]').focus());
    await session.browser.keys(Key.ArrowDown);
    await session.browser.keys(Key.ArrowDown);
    const active = await session.browser.execute(() => {
      const list = document.querySelector('[data-testid="brief-list"]');
      const id = list.getAttribute('aria-activedescendant');
      return { focused: document.activeElement === list, headline: id ? document.getElementById(id)?.querySelector('.headline')?.textContent : null };
    });
    assert.deepEqual(active, { focused: true, headline: rowHeadlines[1] });
    await session.browser.keys(Key.Enter);
    const input = await byTestId('headline-input');
    await session.browser.waitUntil(async () => (await input.getValue()) === rowHeadlines[1], {
      timeout: 10_000,
      timeoutMsg: `Enter did not open "${rowHeadlines[1]}" in the editor`,
    });
    // The opened brief is the selected row.
    const selected = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="brief-row"][aria-selected="true"] .headline')].map((e) => e.textContent),
    );
    assert.deepEqual(selected, [rowHeadlines[1]]);

    // Escape in the search box empties it and brings the whole list back.
    await (await byTestId('search-input')).click();
    await session.browser.keys(Key.Escape);
    await waitForRows(['match', 'draft', 'other-tag', 'no-word'], 'the list did not come back after the search was cleared');
    await screenshot(session.browser, 'library-keyboard');
  } catch (error) {
    const shot = await screenshot(session.browser, 'library-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
