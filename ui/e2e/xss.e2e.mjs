// Issue 5, "nothing injected", in the real app. First the window's CSP is shown to be applied,
// not only written: an inline <script>, an inline handler and eval inserted into the page do
// not run. Then the XSS corpus (crates/briefdesk-core/tests/fixtures/xss-corpus.txt) goes in
// through the fields an editor types (brief, source, tags, search, issue, sections) and through
// an imported file holding every payload in every field; after each view (editor, preview,
// library, search, composer, export previews, import preview) the page is audited: no dialog
// opened, window.__xss unset, no element with an on* attribute, no script but the app's
// bundle, every iframe sandboxed without allow-scripts, and no link or source with a scheme
// other than http, https or mailto, in the page and in the documents of its preview frames.
// The library is shared by every spec of the run: names carry this run's token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Key } from 'webdriverio';
import { answerOpenDialog } from './desktop.mjs';
import { appSession, findByTestId, screenshot, textOfAll, typeIntoEditor } from './session.mjs';

const session = appSession();

const byTestId = (id) => findByTestId(session.browser, id);
const textOf = (selector) => textOfAll(session.browser, selector);

const RUN = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

const CORPUS = readFileSync(new URL('../../crates/briefdesk-core/tests/fixtures/xss-corpus.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** Short payloads for one-line fields: tags take at most 60 characters. */
const SHORT = [
  '<img src=x onerror="alert(1);window.__xss=1">',
  '<svg onload="alert(1);window.__xss=1">',
  '"><script>alert(1);window.__xss=1</script>',
  "'onmouseover='alert(1);window.__xss=1",
  '[md link](javascript:alert(1);window.__xss=1)',
  '<a href="javascript:alert(1);window.__xss=1">html link</a>',
  '<iframe srcdoc="<script>parent.__xss=1</script>">',
  '{{ 7*7 }} &#60;b&#62;',
];

/** What is typed into the body: the short payloads and the mutation-XSS and Markdown tricks. */
const BODY = [
  ...SHORT,
  ...CORPUS.filter((p) => /^(<math>|<svg><script>|\[xss-ref\]|\[reference link\]|!\[image\]\(javascript|<javascript:)/.test(p)),
];

async function typeInto(testId, text) {
  const field = await byTestId(testId);
  await field.waitForDisplayed({ timeout: 10_000 });
  await field.clearValue();
  await field.setValue(text);
}

/** Sets a long value the way a paste does (typing it key by key would take minutes). */
async function pasteInto(testId, text) {
  await session.browser.execute(
    (id, value) => {
      const field = document.querySelector(`[data-testid="${id}"]`);
      field.focus();
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    testId,
    text,
  );
}

/**
 * Everything in the page (and in the documents its frames show) that could run or send the
 * reader elsewhere; an empty list when the page is inert.
 */
function findProblems() {
  const problems = [];
  const urlAttributes = ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'srcset', 'background'];
  const safeUrl = (value, where, isApp, isLink) => {
    const text = value.trim();
    // In-page anchors; the app's own files (its bundle, its styles) resolve to its origin.
    if (isLink && text.startsWith('#')) return true;
    let url;
    try {
      url = new URL(text, isApp ? document.baseURI : 'about:blank');
    } catch {
      return false;
    }
    if (['http:', 'https:', 'mailto:'].includes(url.protocol)) return true;
    return isApp && !isLink && url.origin === location.origin;
  };
  const audit = (doc, where, isApp) => {
    for (const element of doc.querySelectorAll('*')) {
      const tag = element.localName;
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${where}: <${tag} ${name}="${attribute.value}">`);
        const isLink = tag === 'a' || tag === 'area' || name === 'xlink:href';
        if (urlAttributes.includes(name) && !safeUrl(attribute.value, where, isApp, isLink)) {
          problems.push(`${where}: <${tag} ${name}="${attribute.value}">`);
        }
      }
      if (tag === 'script') {
        const own = isApp && element.src && new URL(element.src).origin === location.origin && !element.textContent.trim();
        if (!own) problems.push(`${where}: a script ${element.outerHTML.slice(0, 120)}`);
      }
      if (['object', 'embed', 'applet', 'base', 'frame', 'frameset'].includes(tag)) problems.push(`${where}: <${tag}>`);
      if (tag === 'meta' && element.hasAttribute('http-equiv')) problems.push(`${where}: <meta http-equiv>`);
      // An export shows text, links and lists: nothing interactive or embedded.
      if (!isApp && ['form', 'input', 'button', 'svg', 'math', 'img', 'iframe', 'link', 'video', 'audio', 'template'].includes(tag)) {
        problems.push(`${where}: <${tag}> in a preview`);
      }
      if (tag === 'iframe') {
        const sandbox = element.getAttribute('sandbox');
        if (sandbox === null) problems.push(`${where}: an iframe without sandbox`);
        else if (/\ballow-scripts\b/i.test(sandbox)) problems.push(`${where}: an iframe with ${sandbox}`);
        const frameWhere = `${where} > iframe[${element.dataset.testid ?? ''}]`;
        if (element.hasAttribute('srcdoc')) {
          audit(new DOMParser().parseFromString(element.getAttribute('srcdoc'), 'text/html'), frameWhere, false);
        }
        // A sandbox without allow-same-origin makes the frame's document unreachable (null).
        if (element.contentDocument) audit(element.contentDocument, `${frameWhere} (live)`, false);
      }
    }
  };
  audit(document, 'app', true);
  if (window.__xss !== undefined) problems.push(`window.__xss is ${window.__xss}`);
  return problems;
}

/** Fails when any dialog is open or the page holds anything findProblems reports. */
async function assertInert(where) {
  const alert = await session.browser.getAlertText().then(
    (text) => text,
    () => null, // no alert open: WebDriver answers "no such alert"
  );
  assert.equal(alert, null, `${where}: a dialog opened`);
  const problems = await session.browser.execute(findProblems);
  assert.deepEqual(problems, [], `${where}: the page is not inert`);
  const frames = await session.browser.execute(() => document.querySelectorAll('iframe').length);
  return frames;
}

/** The JSON file an import opens: one brief per payload, the payload in every field. */
function importFile(number) {
  const url = (i) => `https://example.org/xss/${RUN}/${i}?q=${encodeURIComponent(CORPUS[i])}`;
  return JSON.stringify(
    {
      briefdesk: 1,
      publication: { name: CORPUS[0], tagline: CORPUS[1], footer: CORPUS.join('\n\n') },
      issue: {
        number,
        title: `Imported ${RUN} ${CORPUS[0]}`,
        date: '2020-12-22',
        subject: CORPUS[1],
        preheader: CORPUS[2],
        intro: CORPUS.join('\n\n'),
        closing: CORPUS.join('\n'),
        sections: CORPUS.map((payload, i) => ({
          name: `Section ${i} ${payload}`,
          briefs: [
            {
              headline: `Imported ${RUN} ${i} ${payload}`,
              body: `${payload}\n\n> ${payload}\n\n- ${payload}`,
              sources: [{ outlet: `Outlet ${payload}`, date: '2020-12-21', url: url(i), title: payload }],
              tags: [payload.slice(0, 60)],
              status: 'ready',
            },
          ],
        })),
      },
    },
    null,
    2,
  );
}

test('the CSP is applied: inline script, inline handlers and eval do not run', async () => {
  await (await byTestId('library-name')).waitForDisplayed({ timeout: 15_000 });
  const ran = await session.browser.execute(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__cspInline = 1';
    document.body.append(script);
    script.remove();
    const div = document.createElement('div');
    div.setAttribute('onclick', 'window.__cspHandler = 1');
    document.body.append(div);
    div.click();
    div.remove();
    let evaluated = null;
    try {
      evaluated = new Function('return 2')();
    } catch (error) {
      evaluated = String(error.name);
    }
    return { inline: window.__cspInline ?? null, handler: window.__cspHandler ?? null, evaluated };
  });
  assert.equal(ran.inline, null, 'an inline <script> ran');
  assert.equal(ran.handler, null, 'an inline onclick ran');
  assert.equal(ran.evaluated, 'EvalError', 'new Function() ran');
  await assertInert('start');
});

test('payloads typed into every field stay text in every view', async (t) => {
  try {
    // A brief: headline, a dozen payloads typed into the body (typing all of them key by key
    // takes over a minute; the import below brings every one), outlet, URL, tags.
    await (await byTestId('new-brief')).click();
    const headline = `${SHORT[0]} ${RUN}`;
    await typeInto('headline-input', headline);
    await typeIntoEditor(session.browser, 'body-input', BODY.join(Key.Enter));
    await typeInto('outlet-input', `${SHORT[1]} ${RUN}`);
    await typeInto('url-input', 'javascript:alert(1);window.__xss=1');
    await (await byTestId('url-problem')).waitForDisplayed({ timeout: 5_000 });
    await typeInto('url-input', `https://example.org/${RUN}?q="><img src=x onerror=alert(1)>`);
    for (const payload of SHORT.slice(2, 5)) {
      await typeInto('tags-input', payload);
      await session.browser.keys(Key.Enter);
    }
    await assertInert('editor');
    await (await byTestId('save-brief')).click();
    await (await byTestId('saved-indicator')).waitForDisplayed({ timeout: 10_000 });
    await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"] .headline')).includes(headline), {
      timeout: 10_000,
      timeoutMsg: 'the brief did not reach the library list',
    });
    assert.match(await textOf('[data-testid="editor-tag"] .name'), /onmouseover/, 'tags show as text');
    await assertInert('library with the brief');
    await screenshot(session.browser, 'xss-library');

    // The preview: the body as the exports render it, in a sandboxed frame.
    if (!(await (await byTestId('body-preview')).isExisting())) await (await byTestId('toggle-preview')).click();
    const previewDoc = () => session.browser.execute(() => document.querySelector('[data-testid="body-preview"]')?.getAttribute('srcdoc') ?? '');
    await session.browser.waitUntil(async () => (await previewDoc()).includes('onerror'), {
      timeout: 10_000,
      timeoutMsg: 'the preview did not show the body',
    });
    assert.ok((await assertInert('editor preview')) >= 1, 'the preview frame was audited');

    // Search: snippets are the one place the app inserts HTML ({@html}, <mark> only).
    await typeInto('search-input', `onerror ${RUN}`);
    await (await session.browser.$('[data-testid="brief-list"][aria-label="Search results"]')).waitForExist({ timeout: 10_000 });
    await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"] .snippet')).includes('onerror'), {
      timeout: 10_000,
      timeoutMsg: 'no snippet showed the payload',
    });
    assert.ok((await session.browser.execute(() => document.querySelectorAll('.snippet mark').length)) > 0, 'the match is highlighted');
    await assertInert('search results');
    await typeInto('search-input', `${SHORT[2]}`);
    await assertInert('search for markup');
    await typeInto('search-input', ' ');

    // An issue: title, subject, preheader, intro, closing, a section, the brief in it.
    await (await byTestId('tab-issues')).click();
    await (await byTestId('new-issue')).click();
    const number = await (await byTestId('new-issue-number')).getValue();
    await typeInto('new-issue-title', `${SHORT[5]} ${RUN}`);
    await (await byTestId('create-issue')).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), { timeout: 10_000, timeoutMsg: 'no composer' });
    await typeInto('issue-subject', SHORT[6]);
    await typeInto('issue-preheader', SHORT[7]);
    await pasteInto('issue-intro', CORPUS.join('\n\n'));
    await pasteInto('issue-closing', CORPUS.join('\n'));
    const section = `${SHORT[1]} ${RUN}`;
    await typeInto('new-section-input', section);
    await (await byTestId('add-section')).click();
    await session.browser.waitUntil(async () => (await textOf('[data-testid="section-name"]')).includes(section), {
      timeout: 10_000,
      timeoutMsg: 'the section was not added',
    });
    await typeInto('unassigned-filter', RUN);
    await session.browser.waitUntil(async () => (await textOf('[data-testid="unassigned-brief"] .headline')).includes(headline), {
      timeout: 10_000,
      timeoutMsg: 'the brief is not offered to the issue',
    });
    // Picked as the select's change would pick it: the name's quotes defeat an option selector.
    await session.browser.execute((name) => {
      const select = document.querySelector('[data-testid="unassigned-brief"] [data-testid="add-to-section"]');
      select.value = name;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }, section);
    await session.browser.waitUntil(async () => (await textOf('[data-testid="issue-brief"] .headline')).includes(headline), {
      timeout: 10_000,
      timeoutMsg: 'the brief was not added to the issue',
    });
    await (await byTestId('issue-intro-saved')).waitForExist({ timeout: 10_000 }).catch(() => {});
    await assertInert('composer');
    await screenshot(session.browser, 'xss-composer');

    // The export dialog's previews, every format.
    await (await byTestId('open-export')).click();
    await (await byTestId('export-dialog')).waitForDisplayed({ timeout: 10_000 });
    await (await byTestId('export-issue')).selectByAttribute('value', String(number));
    const srcdoc = () => session.browser.execute(() => document.querySelector('[data-testid="export-preview-frame"]')?.getAttribute('srcdoc') ?? '');
    for (const format of ['html', 'email']) {
      await (await byTestId(`export-format-${format}`)).click();
      await session.browser.waitUntil(async () => (await srcdoc()).includes(RUN) && (await srcdoc()).includes('onerror'), {
        timeout: 15_000,
        timeoutMsg: `the ${format} preview did not show the issue`,
      });
      assert.ok((await assertInert(`export ${format}`)) >= 1, 'the export frame was audited');
    }
    for (const format of ['markdown', 'text', 'json']) {
      await (await byTestId(`export-format-${format}`)).click();
      await session.browser.waitUntil(async () => (await textOf('[data-testid="export-preview-text"]')).includes(RUN), {
        timeout: 15_000,
        timeoutMsg: `no ${format} preview`,
      });
      await assertInert(`export ${format}`);
    }
    await session.browser.keys(Key.Escape);
    await (await byTestId('export-dialog')).waitForDisplayed({ reverse: true, timeout: 10_000 });
    await (await byTestId('tab-library')).click();
  } catch (error) {
    t.diagnostic(`screenshot: ${await screenshot(session.browser, 'xss-typed-failure').catch(() => 'none')}`);
    await session.browser.keys(Key.Escape).catch(() => {});
    throw error;
  }
});

test('an imported file with the whole corpus in every field stays text', async (t) => {
  try {
    await (await byTestId('open-import')).click();
    await (await byTestId('import-dialog')).waitForDisplayed({ timeout: 10_000 });
    const taken = await session.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="import-issue"] option')].map((o) => Number(o.value)).filter((n) => n > 0),
    );
    const number = Math.max(90, ...taken) + 1;
    const path = join(process.env.BRIEFDESK_E2E_ARTIFACTS ?? '/tmp', `xss-corpus-${RUN}.json`);
    writeFileSync(path, importFile(number));
    await (await byTestId('import-open-file')).click();
    await answerOpenDialog('Import briefs', path);
    await session.browser.waitUntil(async () => (await session.browser.execute(() => document.querySelectorAll('[data-testid="import-brief"]').length)) === CORPUS.length, {
      timeout: 20_000,
      timeoutMsg: `the preview did not list ${CORPUS.length} briefs`,
    });
    await assertInert('import preview');
    const commit = await byTestId('import-commit');
    await session.browser.waitUntil(() => commit.isEnabled(), { timeout: 10_000 });
    await commit.click();
    await (await byTestId('import-dialog')).waitForDisplayed({ reverse: true, timeout: 20_000 });

    await typeInto('search-input', `Imported ${RUN}`);
    // The rows in view (the list is virtualized) show their headlines, payloads as text.
    const expected = CORPUS.map((payload, i) => `Imported ${RUN} ${i} ${payload.split(/\s+/u).join(' ')}`);
    await session.browser.waitUntil(
      async () => {
        const shown = (await textOf('[data-testid="brief-list"] .headline')).split('\n');
        return shown.filter((h) => expected.includes(h)).length >= 5;
      },
      { timeout: 15_000, timeoutMsg: 'the imported briefs are not listed with their payloads as text' },
    );
    await assertInert('library after import');
    await screenshot(session.browser, 'xss-imported');

    // Open one imported brief (the mutation-XSS payload) and its preview.
    const index = CORPUS.findIndex((p) => p.startsWith('<math><mtext>'));
    const wanted = `Imported ${RUN} ${index} ${CORPUS[index]}`;
    await typeInto('search-input', `Imported ${RUN} mglyph`);
    await session.browser.waitUntil(async () => (await textOf('[data-testid="brief-list"] .headline')).split('\n').includes(wanted), {
      timeout: 15_000,
      timeoutMsg: `no row for ${wanted}`,
    });
    const rowId = await session.browser.execute(
      (h) => [...document.querySelectorAll('[data-testid="brief-row"]')].find((r) => r.querySelector('.headline')?.textContent === h)?.dataset.id ?? null,
      wanted,
    );
    assert.ok(rowId, `no row for ${wanted}`);
    await (await session.browser.$(`[data-testid="brief-row"][data-id="${rowId}"]`)).click();
    await session.browser.waitUntil(async () => (await (await byTestId('headline-input')).getValue()) === wanted, { timeout: 10_000 });
    if (!(await (await byTestId('body-preview')).isExisting())) await (await byTestId('toggle-preview')).click();
    const previewDoc = () => session.browser.execute(() => document.querySelector('[data-testid="body-preview"]')?.getAttribute('srcdoc') ?? '');
    await session.browser.waitUntil(async () => (await previewDoc()).includes('mglyph'), {
      timeout: 10_000,
      timeoutMsg: 'the preview did not show the imported body',
    });
    await assertInert('imported brief and preview');

    // The imported issue in the composer.
    await (await byTestId('tab-issues')).click();
    await (await session.browser.$(`[data-testid="issue-row"][data-number="${number}"]`)).click();
    await session.browser.waitUntil(async () => (await textOf('h2')).includes(`No. ${number}`), { timeout: 10_000, timeoutMsg: 'no imported issue' });
    await session.browser.waitUntil(async () => (await session.browser.execute(() => document.querySelectorAll('[data-testid="section"]').length)) >= CORPUS.length, {
      timeout: 10_000,
    });
    await assertInert('imported issue in the composer');
    await (await byTestId('tab-library')).click();
  } catch (error) {
    t.diagnostic(`screenshot: ${await screenshot(session.browser, 'xss-import-failure').catch(() => 'none')}`);
    await session.browser.keys(Key.Escape).catch(() => {});
    throw error;
  }
});
