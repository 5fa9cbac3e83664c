// The walking skeleton, end to end in the real app: write a brief in the form, see it in the
// library list, find it with the search box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appSession, findByTestId, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);

const textOf = (selector) => textOfAll(session.browser, selector);

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

test('an editor writes a brief, sees it listed and finds it by search', async (t) => {
  try {
    // The page names the library once the core has answered.
    await session.browser.waitUntil(async () => /^Briefdesk — library\.sqlite3$/.test(await session.browser.getTitle()), {
      timeout: 15_000,
      timeoutMsg: 'the window title never named the library',
    });
    await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });

    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', 'LTN: Huawei Western Europe Sales Are in Free Fall');
    await typeIntoEditor(
      session.browser,
      'body-input',
      'Liberty Times Net reported that Huawei’s smartphone sales in Western Europe dropped sharply in the third quarter.',
    );
    await typeInto('outlet-input', 'Liberty Times Net');
    await typeInto('url-input', 'https://news.ltn.com.tw/news/world/breakingnews/3366000');
    await typeInto('tags-input', 'Tech, Europe');
    await (await byTestId('save-brief')).click();
    await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });

    // Other specs of the run share the library: look for this brief, not for a count.
    await session.browser.waitUntil(async () => /Huawei Western Europe Sales/.test(await textOf('[data-testid="brief-row"]')), {
      timeout: 10_000,
      timeoutMsg: 'the new brief did not appear in the library list',
    });
    const listText = await textOf('[data-testid="brief-list"]');
    assert.match(listText, /Huawei Western Europe Sales/);
    assert.match(listText, /Liberty Times Net/);

    // A second brief, so that search has something to leave out.
    await (await byTestId('new-brief')).click();
    await typeInto('headline-input', 'EU Adopts Its Own Magnitsky Act to Sanction Abuses');
    await typeInto('outlet-input', 'Radio Free Asia');
    await (await byTestId('save-brief')).click();
    await session.browser.waitUntil(async () => /Magnitsky/.test(await textOf('[data-testid="brief-row"]')), {
      timeout: 10_000,
      timeoutMsg: 'the second brief did not appear in the library list',
    });

    await typeInto('search-input', 'huaw');
    await session.browser.waitUntil(
      async () => {
        const rows = await session.browser.execute(() =>
          [...document.querySelectorAll('[data-testid="brief-row"]')].map((e) => e.textContent ?? ''),
        );
        return rows.length >= 1 && rows.every((row) => /Huawei/.test(row));
      },
      { timeout: 10_000, timeoutMsg: 'searching "huaw" did not narrow the list to the Huawei brief' },
    );
    assert.match(await textOf('[data-testid="brief-list"] mark'), /^Huawei$/i);
    await screenshot(session.browser, 'skeleton');
  } catch (error) {
    const shot = await screenshot(session.browser, 'skeleton-failure').catch(() => null);
    if (shot) t.diagnostic(`screenshot: ${shot}`);
    throw error;
  }
});
