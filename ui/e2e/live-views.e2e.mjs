// Every view shows a change the moment it is made, wherever in the window it was made: briefs
// imported into the issue the composer shows appear there, counted, without switching tabs; and
// what another process (the CLI) changes in the library shows within seconds, unasked.
// The library may already hold other briefs and issues (spec files share one library per run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN, appSession, cli, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

/** The issue the first test opens in the composer (the second works on it). */
let openIssue = null;

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
    openIssue = number;
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
    await (await byTestId('tab-issues')).click();
  } catch (error) {
    const shot = await screenshot(session.browser, 'live-views-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});

test('what another process (the CLI) changes in the open issue shows in the window, with nothing done there', async (t) => {
  try {
    assert.ok(openIssue, 'the first test opened an issue');
    const edited = `Live Views ${RUN}: Port Strike Ends, Cranes Back by Friday`;
    const added = `Live Views ${RUN}: Ferry Fares Frozen Until Spring`;
    const first = (await cli('briefs', '--limit', '1000')).find((b) => b.headline === HEADLINES[0]);
    assert.ok(first, 'the imported brief is in the library');
    await (await byTestId('issue-totals')).waitForDisplayed({ timeout: 10_000 });

    // The CLI, a process of its own, edits a brief of the open issue and imports one into it.
    await cli('brief', 'edit', first.id, '--headline', edited);
    const file = join(mkdtempSync(join(tmpdir(), 'briefdesk-live-')), 'more.txt');
    writeFileSync(
      file,
      `${added}\n\nThe operator said fares stay as they are through the winter timetable.\n\nSource: Harbour Times, March 9, 2021\nhttps://example.org/live-views/${RUN}\n`,
    );
    await cli('import', file, '--issue', openIssue);

    // The window is left alone: within a few seconds it shows both, and counts three.
    let last;
    await session.browser
      .waitUntil(
        async () => {
          last = JSON.stringify(await layout());
          return last === JSON.stringify({ Economy: [edited, HEADLINES[1], added] });
        },
        { timeout: 8_000, timeoutMsg: 'the open issue did not show what the CLI changed' },
      )
      .catch((error) => {
        throw new Error(`${error.message}, saw ${last}`);
      });
    await session.browser.waitUntil(async () => /3 briefs/.test(await textOf('[data-testid="issue-totals"]')), {
      timeout: 5_000,
      timeoutMsg: `the totals did not count the brief the CLI imported: ${await textOf('[data-testid="issue-totals"]')}`,
    });
  } catch (error) {
    const shot = await screenshot(session.browser, 'live-views-outside-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
