// Scrolls the library list of a large library from the top to the end and back, and reports
// how long the list takes to show the rows of each new position. Run through
// `cargo xtask e2e-perf LIBRARY` (see README.md here); not part of `cargo xtask test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { findByTestId, openApp, screenshot } from '../session.mjs';

let browser;

before(async () => {
  browser = await openApp();
});

after(async () => {
  if (browser) await browser.deleteSession();
});

/**
 * In the page: sets the list's scrollTop and times, from that moment, (1) the first frame
 * painted with rows at the new place and (2) the frame by which every row in view holds its
 * brief (its page fetched). Resolves with both and what the DOM holds.
 */
function scrollAndTime(top) {
  return browser.execute(async (target) => {
    const list = document.querySelector('[data-testid="brief-list"]');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    const inView = () => {
      const box = list.getBoundingClientRect();
      return [...list.querySelectorAll('[role="option"]')].filter((row) => {
        const r = row.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      });
    };
    await frame();
    const start = performance.now();
    list.scrollTop = target;
    let positioned = null;
    let filled = null;
    while (performance.now() - start < 10_000) {
      const now = await frame();
      const rows = inView();
      if (positioned === null && rows.length > 0) positioned = now - start;
      if (rows.length > 0 && rows.every((row) => row.dataset.testid === 'brief-row')) {
        filled = now - start;
        break;
      }
    }
    const rows = inView();
    return {
      top: list.scrollTop,
      positioned,
      filled,
      optionsInDom: list.querySelectorAll('[role="option"]').length,
      firstInView: rows[0]?.querySelector('.headline')?.textContent ?? null,
    };
  }, top);
}

/** In the page: scrolls by `step` px every frame for `frames` frames; the frame intervals. */
function flingAndTime(step, frames) {
  return browser.execute(
    async (px, n) => {
      const list = document.querySelector('[data-testid="brief-list"]');
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      const box = list.getBoundingClientRect();
      const gaps = [];
      let blank = 0;
      let last = await frame();
      for (let i = 0; i < n; i++) {
        list.scrollTop += px;
        const now = await frame();
        gaps.push(now - last);
        last = now;
        // A frame with no row (brief or placeholder) at the middle of the viewport.
        const middle = box.top + box.height / 2;
        const covered = [...list.querySelectorAll('[role="option"]')].some((row) => {
          const r = row.getBoundingClientRect();
          return r.top <= middle + 4 && r.bottom >= middle - 4;
        });
        if (!covered) blank++;
      }
      return { gaps, blank };
    },
    step,
    frames,
  );
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (n) => (n === null ? 'never' : `${n.toFixed(1)} ms`);

test('the list of a large library scrolls to the end and back', async () => {
  await browser.waitUntil(
    async () => /\d+ briefs/.test((await browser.execute(() => document.querySelector('[data-testid="library-summary"]')?.textContent)) ?? ''),
    { timeout: 60_000, timeoutMsg: 'the library list never said how many briefs it holds' },
  );
  const summary = await browser.execute(() => document.querySelector('[data-testid="library-summary"]')?.textContent);
  const scrollHeight = await browser.execute(() => document.querySelector('[data-testid="brief-list"]').scrollHeight);
  console.log(`library: ${summary}; list scroll height ${scrollHeight} px`);

  // Jumps: to evenly spaced places down to the end, then back up to the top.
  const stops = [0.1, 0.25, 0.5, 0.75, 0.9, 1, 0.6, 0.3, 0];
  const results = [];
  for (const at of stops) {
    const result = await scrollAndTime(Math.round(at * scrollHeight));
    results.push(result);
    console.log(
      `jump to ${String(Math.round(at * 100)).padStart(3)}%: rows placed ${ms(result.positioned)}, filled ${ms(result.filled)}; ` +
        `${result.optionsInDom} rows in the DOM; first in view: ${result.firstInView}`,
    );
    if (at === 1) await screenshot(browser, 'perf-end');
  }
  for (const r of results) {
    assert.ok(r.filled !== null, 'some rows never filled');
    assert.ok(r.optionsInDom < 40, `the DOM held ${r.optionsInDom} rows`);
  }

  // A steady fling: 400 px a frame for 300 frames (the first pages come while it moves).
  const { gaps, blank } = await flingAndTime(400, 300);
  console.log(
    `fling 400 px/frame x 300: frame interval median ${percentile(gaps, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(gaps, 95).toFixed(1)} ms, max ${Math.max(...gaps).toFixed(1)} ms; frames without rows: ${blank}`,
  );

  // What one page costs through IPC at the top, the middle and the end of the list.
  for (const offset of [0, 50_000, 99_900]) {
    const times = await browser.execute(async (at) => {
      const query = { tags: [], status: null, unassigned: false, outlet: null, from: null, to: null, sort: 'updated', offset: at, limit: 100 };
      const runs = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await window.__TAURI_INTERNALS__.invoke('list_briefs', { query });
        runs.push(performance.now() - t0);
      }
      return runs;
    }, offset);
    console.log(`list_briefs offset ${offset} limit 100 through IPC: median ${percentile(times, 50).toFixed(1)} ms of 5`);
  }

  // The keyboard: End from the list, then Home.
  const list = await findByTestId(browser, 'brief-list');
  await list.click();
  for (const [key, expected] of [
    [Key.End, 'last'],
    [Key.Home, 'first'],
  ]) {
    const t0 = Date.now();
    await browser.keys(key);
    let state = null;
    await browser.waitUntil(
      async () => {
        state = await browser.execute((which) => {
          const list = document.querySelector('[data-testid="brief-list"]');
          const id = list.getAttribute('aria-activedescendant');
          const row = id ? document.getElementById(id) : null;
          const atEdge = which === 'first' ? list.scrollTop === 0 : list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
          return {
            shown: row?.dataset.testid === 'brief-row' && atEdge,
            active: id,
            row: row?.dataset.testid ?? null,
            scrollTop: list.scrollTop,
            focused: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName,
          };
        }, expected);
        return state.shown;
      },
      { timeout: 10_000, timeoutMsg: `${expected} row never became active and shown` },
    ).catch((error) => {
      throw new Error(`${error.message}: ${JSON.stringify(state)}`);
    });
    console.log(`${expected === 'last' ? 'End' : 'Home'} key to that row shown with its brief: ${Date.now() - t0} ms (WebDriver round trips included)`);
  }
  await screenshot(browser, 'perf-top');
});
