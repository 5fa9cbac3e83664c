// What the Issues view shows, without the drawing: the issues of the library, the one open (read
// first, then its totals and checks), the briefs in no issue, and the queue every change to the
// open issue goes through. Each change is one call to the core, queued behind the earlier ones;
// the expected result shows at once, then the issue, its totals and checks, the list and the
// unassigned briefs are read again. Its text fields, publishing, deleting and starting an issue
// are here; the undoable edits (moves, sections, sends to and from other issues) are
// IssueSession's (issueSession.svelte.ts). The view changes the fields only through the methods.
import {
  checkIssue,
  createIssue,
  deleteIssue,
  getIssue,
  getPublication,
  issueTotals,
  listBriefs,
  listIssues,
  nextIssueNumber,
  publishIssue,
  updateIssue,
} from '../backend';
import { toIpcError } from '../backend/errors';
import { onLibraryChanged } from '../backend/events';
import type { BriefPage } from '../bindings/BriefPage';
import type { BriefTotals } from '../bindings/BriefTotals';
import type { ComposingLease } from '../bindings/ComposingLease';
import type { IpcError } from '../bindings/IpcError';
import type { Issue } from '../bindings/Issue';
import type { IssueTotals } from '../bindings/IssueTotals';
import type { LibraryChange } from '../bindings/LibraryChange';
import type { Problem } from '../bindings/Problem';
import { defaultBriefQuery } from '../library/query';
import { fieldError, patchOf, suggestedTitle, todayIso, type SaveResult } from './fields';
import { History } from './history.svelte';

/** Unassigned briefs listed beside the composer (most recently edited first). */
export const UNASSIGNED_LIMIT = 500;

/** How long "Saved" stays in the toolbar after the last change went through. */
const SAVED_SHOWN_MS = 2000;

export type TextField = 'title' | 'date' | 'subject' | 'preheader' | 'intro' | 'closing';
export type NewIssue = { number: number; title: string; date: string };
export type Outcome = { ok: true; issue: Issue | null } | { ok: false; error: IpcError };

/** The core's objection in words, without the field name it may start with. */
export function objection(error: IpcError): string {
  return fieldError(error).text;
}

export class IssueState {
  /** The library's issues, newest first; null until first read. */
  issues = $state.raw<Issue[] | null>(null);
  /** The number of the issue chosen in the list. */
  selected = $state<number | null>(null);
  /** The open issue as shown: the core's answer, or the expected result of changes in flight. */
  issue = $state.raw<Issue | null>(null);
  totals = $state.raw<IssueTotals | null>(null);
  problems = $state.raw<Problem[] | null>(null);
  unassigned = $state.raw<BriefPage | null>(null);
  unassignedError = $state.raw<IpcError | null>(null);
  /** Reading the list or the issue failed. */
  loadError = $state.raw<IpcError | null>(null);
  /** The last change the core refused, shown above the composer until dismissed. */
  actionError = $state.raw<IpcError | null>(null);
  /** The new issue being filled in; while set, no issue is open. */
  creating = $state.raw<NewIssue | null>(null);
  /** Published issues the editor chose to edit anyway, this session. */
  unlocked = $state.raw<readonly number[]>([]);
  selectedBrief = $state<string | null>(null);
  /** What the last change is doing, for the toolbar. */
  activity = $state<'' | 'saving' | 'saved'>('');
  /** The open issue's moves, removals and section edits, to undo and redo (not its text fields, which have their own). */
  readonly history = new History();

  /** Who holds the composing lease on the open issue (a team's replica), as the server said. */
  composingLease = $state.raw<ComposingLease | null>(null);
  /** Another editor composing the open issue: their name; its order is theirs to change meanwhile. */
  readonly composedBy = $derived(
    this.issue !== null &&
      this.composingLease !== null &&
      !this.composingLease.mine &&
      this.composingLease.number === this.issue.number
      ? this.composingLease.holder
      : null,
  );
  /** A published issue the editor has not chosen to edit: nothing in it can change. */
  readonly publishedLock = $derived(
    this.issue !== null && this.issue.status === 'published' && !this.unlocked.includes(this.issue.number),
  );
  /** Nothing in the open issue can change here: it is published, or another editor composes it. */
  readonly locked = $derived(this.publishedLock || this.composedBy !== null);
  readonly sectionNames = $derived(this.issue?.sections.map((s) => s.name) ?? []);
  /** The open issue's briefs in the order they are shown. */
  readonly briefOrder = $derived(this.issue?.sections.flatMap((s) => s.briefs.map((b) => b.id)) ?? []);
  readonly facts = $derived(new Map<string, BriefTotals>((this.totals?.per_brief ?? []).map((b) => [b.id, b])));
  readonly problemsByBrief = $derived.by(() => {
    const byBrief = new Map<string, Problem[]>();
    for (const problem of this.problems ?? []) {
      if (!problem.brief) continue;
      byBrief.set(problem.brief.id, [...(byBrief.get(problem.brief.id) ?? []), problem]);
    }
    return byBrief;
  });
  /** Sections the checks found empty. */
  readonly emptySections = $derived(
    new Set((this.problems ?? []).filter((p) => p.kind === 'empty_section').map((p) => p.section ?? '')),
  );

  // Each read takes a ticket; an answer whose ticket is no longer the latest is dropped, so a
  // slow early read never overwrites a later one.
  #listTicket = 0;
  #issueTicket = 0;
  #unassignedTicket = 0;

  #queue: Promise<unknown> = Promise.resolve();
  /** Changes sent and not yet answered. */
  #pending = 0;
  #activityTimer: ReturnType<typeof setTimeout> | undefined;

  /** Resolves once every change queued so far, and the reading back after it, is through. */
  get settled(): Promise<unknown> {
    return this.#queue;
  }

  /** A change made elsewhere (an import, the library's editor) is read at once, shown or not. */
  #unlisten = onLibraryChanged((change) => void this.changed(change));

  /** Stops the toolbar's timer and listening for changes (the view is gone). */
  dispose(): void {
    clearTimeout(this.#activityTimer);
    this.#unlisten();
  }

  /** Reads again what `change` touched of what the composer shows. */
  changed(change: LibraryChange): Promise<unknown> {
    // This session's own change is read back once it is through.
    if (this.#pending > 0) return Promise.resolve();
    const briefs = change.library || change.any_brief || change.briefs.length > 0;
    const issues = change.library || change.issues.length > 0;
    const open = this.selected;
    const openTouched = open !== null && (change.library || change.any_brief || change.issues.includes(open));
    return Promise.all([
      issues ? this.loadIssues() : null,
      briefs || issues ? this.loadUnassigned() : null,
      openTouched ? this.loadIssue(open) : null,
    ]);
  }

  // ---- Reading ----------------------------------------------------------------------------

  /** Reads everything afresh (each time the view is shown). */
  refresh(): Promise<unknown> {
    return Promise.all([
      this.loadIssues(),
      this.loadUnassigned(),
      this.selected === null ? null : this.loadIssue(this.selected),
    ]);
  }

  retry(): Promise<unknown> {
    this.loadError = null;
    return this.refresh();
  }

  protected async loadIssues(): Promise<void> {
    const ticket = ++this.#listTicket;
    try {
      const list = await listIssues();
      if (ticket !== this.#listTicket) return;
      this.issues = list;
      this.loadError = null;
      if (this.creating !== null) return;
      if (this.selected === null || !list.some((i) => i.number === this.selected)) {
        const first = list[0];
        if (first) this.select(first.number);
        else this.clearSelection();
      }
    } catch (e: unknown) {
      if (ticket === this.#listTicket) this.loadError = toIpcError(e);
    }
  }

  protected async loadIssue(number: number): Promise<void> {
    const ticket = ++this.#issueTicket;
    const current = (): boolean => ticket === this.#issueTicket && this.selected === number;
    try {
      const reading = getIssue(number);
      const rest = Promise.all([issueTotals(number), checkIssue(number)]);
      // When the read fails (the issue was just deleted) the rest is not waited for, and its
      // failure must not go unhandled.
      rest.catch(() => undefined);
      // The issue shows as soon as it is read; totals and checks (seconds for thousands of
      // briefs: the email is rendered to weigh it) fill in when they come.
      const read = await reading;
      if (!current()) return;
      // While changes are still queued, the issue on screen already shows them.
      if (this.#pending === 0) this.issue = read;
      this.loadError = null;
      const [counted, checked] = await rest;
      if (!current()) return;
      this.totals = counted;
      this.problems = checked;
    } catch (e: unknown) {
      if (ticket === this.#issueTicket) this.loadError = toIpcError(e);
    }
  }

  protected async loadUnassigned(): Promise<void> {
    const ticket = ++this.#unassignedTicket;
    try {
      const page = await listBriefs(defaultBriefQuery({ unassigned: true, limit: UNASSIGNED_LIMIT }));
      if (ticket !== this.#unassignedTicket) return;
      this.unassigned = page;
      this.unassignedError = null;
    } catch (e: unknown) {
      if (ticket === this.#unassignedTicket) this.unassignedError = toIpcError(e);
    }
  }

  protected clearSelection(): void {
    this.history.clear();
    this.selected = null;
    this.issue = null;
    this.totals = null;
    this.problems = null;
    this.selectedBrief = null;
  }

  /** Opens issue No. `number` (ends a new issue being filled in). */
  select(number: number): void {
    this.creating = null;
    if (this.selected === number && this.issue?.number === number) return;
    this.clearSelection();
    this.selected = number;
    this.actionError = null;
    void this.loadIssue(number);
  }

  selectBrief(id: string): void {
    this.selectedBrief = id;
  }

  dismissError(): void {
    this.actionError = null;
  }

  // ---- Changing ---------------------------------------------------------------------------

  /**
   * Runs one change through the core after any earlier one, then re-reads what it affects.
   * `expect` shows the expected issue at once, so a drop does not snap back while the core works.
   */
  protected change(run: (number: number) => Promise<Issue | null>, expect?: (current: Issue) => Issue): Promise<Outcome> {
    const current = this.issue;
    if (current === null) return Promise.resolve({ ok: true, issue: null });
    const number = current.number;
    if (expect) this.issue = expect(current);
    this.#pending += 1;
    this.activity = 'saving';
    clearTimeout(this.#activityTimer);
    const done = this.#queue.then(async (): Promise<Outcome> => {
      let outcome: Outcome;
      try {
        const result = await run(number);
        outcome = { ok: true, issue: result };
        if (this.#pending === 1 && this.selected === number && result !== null) this.issue = result;
      } catch (e: unknown) {
        outcome = { ok: false, error: toIpcError(e) };
      }
      this.#pending -= 1;
      return outcome;
    });
    // Once the last queued change is through, read back everything it may have touched; the
    // next change waits for that, so answers never cross.
    this.#queue = done.then(async (outcome) => {
      if (this.#pending > 0) return;
      this.activity = outcome.ok ? 'saved' : '';
      this.#activityTimer = setTimeout(() => (this.activity = ''), SAVED_SHOWN_MS);
      await Promise.all([
        this.selected === number ? this.loadIssue(number) : null,
        this.loadIssues(),
        this.loadUnassigned(),
      ]);
    });
    return done;
  }

  /** A change whose failure is shown above the composer. */
  protected async act(run: (number: number) => Promise<Issue | null>, expect?: (current: Issue) => Issue): Promise<boolean> {
    const outcome = await this.change(run, expect);
    this.actionError = outcome.ok ? null : outcome.error;
    return outcome.ok;
  }

  /** Saves one text field; resolves with what the core stored, or its objection in words. */
  async saveField(field: TextField, value: string): Promise<SaveResult> {
    const patch = patchOf({});
    patch[field] = value;
    const outcome = await this.change((n) => updateIssue(n, patch));
    if (!outcome.ok) return { error: objection(outcome.error) };
    return { stored: outcome.issue?.[field] ?? value };
  }

  /** Marks the open issue published (and locks it again if it had been unlocked). */
  publish(): void {
    const number = this.issue?.number;
    if (number === undefined) return;
    this.unlocked = this.unlocked.filter((n) => n !== number);
    void this.act((n) => publishIssue(n));
  }

  /** Lets the editor change the open published issue, this session. */
  unlock(): void {
    if (this.issue) this.unlocked = [...this.unlocked, this.issue.number];
  }

  /** Deletes the open issue; its briefs go back to unassigned. */
  async deleteIssue(): Promise<void> {
    const number = this.issue?.number;
    if (number === undefined) return;
    const outcome = await this.change(async (n) => {
      await deleteIssue(n);
      return null;
    });
    if (!outcome.ok) {
      this.actionError = outcome.error;
      return;
    }
    this.actionError = null;
    if (this.selected === number) this.clearSelection();
    await this.loadIssues();
  }

  // ---- A new issue ------------------------------------------------------------------------

  /** Starts a new issue with the next number, today's date and the publication's name. */
  async startNew(): Promise<void> {
    try {
      const [number, publication] = await Promise.all([nextIssueNumber(), getPublication()]);
      this.clearSelection();
      this.creating = { number, title: suggestedTitle(publication.name), date: todayIso() };
      this.actionError = null;
    } catch (e: unknown) {
      this.actionError = toIpcError(e);
    }
  }

  /** Creates the new issue and opens it; resolves with the core's objection, or null. */
  async create(number: number, title: string, date: string): Promise<IpcError | null> {
    try {
      const made = await createIssue(number, title, date);
      this.creating = null;
      this.selected = made.number;
      this.issue = made;
      await Promise.all([this.loadIssue(made.number), this.loadIssues()]);
      return null;
    } catch (e: unknown) {
      return toIpcError(e);
    }
  }

  /** Gives up the new issue and opens the newest one again. */
  cancelNew(): void {
    this.creating = null;
    const first = this.issues?.[0];
    if (first) this.select(first.number);
  }
}
