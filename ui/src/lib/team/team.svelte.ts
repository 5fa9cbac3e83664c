// The team replica as the window's components need it: whether the open library follows a team,
// this login and its role (what to offer: the server decides), kept current from the sync's
// `team-sync` events. One for the window; `start()` is idempotent.
import { onTeamSync, teamSyncStatus } from '../backend';
import type { SyncStatus } from '../bindings/SyncStatus';

class TeamState {
  status = $state<SyncStatus | null>(null);
  #started = false;

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

  /** Reads the status once and follows it from then on. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    teamSyncStatus()
      .then((s) => (this.status = s))
      .catch(() => {});
    void onTeamSync((next) => (this.status = next));
  }
}

export const team = new TeamState();
