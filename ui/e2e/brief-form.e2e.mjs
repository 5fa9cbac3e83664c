// The brief form end to end in the real app: a brief with two sources (the outlet picked from
// the completion list, offered because an earlier brief of this spec cited it) and two tags (one
// picked from the completion list, one created inline, then coloured), saved and reopened from
// the library list; then, once that brief sits in an issue, a new brief citing its URL shows
// "Also in draft No. N: headline" as the URL is typed, and "Previously in No. N" once that issue
// is published, when the published brief opens read-only until "Edit anyway". On the way, a
// brief with an impossible date and an ftp:// URL is refused with every problem in words.
// The library is shared by every spec of the run: names carry this run's token, nothing counts rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

// Letters only: the token must survive the search tokenizer as one word.
const RUN = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const OUTLET = `Kestrel Gazette ${RUN}`;
const SECOND_OUTLET = `Harbour Courier ${RUN}`;
const OLD_TAG = `ember${RUN}`;
const NEW_TAG = `kiln${RUN}`;
const SEED = `Seed brief ${RUN}: ports reopen after the storm`;
const TWO_SOURCES = `Two sources ${RUN}: grain prices climb across the region`;
const FIRST_URL = `https://example.org/briefdesk-e2e/${RUN}/grain-prices?utm_source=newsletter`;
const SECOND_URL = `https://example.net/briefdesk-e2e/${RUN}/grain-follow-up`;
const FOLLOW_UP = `Follow-up ${RUN}: grain prices again`;
const BAD_DATE = `Impossible date ${RUN}: a leap that never was`;

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/** Sets a date input as a date picker would: its value, then the input event the form listens to. */
async function setDate(testId, value) {
  await session.browser.execute(
    (id, v) => {
      const input = document.querySelector(`[data-testid="${id}"]`);
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    testId,
    value,
  );
}

/** Waits for the completion list of `testId` to offer `text`, and returns that option. */
async function option(testId, text) {
  let seen = '';
  await session.browser
    .waitUntil(
      async () => {
        seen = await textOf(`[data-testid="${testId}-listbox"]:not([hidden]) [role="option"]`);
        return seen.split('\n').some((line) => line.trim().startsWith(text));
      },
      { timeout: 10_000, timeoutMsg: `"${text}" was not offered` },
    )
    .catch((error) => {
      throw new Error(`${error.message}; the list showed ${JSON.stringify(seen)}`);
    });
  const options = await session.browser.$$(`[data-testid="${testId}-listbox"] [role="option"]`);
  for (const element of options) {
    const content = await session.browser.execute((e) => e.textContent ?? '', element);
    if (content.trim().startsWith(text)) return element;
  }
  throw new Error(`"${text}" vanished from the list`);
}

/** The row (of the list with this test id) whose headline is `headline`. */
async function rowOf(testId, headline) {
  let id = null;
  await session.browser.waitUntil(
    async () => {
      id = await session.browser.execute(
        (t, h) =>
          [...document.querySelectorAll(`[data-testid="${t}"]`)].find((row) => row.querySelector('.headline')?.textContent === h)
            ?.dataset.id ?? null,
        testId,
        headline,
      );
      return id !== null;
    },
    { timeout: 10_000, timeoutMsg: `no ${testId} row for "${headline}"` },
  );
  return session.browser.$(`[data-testid="${testId}"][data-id="${id}"]`);
}

const chips = () => textOf('[data-testid="editor-tag"] .name');

/** A stored date as the date field shows it: the system's numeric form, or ISO where that would not read back. */
async function shownDate(iso) {
  const shown = await session.browser.execute((d) => {
    const [y, m, day] = d.split('-').map(Number);
    return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, day)));
  }, iso);
  return /^[\d/.-]+$/u.test(shown) ? shown : iso;
}

/** Waits for the source-uses warning under the URL to read `expected`. */
async function coveredWarning(expected) {
  await session.browser
    .waitUntil(async () => (await textOf('[data-testid="covered-warning"]')).split('\n').includes(expected), {
      timeout: 3_000,
      timeoutMsg: `no "${expected}" warning within 3 s of typing the URL`,
    })
    .catch(async (error) => {
      throw new Error(`${error.message}; saw ${JSON.stringify(await textOf('[data-testid="covered-warning"]'))}`);
    });
}

async function waitForSaved(headline) {
  await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"]')).includes(headline), {
    timeout: 10_000,
    timeoutMsg: `the brief "${headline}" did not appear in the library list`,
  });
}

test('an editor writes a brief with two sources and tags, completes them, and sees a covered story flagged', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });

    // An earlier brief cites the outlet and carries the tag that the next brief will be offered.
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', SEED);
    await typeInto('outlet-input', OUTLET);
    await typeInto('tags-input', OLD_TAG);
    await session.browser.keys(Key.Enter);
    assert.equal(await chips(), OLD_TAG, 'Enter turns the typed tag into a chip');
    await (await byTestId('save-brief')).click();
    await waitForSaved(SEED);

    // Spelling is checked in the headline and the body, in the window's language, until turned
    // off in Settings (then at once, in the open brief too). A system with no language set
    // (LANG=C, as on CI) gives no lang attribute rather than an invalid one.
    const spelling = () =>
      session.browser.execute(() =>
        ['headline-input', 'body-input'].map((id) => {
          const el = document.querySelector(`[data-testid="${id}"]`);
          const lang = el?.getAttribute('lang') ?? null;
          let langOk;
          try {
            langOk = lang === null ? !/^[a-z]{2,3}(-|$)/i.test(navigator.language) : Intl.getCanonicalLocales(lang)[0] === lang;
          } catch {
            langOk = false;
          }
          return `${el?.getAttribute('spellcheck')} ${langOk}`;
        }),
      );
    assert.deepEqual(await spelling(), ['true true', 'true true'], 'spell-checking is on by default');
    await (await byTestId('open-settings')).click();
    await (await byTestId('settings-spellcheck')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('settings-spellcheck')).click();
    await session.browser.keys(Key.Escape);
    await (await byTestId('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
    assert.deepEqual(await spelling(), ['false true', 'false true'], 'turned off in Settings');
    await (await byTestId('open-settings')).click();
    await (await byTestId('settings-spellcheck')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('settings-spellcheck')).click();
    await session.browser.keys(Key.Escape);
    await (await byTestId('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
    assert.deepEqual(await spelling(), ['true true', 'true true'], 'and back on');

    // A new brief left before it has a headline says it was kept (not, later, "recovered").
    await (await byTestId('new-brief')).click();
    await typeInto('outlet-input', `Left unfinished ${RUN}`);
    await (await byTestId('new-brief')).click();
    const kept = await byTestId('kept-toast');
    await kept.waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf('[data-testid="kept-toast"] .message'), /kept as a draft on this computer/u);
    await (await kept.$('[data-testid="undo-button"]')).click();
    await session.browser.waitUntil(async () => (await (await byTestId('outlet-input')).getValue()) === `Left unfinished ${RUN}`, {
      timeout: 5_000,
      timeoutMsg: 'Open it did not bring the unfinished brief back',
    });
    assert.match(await textOf('[data-testid="recovered"]'), /unfinished brief, kept when you left it/u);

    // An impossible date, typed key by key, is refused beside its field with the reason (a date
    // picker kept "02/30/2021" on screen while saving the brief without a date), and so is an
    // ftp:// URL: every problem at once, in words, and nothing saved.
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', BAD_DATE);
    await typeInto('outlet-input', OUTLET);
    await typeInto('date-input', '02/30/2021');
    await typeInto('url-input', 'ftp://example.org/leap');
    await (await byTestId('save-brief')).click();
    const summary = await byTestId('form-error');
    await summary.waitForDisplayed({ timeout: 5_000 });
    const problems = await textOf('[data-testid="form-error"] li');
    assert.match(problems, /Source date: There is no (February 30 in 2021|month 30)/u, problems);
    assert.match(problems, /Source URL: Only web addresses \(http:\/\/ or https:\/\/\) can be sources\./u, problems);
    assert.doesNotMatch(problems, /is not an http\(s\) URL|YYYY-MM-DD"/u, 'the core’s own words never reach the editor');
    assert.equal(await (await byTestId('date-input')).getValue(), '02/30/2021', 'the typed date stays as typed');
    assert.match(await textOf('[data-testid="date-input-problem"]'), /There is no/u, 'the reason is beside the date field');
    await screenshot(session.browser, 'brief-form-problems');
    // Fixed: a date written with its month's name (read the same in every locale) is stored.
    await typeInto('date-input', '28 February 2021');
    await typeInto('url-input', `https://example.org/briefdesk-e2e/${RUN}/leap`);
    await (await byTestId('save-brief')).click();
    await waitForSaved(BAD_DATE);
    assert.equal(await (await byTestId('form-error')).isExisting(), false);
    assert.match(await textOf('[data-testid="source-line"]'), /February 28, 2021/u, 'the date was stored, not dropped');

    // The brief under test: outlet from the completion list.
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', TWO_SOURCES);
    await typeInto('outlet-input', OUTLET.slice(0, 11));
    const offered = await option('outlet-input', OUTLET);
    await screenshot(session.browser, 'brief-form-outlets');
    await offered.click();
    assert.equal(await (await byTestId('outlet-input')).getValue(), OUTLET, 'the picked outlet fills the field');
    await setDate('date-input', '2026-11-20');

    // The URL is checked as it is typed; Open is offered only for a web address.
    await typeInto('url-input', 'example.org/grain');
    await (await byTestId('url-problem')).waitForDisplayed({ timeout: 5_000 });
    assert.equal(await (await byTestId('open-url')).isEnabled(), false, 'Open is off for a URL without a scheme');
    await typeInto('url-input', FIRST_URL);
    await session.browser.waitUntil(async () => (await (await byTestId('open-url')).isEnabled()), {
      timeout: 5_000,
      timeoutMsg: 'Open stayed off for a web address',
    });
    assert.equal(await (await byTestId('url-problem')).isExisting(), false);

    // A second source.
    await (await byTestId('add-source')).click();
    await typeInto('extra-outlet-0', SECOND_OUTLET);
    await setDate('extra-date-0', '2026-11-21');
    await typeInto('extra-url-0', SECOND_URL);

    // Two tags: one from the completion list (from the keyboard), one new, typed with a comma.
    await typeInto('tags-input', OLD_TAG.slice(0, 7));
    await option('tags-input', OLD_TAG);
    await session.browser.keys([Key.ArrowDown, Key.Enter]);
    await typeInto('tags-input', `${NEW_TAG},`);
    assert.equal(await chips(), `${OLD_TAG}\n${NEW_TAG}`, 'both tags are chips');

    await (await byTestId('save-brief')).click();
    await waitForSaved(TWO_SOURCES);

    // The new tag, now in the library, gets a colour from the palette.
    await (await byTestId('tag-colour-button-1')).click();
    await (await byTestId('tag-colour-blue')).click();
    await session.browser.waitUntil(
      async () =>
        (await session.browser.execute(
          () => document.querySelectorAll('[data-testid="editor-tag"]')[1]?.style.getPropertyValue('--tag') ?? '',
        )) === '#3b6fd4',
      { timeout: 10_000, timeoutMsg: 'the chosen colour did not reach the chip' },
    );

    // The library list (most recently edited first, so this brief is in view) shows the colour too.
    const rowColour = () =>
      session.browser.execute(
        (headline) =>
          [...document.querySelectorAll('[data-testid="brief-list"] [data-testid="brief-row"]')]
            .find((r) => r.querySelector('.headline')?.textContent === headline)
            ?.querySelector('[data-testid="tag-chip"]:last-child')
            ?.style.getPropertyValue('--tag') ?? '',
        TWO_SOURCES,
      );
    let seenColour = '';
    await session.browser
      .waitUntil(async () => (seenColour = await rowColour()) === '#3b6fd4', { timeout: 10_000 })
      .catch(() => {
        throw new Error(`the library row shows the tag as ${JSON.stringify(seenColour)}, not #3b6fd4`);
      });

    // Reopen it from the library list, found by search: everything came back from the library.
    await (await byTestId('new-brief')).click();
    await typeInto('search-input', RUN);
    await (await session.browser.$('[data-testid="brief-list"][aria-label="Search results"]')).waitForExist({ timeout: 10_000 });
    const row = await rowOf('brief-row', TWO_SOURCES);
    await row.scrollIntoView({ block: 'center' });
    await row.click();
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) === TWO_SOURCES, {
      timeout: 10_000,
      timeoutMsg: 'the brief did not open in the editor',
    });
    assert.equal(await (await byTestId('outlet-input')).getValue(), OUTLET);
    // The dates are shown as the system writes them, and in the list in the chosen style.
    assert.equal(await (await byTestId('date-input')).getValue(), await shownDate('2026-11-20'));
    const longDate = await session.browser.execute(() =>
      new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 10, 20))),
    );
    const rowText = await session.browser.execute(
      (h) => [...document.querySelectorAll('[data-testid="brief-row"]')].find((r) => r.querySelector('.headline')?.textContent === h)?.textContent ?? '',
      TWO_SOURCES,
    );
    assert.ok(rowText.includes(longDate), `the library row shows ${longDate}: ${JSON.stringify(rowText)}`);
    assert.equal(await (await byTestId('url-input')).getValue(), FIRST_URL);
    assert.equal(await (await byTestId('extra-outlet-0')).getValue(), SECOND_OUTLET);
    assert.equal(await (await byTestId('extra-date-0')).getValue(), await shownDate('2026-11-21'));
    assert.equal(await (await byTestId('extra-url-0')).getValue(), SECOND_URL);
    assert.equal(await chips(), `${OLD_TAG}\n${NEW_TAG}`);
    await screenshot(session.browser, 'brief-form');
    // The tags, with the palette open on the second one (Escape closes it, focus back on the chip).
    await (await byTestId('tags-input')).scrollIntoView({ block: 'center' });
    await (await byTestId('tag-colour-button-1')).click();
    await (await byTestId('tag-palette')).waitForDisplayed({ timeout: 5_000 });
    await screenshot(session.browser, 'brief-form-tags');
    await session.browser.keys(Key.Escape);
    await (await byTestId('tag-palette')).waitForExist({ reverse: true, timeout: 5_000 });
    assert.equal(
      await session.browser.execute(() => document.activeElement?.getAttribute('data-testid')),
      'tag-colour-button-1',
      'closing the palette gives the focus back to its chip',
    );

    // Put the brief in an issue.
    await (await byTestId('tab-issues')).click();
    const newIssue = await byTestId('new-issue');
    await newIssue.waitForDisplayed({ timeout: 10_000 });
    await newIssue.click();
    const numberInput = await byTestId('new-issue-number');
    await numberInput.waitForDisplayed({ timeout: 10_000 });
    const number = await numberInput.getValue();
    await typeInto('new-issue-title', `Grain Watch ${RUN}`);
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), {
      timeout: 10_000,
      timeoutMsg: `issue No. ${number} did not open in the composer`,
    });
    await typeInto('new-section-input', 'Markets');
    await (await byTestId('add-section')).click();
    await (await session.browser.$('[data-testid="section"][data-section="Markets"]')).waitForExist({ timeout: 10_000 });
    await typeInto('unassigned-filter', RUN);
    const unassigned = await rowOf('unassigned-brief', TWO_SOURCES);
    await unassigned.scrollIntoView({ block: 'center' });
    await (await unassigned.$('[data-testid="add-to-section"]')).selectByAttribute('value', 'Markets');
    await session.browser.waitUntil(
      async () => (await textOf('[data-testid="section"][data-section="Markets"] [data-testid="issue-brief"] .headline')).includes(TWO_SOURCES),
      { timeout: 10_000, timeoutMsg: 'the brief was not added to the issue' },
    );

    // A new brief citing the same page (tracking parameter dropped) is flagged as it is typed:
    // the issue is a draft, not sent, so not prior coverage.
    await (await byTestId('tab-library')).click();
    await (await byTestId('new-brief')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', FOLLOW_UP);
    await typeInto('url-input', FIRST_URL.replace(/\?.*$/u, ''));
    await coveredWarning(`Also in draft No. ${number}: ${TWO_SOURCES}`);

    // Published, the issue is prior coverage.
    await (await byTestId('tab-issues')).click();
    await (await byTestId('publish-issue')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('publish-issue')).click();
    await (await byTestId('confirm-publish')).click();
    await session.browser.waitUntil(async () => (await textOf('[data-testid="issue-status"]')) === 'Published', {
      timeout: 10_000,
      timeoutMsg: 'the issue was not marked published',
    });
    await (await byTestId('tab-library')).click();
    await (await byTestId('new-brief')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', `${FOLLOW_UP} (after sending)`);
    await typeInto('url-input', FIRST_URL.replace(/\?.*$/u, ''));
    await coveredWarning(`Previously in No. ${number}: ${TWO_SOURCES}`);
    await screenshot(session.browser, 'brief-form-covered');

    // The brief that went out opens read-only; "Edit anyway" says the sent archive changes.
    await typeInto('search-input', RUN);
    const sent = await rowOf('brief-row', TWO_SOURCES);
    await sent.scrollIntoView({ block: 'center' });
    await sent.click();
    const lock = await byTestId('brief-locked');
    await lock.waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf('[data-testid="brief-locked"]'), new RegExp(`No\\. ${number}.*changes the archive of the sent issue`, 'su'));
    assert.equal(await (await byTestId('headline-input')).isEnabled(), false, 'the headline of a sent brief is read-only');
    assert.equal(await (await byTestId('body-input')).getAttribute('contenteditable'), 'false', 'so is its body');
    await screenshot(session.browser, 'brief-form-published');
    await (await byTestId('brief-edit-anyway')).click();
    await session.browser.waitUntil(async () => (await byTestId('headline-input')).isEnabled(), {
      timeout: 5_000,
      timeoutMsg: 'Edit anyway did not open the brief for editing',
    });
    assert.match(await textOf('[data-testid="brief-editing-published"]'), /archive changes/u);
  } catch (error) {
    t.diagnostic(`screenshot: ${await screenshot(session.browser, 'brief-form-failure').catch(() => 'none')}`);
    throw error;
  }
});
