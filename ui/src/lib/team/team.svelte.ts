// The team replica as the window's components need it: whether the open library follows a team,
// this login and its role (what to offer: the server decides), kept current from the sync's
// `team-sync` events. One for the window; `start()` is idempotent.
import { onTeamPresence, onTeamSync, teamEditing, teamPresence, teamSyncStatus } from '../backend';
import type { Editing } from '../bindings/Editing';
import type { SyncStatus } from '../bindings/SyncStatus';

class TeamState {
  status = $state<SyncStatus | null>(null);
  /** Who else has which brief open in their editor (never this login). */
  editing = $state.raw<Editing[]>([]);
  #started = false;

  /** The names of the others editing brief `id`. */
  editorsOf(id: string): string[] {
    return this.editing.filter((e) => e.id === id).map((e) => e.name);
  }

  /** Whether the open library is a team's replica (a library of one editor has no reviews). */
  get isReplica(): boolean {
    return this.status !== null;
  }

  /** Whether this login reviews: an editor or an admin. Unknown before the first sync: no. */
  get canReview(): boolean {
    const role = this.status?.role ?? null;
    return role === 'editor' || role === 'admin';
  }

  get login(): string | null {
    return this.status?.login ?? null;
  }

  #open: string | null = null;
  #telling = false;

  /**
   * The editor now shows brief `id` (`null`: none). Told to the app once per turn, the last
   * word only: switching briefs closes one editor and opens the next, and the app must not
   * hear "none" after the new brief.
   */
  tellOpen(id: string | null): void {
    this.#open = id;
    if (this.#telling) return;
    this.#telling = true;
    setTimeout(() => {
      this.#telling = false;
      teamEditing(this.#open).catch(() => {});
    }, 0);
  }

  /** Reads the status once and follows it from then on. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    // Listening first, then reading: the app sends an event only when something changes, so
    // one sent before the window listened would otherwise be missed until the next change. A
    // read that answers after an event is older than it and is dropped.
    let heardStatus = false;
    let heardEditing = false;
    void onTeamSync((next) => {
      heardStatus = true;
      this.status = next;
    })
      .then(() => teamSyncStatus())
      .then((s) => {
        if (!heardStatus) this.status = s;
      })
      .catch(() => {});
    void onTeamPresence((next) => {
      heardEditing = true;
      this.editing = next;
    })
      .then(() => teamPresence())
      .then((e) => {
        if (!heardEditing) this.editing = e;
      })
      .catch(() => {});
  }
}

export const team = new TeamState();
