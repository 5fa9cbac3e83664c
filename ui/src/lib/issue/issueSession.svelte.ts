// What the Issues view is editing: IssueState (the issues, the open one and the queue its
// changes go through) and the edits an editor can take back: moving, placing and removing
// briefs, sending one to another issue or adding one from the library, and editing sections.
// Each edit is recorded in the history with how to undo and redo it (history.svelte.ts).
import {
  addSection,
  addToIssue,
  deleteSection,
  getIssue,
  moveInIssue,
  moveSection,
  moveToIssue,
  removeFromIssue,
  renameSection,
} from '../backend';
import { toIpcError } from '../backend/errors';
import type { Issue } from '../bindings/Issue';
import type { IssueBrief } from '../bindings/IssueBrief';
import { IssueState, objection } from './issueState.svelte';
import {
  UNASSIGNED_LIST,
  isSamePlace,
  placeOf,
  stepPlace,
  withBriefAt,
  withSectionAt,
  withoutBrief,
  type Place,
} from './layout';
import type { DropTarget } from './sorter.svelte';

export { UNASSIGNED_LIMIT, type NewIssue, type TextField } from './issueState.svelte';

function briefIn(issue: Issue, id: string): IssueBrief | undefined {
  for (const section of issue.sections) {
    const found = section.briefs.find((b) => b.id === id);
    if (found) return found;
  }
  return undefined;
}

export class IssueSession extends IssueState {
  /** Moves a brief of the issue to another place in it. */
  moveBrief(id: string, to: Place): void {
    const current = this.issue;
    const from = current ? placeOf(current, id) : null;
    if (!current || !from || isSamePlace(current, id, to)) return;
    this.selectedBrief = id;
    this.#move(id, to);
    this.history.record({ undo: () => this.#move(id, from), redo: () => this.#move(id, to) });
  }

  #move(id: string, to: Place): void {
    const current = this.issue;
    const brief = current ? briefIn(current, id) : undefined;
    if (!current || !brief || isSamePlace(current, id, to)) return;
    void this.act(
      (n) => moveInIssue(n, id, to.section, to.index),
      (i) => withBriefAt(i, brief, to),
    );
  }

  /** Places an unassigned brief in the issue. */
  placeBrief(id: string, to: Place): void {
    const listed = this.unassigned?.items.find((b) => b.id === id);
    const brief: IssueBrief = { id, headline: listed?.headline ?? '' };
    this.selectedBrief = id;
    this.#place(brief, to);
    this.history.record({ undo: () => this.#remove(id), redo: () => this.#place(brief, to) });
  }

  #place(brief: IssueBrief, to: Place): void {
    if (this.unassigned) {
      this.unassigned = {
        ...this.unassigned,
        items: this.unassigned.items.filter((b) => b.id !== brief.id),
        total: Math.max(0, this.unassigned.total - 1),
      };
    }
    void this.act(
      (n) => addToIssue(n, brief.id, to.section, to.index),
      (i) => withBriefAt(i, brief, to),
    );
  }

  /** Takes a brief out of the issue, back to unassigned (undo puts it back in its old place). */
  removeBrief(id: string): void {
    const current = this.issue;
    const from = current ? placeOf(current, id) : null;
    const brief = current ? briefIn(current, id) : undefined;
    if (this.selectedBrief === id) this.selectedBrief = null;
    this.#remove(id);
    if (from && brief) this.history.record({ undo: () => this.#place(brief, from), redo: () => this.#remove(id) });
  }

  #remove(id: string): void {
    void this.act(
      (n) => removeFromIssue(n, id),
      (i) => withoutBrief(i, id),
    );
  }

  /** Issues another brief can be sent to from the open one: the others not yet published. */
  readonly otherIssues = $derived(
    (this.issues ?? []).filter((i) => i.number !== this.issue?.number && i.status !== 'published'),
  );

  /** Sends a brief of the open issue to the end of issue No. `number` (its first section). */
  moveToIssue(id: string, number: number): void {
    const current = this.issue;
    const from = current ? placeOf(current, id) : null;
    const brief = current ? briefIn(current, id) : undefined;
    if (!current || !from || !brief || this.locked || number === current.number) return;
    if (this.selectedBrief === id) this.selectedBrief = null;
    const send = (): void => {
      void this.act(
        (n) => moveToIssue(id, number).then(() => getIssue(n)),
        (i) => withoutBrief(i, id),
      );
    };
    send();
    this.history.record({
      // Back from the other issue, then to its old place here.
      undo: () =>
        void this.act(
          async (n) => {
            await moveToIssue(id, n, from.section);
            return moveInIssue(n, id, from.section, from.index);
          },
          (i) => withBriefAt(i, brief, from),
        ),
      redo: send,
    });
  }

  /**
   * A brief from the library: shown where it is when it is in an issue already, else added to the
   * end of the open issue (or, when that is published, the newest unpublished one) and shown there.
   */
  async addFromLibrary(id: string, heldBy: number | null): Promise<void> {
    await this.settled;
    await this.loadIssues();
    if (heldBy !== null) {
      this.select(heldBy);
      this.selectedBrief = id;
      return;
    }
    const open = this.issue !== null && this.issue.status !== 'published' ? this.issue.number : null;
    const target = open ?? this.issues?.find((i) => i.status !== 'published')?.number ?? null;
    if (target === null) {
      this.actionError = { code: 'not_found', message: 'there is no unpublished issue to add it to: start one with “New issue”' };
      return;
    }
    try {
      await moveToIssue(id, target);
    } catch (e: unknown) {
      this.actionError = toIpcError(e);
      return;
    }
    this.actionError = null;
    if (this.selected !== target) this.select(target);
    await Promise.all([this.loadIssue(target), this.loadIssues(), this.loadUnassigned()]);
    this.selectedBrief = id;
    this.history.record({ undo: () => this.#remove(id), redo: () => this.#sendHere(id) });
  }

  #sendHere(id: string): void {
    void this.act((n) => moveToIssue(id, n));
  }

  /** Takes back the last move, removal or section edit; false when there is none (or the issue is locked). */
  undo(): boolean {
    return this.issue !== null && !this.locked && this.history.undo();
  }

  /** Makes the last undone change again; false when there is none. */
  redo(): boolean {
    return this.issue !== null && !this.locked && this.history.redo();
  }

  /** A brief let go over a list (the sorter's drop). */
  drop(id: string, from: string, to: DropTarget): void {
    if (to.list === UNASSIGNED_LIST) {
      if (from !== UNASSIGNED_LIST) this.removeBrief(id);
      return;
    }
    const place = { section: to.list, index: to.index };
    if (from === UNASSIGNED_LIST) this.placeBrief(id, place);
    else this.moveBrief(id, place);
  }

  /**
   * Moves a brief one place up (-1) or down (+1), across into the neighbouring section at its
   * ends. False when it cannot move (locked, or at the very top or bottom).
   */
  step(id: string, step: -1 | 1): boolean {
    if (!this.issue || this.locked) return false;
    const to = stepPlace(this.issue, id, step);
    if (!to) return false;
    this.moveBrief(id, to);
    return true;
  }

  /** Moves a brief to the end of `section`; false when there is no such section. */
  moveTo(id: string, section: string): boolean {
    const target = this.issue?.sections.find((s) => s.name === section);
    if (!target) return false;
    this.moveBrief(id, { section, index: target.briefs.filter((b) => b.id !== id).length });
    return true;
  }

  /** Places an unassigned brief at the end of `section` (its "Add to…" menu). */
  addTo(id: string, section: string): void {
    const target = this.issue?.sections.find((s) => s.name === section);
    if (!target || this.locked) return;
    this.placeBrief(id, { section, index: target.briefs.length });
  }

  /** Whether the brief is in the open issue. */
  holds(id: string): boolean {
    return this.issue !== null && placeOf(this.issue, id) !== null;
  }

  /** Adds a section at the end; resolves with the objection in words, or null once added. */
  async addSection(name: string): Promise<string | null> {
    const clean = name.trim();
    if (clean === '') return 'Name the section first';
    const outcome = await this.change((n) => addSection(n, clean));
    if (!outcome.ok) return objection(outcome.error);
    this.history.record({ undo: () => this.#deleteSection(clean), redo: () => this.#addSection(clean, null) });
    return null;
  }

  #addSection(name: string, at: number | null): void {
    void this.act(
      (n) => addSection(n, name, at),
      (i) => {
        const sections = [...i.sections];
        sections.splice(at ?? sections.length, 0, { name, briefs: [] });
        return { ...i, sections };
      },
    );
  }

  /** Resolves with the objection in words, or null once renamed. */
  async renameSection(from: string, to: string): Promise<string | null> {
    const outcome = await this.change((n) => renameSection(n, from, to));
    if (!outcome.ok) return objection(outcome.error);
    this.history.record({ undo: () => this.#rename(to, from), redo: () => this.#rename(from, to) });
    return null;
  }

  #rename(from: string, to: string): void {
    void this.act(
      (n) => renameSection(n, from, to),
      (i) => ({ ...i, sections: i.sections.map((s) => (s.name === from ? { ...s, name: to } : s)) }),
    );
  }

  moveSection(name: string, to: number): void {
    const from = this.issue?.sections.findIndex((s) => s.name === name) ?? -1;
    if (from < 0 || from === to) return;
    this.#moveSection(name, to);
    this.history.record({ undo: () => this.#moveSection(name, from), redo: () => this.#moveSection(name, to) });
  }

  #moveSection(name: string, to: number): void {
    void this.act(
      (n) => moveSection(n, name, to),
      (i) => withSectionAt(i, name, to),
    );
  }

  /** Deletes a section; its briefs go back to unassigned (undo brings the section and its briefs back). */
  deleteSection(name: string): void {
    const at = this.issue?.sections.findIndex((s) => s.name === name) ?? -1;
    const section = this.issue?.sections[at];
    if (!section) return;
    this.#deleteSection(name);
    this.history.record({
      undo: () => {
        this.#addSection(name, at);
        section.briefs.forEach((brief, index) => this.#place(brief, { section: name, index }));
      },
      redo: () => this.#deleteSection(name),
    });
  }

  #deleteSection(name: string): void {
    void this.act(
      (n) => deleteSection(n, name),
      (i) => ({ ...i, sections: i.sections.filter((s) => s.name !== name) }),
    );
  }
}
