// Updates as the window sees them: Help › Check for Updates…, the check at most once a day
// (which the editor can turn off in Settings), and installing the release found. The Rust side
// talks to the release feed and checks the signature (src-tauri/src/updates.rs); this side
// decides when to ask and makes sure every edit is stored before the app restarts.
import { tick } from 'svelte';

import { checkForUpdate, installUpdate } from '../backend';
import { toIpcError } from '../backend/errors';
import type { UpdateOffer } from '../bindings/UpdateOffer';
import { flushAll, unsavedEdits } from '../editor/autosave';

const AUTO_KEY = 'briefdesk.updates.auto';
const LAST_KEY = 'briefdesk.updates.lastCheck';
export const DAY_MS = 24 * 60 * 60 * 1000;
/** The daily check waits this long after start-up, so it never competes with the first paint. */
export const STARTUP_DELAY_MS = 3_000;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Whether Briefdesk checks for updates by itself (at most daily): on unless turned off here. */
export function loadAutoCheck(): boolean {
  return storage()?.getItem(AUTO_KEY) !== 'off';
}

export function saveAutoCheck(on: boolean): void {
  try {
    storage()?.setItem(AUTO_KEY, on ? 'on' : 'off');
  } catch {
    // Without storage the choice lasts until the window closes.
  }
}

/** Whether the daily check is due: never checked, a day or more ago, or a clock set back. */
export function checkIsDue(now: Date, last: string | null): boolean {
  if (last === null) return true;
  const then = Date.parse(last);
  if (Number.isNaN(then)) return true;
  const since = now.getTime() - then;
  // A last check more than a minute ahead means the clock was set back: check rather than wait.
  return since >= DAY_MS || since < -60_000;
}

export type UpdatePhase = 'idle' | 'checking' | 'latest' | 'offered' | 'saving' | 'installing' | 'failed';

export class Updates {
  phase = $state<UpdatePhase>('idle');
  offer = $state.raw<UpdateOffer | null>(null);
  /** Why the last step failed, in words; shown only for a check the editor asked for, or an install. */
  error = $state<string | null>(null);
  /** Whether the window shows the update notice. */
  shown = $state(false);
  /** Whether Settings' checkbox is ticked. */
  auto = $state(loadAutoCheck());

  setAuto(on: boolean): void {
    this.auto = on;
    saveAutoCheck(on);
  }

  /**
   * Asks for a newer release. A check the editor asked for always shows its result; the daily
   * one shows only an offer (offline or failing, it says nothing).
   */
  async check({ manual }: { manual: boolean }): Promise<void> {
    if (this.phase === 'checking' || this.phase === 'saving' || this.phase === 'installing') return;
    this.phase = 'checking';
    this.error = null;
    if (manual) this.shown = true;
    try {
      this.offer = await checkForUpdate();
      this.phase = this.offer ? 'offered' : 'latest';
      if (this.offer) this.shown = true;
      try {
        storage()?.setItem(LAST_KEY, new Date().toISOString());
      } catch {
        // Without storage the next start checks again.
      }
    } catch (e: unknown) {
      this.phase = 'failed';
      this.error = toIpcError(e).message;
      if (!manual && this.offer === null) this.shown = false;
    }
  }

  /** The check at start-up: when turned on and due, after the window is drawn. */
  async startupCheck(now: Date = new Date()): Promise<void> {
    if (!this.auto || !checkIsDue(now, storage()?.getItem(LAST_KEY) ?? null)) return;
    await this.check({ manual: false });
  }

  /** Stores every edit, then downloads, verifies and installs the release offered; the app restarts. */
  async install(): Promise<void> {
    if (this.offer === null || this.phase === 'saving' || this.phase === 'installing') return;
    this.error = null;
    this.phase = 'saving';
    await flushAll();
    // The editor's own copies are cleared once the library has the edit, a moment after the save.
    await tick();
    const unsaved = unsavedEdits();
    if (unsaved > 0) {
      this.phase = 'failed';
      this.error =
        unsaved === 1
          ? 'An edit is not stored in the library yet (it is kept on this computer). Save it, or discard it, in the brief editor, then install the update.'
          : `${unsaved} edits are not stored in the library yet (they are kept on this computer). Save them, or discard them, in the brief editor, then install the update.`;
      return;
    }
    this.phase = 'installing';
    try {
      // On success the app restarts and this page goes with it.
      await installUpdate();
    } catch (e: unknown) {
      this.phase = 'failed';
      this.error = toIpcError(e).message;
    }
  }

  dismiss(): void {
    this.shown = false;
    if (this.phase !== 'saving' && this.phase !== 'installing') this.error = null;
  }
}

export const updates = new Updates();
