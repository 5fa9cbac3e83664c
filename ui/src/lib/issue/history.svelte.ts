// The composer's undo and redo: each change to the open issue is kept with how to take it back
// and how to make it again (both further calls to the core, never a saved copy of the issue), so
// undoing a removal puts the brief back in its old place and redoing takes it out again.

/** One change: what takes it back, and what makes it again. */
export type Step = { undo: () => void; redo: () => void };

/** Steps kept; older ones are let go. */
const KEPT = 100;

export class History {
  #done: Step[] = [];
  #undone: Step[] = [];
  /** While a step is being undone or redone, what it does is not recorded as a new change. */
  #replaying = false;

  canUndo = $state(false);
  canRedo = $state(false);

  /** Keeps a change the editor just made; whatever was undone before it can no longer be redone. */
  record(step: Step): void {
    if (this.#replaying) return;
    this.#done.push(step);
    if (this.#done.length > KEPT) this.#done.shift();
    this.#undone = [];
    this.#update();
  }

  /** Takes back the last change; false when there is none. */
  undo(): boolean {
    const step = this.#done.pop();
    if (!step) return false;
    this.#replay(step.undo);
    this.#undone.push(step);
    this.#update();
    return true;
  }

  /** Makes the last undone change again; false when there is none. */
  redo(): boolean {
    const step = this.#undone.pop();
    if (!step) return false;
    this.#replay(step.redo);
    this.#done.push(step);
    this.#update();
    return true;
  }

  /** Forgets every change (another issue was opened). */
  clear(): void {
    this.#done = [];
    this.#undone = [];
    this.#update();
  }

  #replay(run: () => void): void {
    this.#replaying = true;
    try {
      run();
    } finally {
      this.#replaying = false;
    }
  }

  #update(): void {
    this.canUndo = this.#done.length > 0;
    this.canRedo = this.#undone.length > 0;
  }
}
