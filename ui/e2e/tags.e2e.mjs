// Tags in the real app: Enter takes the highlighted suggestion, not the prefix typed; a tag no
// brief carries any more is renamed and deleted in Settings, not only from the CLI.
// Runs after the first-run spec, whose sample briefs carry the tag "Sample".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { appSession, findByTestId, screenshot, textOfAll } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

const chips = () => textOf('[data-testid="editor-tag"] .name');

const HEADLINE = 'Tags Spec: Port Authority Names a New Chair';
const PASSING = 'Zz Tags Spec';

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

const tagRow = (name) => session.browser.$(`[data-testid="tag-row"][data-tag="${name}"]`);

test('Enter takes the highlighted tag; a tag no longer used is renamed and deleted in Settings', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', HEADLINE);

    // "Sam" is offered "Sample"; Enter takes it, not "Sam".
    await typeInto('tags-input', 'Sam');
    await (await byTestId('tags-input-option')).waitForDisplayed({ timeout: 10_000, timeoutMsg: 'no tag was suggested for "Sam"' });
    await session.browser.keys(Key.Enter);
    assert.equal(await chips(), 'Sample');
    // A name nothing suggests is added as typed.
    await typeInto('tags-input', PASSING);
    await session.browser.keys(Key.Enter);
    assert.equal(await chips(), `Sample\n${PASSING}`);
    await (await byTestId('save-brief')).click();
    await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });

    // Taken off again, the tag is left unused.
    await (await byTestId('remove-tag-1')).click();
    await (await byTestId('save-brief')).click();
    await session.browser.waitUntil(async () => (await chips()) === 'Sample', { timeout: 10_000, timeoutMsg: 'the tag was not removed' });

    await (await byTestId('open-settings')).click();
    await (await byTestId('settings-tags')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.waitUntil(async () => /0 briefs/.test(await (await tagRow(PASSING)).getText().catch(() => '')), {
      timeout: 10_000,
      timeoutMsg: `Settings does not list "${PASSING}" as unused`,
    });
    assert.equal(await (await tagRow('Sample')).$('[data-testid="tag-delete"]').isExisting(), false, 'a tag in use offers no Delete');

    await (await (await tagRow(PASSING)).$('[data-testid="tag-rename"]')).click();
    await typeInto('tag-new-name', 'Zz Renamed');
    await (await byTestId('tag-rename-save')).click();
    await (await tagRow('Zz Renamed')).waitForExist({ timeout: 10_000, timeoutMsg: 'the renamed tag is not listed' });
    await screenshot(session.browser, 'settings-tags');

    await (await (await tagRow('Zz Renamed')).$('[data-testid="tag-delete"]')).click();
    await (await tagRow('Zz Renamed')).waitForExist({ reverse: true, timeout: 10_000, timeoutMsg: 'the unused tag was not deleted' });
    assert.match(await textOf('[data-testid="tags-notice"]'), /Deleted “Zz Renamed”\./);
    await session.browser.keys(Key.Escape);
    await (await byTestId('settings-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
  } catch (error) {
    const shot = await screenshot(session.browser, 'tags-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    await session.browser.keys(Key.Escape).catch(() => {});
    throw error;
  }
});
