// When the window asks for updates and what it tells the editor, with the backend's two update
// commands replaced by fakes (the real feed, signature and install are the package test's).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { checkForUpdate, installUpdate } from '../backend';
import { backupKey, registerFlush, writeBackup } from '../editor/autosave';
import { emptyForm } from '../editor/draft';
import { DAY_MS, Updates, checkIsDue, loadAutoCheck } from './updates.svelte';

vi.mock('../backend', () => ({
  checkForUpdate: vi.fn(),
  installUpdate: vi.fn(),
}));

const checkMock = vi.mocked(checkForUpdate);
const installMock = vi.mocked(installUpdate);
const OFFER = { version: '0.2.0', current_version: '0.1.0', notes: null };
const NOW = new Date();

beforeEach(() => {
  localStorage.clear();
  checkMock.mockReset();
  installMock.mockReset();
});

afterEach(() => localStorage.clear());

describe('the daily check', () => {
  it('is due when never made, a day after the last, or when the clock went back', () => {
    expect(checkIsDue(NOW, null)).toBe(true);
    expect(checkIsDue(NOW, new Date(NOW.getTime() - DAY_MS + 60_000).toISOString())).toBe(false);
    expect(checkIsDue(NOW, new Date(NOW.getTime() - DAY_MS).toISOString())).toBe(true);
    expect(checkIsDue(NOW, new Date(NOW.getTime() + 3_600_000).toISOString())).toBe(true);
    expect(checkIsDue(NOW, 'yesterday')).toBe(true);
  });

  it('asks at most once a day, and shows an offer', async () => {
    checkMock.mockResolvedValue(OFFER);
    const updates = new Updates();
    await updates.startupCheck(NOW);
    expect(updates.shown).toBe(true);
    expect(updates.offer).toEqual(OFFER);
    await new Updates().startupCheck(NOW);
    expect(checkMock).toHaveBeenCalledTimes(1);
  });

  it('says nothing when offline, or when there is nothing newer', async () => {
    checkMock.mockRejectedValueOnce({ code: 'update', message: 'cannot reach the update server' });
    const offline = new Updates();
    await offline.startupCheck(NOW);
    expect(offline.shown).toBe(false);
    localStorage.clear();
    checkMock.mockResolvedValueOnce(null);
    const latest = new Updates();
    await latest.startupCheck(NOW);
    expect(latest.shown).toBe(false);
  });

  it('is not made once the editor turns it off', async () => {
    const updates = new Updates();
    updates.setAuto(false);
    expect(loadAutoCheck()).toBe(false);
    await new Updates().startupCheck(NOW);
    expect(checkMock).not.toHaveBeenCalled();
  });
});

describe('a check the editor asks for', () => {
  it('shows that this is the newest, or why it could not ask', async () => {
    checkMock.mockResolvedValueOnce(null);
    const updates = new Updates();
    await updates.check({ manual: true });
    expect([updates.shown, updates.phase]).toEqual([true, 'latest']);
    checkMock.mockRejectedValueOnce({ code: 'update', message: 'cannot reach the update server' });
    await updates.check({ manual: true });
    expect([updates.shown, updates.phase, updates.error]).toEqual([true, 'failed', 'cannot reach the update server']);
  });
});

describe('installing', () => {
  it('stores every edit first, then installs', async () => {
    checkMock.mockResolvedValue(OFFER);
    const order: string[] = [];
    const unregister = registerFlush(async () => {
      order.push('flush');
    });
    installMock.mockImplementation(async () => {
      order.push('install');
    });
    const updates = new Updates();
    await updates.check({ manual: true });
    await updates.install();
    unregister();
    expect(order).toEqual(['flush', 'install']);
  });

  it('never installs while an edit could not be stored', async () => {
    checkMock.mockResolvedValue(OFFER);
    writeBackup(backupKey('some-brief'), emptyForm());
    const updates = new Updates();
    await updates.check({ manual: true });
    await updates.install();
    expect(installMock).not.toHaveBeenCalled();
    expect(updates.phase).toBe('failed');
    expect(updates.error).toMatch(/not stored in the library yet/);
  });

  it('shows why an install was refused, and keeps the offer to try again', async () => {
    checkMock.mockResolvedValue(OFFER);
    installMock.mockRejectedValue({ code: 'update', message: 'the download broke off before its end. Nothing was installed' });
    const updates = new Updates();
    await updates.check({ manual: true });
    await updates.install();
    expect(updates.error).toMatch(/broke off/);
    expect(updates.offer).toEqual(OFFER);
  });
});
