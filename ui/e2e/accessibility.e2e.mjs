// Accessibility of the real app: axe-core checks each view and dialog with content in it (the
// sample issue the first-run spec loaded), and keyboard use reaches what matters. A serious or
// critical violation fails the run; lesser ones are listed as diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

/** Runs axe on the page as it is; returns the violations, most severe first. */
async function audit() {
  const loaded = await session.browser.execute(() => typeof window.axe === 'object');
  if (!loaded) {
    await session.browser.execute(AXE_SOURCE);
  }
  const result = await session.browser.executeAsync((done) => {
    // The previews are sandboxed frames without scripts: axe cannot (and need not) enter them.
    window.axe
      .run(document, { iframes: false, resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))))
      .catch((e) => done({ error: String(e) }));
  });
  if (result && !Array.isArray(result)) throw new Error(`axe failed: ${result.error}`);
  return result;
}

async function expectAccessible(t, where) {
  const violations = await audit();
  for (const v of violations) {
    t.diagnostic(`${where}: ${v.impact} ${v.id} — ${v.help} — ${v.targets.join(', ')}`);
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id}: ${v.targets.join(', ')}`),
    [],
    `${where}: serious or critical accessibility violations`,
  );
}

async function openDialog(button, dialog) {
  await (await byTestId(button)).click();
  await (await byTestId(dialog)).waitForDisplayed({ timeout: 10_000 });
}

async function closeDialog(dialog) {
  await session.browser.keys('Escape');
  await (await byTestId(dialog)).waitForDisplayed({ reverse: true, timeout: 10_000 });
}

/** Every view and dialog, audited in the palette the window shows now (`palette` names it). */
async function auditEverything(t, palette) {
  const where = (place) => `${place} (${palette})`;
    await (await byTestId('brief-list')).waitForDisplayed({ timeout: 15_000 });
    await session.browser.waitUntil(async () => (await session.browser.$$('[data-testid="brief-row"]')).length > 0, {
      timeout: 15_000,
      timeoutMsg: 'the library listed no briefs (the first-run spec loads the sample)',
    });
    await expectAccessible(t, where('library with the editor for a new brief'));

    await (await session.browser.$$('[data-testid="brief-row"]'))[0].click();
    await (await byTestId('headline-input')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) !== '', { timeout: 10_000 });
    await expectAccessible(t, where('library with a brief open'));

    await (await byTestId('tab-issues')).click();
    await session.browser.waitUntil(async () => (await session.browser.$$('[data-testid="issue-row"]')).length > 0, {
      timeout: 15_000,
      timeoutMsg: 'the composer listed no issues',
    });
    await (await session.browser.$$('[data-testid="issue-row"]'))[0].click();
    await (await byTestId('issue-totals')).waitForDisplayed({ timeout: 10_000 });
    await expectAccessible(t, where('issue composer'));
    await (await byTestId('tab-library')).click();

    await openDialog('open-import', 'import-dialog');
    await expectAccessible(t, where('import dialog'));
    await closeDialog('import-dialog');

    await openDialog('open-export', 'export-dialog');
    await session.browser.waitUntil(async () => /\d+ KB|KB|bytes/.test(await textOfAll(session.browser, '[data-testid="export-facts"]')), { timeout: 15_000 });
    await expectAccessible(t, where('export dialog'));
    await closeDialog('export-dialog');

    await openDialog('open-settings', 'settings-dialog');
    await expectAccessible(t, where('settings dialog'));
    await closeDialog('settings-dialog');

    await openDialog('open-help', 'help-dialog');
    await expectAccessible(t, where('help: shortcuts'));
    await (await byTestId('help-tab-guide')).click();
    await (await byTestId('guide')).waitForDisplayed({ timeout: 10_000 });
    await expectAccessible(t, where('help: guide'));
    await closeDialog('help-dialog');

    // A brief's delete confirmation (its danger button), left unconfirmed.
    await (await session.browser.$$('[data-testid="brief-row"]'))[0].click();
    await (await byTestId('delete-brief')).click();
    await (await byTestId('confirm-delete')).waitForDisplayed({ timeout: 10_000 });
    await expectAccessible(t, where('delete confirmation'));
    await session.browser.keys('Escape');
}

/** Chooses a theme in Settings, as an editor does. */
async function chooseTheme(theme) {
  await openDialog('open-settings', 'settings-dialog');
  await (await byTestId(`theme-${theme}`)).click();
  await session.browser.waitUntil(async () => (await session.browser.execute(() => document.documentElement.dataset.theme)) === theme, {
    timeout: 5_000,
    timeoutMsg: `the window did not turn ${theme}`,
  });
  await closeDialog('settings-dialog');
}

test('every view and dialog passes axe without serious or critical violations, light and dark', async (t) => {
  try {
    await chooseTheme('light');
    await auditEverything(t, 'light');
    await chooseTheme('dark');
    await auditEverything(t, 'dark');
    await screenshot(session.browser, 'dark');
  } catch (error) {
    const shot = await screenshot(session.browser, 'accessibility-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  } finally {
    await chooseTheme('light').catch(() => {});
  }
});

test('the main controls are reached with Tab and show where the focus is', async (t) => {
  await (await byTestId('tab-library')).click();
  await session.browser.execute(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  const reached = new Set();
  let unmarked = [];
  for (let i = 0; i < 60; i += 1) {
    await session.browser.keys('Tab');
    const focus = await session.browser.execute(() => {
      const el = document.activeElement;
      if (!(el instanceof HTMLElement) || el === document.body) return null;
      const ringed = (node) => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      };
      // The ring may be drawn by the field's box (:focus-within), as for the tag chips' input.
      let visible = false;
      for (let node = el, up = 0; node instanceof HTMLElement && up < 5 && !visible; node = node.parentElement, up += 1) {
        visible = ringed(node);
      }
      return { id: el.dataset.testid ?? el.getAttribute('aria-label') ?? el.tagName.toLowerCase(), visible };
    });
    if (!focus) continue;
    reached.add(focus.id);
    if (!focus.visible) unmarked.push(focus.id);
  }
  t.diagnostic(`reached: ${[...reached].join(', ')}`);
  for (const id of ['search-input', 'new-brief', 'open-import', 'open-export', 'open-settings', 'headline-input', 'save-brief']) {
    assert.ok(reached.has(id), `Tab never reached ${id}`);
  }
  unmarked = [...new Set(unmarked)];
  assert.deepEqual(unmarked, [], 'controls without a visible focus indicator');
});
