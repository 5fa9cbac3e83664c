import { describe, expect, it, vi } from 'vitest';

import { lazy } from './lazy.svelte';

describe('lazy', () => {
  it('imports once, and has nothing until the import has finished', async () => {
    const importer = vi.fn(() => Promise.resolve({ default: 'the view' }));
    const view = lazy(importer);
    expect(view.current).toBeNull();
    expect(importer).not.toHaveBeenCalled();

    const first = view.load();
    const second = view.load();
    expect(view.current).toBeNull();
    await expect(first).resolves.toBe('the view');
    await expect(second).resolves.toBe('the view');
    expect(view.current).toBe('the view');
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed import', async () => {
    const importer = vi
      .fn<() => Promise<{ default: string }>>()
      .mockRejectedValueOnce(new Error('chunk missing'))
      .mockResolvedValueOnce({ default: 'the view' });
    const view = lazy(importer);
    await expect(view.load()).rejects.toThrow('chunk missing');
    expect(view.current).toBeNull();
    await expect(view.load()).resolves.toBe('the view');
    expect(importer).toHaveBeenCalledTimes(2);
  });
});
