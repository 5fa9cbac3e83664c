// The editing of one brief, apart from how it is drawn: the form and what it was loaded from,
// the local copy and autosave, saving, the merge with a change made elsewhere (and the clash the
// editor settles), delete, and the recovery of edits a crash or a refused save left behind.
// BriefEditor.svelte and its parts draw it.
import { createBrief, deleteBrief, getBrief, updateBrief } from '../backend';
import { onLibraryChanged } from '../backend/events';
import type { LibraryChange } from '../bindings/LibraryChange';
import { toIpcError } from '../backend/errors';
import type { Brief } from '../bindings/Brief';
import type { BriefDraft } from '../bindings/BriefDraft';
import type { DeletedBrief } from '../bindings/DeletedBrief';
import { tagCatalogue } from '../ui/tagCatalogue.svelte';
import { AUTOSAVE_DELAY_MS, backupKey, clearBackup, readBackup, registerFlush, writeBackup } from './autosave';
import {
  draftFromForm,
  emptyForm,
  errorLines,
  formFromBrief,
  isBlankSource,
  preservedFromBrief,
  type BriefForm,
  type ErrorLine,
  type Field,
  type Preserved,
} from './draft';
import { formProblems } from './checks';
import { MAX_BODY_CHARS, bodyChars, headlineChars, limitErrors } from './limits';
import { mergeEdits, takeTheirs, type MergePart } from './merge';
import { countWords } from './words';

const snapshot = (draft: BriefDraft): string => JSON.stringify(draft);

export type SaveMode = 'manual' | 'auto';

/** A change made elsewhere that clashes with this edit, waiting for the editor's choice. */
export type Conflict = { theirs: Brief; clashes: MergePart[]; taken: MergePart[] };

/** Where a new brief left unfinished was kept: in the library as a draft, or on this computer only. */
export type LeftBrief = { kept: 'library'; brief: Brief } | { kept: 'local' };

export type SessionHooks = {
  /** A new brief was left before it was finished: the app says where it was kept. */
  onLeft?: (left: LeftBrief) => void;
  onSaved: (brief: Brief) => void;
  /** The brief as it was before it was deleted, so the app can offer to undo. */
  onDeleted: (deleted: DeletedBrief) => void;
  /**
   * A save the editor asked for was refused for a field: the view moves the caret there. A
   * `Field`, or the path of one no `Field` names ("sources[1].date").
   */
  focusField: (target: Field | string) => void;
};

/**
 * One brief being edited. Create it while a component is being set up (or inside
 * `$effect.root`): its autosave is an effect, owned by whoever created it. Call `opened` once
 * the form is drawn and `close` when it goes.
 */
export class BriefSession {
  /** The brief the session began with (null: a new brief). */
  readonly initial: Brief | null;
  readonly #hooks: SessionHooks;

  /** The stored brief this form edits; null until a new brief is first saved. */
  stored = $state.raw<Brief | null>(null);
  form = $state<BriefForm>(emptyForm());
  preserved = $state.raw<Preserved>(preservedFromBrief(null));
  readonly draft = $derived(draftFromForm(this.form, this.preserved));

  /** The draft as last loaded or saved, to tell whether there are unsaved edits. */
  baseline = $state('');
  readonly dirty = $derived(snapshot(this.draft) !== this.baseline);

  /** Edits not yet in the library (a crash, a refused save) came back from the local copy. */
  recovered = $state(false);
  /** A copy whose brief was changed elsewhere since the edit began: merged once opened. */
  #recoveredOver: { base: Brief; form: BriefForm } | null = null;

  saving = $state(false);
  savedOnce = $state(false);
  deleting = $state(false);
  confirmingDelete = $state(false);
  savedErrors = $state.raw<ErrorLine[]>([]);
  conflict = $state.raw<Conflict | null>(null);
  /** Parts changed elsewhere that were merged into this edit without a clash. */
  mergedParts = $state.raw<MergePart[]>([]);

  /** The editor chose to change a brief that went out in a published issue. */
  editAnyway = $state(false);
  /** The brief went out in a published issue: read-only until the editor chooses "Edit anyway". */
  readonly locked = $derived(this.stored?.issue?.published === true && !this.editAnyway);

  /** A new brief is stored once it has a headline; a stored one on every change. */
  readonly canAutosave = $derived(this.stored !== null || this.form.headline.trim() !== '');

  // What the core would refuse for its length, shown as it is typed and never sent to be saved.
  readonly overLimits = $derived(limitErrors(this.draft));
  readonly bodyTooLong = $derived(this.overLimits.some((line) => line.field === 'body'));
  readonly headlineCount = $derived(headlineChars(this.form.headline));
  // Counting a body far under its limit is skipped: its length in UTF-16 units is under it too.
  readonly bodyCount = $derived(this.form.body.length >= MAX_BODY_CHARS * 0.8 ? bodyChars(this.form.body) : 0);
  // An over-long body is not counted word by word on every keystroke (a 10 MB paste).
  readonly words = $derived(countWords(this.form.headline) + (this.bodyTooLong ? 0 : countWords(this.form.body)));

  // Everything else the core would refuse (an impossible date, an ftp:// URL, a source without
  // its outlet…), all at once and in words; shown once a save was asked for or the form left.
  readonly problems = $derived(formProblems(this.form));
  /** A save was refused for the problems above: they are listed until fixed. */
  checked = $state(false);

  /** What is too long now, the problems found, and the core's refusal of the last save. */
  readonly errors = $derived.by(() => {
    const lines: ErrorLine[] = [...this.overLimits];
    for (const line of [...(this.checked ? this.problems : []), ...this.savedErrors]) {
      const shown = lines.some((other) => other.field !== null && other.field === line.field && other.path === line.path);
      if (!shown) lines.push(line);
    }
    return lines;
  });

  readonly fieldErrors = $derived.by(() => {
    const byField: Partial<Record<Field, string>> = {};
    for (const line of this.errors) {
      if (line.field) byField[line.field] = byField[line.field] ? `${byField[line.field]}; ${line.text}` : line.text;
    }
    return byField;
  });

  /** The errors by the path they name ("sources[1].date"), for fields no `Field` names. */
  readonly pathErrors = $derived.by(() => {
    const byPath: Record<string, string> = {};
    for (const line of this.errors) {
      if (line.path) byPath[line.path] = byPath[line.path] ? `${byPath[line.path]}; ${line.text}` : line.text;
    }
    return byPath;
  });

  #inFlight: Promise<void> | null = null;
  readonly #unregisterFlush: () => void;
  /** The brief changed elsewhere in the window (the composer publishing it, an import): read at once. */
  readonly #unlisten = onLibraryChanged((change) => void this.changedElsewhere(change));

  constructor(initial: Brief | null, hooks: SessionHooks) {
    this.initial = initial;
    this.#hooks = hooks;
    this.stored = initial;
    this.form = initial ? formFromBrief(initial) : emptyForm();
    this.preserved = preservedFromBrief(initial);
    this.baseline = snapshot(draftFromForm(this.form, this.preserved));
    this.#recover();

    // Every change is copied locally at once, and stored in the library shortly after the last
    // keystroke (and at once on blur, brief switch and window close: see flush).
    $effect(() => {
      const current = snapshot(this.draft);
      const key = backupKey(this.stored?.id ?? null);
      if (current === this.baseline) {
        clearBackup(key);
        return;
      }
      writeBackup(key, $state.snapshot(this.form), this.stored);
      // While a clash with a change made elsewhere is open, only the editor's choice saves.
      if (this.saving || this.deleting || this.conflict || !this.canAutosave) return;
      const timer = setTimeout(() => void this.save('auto'), AUTOSAVE_DELAY_MS);
      return () => clearTimeout(timer);
    });
    this.#unregisterFlush = registerFlush(() => this.flush());
  }

  // Edits not yet in the library (a crash, a refused save) come back from the local copy.
  #recover(): void {
    const initial = this.initial;
    const backup = readBackup(backupKey(initial?.id ?? null));
    if (!backup) return;
    if (initial !== null && backup.base?.id === initial.id && backup.base.version !== initial.version) {
      this.#recoveredOver = { base: backup.base, form: backup.form };
      this.recovered = true;
      return;
    }
    const newer = initial === null || backup.base?.version === initial.version || backup.at > initial.updated_at;
    if (newer && snapshot(draftFromForm(backup.form, this.preserved)) !== this.baseline) {
      this.form = backup.form;
      this.recovered = true;
    } else {
      clearBackup(backupKey(initial?.id ?? null));
    }
  }

  /** The form is drawn: edits kept from a closed window, on a brief saved elsewhere since, are merged, never laid over. */
  opened(): void {
    if (this.#recoveredOver && this.initial) this.#applyMerge(this.#recoveredOver.base, this.#recoveredOver.form, this.initial);
  }

  /** The editor goes (another brief, the window closing): what was typed is stored on the way out. */
  close(): void {
    this.#unregisterFlush();
    this.#unlisten();
    void this.#leave();
  }

  /** Deleted in this session: leaving it keeps nothing. */
  #gone = false;

  // A new brief left unfinished is kept, and the editor is told where, rather than surprised by
  // "recovered" changes the next time they start a brief.
  async #leave(): Promise<void> {
    const typed = this.dirty || this.stored !== null;
    await this.flush();
    if (this.initial !== null || !typed || this.#gone) return;
    if (this.dirty) this.#hooks.onLeft?.({ kept: 'local' });
    else if (this.stored?.status === 'draft') this.#hooks.onLeft?.({ kept: 'library', brief: this.stored });
  }

  /** Stores pending edits now; waits for a save already on its way first. */
  async flush(): Promise<void> {
    if (this.#inFlight) await this.#inFlight;
    // Leaving a form that cannot be saved says why, beside each field.
    if (this.dirty && this.canAutosave && this.problems.length > 0) this.checked = true;
    if (this.dirty && this.canAutosave && !this.deleting && !this.conflict) await this.save('auto');
  }

  clearError(field: Field): void {
    if (this.savedErrors.some((line) => line.field === field)) {
      this.savedErrors = this.savedErrors.filter((line) => line.field !== field);
    }
  }

  async save(mode: SaveMode = 'manual'): Promise<void> {
    if (this.saving || this.deleting || this.locked) return;
    const done = this.#saveNow(mode);
    this.#inFlight = done;
    try {
      await done;
    } finally {
      if (this.#inFlight === done) this.#inFlight = null;
    }
  }

  async #saveNow(mode: SaveMode): Promise<void> {
    // Too long to store: the lines above say so already; the local copy keeps the text.
    if (this.overLimits.length > 0) {
      const first = this.overLimits[0]?.field;
      if (first && mode === 'manual') this.#hooks.focusField(first);
      return;
    }
    // What the core would refuse is not sent: the editor is shown every problem at once.
    if (this.problems.length > 0) {
      if (mode === 'manual') {
        this.checked = true;
        const first = this.problems[0];
        if (first) this.#hooks.focusField(first.field ?? first.path ?? 'headline');
      }
      return;
    }
    this.saving = true;
    this.confirmingDelete = false;
    this.savedErrors = [];
    const sentForm = $state.snapshot(this.form);
    const sent = draftFromForm(sentForm, this.preserved);
    const sentSnapshot = snapshot(sent);
    // The form, not the draft: a source row just added is blank, so in no draft, yet typed into.
    const sentFormText = JSON.stringify(sentForm);
    const stored = this.stored;
    try {
      const result = stored === null ? await createBrief(sent) : await updateBrief(stored.id, stored.version, sent);
      this.stored = result;
      this.preserved = preservedFromBrief(result);
      const fresh = formFromBrief(result);
      // The core trims the body's end: a space or new line just typed stays where the caret is.
      if (fresh.body === sent.body.trimEnd()) fresh.body = sent.body;
      if (JSON.stringify($state.snapshot(this.form)) === sentFormText) {
        // Nothing was typed while saving: take the core's normalised values, keeping the source
        // rows just added and not yet filled (no draft carries a blank source).
        this.form = { ...fresh, extraSources: [...fresh.extraSources, ...sentForm.extraSources.filter(isBlankSource)] };
        this.baseline = snapshot(draftFromForm(fresh, this.preserved));
      } else {
        this.baseline = sentSnapshot;
      }
      this.savedOnce = true;
      this.recovered = false;
      // Saving by hand during a clash is the editor's choice of their own version.
      this.conflict = null;
      // A tag typed for the first time now exists: chips elsewhere learn of it.
      if (result.tags.some((tag) => tagCatalogue.find(tag) === undefined)) void tagCatalogue.refresh();
      if (this.initial === null) clearBackup(backupKey(null));
      this.#hooks.onSaved(result);
    } catch (e: unknown) {
      const error = toIpcError(e);
      if (error.code === 'changed_elsewhere' && stored !== null) {
        await this.#mergeChangeMadeElsewhere(stored, sentForm);
        return;
      }
      const lines = errorLines(error);
      this.savedErrors = lines.length > 0 ? lines : [{ field: null, path: null, text: `Could not save (${error.code}).` }];
      // An autosave never moves the caret: the editor may be mid-sentence elsewhere.
      const first = this.errors.find((line) => line.field !== null)?.field;
      if (first && mode === 'manual') this.#hooks.focusField(first);
    } finally {
      this.saving = false;
    }
  }

  /**
   * The brief was saved elsewhere (another window, the CLI) after this edit began from `base`:
   * their changes to parts not edited here are taken in; parts both sides changed wait for the
   * editor to choose. Nothing typed here is dropped without that choice.
   */
  async #mergeChangeMadeElsewhere(base: Brief, sentForm: BriefForm): Promise<void> {
    let theirs: Brief;
    try {
      theirs = await getBrief(base.id);
    } catch (e: unknown) {
      this.savedErrors = [{ field: null, path: null, text: toIpcError(e).message }];
      return;
    }
    // What was typed while the refused save was on its way is part of "mine" too.
    const now = $state.snapshot(this.form);
    const mine = JSON.stringify(now) === JSON.stringify(sentForm) ? sentForm : now;
    this.#applyMerge(base, mine, theirs);
    this.#hooks.onSaved(theirs);
  }

  /**
   * Reads the brief again when `change` may have touched it; a newer version is taken in (merged
   * with what is typed here, as a refused save would be). This session's own saves are skipped.
   */
  async changedElsewhere(change: LibraryChange): Promise<void> {
    const base = this.stored;
    if (base === null || this.saving || this.deleting || this.conflict) return;
    if (!(change.library || change.any_brief || change.briefs.includes(base.id))) return;
    let theirs: Brief;
    try {
      theirs = await getBrief(base.id);
    } catch {
      return; // Deleted: the library's view says so; the local copy keeps what was typed.
    }
    if (this.stored !== base || this.saving || theirs.version === base.version) return;
    if (this.dirty) {
      this.#applyMerge(base, $state.snapshot(this.form), theirs);
    } else {
      this.stored = theirs;
      this.preserved = preservedFromBrief(theirs);
      this.form = formFromBrief(theirs);
      this.baseline = snapshot(draftFromForm(this.form, this.preserved));
    }
    this.#hooks.onSaved(theirs);
  }

  /** Puts the merge of `mine` (begun from `base`) with `theirs` in the form; a clash waits. */
  #applyMerge(base: Brief, mine: BriefForm, theirs: Brief): void {
    const merged = mergeEdits(base, mine, preservedFromBrief(base), theirs);
    this.stored = theirs;
    this.preserved = merged.preserved;
    this.form = merged.form;
    this.baseline = snapshot(draftFromForm(formFromBrief(theirs), preservedFromBrief(theirs)));
    this.mergedParts = merged.taken;
    if (merged.clashes.length > 0) this.conflict = { theirs, clashes: merged.clashes, taken: merged.taken };
  }

  /** Settles a clash with this window's version: it is saved over theirs. */
  keepMine(): void {
    this.conflict = null;
    void this.save('manual');
  }

  /** Settles a clash with their version of the clashing parts; the rest of this edit stays. */
  useTheirs(): void {
    if (!this.conflict) return;
    const next = takeTheirs($state.snapshot(this.form), this.preserved, this.conflict.theirs, this.conflict.clashes);
    this.form = next.form;
    this.preserved = next.preserved;
    this.conflict = null;
  }

  dismissMerged(): void {
    this.mergedParts = [];
  }

  async remove(): Promise<void> {
    const stored = this.stored;
    if (!stored || this.deleting) return;
    this.deleting = true;
    this.savedErrors = [];
    try {
      const gone = await deleteBrief(stored.id);
      this.#gone = true;
      clearBackup(backupKey(stored.id));
      this.#hooks.onDeleted(gone);
    } catch (e: unknown) {
      this.savedErrors = [{ field: null, path: null, text: toIpcError(e).message }];
      this.confirmingDelete = false;
    } finally {
      this.deleting = false;
    }
  }
}
