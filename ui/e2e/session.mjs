// Opens a WebDriver session on the real Briefdesk app through tauri-driver (started by
// `cargo xtask e2e`, which also gives the app its own library and XDG folders).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Key, remote } from 'webdriverio';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `args`: the app's command line, e.g. a library file to open instead of the run's own;
 * `port`: another tauri-driver's than the run's (a second window, `second-window.mjs`).
 */
export async function openApp({ args = [], port = Number(process.env.WEBDRIVER_PORT) } = {}) {
  const application = process.env.BRIEFDESK_APP;
  if (!application || !port) {
    throw new Error('run the end-to-end tests through `cargo xtask e2e` (BRIEFDESK_APP and WEBDRIVER_PORT unset)');
  }
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    connectionRetryTimeout: 60_000,
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application, args },
      // WebKitWebDriver speaks WebDriver classic only.
      'wdio:enforceWebDriverClassic': true,
    },
  });
}

/**
 * Opens the app before a spec's tests and closes it after them: `session.browser` is the
 * WebDriver client (a test that restarts the app puts the new one there).
 */
export function appSession(options) {
  const session = { browser: null };
  before(async () => {
    session.browser = await openApp(options);
  });
  after(async () => {
    await session.browser?.deleteSession().catch(() => {});
  });
  return session;
}

/** Eight random letters naming this run's briefs in the shared library (one search word). */
export const RUN = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

/** Saves a screenshot of the window into this run's artifacts folder; returns its path. */
export async function screenshot(browser, name) {
  const dir = process.env.BRIEFDESK_E2E_ARTIFACTS ?? '.';
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // WebKitWebDriver's snapshot waits for the next painted frame, which an idle page may not
  // paint for a minute: flicker an invisible pixel for a moment so one comes at once.
  await browser.execute(() => {
    const dot = document.createElement('div');
    dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;opacity:0';
    document.body.append(dot);
    let ticks = 0;
    const timer = setInterval(() => {
      dot.style.opacity = ticks++ % 2 ? '0' : '0.02';
      if (ticks > 100) {
        clearInterval(timer);
        dot.remove();
      }
    }, 30);
  });
  await browser.saveScreenshot(path);
  return path;
}

/** The element with `data-testid="id"`. */
export function findByTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

/**
 * The text of every element matching `selector`, one per line. WebKitWebDriver's "get element
 * text" leaves out text inside nested buttons, so this reads textContent in the page.
 */
export function textOfAll(browser, selector) {
  return browser.execute((s) => [...document.querySelectorAll(s)].map((e) => e.textContent ?? '').join('\n'), selector);
}

/**
 * Replaces the text of a CodeMirror editor (its `.cm-content` has `data-testid="id"`) by typing:
 * a click puts the caret in it, Ctrl+A and Backspace empty it, then the keys go in one by one.
 */
export async function typeIntoEditor(browser, id, text) {
  const content = await findByTestId(browser, id);
  await content.waitForDisplayed({ timeout: 10_000 });
  await content.click();
  await browser.elementSendKeys(content.elementId, `${Key.Control}a`);
  await browser.elementSendKeys(content.elementId, Key.Backspace);
  await browser.elementSendKeys(content.elementId, text);
}

/**
 * The text of a CodeMirror editor, lines joined by newlines (its placeholder left out). Only
 * lines CodeMirror has drawn are read, which for a brief's body is all of them.
 */
export function editorText(browser, id) {
  return browser.execute((testId) => {
    const content = document.querySelector(`[data-testid="${testId}"]`);
    if (!content) return null;
    return [...content.querySelectorAll(':scope > .cm-line')]
      .map((line) => {
        const copy = line.cloneNode(true);
        copy.querySelectorAll('.cm-placeholder').forEach((p) => p.remove());
        return copy.textContent ?? '';
      })
      .join('\n');
  }, id);
}

const run = promisify(execFile);

/** Runs the `briefdesk` CLI, another process, on the app's library; returns its JSON answer. */
export async function cli(...args) {
  const program = process.env.BRIEFDESK_CLI;
  const library = process.env.BRIEFDESK_E2E_LIBRARY;
  assert.ok(program && library, 'run through `cargo xtask e2e` (BRIEFDESK_CLI, BRIEFDESK_E2E_LIBRARY)');
  const { stdout } = await run(program, ['--library', library, ...args, '--json']);
  return JSON.parse(stdout);
}
