// Two editors' windows and the command line on one team library, through one throwaway
// PostgreSQL server (pg.mjs): Anna's replica in the run's window, Ben's in a second real app
// window, Carol's replica driven by the `briefdesk` CLI.
//
// - A brief typed in Anna's window (keys into the headline and the body) reaches Ben's window
//   by the app's own background sync, and Carol's replica by `team sync`; each window says
//   who else has the brief open ("Anna is editing").
// - Ben's replica reaches the server through a TCP proxy the spec can cut (cut-proxy.mjs): the
//   network goes away for Ben alone, the server is real and runs on. Offline, Ben changes the
//   brief's headline and body in his window; online, Carol changes the same two parts and its
//   notes. Back online, Ben's window shows the conflict, both sides of each part; he keeps his
//   headline and takes Carol's body; afterwards both windows, the three libraries and the server
//   hold the same brief: Ben's headline, Carol's body and Carol's notes.
// - One editor composes an issue at a time: the issue Carol made is open in Anna's composer, so
//   Ben's says "Anna is composing No. 12" and its order is read-only there; Anna's reordering
//   shows in Ben's window as it syncs; once Anna leaves the Issues view, Ben's order is his to
//   change, and his reorder reaches Carol's replica.
//
// Why a second tauri-driver (second-window.mjs) rather than two sessions on the run's: one
// WebKitWebDriver holds a single session, and tauri-driver starts one WebKitWebDriver; a
// second driver on its own ports also gives the second app its own environment (XDG folders,
// and a D-Bus bus of its own, where the run's would make the single-instance plugin hand the
// second launch to the first window). Everything the spec starts stops in `after`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Key } from 'webdriverio';

import { startCutProxy } from './cut-proxy.mjs';
import { startPostgres } from './pg.mjs';
import { openSecondWindow } from './second-window.mjs';
import { RUN, editorText, findByTestId, openApp, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'briefdesk-two-windows-'));
const libraries = { anna: join(dir, 'anna.sqlite3'), ben: join(dir, 'ben.sqlite3'), carol: join(dir, 'carol.sqlite3') };
let server;
let proxy;
let anna; // the run's window, on Anna's replica
let ben; // { browser, stop }: the second window, on Ben's replica

/** The `briefdesk` CLI on `library`; its standard output. */
async function briefdesk(library, ...args) {
  const { stdout } = await exec(process.env.BRIEFDESK_CLI, ['--library', library, ...args]);
  return stdout;
}

const showBrief = async (library, id) => JSON.parse(await briefdesk(library, 'brief', 'show', id, '--json'));
const carolSync = () => briefdesk(libraries.carol, 'team', 'sync', '--server', `postgresql://carol@127.0.0.1:${server.port}/newsroom`);

/** The brief's document on the server, as the superuser reads it. */
function serverBrief(id) {
  const row = server.sql(`SELECT doc FROM briefdesk.briefs WHERE id = '${id}'`).trim();
  assert.ok(row, `the server holds the brief ${id}`);
  return JSON.parse(row);
}

async function waitForStatus(browser, kind, timeout) {
  const status = await findByTestId(browser, 'sync-status');
  await status.waitForDisplayed({ timeout });
  try {
    await browser.waitUntil(async () => (await status.getAttribute('data-kind')) === kind, { timeout });
  } catch {
    const now = await textOfAll(browser, '[data-testid="sync-status"]').catch(() => '?');
    throw new Error(`the sync status never became "${kind}" (it says "${now.trim()}")`);
  }
}

async function waitForSaved(browser) {
  await (await findByTestId(browser, 'saved-indicator')).waitForDisplayed({ timeout: 20_000 });
}

/** Opens the brief headed `headline` from the window's library list. */
async function openBrief(browser, headline) {
  const row = await browser.$(`//*[@data-testid="brief-row"][.//*[contains(@class,"headline")][normalize-space(.)="${headline}"]]`);
  await row.waitForDisplayed({ timeout: 30_000 });
  await row.click();
  await browser.waitUntil(async () => (await (await findByTestId(browser, 'headline-input')).getValue()) === headline, {
    timeout: 15_000,
    timeoutMsg: `the editor did not open "${headline}"`,
  });
}

before(async () => {
  server = await startPostgres();
  server.sql('CREATE ROLE ben LOGIN; CREATE ROLE carol LOGIN');
  proxy = await startCutProxy(server.port);
  await briefdesk(libraries.anna, 'team', 'init', '--server', server.url, '--name', 'Anna');
  await briefdesk(libraries.anna, 'team', 'grant', 'ben', 'editor', '--name', 'Ben', '--server', server.url);
  await briefdesk(libraries.anna, 'team', 'grant', 'carol', 'editor', '--name', 'Carol', '--server', server.url);
  // Ben's replica is joined through the proxy: every connection it makes passes there.
  await briefdesk(libraries.ben, 'team', 'join', '--server', `postgresql://ben@127.0.0.1:${proxy.port}/newsroom`);
  await briefdesk(libraries.carol, 'team', 'join', '--server', `postgresql://carol@127.0.0.1:${server.port}/newsroom`);
  anna = await openApp({ args: [libraries.anna] });
  ben = await openSecondWindow({ library: libraries.ben, dir: join(process.env.BRIEFDESK_E2E_ARTIFACTS ?? dir, 'second-window') });
});

after(async () => {
  await anna?.deleteSession().catch(() => {});
  await ben?.stop();
  await proxy?.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a brief typed in one window reaches the other and the CLI; a conflicting offline edit is offered to choose', async (t) => {
  try {
    await waitForStatus(anna, 'synced', 30_000);
    await waitForStatus(ben.browser, 'synced', 30_000);

    // Anna types a brief.
    const headline = `Two windows ${RUN}: ferry service resumes`;
    const body = `The first ferries left the harbour at dawn ${RUN}.`;
    await (await findByTestId(anna, 'new-brief')).click();
    const field = await findByTestId(anna, 'headline-input');
    await field.waitForDisplayed({ timeout: 15_000 });
    await field.setValue(headline);
    await typeIntoEditor(anna, 'body-input', body);
    await anna.waitUntil(async () => (await editorText(anna, 'body-input')) === body, { timeout: 10_000, timeoutMsg: 'the typed body did not arrive' });
    await (await findByTestId(anna, 'save-brief')).click();
    await waitForSaved(anna);
    const typed = JSON.parse(await briefdesk(libraries.anna, 'briefs', '--json', '--limit', '1000')).filter((b) => b.headline === headline);
    assert.equal(typed.length, 1, "Anna's library holds the typed brief once");
    const { id } = typed[0];
    assert.equal((await showBrief(libraries.anna, id)).body, body);

    // It reaches Ben's window by the app's own sync, whole.
    await openBrief(ben.browser, headline);
    await ben.browser.waitUntil(async () => (await editorText(ben.browser, 'body-input')) === body, {
      timeout: 15_000,
      timeoutMsg: "Ben's editor does not show the body Anna typed",
    });

    // Each window sees who else has the brief open.
    for (const [browser, words] of [
      [ben.browser, 'Anna is editing'],
      [anna, 'Ben is editing'],
    ]) {
      await browser.waitUntil(async () => (await textOfAll(browser, '[data-testid="editing-indicator"]')).includes(words), {
        timeout: 30_000,
        timeoutMsg: `the window never said "${words}"`,
      });
    }

    // … and Carol's replica by `team sync`.
    await anna.waitUntil(
      async () => {
        await carolSync();
        return JSON.parse(await briefdesk(libraries.carol, 'briefs', '--json', '--limit', '1000')).some((b) => b.id === id);
      },
      { timeout: 30_000, interval: 1_000, timeoutMsg: "the brief did not reach Carol's replica" },
    );
    const atCarol = await showBrief(libraries.carol, id);
    assert.equal(atCarol.headline, headline);
    assert.equal(atCarol.body, body);

    // Ben's network goes away; his window says so. He edits the headline and the body.
    proxy.cut();
    await waitForStatus(ben.browser, 'offline', 40_000);
    const bensHeadline = `${headline} after the storm`;
    const bensBody = `Ben, offline: ferries sail again ${RUN}.`;
    const bensField = await findByTestId(ben.browser, 'headline-input');
    // Keys into the field: WebDriver's Element Send Keys puts the caret at the end first.
    await bensField.addValue(' after the storm');
    await typeIntoEditor(ben.browser, 'body-input', bensBody);
    await ben.browser.waitUntil(async () => (await editorText(ben.browser, 'body-input')) === bensBody, {
      timeout: 10_000,
      timeoutMsg: "Ben's typed body did not arrive",
    });
    await (await findByTestId(ben.browser, 'save-brief')).click();
    await ben.browser.waitUntil(
      async () => {
        const stored = await showBrief(libraries.ben, id);
        return stored.headline === bensHeadline && stored.body === bensBody;
      },
      { timeout: 20_000, timeoutMsg: "Ben's offline edit was not saved in his library as he typed it" },
    );

    // Carol, online, changes the same two parts and the notes.
    const carolsHeadline = `Two windows ${RUN}: ferries run again`;
    const carolsBody = `Carol: the port authority confirms the timetable ${RUN}.`;
    const carolsNotes = `Called the port authority ${RUN}.`;
    await briefdesk(libraries.carol, 'brief', 'edit', id, '--headline', carolsHeadline, '--body', carolsBody, '--notes', carolsNotes);
    await carolSync();
    assert.equal(serverBrief(id).headline, carolsHeadline, "Carol's edit is on the server");

    // Anna's window takes Carol's edit by itself.
    await anna.waitUntil(async () => (await (await findByTestId(anna, 'headline-input')).getValue()) === carolsHeadline, {
      timeout: 30_000,
      timeoutMsg: "Carol's headline did not reach Anna's window",
    });
    assert.equal((await showBrief(libraries.ben, id)).headline, bensHeadline, "Ben's replica, offline, still holds his edit");

    // Ben is back: "Sync now" in his panel, and the conflict shows both sides of each part.
    proxy.restore();
    const status = await findByTestId(ben.browser, 'sync-status');
    await status.click();
    const syncNow = await ben.browser.$('//*[@data-testid="sync-panel"]//button[normalize-space(.)="Sync now"]');
    await syncNow.waitForClickable({ timeout: 10_000 });
    await syncNow.click();
    await waitForStatus(ben.browser, 'conflicts', 60_000);
    assert.equal((await textOfAll(ben.browser, '[data-testid="sync-status"]')).trim(), '1 conflict to resolve');
    const conflict = await findByTestId(ben.browser, 'conflict');
    await conflict.waitForDisplayed({ timeout: 15_000 });
    const sides = async (part) =>
      ben.browser.execute(
        (p) => [...document.querySelectorAll(`[data-testid="conflict-part-${p}"] .text`)].map((e) => e.textContent),
        part,
      );
    assert.deepEqual(await sides('headline'), [bensHeadline, carolsHeadline], 'the headline: mine, then the team’s');
    assert.deepEqual(await sides('body'), [bensBody, carolsBody], 'the body: mine, then the team’s');
    assert.equal(
      await ben.browser.execute(() => document.querySelectorAll('[data-testid^="conflict-part-"]').length),
      2,
      'only the two parts both changed clash (the notes merge)',
    );
    await screenshot(ben.browser, 'team-two-windows-conflict');
    assert.equal(serverBrief(id).headline, carolsHeadline, 'nothing is sent over the team’s edit before the choice');

    // He keeps his headline and takes Carol's body.
    const radios = (part) => ben.browser.$$(`[data-testid="conflict-part-${part}"] input[type="radio"]`);
    await (await radios('headline'))[0].click();
    await (await radios('body'))[1].click();
    const keep = await findByTestId(ben.browser, 'resolve-conflict');
    await keep.waitForEnabled({ timeout: 5_000 });
    await keep.click();
    await waitForStatus(ben.browser, 'synced', 60_000);
    await status.click();
    await (await findByTestId(ben.browser, 'sync-panel')).waitForExist({ reverse: true, timeout: 10_000 });

    // Everyone ends with the same brief: Ben's headline, Carol's body and notes.
    const expected = { headline: bensHeadline, body: carolsBody, notes: carolsNotes };
    const same = (brief) => brief.headline === expected.headline && brief.body === expected.body && brief.notes === expected.notes;
    await anna.waitUntil(async () => same(serverBrief(id)), { timeout: 30_000, timeoutMsg: 'the server does not hold the chosen brief' });
    await anna.waitUntil(async () => same(await showBrief(libraries.anna, id)), {
      timeout: 30_000,
      timeoutMsg: "Anna's library did not take the chosen brief",
    });
    await anna.waitUntil(
      async () =>
        (await (await findByTestId(anna, 'headline-input')).getValue()) === bensHeadline && (await editorText(anna, 'body-input')) === carolsBody,
      { timeout: 30_000, timeoutMsg: "Anna's window does not show the chosen brief" },
    );
    await ben.browser.waitUntil(
      async () =>
        (await (await findByTestId(ben.browser, 'headline-input')).getValue()) === bensHeadline &&
        (await editorText(ben.browser, 'body-input')) === carolsBody,
      { timeout: 30_000, timeoutMsg: "Ben's window does not show his choice" },
    );
    assert.ok(same(await showBrief(libraries.ben, id)), "Ben's library holds his choice");
    await carolSync();
    assert.ok(same(await showBrief(libraries.carol, id)), "Carol's replica holds Ben's choice");
    assert.equal(
      JSON.parse(await briefdesk(libraries.ben, 'team', 'conflicts', '--json')).length,
      0,
      'no conflict is left',
    );
    await screenshot(anna, 'team-two-windows-anna');
  } catch (error) {
    await screenshot(anna, 'team-two-windows-anna-failure').catch(() => {});
    if (ben) await screenshot(ben.browser, 'team-two-windows-ben-failure').catch(() => {});
    t.diagnostic(String(error));
    throw error;
  }
});

/** The headlines in the composer's issue, in order. */
const order = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="issue-brief"] .headline')].map((h) => h.textContent?.trim()));

async function waitForOrder(browser, expected, who) {
  await browser.waitUntil(async () => JSON.stringify(await order(browser)) === JSON.stringify(expected), {
    timeout: 30_000,
    timeoutMsg: `${who}'s composer does not show ${JSON.stringify(expected)}`,
  });
}

/** Shows issue `number` in the window's composer, once the sync has brought it. */
async function openIssue(browser, number) {
  await (await findByTestId(browser, 'tab-issues')).click();
  const row = await browser.$(`[data-testid="issue-row"][data-number="${number}"]`);
  await row.waitForDisplayed({ timeout: 30_000 });
  await row.click();
}

const leaseHolder = () => server.sql('SELECT holder FROM briefdesk.leases WHERE expires_at > now()').trim();

test('one editor composes an issue at a time; the others see who, and the order as it changes', async (t) => {
  try {
    const headlines = [`Two windows ${RUN}: port fees rise`, `Two windows ${RUN}: new pier opens`];
    const ids = [];
    for (const headline of headlines) {
      ids.push(JSON.parse(await briefdesk(libraries.carol, 'brief', 'add', '--headline', headline, '--json')).id);
    }
    await briefdesk(libraries.carol, 'issue', 'new', '--number', '12', '--title', 'Harbour Brief');
    for (const id of ids) await briefdesk(libraries.carol, 'issue', 'add', '12', id);
    await carolSync();

    // Anna opens it first and takes the lease; Ben's composer then says so and locks the order.
    await openIssue(anna, 12);
    await waitForOrder(anna, headlines, 'Anna');
    await anna.waitUntil(async () => leaseHolder() === 'anna', { timeout: 30_000, timeoutMsg: 'Anna never took the lease' });
    await openIssue(ben.browser, 12);
    await waitForOrder(ben.browser, headlines, 'Ben');
    const elsewhere = await findByTestId(ben.browser, 'composed-elsewhere');
    await elsewhere.waitForDisplayed({ timeout: 30_000 });
    assert.match(await elsewhere.getText(), /^Anna is composing No\. 12\./);
    for (const select of await ben.browser.$$('[data-testid="move-to-section"]')) {
      assert.equal(await select.isEnabled(), false, "Ben's order is read-only while Anna composes");
    }
    assert.equal(leaseHolder(), 'anna', 'Ben did not take the lease from Anna');
    await screenshot(ben.browser, 'team-two-windows-lease');

    // Anna moves the first brief down; Ben's window shows it as it syncs.
    const handle = async (browser, id) => (await browser.$(`[data-testid="issue-brief"][data-id="${id}"]`)).$('[data-testid="issue-brief-handle"]');
    await anna.elementSendKeys((await handle(anna, ids[0])).elementId, Key.Alt + Key.ArrowDown);
    const annas = [headlines[1], headlines[0]];
    await waitForOrder(anna, annas, 'Anna');
    await waitForOrder(ben.browser, annas, 'Ben');

    // Anna leaves the Issues view: she gives the lease back at once; Ben's composer, which asks
    // again every 30 s (src-tauri/src/composing.rs), takes it, and his order is his.
    await (await findByTestId(anna, 'tab-library')).click();
    await anna.waitUntil(async () => leaseHolder() !== 'anna', { timeout: 20_000, timeoutMsg: 'Anna did not give the lease back' });
    await ben.browser.waitUntil(
      async () =>
        leaseHolder() === 'ben' && !(await ben.browser.execute(() => document.querySelector('[data-testid="composed-elsewhere"]') !== null)),
      // Two of Ben's 30 s rounds and some: one try may fail while the server is busy.
      { timeout: 90_000, interval: 1_000, timeoutMsg: 'Ben never took the free lease, or his composer still said Anna composes' },
    );
    await ben.browser.elementSendKeys((await handle(ben.browser, ids[1])).elementId, Key.Alt + Key.ArrowDown);
    await waitForOrder(ben.browser, headlines, 'Ben');
    await ben.browser.waitUntil(
      async () => {
        await carolSync();
        const issue = JSON.parse(await briefdesk(libraries.carol, 'issue', 'show', '12', '--json'));
        return JSON.stringify(issue.sections.flatMap((s) => s.briefs.map((b) => b.headline))) === JSON.stringify(headlines);
      },
      { timeout: 30_000, interval: 1_000, timeoutMsg: "Ben's order did not reach Carol's replica" },
    );
  } catch (error) {
    t.diagnostic(`leases on the server: ${JSON.stringify(server.sql('SELECT holder, expires_at > now() FROM briefdesk.leases'))}`);
    await screenshot(anna, 'team-two-windows-lease-anna-failure').catch(() => {});
    if (ben) await screenshot(ben.browser, 'team-two-windows-lease-ben-failure').catch(() => {});
    t.diagnostic(String(error));
    throw error;
  }
});
