// Launch to a painted library window: starts the app LAUNCHES times on the run's library and
// reports, for each, the time from the process's start to the frame that first showed loaded
// briefs (the page's `briefdesk:library-painted` mark, ui/src/lib/startup.ts). Run through
// `cargo xtask startup-time LIBRARY` (the release build); not part of `cargo xtask test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { openApp } from '../session.mjs';

const LAUNCHES = Number(process.env.BRIEFDESK_LAUNCHES ?? 5);
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** When the newest process running `program` started, in ms since the epoch (±10 ms). */
function processStart(program) {
  const starts = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
      if (argv0 !== program) continue;
      // Field 22, after the parenthesised command name: start time in clock ticks since boot.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      starts.push(Number(fields[19]));
    } catch {
      // The process ended while being read.
    }
  }
  assert.ok(starts.length > 0, `no running process is ${program}`);
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const boot = Date.now() - uptime * 1000;
  return boot + (Math.max(...starts) * 1000) / CLOCK_TICKS;
}

test(`launch to a painted library window, ${LAUNCHES} launches`, async () => {
  const program = process.env.BRIEFDESK_APP;
  const times = [];
  const splits = [];
  for (let i = 0; i < LAUNCHES; i++) {
    const browser = await openApp();
    try {
      const painted = await browser.waitUntil(
        () =>
          browser.execute(() => {
            const mark = performance.getEntriesByName('briefdesk:library-painted')[0];
            return mark ? performance.timeOrigin + mark.startTime : false;
          }),
        { timeout: 60_000, interval: 50, timeoutMsg: 'the library never showed a loaded brief' },
      );
      const started = processStart(program);
      times.push(painted - started);
      // Where the time went, by the page's own clock: before the page (GTK, WebKit's processes,
      // the window), the bundle parsed and run with the app mounted, then the first data read
      // and painted.
      splits.push(
        await browser.execute(() => {
          const mounted = performance.getEntriesByName('briefdesk:app-mounted')[0];
          const painted = performance.getEntriesByName('briefdesk:library-painted')[0];
          return { origin: performance.timeOrigin, mounted: mounted?.startTime ?? null, painted: painted?.startTime ?? null };
        }).then((page) => ({ before: page.origin - started, mounted: page.mounted ?? NaN, painted: page.painted ?? NaN })),
      );
    } finally {
      await browser.deleteSession().catch(() => {});
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  // A build without the mounted mark (older than the mark) has null there: say so.
  const ms = (t) => (Number.isFinite(t) ? `${Math.round(t)} ms` : 'n/a');
  const mid = (pick) => [...splits.map(pick)].sort((a, b) => a - b)[Math.floor(splits.length / 2)];
  console.log(
    `startup, medians: before the page ${ms(mid((s) => s.before))}; bundle run and app mounted ${ms(mid((s) => s.mounted))}; ` +
      `first rows painted ${ms(mid((s) => s.painted - s.mounted))} after that`,
  );
  console.log(`startup: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}; median ${(median / 1000).toFixed(2)} s`);
  assert.ok(median > 0, 'the paint came before the process started: the clocks disagree');
});
