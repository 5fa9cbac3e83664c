// A part of the window loaded the first time it is wanted, as its own chunk of the bundle: what a
// launch does not show (the editor's CodeMirror, the composer, the inbox, the dialogs) is neither
// parsed nor run before the library's first rows are painted (docs/startup.md).

export type Lazy<T> = {
  /** The loaded export; null until `load()` has finished. */
  readonly current: T | null;
  /** Starts loading (once) and resolves with the export. */
  load(): Promise<T>;
};

export function lazy<T>(importer: () => Promise<{ default: T }>): Lazy<T> {
  let current = $state.raw<T | null>(null);
  let loading: Promise<T> | null = null;
  return {
    get current() {
      return current;
    },
    load() {
      loading ??= importer().then(
        (module) => (current = module.default),
        (error: unknown) => {
          // A later call tries again rather than keeping the failure.
          loading = null;
          throw error;
        },
      );
      return loading;
    },
  };
}
