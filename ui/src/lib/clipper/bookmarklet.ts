// The browser clipper's bookmarklet: the one place its code lives. Run on any page, it opens
// briefdesk://clip?url=…&title=…&selection=… with the page's address (location.href), its title
// (document.title) and the text selected (window.getSelection()); the app makes a draft of it
// (src-tauri/src/clipper.rs, read and checked by crates/briefdesk-core/src/clip.rs).
//
// Kept as plain ES5 text, not compiled TypeScript, so that what Settings offers is exactly what
// the Chromium test runs (bookmarklet.chromium.test.ts). It names `location` unqualified, so the
// test can hand it a stand-in and read the link it opens.

/** The most characters of selected text sent (the app refuses more): a few paragraphs to quote. */
export const MAX_SELECTION_CHARS = 10_000;
/** The most characters of the page's title sent: it becomes the headline, which holds 300. */
export const MAX_TITLE_CHARS = 300;

/**
 * The bookmarklet's code. Cuts at a limit without splitting a character written as two UTF-16
 * units, and makes text well-formed first (encodeURIComponent throws on a lone half).
 */
export const BOOKMARKLET_CODE =
  '(function(){' +
  'function cut(t,n){t=String(t||"");if(t.toWellFormed)t=t.toWellFormed();' +
  'if(t.length>n){t=t.slice(0,n);var c=t.charCodeAt(n-1);if(c>=0xD800&&c<=0xDBFF)t=t.slice(0,n-1);}return t;}' +
  'var s=window.getSelection?window.getSelection():null;' +
  `var link="briefdesk://clip?url="+encodeURIComponent(location.href)` +
  `+"&title="+encodeURIComponent(cut(document.title,${MAX_TITLE_CHARS}))` +
  `+"&selection="+encodeURIComponent(cut(s?s.toString():"",${MAX_SELECTION_CHARS}));` +
  'location.href=link;' +
  '})();';

/** The bookmarklet as a link to drag to the bookmarks bar (or paste as a bookmark's address). */
export const BOOKMARKLET_HREF = `javascript:${encodeURIComponent(BOOKMARKLET_CODE)}`;

/** The name it is offered under. */
export const BOOKMARKLET_NAME = 'Clip to Briefdesk';
