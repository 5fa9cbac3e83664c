// Every view shows a change the moment it is made, wherever in the window it was made: briefs
// imported into the issue the composer shows appear there, counted, without switching tabs.
// The library may already hold other briefs and issues (spec files share one library per run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

const HEADLINES = ['Live Views: Port Strike Ends After Nine Days', 'Live Views: Rail Link Opens Ahead of Schedule'];

const BRIEFING = HEADLINES.map(
  (headline, i) => `${headline}

Dockers and rail crews returned to work on the ${i + 2}nd, the ministry said, after talks ran through the night.

Source: Harbour Times, March ${i + 2}, 2021
https://example.org/live-views/${i + 1}
`,
).join('\n');

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/** The headlines in each section of the open issue, as the composer shows them. */
const layout = () =>
  session.browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="section"]')].map((section) => [
        section.dataset.section,
        [...section.querySelectorAll('[data-testid="issue-brief"] .headline')].map((h) => h.textContent),
      ]),
    ),
  );

test('briefs imported into the issue the composer shows appear in it, counted, without switching tabs', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await (await byTestId('tab-issues')).click();
    const newIssue = await byTestId('new-issue');
    await newIssue.waitForDisplayed({ timeout: 10_000 });
    await newIssue.click();
    const number = await (await byTestId('new-issue-number')).getValue();
    await typeInto('new-issue-title', 'Live Views Briefing');
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), {
      timeout: 10_000,
      timeoutMsg: `issue No. ${number} did not open in the composer`,
    });
    await typeInto('new-section-input', 'Economy');
    await (await byTestId('add-section')).click();
    await session.browser.waitUntil(async () => JSON.stringify(await layout()) === JSON.stringify({ Economy: [] }), {
      timeout: 10_000,
      timeoutMsg: 'the section was not added',
    });
    await session.browser.waitUntil(async () => /0 briefs/.test(await textOf('[data-testid="issue-totals"]')), {
      timeout: 10_000,
      timeoutMsg: 'the empty issue was not counted',
    });

    // Imported by pasting, into this issue, while the composer stays on screen behind the dialog.
    await (await byTestId('open-import')).click();
    await (await byTestId('import-dialog')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.execute((value) => {
      const area = document.querySelector('[data-testid="import-text"]');
      area.focus();
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, BRIEFING);
    await (await byTestId('import-issue')).selectByAttribute('value', number);
    const commit = await byTestId('import-commit');
    await session.browser.waitUntil(async () => (await commit.isEnabled()) && /Import 2 briefs/.test(await commit.getText()), {
      timeout: 15_000,
      timeoutMsg: 'the import never offered "Import 2 briefs"',
    });
    await commit.click();
    await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 15_000 });

    // No tab was switched: the composer already shows them, and counts them.
    let last;
    await session.browser
      .waitUntil(
        async () => {
          last = await layout();
          return JSON.stringify(last) === JSON.stringify({ Economy: HEADLINES });
        },
        { timeout: 10_000, timeoutMsg: 'the imported briefs did not appear in the open issue' },
      )
      .catch((error) => {
        throw new Error(`${error.message}, saw ${JSON.stringify(last)}`);
      });
    await session.browser.waitUntil(async () => /2 briefs/.test(await textOf('[data-testid="issue-totals"]')), {
      timeout: 10_000,
      timeoutMsg: `the totals did not count the two imported briefs: ${await textOf('[data-testid="issue-totals"]')}`,
    });
    const row = await session.browser.$(`[data-testid="issue-row"][data-number="${number}"]`);
    assert.match(await row.getText(), /2 briefs/);
    // The library's list, hidden meanwhile, has them too when it is shown.
    await (await byTestId('tab-library')).click();
    await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"]')).includes(HEADLINES[1]), {
      timeout: 10_000,
      timeoutMsg: 'the library list does not show the imported briefs',
    });
  } catch (error) {
    const shot = await screenshot(session.browser, 'live-views-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
