// A library row dragged with the mouse onto the Issues tab goes into the issue open in the
// composer: pointer events, which WebKitWebDriver drives as a person's mouse would (a native
// HTML5 drag it cannot complete). The brief shows in the open issue, and the library has it there.
// The library is shared by every spec of the run: names carry this run's token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN, appSession, cli, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();
const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/** The headlines of the open issue's briefs, as the composer shows them. */
const issueHeadlines = () => textOf('[data-testid="issue-brief"] .headline');

test('a library row dragged onto the Issues tab lands in the open issue', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });

    // An issue of this run's own, open in the composer.
    await (await byTestId('tab-issues')).click();
    await (await byTestId('new-issue')).click();
    const number = await (await byTestId('new-issue-number')).getValue();
    await typeInto('new-issue-title', `Drag Briefing ${RUN}`);
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), {
      timeout: 10_000,
      timeoutMsg: `issue No. ${number} did not open in the composer`,
    });

    // A brief written in the library, in no issue.
    await (await byTestId('tab-library')).click();
    const headline = `Dragged ${RUN}: harbour cranes idle as talks stall`;
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', headline);
    await (await byTestId('save-brief')).click();
    await (await byTestId('saved-indicator')).waitForExist({ timeout: 15_000 });
    const brief = (await cli('briefs', '--limit', '1000')).find((b) => b.headline === headline);
    assert.ok(brief, 'the brief was saved');
    // Found by search, so its row is at the top whatever else the shared library holds.
    await typeInto('search-input', `Dragged ${RUN}`);
    await session.browser.waitUntil(async () => /^1 result$/u.test((await textOf('[data-testid="library-summary"]')).trim()), {
      timeout: 10_000,
      timeoutMsg: 'the search did not find the brief',
    });
    const row = await session.browser.$(`[aria-label="Search results"] [data-testid="brief-row"][data-id="${brief.id}"]`);
    await row.waitForDisplayed({ timeout: 10_000 });
    const tab = await byTestId('tab-issues');

    // Pressed, moved past the threshold, over the tab: the tab shows it takes the brief, and a
    // ghost of the row follows the pointer.
    await session.browser
      .action('pointer', { id: 'drag-mouse', parameters: { pointerType: 'mouse' } })
      .move({ origin: row, duration: 0 })
      .down({ button: 0 })
      .move({ origin: 'pointer', x: 12, y: 4, duration: 60 })
      .move({ origin: tab, duration: 150 })
      .move({ origin: 'pointer', x: 2, y: 1, duration: 60 })
      .perform(true);
    assert.match(await tab.getAttribute('class'), /\bdropping\b/u, 'the Issues tab shows it would take the brief');
    assert.equal(await session.browser.execute(() => document.querySelectorAll('.sort-ghost').length), 1, 'a ghost follows the pointer');
    await screenshot(session.browser, 'library-drag-over-tab');
    await session.browser.action('pointer', { id: 'drag-mouse', parameters: { pointerType: 'mouse' } }).up({ button: 0 }).perform();

    // The composer opens on the issue, with the brief in it; the library agrees.
    await session.browser.waitUntil(async () => (await issueHeadlines()).includes(headline), {
      timeout: 10_000,
      timeoutMsg: `the dragged brief is not in the open issue: ${await issueHeadlines()}`,
    });
    assert.match(await textOf('h2'), new RegExp(`No\\. ${number}`, 'u'));
    assert.equal(await session.browser.execute(() => document.querySelectorAll('.sort-ghost').length), 0, 'the ghost is gone');
    const stored = await cli('brief', 'show', brief.id);
    assert.equal(stored.issue?.number, Number(number), 'the library has the brief in the issue');
  } catch (error) {
    const shot = await screenshot(session.browser, 'library-drag-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
