// Marks the moment the library window first shows briefs: `performance.mark` named
// LIBRARY_PAINTED, once, after the frame that painted the first loaded row. The start-up
// measurement (ui/e2e/perf/startup.perf.mjs) reads it, and the window draws the brief editor
// only after it (App.svelte: the list first, the editor a frame later). Costs one
// MutationObserver until then.

export const LIBRARY_PAINTED = 'briefdesk:library-painted';
/** After the bundle ran and the app mounted: splits the page's time from the data's. */
export const APP_MOUNTED = 'briefdesk:app-mounted';

/** A loaded row of the library list (the placeholders while a page loads are aria-busy). */
const LOADED_ROW = '[role="listbox"] [role="option"]:not([aria-busy="true"])';

/** Resolves once the first loaded row has been painted (never, while the list shows none). */
export function markFirstLibraryPaint(root: Document = document): Promise<void> {
  return new Promise((painted) => {
    const marked = () => {
      // Two frames: the first callback runs before its frame paints, the second after.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          performance.mark(LIBRARY_PAINTED);
          painted();
        }),
      );
    };
    if (root.querySelector(LOADED_ROW)) {
      marked();
      return;
    }
    const observer = new MutationObserver(() => {
      if (root.querySelector(LOADED_ROW)) {
        observer.disconnect();
        marked();
      }
    });
    observer.observe(root, { childList: true, subtree: true });
  });
}
