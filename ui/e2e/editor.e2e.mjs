// The body's Markdown editor in the real app: a word made bold with Ctrl+B shows as bold in the
// preview and comes back with Ctrl+Z; the toolbar's Italic button; Ctrl+I italicises without the
// page's own Import shortcut firing; what was formatted is stored. Keys sent through WebDriver
// reach the page without passing the native menu's accelerators, so this cannot see the GTK
// menu taking Ctrl+I for Import first (it does, with a real keyboard). Enter on an empty quote
// line ends the quote.
// The library may hold other specs' briefs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'webdriverio';
import { appSession, editorText, findByTestId, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);
const body = () => editorText(session.browser, 'body-input');

/** Presses keys in the body editor (modifiers are held until the end of the string). */
async function press(keys) {
  const content = await byTestId('body-input');
  await session.browser.elementSendKeys(content.elementId, keys);
}

async function waitForBody(expected, message) {
  await session.browser.waitUntil(async () => (await body()) === expected, {
    timeout: 5_000,
    timeoutMsg: `${message}; the body reads ${JSON.stringify(await body())}`,
  });
}

test('bold with Ctrl+B shows in the preview and Ctrl+Z takes it back; the toolbar formats too', async (t) => {
  try {
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
    await (await byTestId('new-brief')).click();
    const headline = await byTestId('headline-input');
    await headline.waitForDisplayed({ timeout: 10_000 });
    await headline.setValue('Editor check: officials deny the report');
    await typeIntoEditor(session.browser, 'body-input', 'Officials denied the report');
    await waitForBody('Officials denied the report', 'the typed body did not arrive');

    // The caret is at the end: select the last word, then Ctrl+B.
    await press(`${Key.Control}${Key.Shift}${Key.ArrowLeft}`);
    await press(`${Key.Control}b`);
    await waitForBody('Officials denied the **report**', 'Ctrl+B did not bold the selected word');

    const toggle = await byTestId('toggle-preview');
    await toggle.click();
    // A click that lands while the autosave re-renders the toolbar can be lost: look, then click again.
    await session.browser.waitUntil(
      async () => {
        if ((await toggle.getAttribute('aria-pressed')) === 'true') return true;
        await toggle.click();
        return false;
      },
      { timeout: 5_000, interval: 1_000, timeoutMsg: 'the Preview button did not open the preview' },
    );
    await session.browser.waitUntil(
      async () =>
        /<strong>report<\/strong>/.test(
          await session.browser.execute(() => document.querySelector('[data-testid="body-preview"]')?.getAttribute('srcdoc') ?? ''),
        ),
      { timeout: 5_000, timeoutMsg: 'the preview did not show the word in bold' },
    );
    await screenshot(session.browser, 'editor-bold');

    await press(`${Key.Control}z`);
    await waitForBody('Officials denied the report', 'Ctrl+Z did not undo the bold');

    // The toolbar: the first word, then the Italic button.
    await press(`${Key.Control}${Key.Home}`);
    await press(`${Key.Control}${Key.Shift}${Key.ArrowRight}`);
    await (await byTestId('format-italic')).click();
    await waitForBody('*Officials* denied the report', 'the Italic button did not italicise the selected word');

    // Ctrl+I belongs to the editor while it has focus: italic off again, and the page's Import
    // shortcut (App.svelte) does not open its dialog.
    await press(`${Key.Control}i`);
    await waitForBody('Officials denied the report', 'Ctrl+I did not take the italic off');
    assert.equal(await (await byTestId('import-dialog')).isExisting(), false, 'Ctrl+I in the body opened Import');

    // A quote from the keyboard (Ctrl+Shift+.), then stored as typed.
    await press(`${Key.Control}${Key.Shift}.`);
    await waitForBody('> Officials denied the report', 'Ctrl+Shift+. did not quote the line');

    // Enter continues the quote; Enter on the empty quote line ends it (it kept adding ">").
    await press(`${Key.Control}${Key.End}`);
    await press(Key.Enter);
    await waitForBody('> Officials denied the report\n> ', 'Enter did not continue the quote');
    await press(Key.Enter);
    await waitForBody('> Officials denied the report\n\n', 'Enter on an empty quote line did not end the quote');
    await press('After the quote.');
    await waitForBody('> Officials denied the report\n\nAfter the quote.', 'the text after the quote did not arrive');
    await (await byTestId('save-brief')).click();
    await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.waitUntil(
      async () => (await textOfAll(session.browser, '[data-testid="brief-row"]')).includes('Editor check: officials deny'),
      { timeout: 10_000, timeoutMsg: 'the brief did not appear in the library list' },
    );
  } catch (error) {
    const shot = await screenshot(session.browser, 'editor-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
