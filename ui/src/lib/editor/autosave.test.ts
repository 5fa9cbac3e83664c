import { beforeEach, describe, expect, it, vi } from 'vitest';

import { backupKey, clearBackup, flushAll, readBackup, registerFlush, writeBackup } from './autosave';
import { emptyForm } from './draft';

describe('unsaved-form backups', () => {
  beforeEach(() => localStorage.clear());

  it('keeps a copy per brief until it is cleared', () => {
    const form = { ...emptyForm(), headline: 'Half a headl' };
    writeBackup(backupKey('b-1'), form);
    expect(readBackup(backupKey('b-1'))?.form).toEqual(form);
    expect(readBackup(backupKey(null))).toBeNull();
    clearBackup(backupKey('b-1'));
    expect(readBackup(backupKey('b-1'))).toBeNull();
  });

  it('drops a damaged copy instead of failing', () => {
    localStorage.setItem(backupKey('b-2'), '{"form": {"headline": 3}}');
    expect(readBackup(backupKey('b-2'))).toBeNull();
    expect(localStorage.getItem(backupKey('b-2'))).toBeNull();
  });
});

describe('flushAll', () => {
  it('runs every registered flush and survives one that fails', async () => {
    const ok = vi.fn(async () => {});
    const failing = vi.fn(async () => {
      throw new Error('disk full');
    });
    const stopOk = registerFlush(ok);
    const stopFailing = registerFlush(failing);
    await expect(flushAll()).resolves.toBeUndefined();
    expect(ok).toHaveBeenCalledOnce();
    expect(failing).toHaveBeenCalledOnce();
    stopOk();
    stopFailing();
    await flushAll();
    expect(ok).toHaveBeenCalledOnce();
  });
});
