import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Relative asset URLs: Tauri serves dist/ from its own protocol.
  base: './',
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The Help menu bundles the guide (../docs/guide.md) as text.
    fs: { allow: ['.', '../docs'] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ES modules, split: the parts a launch does not show are loaded when first wanted
    // (src/lib/ui/lazy.svelte.ts), so the start parses and runs only what it draws.
    // The start's own chunks are fetched side by side (modulepreload links), not one after another.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    mockReset: true,
    setupFiles: ['src/test/setup.ts'],
    // The default 5 s is tight when cargo shares the two cores.
    testTimeout: 20000,
  },
});
