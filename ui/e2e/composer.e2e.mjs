// The issue composer end to end in the real app: write four briefs, start an issue, add two
// sections, drag three briefs in from the unassigned list with the pointer, reorder one with
// Alt+ArrowDown (within its section, then across into the next), drag one between sections,
// check the totals, publish.
// The library may already hold other briefs (spec files share one library per run).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { pressOnAppWindow } from './desktop.mjs';
import { appSession, editorText, findByTestId, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

const BRIEFS = [
  {
    headline: 'Beijing Tightens Rules on Overseas Listings',
    outlet: 'Reuters',
    body: 'Regulators said companies seeking to list abroad must first pass a security review, a step that could delay several planned offerings in New York and Hong Kong this year.',
  },
  {
    headline: 'Hong Kong Court Denies Bail to Media Tycoon',
    outlet: 'RTHK',
    body: 'The court refused bail pending trial, citing the risk that he would continue to commit acts endangering national security. His lawyers said they would appeal.',
  },
  {
    headline: 'Cotton Import Ban Widens to Processed Goods',
    outlet: 'Nikkei Asia',
    body: 'Customs officials will now hold shipments of garments and textiles that contain cotton from the region unless importers can trace the fibre to its source.',
  },
  {
    headline: 'Shipping Rates From Shanghai Ease After Peak',
    outlet: 'Caixin',
    body: 'Container rates on the main routes out of Shanghai fell for a third week as the rush before the holidays faded, freight forwarders said.',
  },
];
// The fourth brief stays unassigned.
const [A, B, C] = BRIEFS.map((b) => b.headline);

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/** Waits until the brief editor's body reads `expected` (or, with `not`, anything else). */
async function waitForBody(expected, what) {
  let last;
  await session.browser
    .waitUntil(async () => (last = await editorText(session.browser, 'body-input')) === expected, {
      timeout: 10_000,
      timeoutMsg: what,
    })
    .catch((error) => {
      throw new Error(`${error.message}: the body reads ${JSON.stringify(last)}`);
    });
}

async function writeBrief({ headline, outlet, body }, { undoThroughMenu = false } = {}) {
  await (await byTestId('new-brief')).click();
  await typeInto('headline-input', headline);
  await typeIntoEditor(session.browser, 'body-input', body);
  if (undoThroughMenu) {
    // Edit › Undo / Redo (their shortcuts pressed through GTK, so the native menu takes them)
    // go to the body editor, which has the keyboard.
    await pressOnAppWindow('Briefdesk', 'ctrl+z');
    await waitForBody('', 'Edit › Undo did not undo the typing in the body');
    await pressOnAppWindow('Briefdesk', 'ctrl+shift+z');
    await waitForBody(body, 'Edit › Redo did not bring the typing back');
  }
  await typeInto('outlet-input', outlet);
  await (await byTestId('status-select')).selectByAttribute('value', 'ready');
  await (await byTestId('save-brief')).click();
  await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"]')).includes(headline), {
    timeout: 10_000,
    timeoutMsg: `the brief "${headline}" did not appear in the library list`,
  });
}

/** Sections and the headlines in them, as the composer shows them. */
const layout = () =>
  session.browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="section"]')].map((section) => [
        section.dataset.section,
        [...section.querySelectorAll('[data-testid="issue-brief"] .headline')].map((h) => h.textContent),
      ]),
    ),
  );

async function waitForLayout(expected, what) {
  let last;
  await session.browser.waitUntil(
    async () => {
      last = await layout();
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    { timeout: 10_000, timeoutMsg: `${what}: expected ${JSON.stringify(expected)}` },
  ).catch((error) => {
    throw new Error(`${error.message}, saw ${JSON.stringify(last)}`);
  });
}

/** The id of the brief with this headline, from a list row of the given test id. */
async function idOf(rowTestId, headline) {
  const id = await session.browser.execute(
    (testId, text) =>
      [...document.querySelectorAll(`[data-testid="${testId}"]`)].find(
        (row) => row.querySelector('.headline')?.textContent === text,
      )?.dataset.id ?? null,
    rowTestId,
    headline,
  );
  assert.ok(id, `no ${rowTestId} row for "${headline}"`);
  return id;
}

const unassignedRow = async (headline) =>
  session.browser.$(`[data-testid="unassigned-brief"][data-id="${await idOf('unassigned-brief', headline)}"]`);
const issueRow = async (headline) =>
  session.browser.$(`[data-testid="issue-brief"][data-id="${await idOf('issue-brief', headline)}"]`);
const emptyDropZone = (section) => session.browser.$(`[data-testid="section"][data-section="${section}"] [data-testid="section-drop"]`);

/**
 * Drags with the pointer: press on `source`, a small move (one move alone does not start a
 * drag), over `target` (`y` pixels from its centre), a second small move there, let go.
 */
async function drag(source, target, y = 0) {
  // The unassigned list and the composer scroll separately: bring both ends into view.
  await source.scrollIntoView({ block: 'center' });
  await target.scrollIntoView({ block: 'center' });
  await session.browser
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ origin: source, duration: 0 })
    .down({ button: 0 })
    .move({ origin: 'pointer', x: 0, y: 12, duration: 60 })
    .move({ origin: target, x: 0, y, duration: 120 })
    .move({ origin: 'pointer', x: 3, y: 1, duration: 60 })
    .up({ button: 0 })
    .perform();
}

/**
 * How many different colours the screen shows where the headline of the issue row `headline`
 * is: a row drawn blank shows one. Read from the X display itself (ImageMagick's `import`), not
 * from WebDriver's screenshot, which paints the page afresh and so never shows a stale paint.
 */
async function inkOnScreen(headline) {
  const id = await idOf('issue-brief', headline);
  const box = await session.browser.execute((briefId) => {
    const text = document.querySelector(`[data-testid="issue-brief"][data-id="${briefId}"] .headline`);
    const rect = text?.getBoundingClientRect();
    if (!rect) return null;
    // No window manager under Xvfb: the page starts below the native menu bar.
    const top = window.screenY + window.outerHeight - window.innerHeight;
    return {
      x: Math.round(window.screenX + rect.left),
      y: Math.round(top + rect.top),
      width: Math.round(rect.width),
      height: Math.round(rect.height),
    };
  }, id);
  assert.ok(box && box.width > 0 && box.height > 0, `the headline of "${headline}" has no box: ${JSON.stringify(box)}`);
  const crop = `${box.width}x${box.height}+${box.x}+${box.y}`;
  const dir = process.env.BRIEFDESK_E2E_ARTIFACTS ?? '.';
  execFileSync('import', ['-window', 'root', '-crop', crop, '+repage', join(dir, 'composer-moved-row.png')]);
  const colours = execFileSync('import', ['-window', 'root', '-crop', crop, '+repage', '-format', '%k', 'info:'], {
    encoding: 'utf8',
  });
  return Number(colours.trim());
}

async function altArrowDown(headline) {
  const handle = await (await issueRow(headline)).$('[data-testid="issue-brief-handle"]');
  await session.browser.elementSendKeys(handle.elementId, Key.Alt + Key.ArrowDown);
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

test('an editor composes an issue: sections, dragged briefs, keyboard reordering, totals, publishing', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    for (const brief of BRIEFS) await writeBrief(brief, { undoThroughMenu: brief === BRIEFS[3] });

    await (await byTestId('tab-issues')).click();
    const newIssue = await byTestId('new-issue');
    await newIssue.waitForDisplayed({ timeout: 10_000 });
    await newIssue.click();

    const number = await byTestId('new-issue-number');
    await number.waitForDisplayed({ timeout: 10_000 });
    const suggested = await number.getValue();
    assert.match(suggested, /^[1-9]\d*$/, 'the next issue number is suggested');
    // Today, as the window writes dates (the field is typed, part by part, in the system's order).
    const shownToday = await session.browser.execute(
      (iso) =>
        new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(
          new Date(`${iso}T00:00:00Z`),
        ),
      today(),
    );
    assert.equal(await (await byTestId('new-issue-date')).getValue(), shownToday, "today's date is suggested");
    // The title starts as the publication's name: never the sample issue's title (loaded by the
    // first-run spec), which used to carry over into every later issue.
    assert.doesNotMatch(await (await byTestId('new-issue-title')).getValue(), /sample/i, "the sample's title is not suggested");
    await typeInto('new-issue-title', 'China Briefing');
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${suggested}`), {
      timeout: 10_000,
      timeoutMsg: `issue No. ${suggested} did not open in the composer`,
    });

    // An impossible issue date is refused beside the field with its reason, and not saved.
    const dateField = await byTestId('issue-date');
    const storedDate = await dateField.getValue();
    await typeInto('issue-date', '2021-02-30');
    await (await byTestId('issue-title')).click();
    const dateProblem = await byTestId('issue-date-problem');
    await dateProblem.waitForDisplayed({ timeout: 5_000 });
    assert.match(await dateProblem.getText(), /There is no February 30 in 2021/u);
    assert.equal(await dateField.getValue(), '2021-02-30', 'the typed date stays as typed');
    await typeInto('issue-date', storedDate);
    await (await byTestId('issue-title')).click();
    await dateProblem.waitForDisplayed({ reverse: true, timeout: 5_000 });

    for (const name of ['Domestic', 'International']) {
      await typeInto('new-section-input', name);
      await (await byTestId('add-section')).click();
      await session.browser.waitUntil(async () => Object.keys(await layout()).includes(name), {
        timeout: 10_000,
        timeoutMsg: `section ${name} was not added`,
      });
    }
    await waitForLayout({ Domestic: [], International: [] }, 'two empty sections');

    // Drag from the unassigned list into the empty Domestic section…
    await drag(await unassignedRow(A), await emptyDropZone('Domestic'));
    await waitForLayout({ Domestic: [A], International: [] }, 'the first brief dragged into Domestic');

    // …then the second above it (the upper half of its row), and the third into International.
    await drag(await unassignedRow(B), await issueRow(A), -10);
    await waitForLayout({ Domestic: [B, A], International: [] }, 'the second brief dropped above the first');
    await drag(await unassignedRow(C), await emptyDropZone('International'));
    await waitForLayout({ Domestic: [B, A], International: [C] }, 'the third brief dragged into International');

    // Alt+ArrowDown moves a brief down within its section, and from its end into the next.
    await altArrowDown(B);
    await waitForLayout({ Domestic: [A, B], International: [C] }, 'Alt+ArrowDown within Domestic');
    await altArrowDown(B);
    await waitForLayout({ Domestic: [A], International: [B, C] }, 'Alt+ArrowDown across into International');
    // The moved row is drawn at once, text and all, not left blank until the page scrolls.
    await session.browser.pause(300);
    const ink = await inkOnScreen(B);
    assert.ok(ink > 2, `the moved brief's headline is drawn (saw ${ink} colour(s) where its text is)`);

    // A brief of the issue dragged from one section to the top of another.
    await drag(await issueRow(C), await issueRow(A), -10);
    await waitForLayout({ Domestic: [C, A], International: [B] }, 'a brief dragged between sections');

    const unassignedText = await textOf('[data-testid="unassigned-list"]');
    for (const headline of [A, B, C]) {
      assert.ok(!unassignedText.includes(headline), `"${headline}" left the unassigned list`);
    }
    assert.ok(unassignedText.includes(BRIEFS[3].headline), 'the fourth brief is still unassigned');
    await session.browser.waitUntil(async () => /3 briefs/.test(await textOf('[data-testid="issue-totals"]')), {
      timeout: 10_000,
      timeoutMsg: 'the totals did not count three briefs',
    });
    const totals = await textOf('[data-testid="issue-totals"]');
    assert.match(totals, /3 briefs/);
    assert.match(totals, /\d+ words/);
    assert.match(totals, /\d+ min read/);
    assert.match(totals, /Email \d+ KB\s+of 102 KB/);
    await session.browser.execute(() => document.querySelector('.main [data-sort-scroll]')?.scrollTo(0, 0));
    await screenshot(session.browser, 'composer');

    // A drag aimed at the lower section lands there, even when the pointer passes over the upper
    // one on its way (where the drop used to open a gap that pushed the aim into the upper one).
    const D = BRIEFS[3].headline;
    const source = await unassignedRow(D);
    const aim = await issueRow(B);
    await source.scrollIntoView({ block: 'center' });
    await aim.scrollIntoView({ block: 'center' });
    const upper = await issueRow(A);
    const rect = await session.browser.execute(
      (el) => {
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 4) };
      },
      aim,
    );
    await session.browser
      .action('pointer', { parameters: { pointerType: 'mouse' } })
      .move({ origin: source, duration: 0 })
      .down({ button: 0 })
      .move({ origin: 'pointer', x: -12, y: 0, duration: 60 })
      .move({ origin: upper, x: 0, y: 0, duration: 120 })
      .move({ origin: 'viewport', x: rect.x, y: rect.y, duration: 120 })
      .move({ origin: 'viewport', x: rect.x + 3, y: rect.y + 1, duration: 60 })
      .up({ button: 0 })
      .perform();
    await waitForLayout({ Domestic: [C, A], International: [D, B] }, 'a brief dragged onto the top of the lower section');

    // A brief taken out of the issue comes back to its old place with Edit › Undo (Ctrl+Z
    // through the native menu, the composer having the keyboard), and goes again with Redo.
    await (await (await issueRow(A)).$('[data-testid="remove-from-issue"]')).click();
    await waitForLayout({ Domestic: [C], International: [D, B] }, 'a brief taken out of the issue');
    await pressOnAppWindow('Briefdesk', 'ctrl+z');
    await waitForLayout({ Domestic: [C, A], International: [D, B] }, 'Edit › Undo put the removed brief back');
    await pressOnAppWindow('Briefdesk', 'ctrl+shift+z');
    await waitForLayout({ Domestic: [C], International: [D, B] }, 'Edit › Redo took it out again');
    await pressOnAppWindow('Briefdesk', 'ctrl+z');
    await waitForLayout({ Domestic: [C, A], International: [D, B] }, 'Edit › Undo put it back again');

    await (await byTestId('publish-issue')).click();
    await (await byTestId('confirm-publish')).click();
    await session.browser.waitUntil(async () => (await textOf('[data-testid="issue-status"]')) === 'Published', {
      timeout: 10_000,
      timeoutMsg: 'the issue was not marked published',
    });
    await (await byTestId('published-lock')).waitForDisplayed({ timeout: 10_000 });

    // Its briefs are published too, as the library shows.
    await (await byTestId('tab-library')).click();
    await session.browser.waitUntil(
      async () => {
        const rows = await session.browser.execute(() =>
          [...document.querySelectorAll('[data-testid="brief-row"]')].map((r) => r.textContent ?? ''),
        );
        return [A, B, C].every((h) => rows.some((row) => row.includes(h) && row.includes('Published')));
      },
      { timeout: 10_000, timeoutMsg: 'the library does not show the issue’s briefs as published' },
    );
  } catch (error) {
    const shot = await screenshot(session.browser, 'composer-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});

test('a brief goes into an issue from the library, and "Move to…" sends it on to another issue', async (t) => {
  const E = 'Port Strike Ends After Wage Deal';
  try {
    await (await byTestId('tab-library')).click();
    await writeBrief({ headline: E, outlet: 'SCMP', body: 'Dock workers returned after the union accepted the offer.' });

    // The editor's "Add to issue": into the newest unpublished issue (the sample; the one
    // composed above is published), shown there in the composer.
    await (await byTestId('add-to-issue')).click();
    await session.browser.waitUntil(
      async () => Object.values(await layout()).some((headlines) => headlines.includes(E)),
      { timeout: 10_000, timeoutMsg: 'the brief did not show in an issue after "Add to issue"' },
    );
    const sampleNumber = await (await session.browser.$('[data-testid="issue-row"][aria-current="true"]')).getAttribute('data-number');

    // A new issue to send it to.
    await (await byTestId('new-issue')).click();
    await (await byTestId('new-issue-number')).waitForDisplayed({ timeout: 10_000 });
    const number = await (await byTestId('new-issue-number')).getValue();
    await typeInto('new-issue-title', 'China Briefing');
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), {
      timeout: 10_000,
      timeoutMsg: `issue No. ${number} did not open`,
    });
    await typeInto('new-section-input', 'World');
    await (await byTestId('add-section')).click();
    await waitForLayout({ World: [] }, 'the new issue has its section');

    // Back to the sample issue, and Move to… › Another issue › the new one.
    await (await session.browser.$(`[data-testid="issue-row"][data-number="${sampleNumber}"]`)).click();
    await session.browser.waitUntil(async () => Object.values(await layout()).some((h) => h.includes(E)), {
      timeout: 10_000,
      timeoutMsg: 'the sample issue did not open again',
    });
    const menu = await (await issueRow(E)).$('[data-testid="move-to-section"]');
    await menu.selectByVisibleText(`No. ${number} China Briefing`);
    await session.browser.waitUntil(async () => !Object.values(await layout()).some((h) => h.includes(E)), {
      timeout: 10_000,
      timeoutMsg: 'the brief did not leave the sample issue',
    });
    await (await session.browser.$(`[data-testid="issue-row"][data-number="${number}"]`)).click();
    await waitForLayout({ World: [E] }, 'the brief arrived in the other issue');

    // Leave the library as it was: the new issue goes, its brief back to unassigned.
    await (await byTestId('delete-issue')).click();
    await (await byTestId('confirm-delete-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('[data-testid="unassigned-list"]')).includes(E), {
      timeout: 10_000,
      timeoutMsg: 'deleting the issue did not return its brief',
    });
  } catch (error) {
    const shot = await screenshot(session.browser, 'composer-add-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
